/**
 * The ABBA deadlock, written with threads (`defineThreads`) and checked by the lock-order checker: thread 0 takes
 * lock A then B, thread 1 takes B then A (`abbaLocks`), or both take A then B (`orderedLocks`). Each thread has three
 * steps: `first` (acquire its first lock), `second` (acquire the other, while holding the first) and `unlock`.
 *
 * - `abbaLocks`: after thread 0 takes A and thread 1 takes B (2 steps), each waits for the lock the other holds:
 *   `noWaitCycle` and the engine's `deadlock` are violated there, and `noThreadStuck` too. `lockOrder` (lockdep's
 *   class order, recorded in the state) is violated in 5 steps by the interleaving that does *not* deadlock (thread
 *   0 runs to completion, then thread 1 takes B and then A), as lockdep would report it.
 * - `orderedLocks`: every property holds.
 *
 * State counts (derived by hand in `test/spec/examples/threads.test.ts`): abba 13 distinct, 16 generated;
 * ordered 12 distinct, 14 generated (the lockdep bits are functions of the program counters here).
 */
import { defineModel, defineThreads, t, type Model, type ThreadsState } from '../../checker/engine/index.js';

type NoConstants = Record<string, never>;
/** A state of the two-lock programs (no shared data, no locals: only pcs and locks). */
export type TwoLockState = ThreadsState<Record<string, never>, Record<string, never>>;

function twoLocks(inverted: boolean) {
  const order = (thread: number): readonly [string, string] => (inverted && thread === 1 ? ['B', 'A'] : ['A', 'B']);
  return defineThreads<Record<string, never>, Record<string, never>, NoConstants>({
    name: inverted ? 'ABBA' : 'OrderedLocks',
    threads: () => 2,
    shared: { schema: () => t.record({}), init: () => ({}) },
    locals: { schema: () => t.record({}), init: () => ({}) },
    locks: () => ['A', 'B'],
    lockdep: true,
    procedures: {
      worker: {
        first: { summary: 'lock the first lock', acquire: (v) => ({ lock: order(v.thread)[0] }) },
        second: { summary: 'lock the second lock, holding the first', acquire: (v) => ({ lock: order(v.thread)[1] }) },
        unlock: {
          summary: 'unlock both',
          run: (k) => {
            k.release(order(k.thread)[1]);
            k.release(order(k.thread)[0]);
            k.done();
          },
        },
      },
    },
    start: () => 'worker',
  });
}

function twoLockModel(inverted: boolean): Model<TwoLockState, NoConstants> {
  const program = twoLocks(inverted);
  return defineModel<TwoLockState, NoConstants>({
    name: program.spec.name,
    spec: program.spec,
    summary: inverted ? 'Opposite lock orders: a deadlock and a lockdep order cycle.' : 'One lock order: no deadlock.',
    constants: { default: {} },
    properties: { ...program.properties },
  });
}

/** Thread 0 locks A then B, thread 1 B then A. */
export const abbaLocks = twoLockModel(true);
/** Both threads lock A then B. */
export const orderedLocks = twoLockModel(false);
