/**
 * The threads layer (`defineThreads`) on small programs whose state spaces are counted by hand below, and the
 * classics of `spec/examples/threadCounter.ts` and `spec/examples/abba.ts`.
 *
 * Counting rule (TLC's, the engine's): `distinctStates` is the number of reachable states; `statesGenerated` is 1
 * (the initial state) plus, over every reachable state, the number of enabled (action, params) pairs. A thread's
 * state is its pc (plus locals and locks, which are functions of the pcs in these programs unless said otherwise).
 */
import { describe, expect, it } from 'vitest';
import { checkSync, defineModel, defineThreads, t, type Model, type ThreadsState } from '../../../checker/engine/index.js';
import { abbaLocks, orderedLocks } from '../../../spec/examples/abba.js';
import { lockedCounter, racyCounter } from '../../../spec/examples/threadCounter.js';

const everything = { continueAfterViolation: true, exhaustive: true } as const;
const statusOf = (r: ReturnType<typeof checkSync>) => Object.fromEntries(r.properties.map((p) => [p.name, p.status]));
const stepsOf = (r: ReturnType<typeof checkSync>, name: string) => {
  const trace = r.properties.find((p) => p.name === name)?.counterexample;
  return trace?.steps.slice(1).map((s) => `${s.label!.action}/${(s.label!.params as { thread: number }).thread}`);
};

describe('the lost update (spec/examples/threadCounter.ts), 2 threads × 1 increment', () => {
  it('racy: 13 distinct states, 18 generated; noLostUpdate violated by read, read, write, write', () => {
    // Thread i is at r (read next), w (write next, tmp_i = value read) or D. From (r,r,x=0):
    //  (w,r,0) (r,w,0) (w,w,0)                      — reads of 0
    //  (D,r,x=1) (r,D,x=1)                          — one thread done alone
    //  (D,w,tmp1=1,x=1) (w,D,tmp0=1,x=1) → (D,D,x=2) twice (tmp differ: (1,0) vs (0,1) → 2 states)
    //  (w,w,0) → (D,w,x=1,tmp1=0) (w,D,x=1,tmp0=0) → (D,D,x=1,tmp=(0,0)) : the lost update
    // = 1 + 3 + 2 + 2 + 2 + 2 + 1 = 13. Enabled: (r,r),(w,r),(r,w),(w,w) 2 each; the 6 one-thread states 1 each;
    // the 3 (D,D) states 1 each (Terminating) → 8 + 6 + 3 = 17 successors, + 1 initial = 18.
    const r = checkSync(racyCounter, everything);
    expect(r.stats.distinctStates).toBe(13);
    expect(r.stats.statesGenerated).toBe(18);
    expect(r.stats.depth).toBe(5);
    expect(statusOf(r)).toEqual({
      noLostUpdate: 'violated',
      noSelfDeadlock: 'holds',
      noWaitCycle: 'holds',
      noThreadStuck: 'holds',
      deadlock: 'holds',
    });
    expect(stepsOf(r, 'noLostUpdate')).toEqual(['increment.read/0', 'increment.read/1', 'increment.write/0', 'increment.write/1']);
  });

  it('locked: 9 distinct states, 11 generated; everything holds', () => {
    // The read takes m, the write releases it, so the other thread's read is disabled in between:
    // (r,r) → (w,r,m=0) → (D,r,x=1) → (D,w,m=1) → (D,D,x=2), and the mirror image: 1 + 2 × 4 = 9.
    // Enabled: (r,r) 2; each of the 8 others 1 (the blocked read is not enabled; (D,D) has Terminating) → 10 + 1 = 11.
    const r = checkSync(lockedCounter, everything);
    expect(r.stats.distinctStates).toBe(9);
    expect(r.stats.statesGenerated).toBe(11);
    expect(r.status).toBe('ok');
  });

  it('with 2 increments per thread the racy counter still loses an update (the loop goes back to read)', () => {
    const r = checkSync(racyCounter, { constantSet: 'loop' });
    expect(r.status).toBe('violated');
    expect(checkSync(lockedCounter, { constantSet: 'loop' }).status).toBe('ok');
  });
});

