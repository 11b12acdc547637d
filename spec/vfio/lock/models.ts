/**
 * The lock-level VFIO models `vfio-lock-pre`, `vfio-lock-old`, `vfio-lock-new` and `vfio-lock-post` (docs/lock-level.md),
 * with the constant sets `default` (2 threads × 4 calls, 2 containers, 3 fds, task-work releases; what `npm run check`
 * runs), `delayed` (the same with every release run by the delayed_fput kworker), `oneContainer`, `small` (tests),
 * `tiny` (one thread, one call: hand-counted in the tests), `deviceFdFailures` / `deviceFdFailuresDefault`
 * (`small` / `default` where GET_DEVICE_FD can fail inside vfio_device_open), `diff` (2 threads × 3 calls,
 * 2 containers: the smallest set where P4's race is reachable, for the lock-level section of `npm run diff`), and
 * `unbind` / `unbindOneThread` (a driver unbind from another process, with two user threads or one).
 */
import { defineModel, type Model } from '../../../checker/engine/index.js';
import { lockInvariants, lockVersionAssertions } from '../../../invariants/vfio/lockLevel.js';
import type { LockVersion } from './kernel.js';
import { lockProgram, type LockState } from './program.js';
import type { LockConstants } from './state.js';
import { lockThreadedCalls } from './presentation.js';

/** The named constant sets of the lock-level models. */
export const lockConstantSets = {
  default: { threads: 2, calls: 4, containers: 2, fds: 3, fput: 'task' },
  delayed: { threads: 2, calls: 4, containers: 2, fds: 3, fput: 'kworker' },
  oneContainer: { threads: 2, calls: 4, containers: 1, fds: 3, fput: 'task' },
  small: { threads: 2, calls: 3, containers: 1, fds: 3, fput: 'task' },
  tiny: { threads: 1, calls: 1, containers: 1, fds: 1, fput: 'task' },
  /** `small` where GET_DEVICE_FD can fail inside vfio_device_open (module reference, open_device, anonymous file). */
  deviceFdFailures: { threads: 2, calls: 3, containers: 1, fds: 3, fput: 'task', deviceFdFailures: true },
  /** `default` with the GET_DEVICE_FD failures (2 × 4 calls, 2 containers; minutes, not in `npm run check`). */
  deviceFdFailuresDefault: { threads: 2, calls: 4, containers: 2, fds: 3, fput: 'task', deviceFdFailures: true },
  /** 2 threads × 3 calls, 2 containers: the smallest set where P4's race is reachable (`npm run diff`). */
  diff: { threads: 2, calls: 3, containers: 2, fds: 3, fput: 'task' },
  /**
   * 2 threads × 4 calls, 1 container, and another process that unbinds the VFIO driver from the device once, then
   * binds a host driver (`npm run check`'s unbind matrix). Four calls each are needed: the set-up takes four, and the
   * closes that let the unbind finish two more.
   */
  unbind: { threads: 2, calls: 4, containers: 1, fds: 3, fput: 'task', unbind: true },
  /** One user thread × 7 calls (the whole set-up, GET_DEVICE_FD and both closes), 1 container, and the unbind. */
  unbindOneThread: { threads: 1, calls: 7, containers: 1, fds: 3, fput: 'task', unbind: true },
} as const satisfies { readonly [set: string]: LockConstants };

function lockModel(v: LockVersion): Model<LockState, LockConstants> {
  const program = lockProgram(v);
  return defineModel<LockState, LockConstants>({
    name: `vfio-lock-${v}`,
    spec: program.spec,
    summary: `VFIO ${v} at its lock boundaries: threads inside the kernel, deferred file releases, locks as state.`,
    constants: lockConstantSets,
    properties: { ...lockVersionAssertions(v), ...lockInvariants, ...program.properties },
    // thread symmetry (docs/reduction.md): opt-in with --symmetry, so that the default counts are the unreduced ones
    ...(program.symmetry !== undefined ? { symmetry: { ...program.symmetry, optIn: true } } : {}),
    // traces as pthreads programs (presentation.ts)
    presentation: { threadedCalls: lockThreadedCalls },
  });
}

/** PRE: the parent of be8d3adae (lock-free container_users and opened, P3's old GET_DEVICE_FD order). */
export const vfioLockPre = lockModel('pre');
/** OLD: e0e29bdb, the parent of b76c0eed. */
export const vfioLockOld = lockModel('old');
/** NEW: b76c0eed as committed. */
export const vfioLockNew = lockModel('new');
/** POST: 3ca54708, what shipped in v5.19. */
export const vfioLockPost = lockModel('post');
