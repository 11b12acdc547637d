/**
 * The classic lost update, written with threads (`defineThreads`): `threads` threads each increment a shared counter
 * `increments` times with a read step (`tmp := x`) and a write step (`x := tmp + 1`), a yield point between them.
 *
 * - `racyCounter`: nothing stops another thread between the read and the write, so two threads can read the same
 *   value and one increment is lost. The invariant `noLostUpdate` (once every thread is Done, x = threads ×
 *   increments) is violated; the shortest trace is read, read, write, write (4 steps).
 * - `lockedCounter`: the read step acquires the mutex `m` (it is disabled while another thread holds it) and the
 *   write step releases it. `noLostUpdate` holds, and so do the lock properties (no deadlock, no thread stuck).
 *
 * With 2 threads and 1 increment each (the `default` constants): racy 13 distinct states and 18 generated, locked
 * 9 distinct and 11 generated (derived by hand in `test/spec/examples/threads.test.ts`).
 */
import { defineModel, defineThreads, t, type Model, type ThreadsState } from '../../checker/engine/index.js';

/** The constants: the number of threads and how many increments each makes. */
export type CounterConstants = { readonly threads: number; readonly increments: number };
/** The shared counter. */
export type CounterShared = { x: number };
/** A thread's locals: the value it read, and how many increments it has finished. */
export type CounterLocal = { tmp: number; count: number };
/** A state of the counter programs. */
export type CounterState = ThreadsState<CounterShared, CounterLocal>;

/** The counter program, racy or with the mutex `m` around the read and the write. */
export function counterThreads(locked: boolean) {
  return defineThreads<CounterShared, CounterLocal, CounterConstants>({
    name: locked ? 'LockedCounter' : 'RacyCounter',
    summary: `${locked ? 'mutex-protected' : 'racy'} read-then-write increments of a shared counter`,
    threads: (c) => c.threads,
    validate: (c) =>
      Number.isInteger(c.threads) && c.threads >= 1 && Number.isInteger(c.increments) && c.increments >= 1
        ? undefined
        : 'threads and increments must be integers >= 1',
    shared: { schema: (c) => t.record({ x: t.int(0, c.threads * c.increments) }), init: () => ({ x: 0 }) },
    locals: {
      schema: (c) => t.record({ tmp: t.int(0, c.threads * c.increments), count: t.int(0, c.increments) }),
      init: () => ({ tmp: 0, count: 0 }),
    },
    locks: () => (locked ? ['m'] : []),
    interchangeable: (c) => [Array.from({ length: c.threads }, (_, i) => i)],
    procedures: {
      increment: {
        read: {
          summary: locked ? 'lock m; tmp := x' : 'tmp := x',
          acquire: () => (locked ? { lock: 'm' } : undefined),
          run: (k) => {
            k.local.tmp = k.shared.x;
          },
        },
        write: {
          summary: locked ? 'x := tmp + 1; unlock m; loop or finish' : 'x := tmp + 1; loop or finish',
          run: (k) => {
            k.shared.x = k.local.tmp + 1;
            if (locked) k.release('m');
            k.local.count += 1;
            if (k.local.count < k.constants.increments) k.goto('read');
            else k.done();
          },
        },
      },
    },
    start: () => 'increment',
  });
}

function counterModel(locked: boolean): Model<CounterState, CounterConstants> {
  const program = counterThreads(locked);
  return defineModel<CounterState, CounterConstants>({
    name: program.spec.name,
    spec: program.spec,
    summary: locked ? 'The mutex makes read-then-write atomic: no update is lost.' : 'Two threads can read the same value: an update is lost.',
    constants: { default: { threads: 2, increments: 1 }, loop: { threads: 2, increments: 2 } },
    properties: {
      noLostUpdate: {
        kind: 'invariant',
        summary: 'once every thread is Done, x == threads × increments',
        holds: (s, c) => !s.threads.every((th) => th.pc === 'Done') || s.shared.x === c.threads * c.increments,
      },
      noSelfDeadlock: program.properties.noSelfDeadlock,
      noWaitCycle: program.properties.noWaitCycle,
      noThreadStuck: program.properties.noThreadStuck,
    },
    // the threads run one program: interchangeable (opt-in, --symmetry, so that the default counts are the unreduced ones)
    ...(program.symmetry !== undefined ? { symmetry: { ...program.symmetry, optIn: true } } : {}),
  });
}

/** Racy increments: `noLostUpdate` is violated (read, read, write, write). */
export const racyCounter = counterModel(false);
/** Increments under the mutex `m`: every property holds. */
export const lockedCounter = counterModel(true);