describe('the lock-order checker (spec/examples/abba.ts)', () => {
  it('ABBA: 13 distinct, 16 generated; deadlock after 2 steps, lockdep order cycle after 5', () => {
    // pcs ∈ {first, second, unlock, D}²; T0 holds A at second/unlock and B at unlock; T1 holds B at second/unlock and A
    // at unlock. Excluded pairs (a lock held twice): (second,unlock), (unlock,unlock), (unlock,second): 16 − 3 = 13.
    // The lockdep bits are set exactly when a thread has passed `second`: functions of the pcs, no extra states.
    // Enabled: (f,f) 2, (f,s) 2, (s,f) 2, (s,s) 0 (the deadlock), the 9 others 1 each → 15 + 1 = 16.
    const r = checkSync(abbaLocks, everything);
    expect(r.stats.distinctStates).toBe(13);
    expect(r.stats.statesGenerated).toBe(16);
    expect(statusOf(r)).toEqual({
      noSelfDeadlock: 'holds',
      noWaitCycle: 'violated',
      lockOrder: 'violated',
      noThreadStuck: 'violated',
      deadlock: 'violated',
    });
    expect(stepsOf(r, 'noWaitCycle')).toEqual(['worker.first/0', 'worker.first/1']);
    expect(stepsOf(r, 'deadlock')).toEqual(['worker.first/0', 'worker.first/1']);
    // lockdep's report comes from a run that does not deadlock: thread 0 finishes before thread 1 starts
    expect(stepsOf(r, 'lockOrder')).toEqual(['worker.first/0', 'worker.second/0', 'worker.unlock/0', 'worker.first/1', 'worker.second/1']);
  });

  it('ordered: 12 distinct, 14 generated; everything holds', () => {
    // Both threads take A first: the pairs with both threads in {second, unlock} are excluded: 16 − 4 = 12.
    // Enabled: (f,f) 2 (A is free), every other state 1 → 13 + 1 = 14.
    const r = checkSync(orderedLocks, everything);
    expect(r.stats.distinctStates).toBe(12);
    expect(r.stats.statesGenerated).toBe(14);
    expect(r.status).toBe('ok');
  });
});

type Empty = Record<string, never>;

