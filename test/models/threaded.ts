/**
 * Small threaded models (`defineThreads`) for partial-order reduction: each shows one situation the ample-set
 * selector must get right. Their invariants read only what they need, so that steps can be invisible.
 *
 * - `localWork`: threads do `work` local steps each, then publish once into the shared record (everything holds);
 * - `lostUpdate`: read `x` into a local, compute locally, write it back and count the write: `x === writes` fails
 *   once two threads read the same value;
 * - `lockWork`: a mutex around a shared increment, local work after it: mutual exclusion holds;
 * - `visibility`: thread 1 counts locally; thread 0 prepares, then raises a flag; the invariant reads thread 1's count only once
 *   the flag is up — invisible at first, so the selector must notice its read set grow and explore again;
 * - `spinner`: thread 0 flips a local bit for ever, thread 1 sets `x`: without the cycle proviso the reduction would
 *   spin thread 0 alone and never see `x === 1`;
 * - `choice`: thread 0's step has a value always possible and one that thread 1 must enable first: the thread is
 *   not independent of thread 1 while the second value waits (a disabled label of the same thread counts);
 * - `abba`: the ABBA deadlock (`spec/examples/abba.ts`), whose lock invariants read every program counter.
 */
import { defineModel, defineThreads, t, type AnyModel, type Model, type ThreadsState } from '../../checker/engine/index.js';
import { abbaLocks } from '../../spec/examples/abba.js';

type Threads = { readonly threads: number; readonly work: number };

/** localWork: local steps, then one shared publication per thread. */
function localWorkModel(): Model<ThreadsState<{ published: number }, { n: number }>, Threads> {
  const program = defineThreads<{ published: number }, { n: number }, Threads>({
    name: 'LocalWork',
    threads: (c) => c.threads,
    shared: { schema: (c) => t.record({ published: t.int(0, c.threads) }), init: () => ({ published: 0 }) },
    locals: { schema: (c) => t.record({ n: t.int(0, c.work) }), init: () => ({ n: 0 }) },
    procedures: {
      main: {
        work: {
          run: (k) => {
            k.local.n += 1;
            if (k.local.n < k.constants.work) k.goto('work');
          },
        },
        publish: {
          run: (k) => {
            k.shared.published += 1;
            k.done();
          },
        },
      },
    },
    start: () => 'main',
  });
  return defineModel({
    name: 'LocalWork',
    spec: program.spec,
    constants: { default: { threads: 3, work: 3 }, large: { threads: 4, work: 6 } },
    properties: {
      publishedBounded: { kind: 'invariant', holds: (s, c) => s.shared.published <= c.threads },
    },
  });
}

type Counter = { x: number; writes: number };

/** lostUpdate: read, compute, write. */
function lostUpdateModel(): Model<ThreadsState<Counter, { tmp: number }>, Threads> {
  const program = defineThreads<Counter, { tmp: number }, Threads>({
    name: 'LostUpdate',
    threads: (c) => c.threads,
    shared: { schema: (c) => t.record({ x: t.int(0, c.threads + 1), writes: t.int(0, c.threads) }), init: () => ({ x: 0, writes: 0 }) },
    locals: { schema: (c) => t.record({ tmp: t.int(0, c.threads + 1) }), init: () => ({ tmp: 0 }) },
    procedures: {
      inc: {
        read: { run: (k) => void (k.local.tmp = k.shared.x) },
        compute: { run: (k) => void (k.local.tmp += 1) },
        write: {
          run: (k) => {
            k.shared.x = k.local.tmp;
            k.shared.writes += 1;
            k.done();
          },
        },
      },
    },
    start: () => 'inc',
  });
  return defineModel({
    name: 'LostUpdate',
    spec: program.spec,
    constants: { default: { threads: 2, work: 0 }, three: { threads: 3, work: 0 } },
    properties: { noLostUpdate: { kind: 'invariant', holds: (s) => s.shared.x === s.shared.writes } },
  });
}

/** lockWork: a mutex around a shared increment, then local work. */
function lockWorkModel(): Model<ThreadsState<{ inside: number; x: number }, { n: number }>, Threads> {
  const program = defineThreads<{ inside: number; x: number }, { n: number }, Threads>({
    name: 'LockWork',
    threads: (c) => c.threads,
    shared: { schema: (c) => t.record({ inside: t.int(0, c.threads), x: t.int(0, c.threads) }), init: () => ({ inside: 0, x: 0 }) },
    locals: { schema: (c) => t.record({ n: t.int(0, c.work) }), init: () => ({ n: 0 }) },
    locks: () => ['m'],
    procedures: {
      main: {
        enter: { acquire: () => ({ lock: 'm' }), run: (k) => void (k.shared.inside += 1) },
        bump: { run: (k) => void (k.shared.x += 1) },
        leave: {
          run: (k) => {
            k.shared.inside -= 1;
            k.release('m');
          },
        },
        work: {
          run: (k) => {
            k.local.n += 1;
            if (k.local.n < k.constants.work) k.goto('work');
            else k.done();
          },
        },
      },
    },
    start: () => 'main',
  });
  return defineModel({
    name: 'LockWork',
    spec: program.spec,
    constants: { default: { threads: 2, work: 3 } },
    properties: { mutualExclusion: { kind: 'invariant', holds: (s) => s.shared.inside <= 1 } },
  });
}

