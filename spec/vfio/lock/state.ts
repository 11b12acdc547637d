/**
 * The state of the lock-level VFIO models (spec/vfio/lock/): one group with one mdev-like device (its open_device
 * registers an IOMMU notifier, which follows group->container), `containers` container slots, and one process fd
 * table shared by `threads` threads that each make up to `calls` system calls. Fields follow semantics §1:
 * - `group`: the group file's reference count (fd entries + in-flight fdgets + NEW/POST device-file pins), `opened`,
 *   `container`, `users` (container_users), `dmaOwner` (the container whose file claimed the iommu group's DMA
 *   ownership) and `node` (the container list the group's `container_next` node is linked into; null = unlinked);
 * - `containers[i]`: file reference count, kref, IOMMU backend set, and `listed` (the container's group_list head
 *   still reaches the group's node);
 * - `openCount` (device open_count), `devFiles` (device files not yet completely released);
 * - `deferred`: files whose last reference was dropped and whose release has not run yet, each with the context that
 *   will run it (a thread's task work, or -1 for the delayed_fput kworker), semantics §1.7;
 * - `registration` (only with the `unbind` constant): the device's registration refcount (`refs`: the driver's
 *   registration plus one per device file and per GET_DEVICE_FD past its lookup), whether it is still on the group's
 *   device list (`listed`), the vfio_group object's `users` count (`groupUsers`: the registration, and the group file
 *   from its open to the end of its release; 0 once the object is freed, since there is no rebind), semantics §1.4,
 *   §2.15.
 */
import { t, type DeepReadonly, type Infer } from '../../../checker/engine/index.js';

/** The constants of a lock-level VFIO model. */
export type LockConstants = {
  /** User threads of the one process. */
  readonly threads: number;
  /** System calls each thread makes at most. */
  readonly calls: number;
  /** Container objects that can exist at once (open of /dev/vfio/vfio is not offered beyond it). */
  readonly containers: number;
  /** Size of the fd table. */
  readonly fds: number;
  /** Where a last fput's release runs: `task` (task work before return to user) or `kworker` (delayed_fput). */
  readonly fput: 'task' | 'kworker';
  /**
   * GET_DEVICE_FD may fail inside vfio_device_open (semantics §2.8): try_module_get (-ENODEV), the driver's
   * open_device on the 0→1 edge (-ESRCH, kvmgt without a KVM), anon_inode_getfile (-ENFILE); each failure runs the
   * kernel's undo as steps of its own, so other threads see the counts raised and then lowered.
   * @defaultValue false (no failure steps are reached: the other constant sets' states and counts are unchanged)
   */
  readonly deviceFdFailures?: boolean;
  /**
   * Another process unbinds the VFIO driver from the device once (sysfs `unbind`, semantics §2.15): the driver's remove
   * runs vfio_unregister_group_dev, which drops the registration reference, waits until every device file is gone,
   * unlinks the device and puts the group; then it binds a host (kernel) driver to the device, which the iommu core
   * refuses with -EBUSY while the group's DMA ownership is claimed. GET_DEVICE_FD then looks the device up by name.
   * @defaultValue false (no extra thread, no lookup step: the other constant sets' states and counts are unchanged)
   */
  readonly unbind?: boolean;
};

/** The kinds of files in the fd table; `reserved` is an fd number taken by get_unused_fd and not yet installed. */
export const FD_KINDS = ['group', 'container', 'device', 'reserved'] as const;
/** The kinds of files whose release can be deferred. */
export const FILE_KINDS = ['group', 'container', 'device'] as const;