describe('defineThreads', () => {
  it('rw-semaphores: readers share, a writer excludes everyone (22 states for 2 readers and 1 writer)', () => {
    // pcs ∈ {lock, unlock, D}³ = 27; excluded: the writer at unlock (holding) with some reader at unlock: 9 − 4 = 5.
    const program = defineThreads<Empty, Empty, Empty>({
      name: 'rwsem',
      threads: () => 3,
      shared: { schema: () => t.record({}), init: () => ({}) },
      locals: { schema: () => t.record({}), init: () => ({}) },
      locks: () => ['sem'],
      procedures: {
        user: {
          lock: { acquire: (v) => ({ lock: 'sem', mode: v.thread === 2 ? 'write' : 'read' }) },
          unlock: { run: (k) => { k.release('sem'); k.done(); } },
        },
      },
      start: () => 'user',
    });
    type S = ThreadsState<Empty, Empty>;
    const model: Model<S, Empty> = defineModel<S, Empty>({
      name: 'rwsem',
      spec: program.spec,
      constants: { default: {} },
      properties: {
        noReaderWithWriter: {
          kind: 'invariant',
          holds: (s) => !(s.threads[2]!.pc === 'user.unlock' && s.threads.slice(0, 2).some((th) => th.pc === 'user.unlock')),
        },
        bothReadersInside: { kind: 'invariant', holds: (s) => !(s.threads[0]!.pc === 'user.unlock' && s.threads[1]!.pc === 'user.unlock') },
        ...program.properties,
      },
    });
    const r = checkSync(model, everything);
    expect(r.stats.distinctStates).toBe(22);
    expect(statusOf(r)).toMatchObject({ noReaderWithWriter: 'holds', bothReadersInside: 'violated', deadlock: 'holds', noThreadStuck: 'holds' });
  });

  it('a thread waiting for a lock it holds is a self-deadlock (2 states)', () => {
    const program = defineThreads<Empty, Empty, Empty>({
      name: 'recursive',
      threads: () => 1,
      shared: { schema: () => t.record({}), init: () => ({}) },
      locals: { schema: () => t.record({}), init: () => ({}) },
      locks: () => ['m'],
      procedures: { p: { once: { acquire: () => ({ lock: 'm' }) }, again: { acquire: () => ({ lock: 'm' }) } } },
      start: () => 'p',
    });
    type S = ThreadsState<Empty, Empty>;
    const r = checkSync(defineModel<S, Empty>({ name: 'recursive', spec: program.spec, constants: { default: {} }, properties: { ...program.properties } }), everything);
    expect(r.stats.distinctStates).toBe(2);
    expect(statusOf(r)).toEqual({ noSelfDeadlock: 'violated', noWaitCycle: 'holds', lockOrder: 'holds', noThreadStuck: 'violated', deadlock: 'violated' });
    expect(stepsOf(r, 'noSelfDeadlock')).toEqual(['p.once/0']);
  });

  type CallShared = { n: number; log: number[] };
  const callProgram = () =>
    defineThreads<CallShared, { v: number }, Empty>({
      name: 'calls',
      threads: () => 1,
      shared: { schema: () => t.record({ n: t.int(0, 20), log: t.list(t.int(0, 20), 4) }), init: () => ({ n: 0, log: [] }) },
      locals: { schema: () => t.record({ v: t.int(0, 9) }), init: () => ({ v: 0 }) },
      procedures: {
        main: {
          pick: {
            params: [2, 5],
            run: (k, arg) => {
              k.local.v = arg as number;
              k.call('add'); // returns to `after`
            },
          },
          after: {
            run: (k) => {
              k.shared.log.push(k.shared.n);
              k.result(k.shared.n);
              k.call('add'); // the last step: a tail call, add returns from main (the thread is Done)
            },
          },
        },
        add: {
          bump: { run: (k) => { k.shared.n += k.local.v; } },
          back: {}, // falls off the end: returns
        },
      },
      start: () => 'main',
    });

  it('call, return and tail calls follow the stack; params of a step are {thread, arg}; results are shown', () => {
    const program = callProgram();
    type S = ThreadsState<CallShared, { v: number }>;
    const model = defineModel<S, Empty>({
      name: 'calls',
      spec: program.spec,
      constants: { default: {} },
      properties: { neverFour: { kind: 'invariant', holds: (s) => s.shared.n !== 4 } },
    });
    const r = checkSync(model, everything);
    // per arg v: pick → bump → back → after → bump → back → Done (+ Terminating): 6 states after the initial one
    expect(r.stats.distinctStates).toBe(1 + 2 * 6);
    const trace = r.properties.find((p) => p.name === 'neverFour')!.counterexample!;
    expect(trace.steps.slice(1).map((s) => s.label!.action)).toEqual(['main.pick', 'add.bump', 'add.back', 'main.after', 'add.bump']);
    expect(trace.steps[1]!.label!.params).toEqual({ thread: 0, arg: 2 });
    expect(trace.steps[4]!.result).toBe(2);
    expect((trace.steps[2]!.state as S).threads[0]!.stack).toEqual(['main.after']);
    expect((trace.steps[5]!.state as S).threads[0]!.stack).toEqual([]);
  });

  it('a step body that releases a lock it does not hold, or jumps to no label, is a spec error', () => {
    for (const body of [(k: { release(l: string): void }) => k.release('m'), (k: { goto(l: string): void }) => k.goto('nowhere')]) {
      const program = defineThreads<Empty, Empty, Empty>({
        name: 'faulty',
        threads: () => 1,
        shared: { schema: () => t.record({}), init: () => ({}) },
        locals: { schema: () => t.record({}), init: () => ({}) },
        locks: () => ['m'],
        procedures: { p: { bad: { run: (k) => body(k) } } },
        start: () => 'p',
      });
      type S = ThreadsState<Empty, Empty>;
      const r = checkSync(defineModel<S, Empty>({ name: 'faulty', spec: program.spec, constants: { default: {} }, properties: {} }));
      expect(r.status).toBe('error');
      expect(r.error?.message).toMatch(/does not hold|no label/);
    }
  });
});