/** visibility: the invariant reads thread 1's local only once thread 0 raised the flag. */
function visibilityModel(): Model<ThreadsState<{ flag: boolean }, { v: number }>, Threads> {
  const program = defineThreads<{ flag: boolean }, { v: number }, Threads>({
    name: 'Visibility',
    threads: () => 2,
    shared: { schema: () => t.record({ flag: t.bool() }), init: () => ({ flag: false }) },
    locals: { schema: () => t.record({ v: t.int(0, 3) }), init: () => ({ v: 0 }) },
    procedures: {
      raise: { prepare: {}, up: { run: (k) => void (k.shared.flag = true) } },
      count: {
        step: {
          run: (k) => {
            k.local.v += 1;
            if (k.local.v < 3) k.goto('step');
          },
        },
      },
    },
    start: (_c, thread) => (thread === 0 ? 'raise' : 'count'),
  });
  return defineModel({
    name: 'Visibility',
    spec: program.spec,
    constants: { default: { threads: 2, work: 0 } },
    properties: {
      notTwoWhenRaised: { kind: 'invariant', holds: (s) => !s.shared.flag || s.threads[1]!.local.v !== 2 },
    },
  });
}

/** spinner: thread 0 spins for ever, thread 1 sets x once. */
function spinnerModel(): Model<ThreadsState<{ x: number }, { b: boolean; k: number }>, Threads> {
  const program = defineThreads<{ x: number }, { b: boolean; k: number }, Threads>({
    name: 'Spinner',
    threads: () => 2,
    shared: { schema: () => t.record({ x: t.int(0, 1) }), init: () => ({ x: 0 }) },
    locals: { schema: () => t.record({ b: t.bool(), k: t.int(0, 3) }), init: () => ({ b: false, k: 0 }) },
    procedures: {
      spin: {
        flip: {
          run: (k) => {
            k.local.b = !k.local.b;
            k.local.k = (k.local.k + 1) % 4;
            k.goto('flip');
          },
        },
      },
      setter: { set: { run: (k) => void (k.shared.x = 1) } },
    },
    start: (_c, thread) => (thread === 0 ? 'spin' : 'setter'),
  });
  return defineModel({
    name: 'Spinner',
    spec: program.spec,
    constants: { default: { threads: 2, work: 0 } },
    deadlock: false,
    properties: { xStaysZero: { kind: 'invariant', holds: (s) => s.shared.x === 0 } },
  });
}

/** choice: thread 0 picks 0 (always possible, and stops) or 1 (only once thread 1 said go; then it does harm). */
function choiceModel(): Model<ThreadsState<{ go: boolean; bad: boolean }, Record<string, never>>, Threads> {
  const program = defineThreads<{ go: boolean; bad: boolean }, Record<string, never>, Threads>({
    name: 'Choice',
    threads: () => 2,
    shared: { schema: () => t.record({ go: t.bool(), bad: t.bool() }), init: () => ({ go: false, bad: false }) },
    locals: { schema: () => t.record({}), init: () => ({}) },
    procedures: {
      chooser: {
        pick: {
          params: [0, 1],
          await: (view, p) => p === 0 || view.shared.go,
          run: (k, p) => void (p === 0 && k.done()),
        },
        harm: { run: (k) => void (k.shared.bad = true) },
      },
      starter: { go: { run: (k) => void (k.shared.go = true) } },
    },
    start: (_c, thread) => (thread === 0 ? 'chooser' : 'starter'),
  });
  return defineModel({
    name: 'Choice',
    spec: program.spec,
    constants: { default: { threads: 2, work: 0 } },
    properties: { noHarm: { kind: 'invariant', holds: (s) => !s.shared.bad } },
  });
}

/** The models, by name, with the invariants and assertions to check (deadlock per the model). */
export const threadedModels: { readonly [name: string]: { readonly model: AnyModel; readonly properties?: readonly string[] } } = {
  localWork: { model: localWorkModel() as unknown as AnyModel },
  lostUpdate: { model: lostUpdateModel() as unknown as AnyModel },
  lockWork: { model: lockWorkModel() as unknown as AnyModel },
  visibility: { model: visibilityModel() as unknown as AnyModel },
  spinner: { model: spinnerModel() as unknown as AnyModel },
  choice: { model: choiceModel() as unknown as AnyModel },
  abba: { model: abbaLocks as unknown as AnyModel, properties: ['noSelfDeadlock', 'noWaitCycle', 'lockOrder', 'deadlock'] },
};

/** The localWork model as an export of its own (for `lifecheck check test/models/threaded.ts#localWork`). */
export const localWork = threadedModels.localWork!.model;
/** The lostUpdate model as an export of its own. */
export const lostUpdate = threadedModels.lostUpdate!.model;