/** The shared state schema for constants `c`. */
export function lockSharedSchema(c: LockConstants) {
  const cont = t.nullable(t.int(0, c.containers - 1));
  const refs = c.fds + c.threads + c.fds;
  return t.record({
    group: t.record({
      fileRefs: t.int(0, refs),
      opened: t.bool(),
      container: cont,
      users: t.int(0, c.fds + 2),
      dmaOwner: cont,
      node: cont,
    }),
    containers: t.array(
      t.nullable(t.record({ fileRefs: t.int(0, refs), kref: t.int(1, 4), backend: t.bool(), listed: t.bool() })),
      c.containers,
    ),
    openCount: t.int(0, c.fds + 1),
    devFiles: t.int(0, c.fds + 1),
    /** User threads that have finished (the kworker stops once all have and nothing is queued). */
    exited: t.int(0, c.threads),
    fds: t.array(t.nullable(t.record({ kind: t.enum(...FD_KINDS), obj: t.int(0, Math.max(c.containers - 1, 0)) })), c.fds),
    deferred: t.list(
      t.record({ kind: t.enum(...FILE_KINDS), obj: t.int(0, Math.max(c.containers - 1, 0)), ctx: t.threadId(-1, c.threads - 1) }),
      c.fds + c.containers + 2,
    ),
    ...(c.unbind === true
      ? {
          registration: t.record({
            refs: t.int(0, 1 + c.fds + c.threads),
            listed: t.bool(),
            groupUsers: t.int(0, 2 + c.threads),
          }),
        }
      : {}),
  });
}

/** A thread's locals: calls made, the fd slot it reserved, the files its ioctl holds (fdget), pointers it read. */
export function lockLocalSchema(c: LockConstants) {
  const cont = t.nullable(t.int(0, c.containers - 1));
  return t.record({
    calls: t.int(0, c.calls),
    fd: t.nullable(t.int(0, c.fds - 1)),
    holdsGroup: t.bool(),
    holdsContainer: cont,
    /** A container pointer read before the lock that protects it is taken (PRE's detach). */
    c: cont,
    /** The file whose release this context runs. */
    rel: t.nullable(t.record({ kind: t.enum(...FILE_KINDS), obj: t.int(0, Math.max(c.containers - 1, 0)) })),
  });
}

/** The shared state (mutable, as step bodies see it). */
export type LockShared = Infer<ReturnType<typeof lockSharedSchema>>;
/** A thread's locals (mutable, as step bodies see it). */
export type LockLocal = Infer<ReturnType<typeof lockLocalSchema>>;
/** Read-only shared state. */
export type LockSharedView = DeepReadonly<LockShared>;

/** The initial shared state: nothing open. */
export function initialShared(c: LockConstants): LockShared {
  return {
    group: { fileRefs: 0, opened: false, container: null, users: 0, dmaOwner: null, node: null },
    containers: Array.from({ length: c.containers }, () => null),
    openCount: 0,
    devFiles: 0,
    exited: 0,
    fds: Array.from({ length: c.fds }, () => null),
    deferred: [],
    ...(c.unbind === true ? { registration: { refs: 1, listed: true, groupUsers: 1 } } : {}),
  };
}

/** Why constants are unusable, or undefined. */
export function validateLockConstants(c: LockConstants): string | undefined {
  const count = (n: unknown, min: number): boolean => Number.isInteger(n) && (n as number) >= min;
  if (!count(c.threads, 1)) return `threads must be an integer >= 1 (got ${String(c.threads)})`;
  if (!count(c.calls, 1)) return `calls must be an integer >= 1 (got ${String(c.calls)})`;
  if (!count(c.containers, 1)) return `containers must be an integer >= 1 (got ${String(c.containers)})`;
  if (!count(c.fds, 1)) return `fds must be an integer >= 1 (got ${String(c.fds)})`;
  if (c.fput !== 'task' && c.fput !== 'kworker') return `fput must be 'task' or 'kworker' (got ${String(c.fput)})`;
  if (c.deviceFdFailures !== undefined && typeof c.deviceFdFailures !== 'boolean') {
    return `deviceFdFailures must be true or false (got ${String(c.deviceFdFailures)})`;
  }
  if (c.unbind !== undefined && typeof c.unbind !== 'boolean') return `unbind must be true or false (got ${String(c.unbind)})`;
  return undefined;
}
