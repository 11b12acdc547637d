/**
 * The lost update, the classic race of threads (issue 12's first example of the threads API): each of N threads
 * increments a shared counter by reading it into a local (`read`), then writing the local plus one back (`write`).
 * Two threads that both read before either writes leave the counter at 1 — one update is lost, and the invariant
 * "when every thread has finished, count = N" fails in 4 steps: read, read, write, write. `lockedIncrement` takes a lock around the two steps (`acquire` waits while another thread holds
 * it, as a disabled step) and the invariant holds.
 *
 * Counts, by hand, for N = 2 without the lock: 13 distinct states (pc pairs (0,0), (1,0), (0,1), (2,0), (0,2),
 * (1,1): one each; (2,1) and (1,2): two each, the second thread having read before or after the first wrote; (2,2):
 * three, count 2 reached either way round, and count 1 when both read 0).
 */
import { allFinished, defineModel, defineThreads, t, type ThreadedState } from '../../checker/engine/index.js';

type Constants = { readonly threads: number };
type Unlocked = ThreadedState<{ readonly count: number }, { readonly tmp: number }>;
type Locked = ThreadedState<{ readonly count: number; readonly holder: number }, { readonly tmp: number }>;

const validate = (c: Constants): string | undefined =>
  Number.isInteger(c.threads) && c.threads >= 1 && c.threads <= 6 ? undefined : `threads must be an integer in 1..6 (got ${String(c.threads)})`;

/** The racy increment: read, then write, with a yield point between them. */
export const racyIncrement = defineThreads<Unlocked['shared'], { readonly tmp: number }, Constants>({
  name: 'RacyIncrement',
  summary: 'N threads each increment a shared counter by a read and a separate write',
  threads: (c) => c.threads,
  sharedSchema: (c) => t.record({ count: t.int(0, c.threads) }),
  localSchema: (c) => t.record({ tmp: t.int(0, c.threads) }),
  initShared: () => ({ count: 0 }),
  initLocal: () => ({ tmp: 0 }),
  validate,
  steps: [
    { name: 'read', summary: 'tmp := count', run: (g) => ({ shared: g, local: { tmp: g.count } }) },
    { name: 'write', summary: 'count := tmp + 1', run: (g, l) => ({ shared: { count: l.tmp + 1 }, local: l }) },
  ],
});

/** The same increment inside a lock: acquire (waits while another thread holds it), read, write, release. */
export const lockedIncrement = defineThreads<Locked['shared'], { readonly tmp: number }, Constants>({
  name: 'LockedIncrement',
  summary: 'N threads each increment a shared counter under a lock',
  threads: (c) => c.threads,
  sharedSchema: (c) => t.record({ count: t.int(0, c.threads), holder: t.int(-1, c.threads - 1) }),
  localSchema: (c) => t.record({ tmp: t.int(0, c.threads) }),
  initShared: () => ({ count: 0, holder: -1 }),
  initLocal: () => ({ tmp: 0 }),
  validate,
  steps: [
    { name: 'acquire', enabled: (g) => g.holder === -1, run: (g, l, me) => ({ shared: { ...g, holder: me }, local: l }) },
    { name: 'read', run: (g) => ({ shared: g, local: { tmp: g.count } }) },
    { name: 'write', run: (g, l) => ({ shared: { ...g, count: l.tmp + 1 }, local: l }) },
    { name: 'release', run: (g, l) => ({ shared: { ...g, holder: -1 }, local: l }) },
  ],
});

/** The racy increment with N threads (default 2): `noLostUpdate` is violated. */
export const lostUpdate = defineModel<Unlocked, Constants>({
  name: 'LostUpdate',
  spec: racyIncrement,
  constants: { default: { threads: 2 }, three: { threads: 3 } },
  deadlock: false, // every thread finishing is the end, not a deadlock
  properties: {
    noLostUpdate: {
      kind: 'invariant',
      summary: 'once every thread has finished, count = the number of threads',
      holds: (s, c) => !allFinished(s, 2) || s.shared.count === c.threads,
    },
  },
});

/** The locked increment with N threads: `noLostUpdate` holds. */
export const lockedUpdate = defineModel<Locked, Constants>({
  name: 'LockedUpdate',
  spec: lockedIncrement,
  constants: { default: { threads: 2 }, three: { threads: 3 } },
  deadlock: false,
  properties: {
    noLostUpdate: {
      kind: 'invariant',
      summary: 'once every thread has finished, count = the number of threads',
      holds: (s, c) => !allFinished(s, 4) || s.shared.count === c.threads,
    },
    mutualExclusion: {
      kind: 'invariant',
      summary: 'only the lock holder is between acquire and release',
      holds: (s) => s.threads.every((th, i) => th.pc < 1 || th.pc > 3 || s.shared.holder === i),
    },
  },
});
