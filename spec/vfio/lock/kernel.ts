/**
 * The VFIO kernel at its lock boundaries (issue 12 items 2 and 3), for the versions PRE (parent of be8d3adae), OLD
 * (e0e29bdb), NEW (b76c0eed) and POST (3ca54708) of drivers/vfio/vfio.c. Each kernel function is one procedure named
 * after the vfio.c function; each step is one lock hold or one lock-free atomic action (semantics §3.1, §3.2); a step
 * that takes a lock names it in `acquire`, and is disabled (the thread blocks) while the lock is not available.
 * Versions differ inside a procedure by `v === …` tests, so that a reviewer reads one function against all four
 * kernels side by side.
 *
 * Locks: `group_rwsem` (OLD/NEW/POST; PRE has no group lock), `group_lock<i>` for each container's group_lock (one
 * lockdep class), and `dev_set`. A kernel bug is an assertion property: a NULL dereference or a list corruption is
 * an oops (`assertThat`: the step that hits it has no successor), a WARN_ON is a warning (`warnThat`: the step goes on
 * the way the kernel does after it); either way the property of that name is violated with the trace.
 *
 * Left out, as in the atomic models: GET_STATUS, KVM, notifier chains and device ioctls (the device file is only
 * closed). GET_DEVICE_FD's failures (the module reference, open_device, the anonymous file) are modelled only with the
 * constant `deviceFdFailures`: the steps `openOrFail` … `failFile` of vfio_group_get_device_fd, reached from the
 * ordinary steps only then. Driver unbind (vfio_unregister_group_dev, from another process) is modelled only with the
 * constant `unbind`, and with it the device's registration refcount, the lookup of GET_DEVICE_FD
 * (vfio_device_get_from_name) and the group object's `users` count; without it the lookup always succeeds and the
 * group object never goes away, so those steps and fields are left out.
 */
import { assertThat, warnThat, type Procedure, type StepContext } from '../../../checker/engine/index.js';
import type { LockConstants, LockLocal, LockShared } from './state.js';

/** A kernel version of the lock-level models. */
export type LockVersion = 'pre' | 'old' | 'new' | 'post';

type Ctx = StepContext<LockShared, LockLocal, LockConstants>;
type Proc = Procedure<LockShared, LockLocal, LockConstants>;

/** errno values returned by the modelled calls. */
export const ERRNO = { EBADF: -9, EBUSY: -16, EINVAL: -22, EMFILE: -24, EPERM: -1, ENODEV: -19, ENFILE: -23, ESRCH: -3 } as const;

/** The outcomes of try_module_get and open_device with `deviceFdFailures` (the ∃ of the failing step). */
const OPEN_OUTCOMES = ['ok', 'moduleGet', 'openDevice'] as const;
/** The outcomes of anon_inode_getfile with `deviceFdFailures`. */
const FILE_OUTCOMES = ['ok', 'anonFile'] as const;

/** The lock of container `i`'s group_lock. */
export const containerLock = (i: number): string => `group_lock${i}`;

/** The context that runs a release queued by thread `thread`: its task work, or the kworker (-1). */
function releaseContext(k: Ctx): number {
  return k.constants.fput === 'kworker' || k.thread >= k.constants.threads ? -1 : k.thread;
}

/** fput of the group file: the last reference queues vfio_group_fops_release (semantics §1.7). */
export function fputGroup(k: Ctx): void {
  k.shared.group.fileRefs -= 1;
  if (k.shared.group.fileRefs === 0) k.shared.deferred.push({ kind: 'group', obj: 0, ctx: releaseContext(k) });
}

/** fput of container `i`'s file: the last reference queues vfio_fops_release. */
export function fputContainer(k: Ctx, i: number): void {
  const cont = k.shared.containers[i]!;
  cont.fileRefs -= 1;
  if (cont.fileRefs === 0) k.shared.deferred.push({ kind: 'container', obj: i, ctx: releaseContext(k) });
}

/** vfio_container_put: drop a kref; the last one frees the container. */
function containerPut(k: Ctx, i: number): void {
  const cont = k.shared.containers[i];
  assertThat(cont !== null && cont !== undefined, 'containerUseAfterFree', 'vfio_container_put: the container is already freed');
  cont.kref -= 1;
  if (cont.kref === 0) k.shared.containers[i] = null;
}

/** iommu_group_release_dma_owner: `if (WARN_ON(!group->owner_cnt || !group->owner)) goto unlock_out;` (a warning: nothing is released). */
function releaseDmaOwner(k: Ctx): void {
  if (!warnThat(k.shared.group.dmaOwner !== null, 'warnDmaOwnerRelease', 'iommu_group_release_dma_owner: WARN_ON(!group->owner_cnt)')) return;
  k.shared.group.dmaOwner = null;
}

/** list_del(&group->container_next): a node already deleted holds LIST_POISON pointers and oopses. */
function listDel(k: Ctx): void {
  const node = k.shared.group.node;
  assertThat(node !== null, 'listCorruptionOops', 'list_del(&group->container_next): the node is already deleted (LIST_POISON)');
  const cont = k.shared.containers[node];
  if (cont !== null && cont !== undefined) cont.listed = false;
  k.shared.group.node = null;
}

/**
 * vfio_device_put: drops a reference of the device's registration refcount; the last one completes `device->comp`,
 * which vfio_unregister_group_dev waits for (its `unlink` step is enabled again). Only with the `unbind` constant.
 */
function devicePut(k: Ctx): void {
  const r = k.shared.registration;
  if (r !== undefined) r.refs -= 1;
}

/**
 * vfio_device_get_from_name, under group->device_lock: the device is found while it is on the group's list, and
 * vfio_device_try_get (refcount_inc_not_zero) takes a registration reference unless the count already reached 0.
 * Returns whether the device was found (always true without the `unbind` constant).
 */
function lookupDevice(k: Ctx): boolean {
  const r = k.shared.registration;
  if (r === undefined) return true;
  if (!r.listed || r.refs === 0) return false;
  r.refs += 1;
  return true;
}

/** Returns `value` from the current kernel procedure (the syscall's return value, shown in traces). */
function ret(k: Ctx, value: number): void {
  k.result(value);
  k.ret();
}

/** Frees the fd number this thread reserved (put_unused_fd). */
function putUnusedFd(k: Ctx): void {
  if (k.local.fd !== null) k.shared.fds[k.local.fd] = null;
  k.local.fd = null;
}

/** The lowest free fd slot, or undefined. */
export function lowestFreeFd(fds: readonly (unknown | null)[]): number | undefined {
  const i = fds.indexOf(null);
  return i < 0 ? undefined : i;
}

/**
 * The kernel procedures of version `v`. Callers hold the files they work on (fdget); `local.c` is the container the
 * SET_CONTAINER argument names (set by the dispatcher).
 */
export function kernelProcedures(v: LockVersion): { readonly [name: string]: Proc } {
  const locked = v !== 'pre';
  /** Releases group_rwsem if this thread holds it (the end of an OLD/NEW/POST [W] section). */
  const up = (k: Ctx): void => {
    if (locked && k.holds('group_rwsem') !== undefined) k.release('group_rwsem');
  };
  const groupW = locked ? () => ({ lock: 'group_rwsem', mode: 'write' as const }) : () => undefined;

  /**
   * vfio_group_put (semantics §2.15): drops a `users` reference of the group object (the group file's, at the end of
   * its release or of a failed open, or the registration's, at unbind). The last one checks that every paired
   * operation was undone, then frees the group (/dev/vfio/N disappears). Only with the `unbind` constant; without it
   * the registration keeps the group alive for ever.
   */
  const groupPut = (k: Ctx): void => {
    const r = k.shared.registration;
    if (r === undefined) return;
    r.groupUsers -= 1;
    if (r.groupUsers > 0) return;
    const g = k.shared.group;
    // WARN_ON(!list_empty(&group->device_list)) cannot fire: a listed device holds its registration's users reference
    if (v === 'post') {
      warnThat(g.container === null && g.users === 0, 'warnContainerAtGroupFree', 'vfio_group_put: WARN_ON(group->container || group->container_users)');
    } else {
      warnThat(g.users === 0, 'warnContainerAtGroupFree', 'vfio_group_put: WARN_ON(atomic_read(&group->container_users))');
    }
  };
  /** The group file's open took a `users` reference (vfio_group_get_from_minor) and keeps it: the open succeeded. */
  const keepGroupUser = (k: Ctx): void => {
    const r = k.shared.registration;
    if (r !== undefined) r.groupUsers += 1;
  };

  /** vfio_group_fops_open (semantics §2.1): PRE lock-free in two atomic steps, OLD/NEW/POST one [W] section. */
  const vfio_group_fops_open: Proc = {
    open: {
      summary: locked ? '[W] test opened (OLD: and container), set opened' : 'atomic_cmpxchg(&opened, 0, 1)',
      acquire: groupW,
      run: (k) => {
        const g = k.shared.group;
        if (k.shared.registration?.groupUsers === 0) {
          // vfio_group_get_from_minor: the group was freed after this open() entered the cdev (unbind only)
          up(k);
          putUnusedFd(k);
          return ret(k, ERRNO.ENODEV);
        }
        if (g.opened || (v === 'old' && g.container !== null)) {
          up(k);
          putUnusedFd(k);
          return ret(k, ERRNO.EBUSY);
        }
        g.opened = true;
        keepGroupUser(k);
        if (v !== 'pre') {
          up(k);
          k.goto('install');
        }
      },
    },
    checkContainer: {
      summary: 'PRE: unlocked read of group->container; attached: opened = 0, -EBUSY',
      run: (k) => {
        if (k.shared.group.container !== null) {
          k.shared.group.opened = false;
          putUnusedFd(k);
          groupPut(k);
          return ret(k, ERRNO.EBUSY);
        }
      },
    },
    install: {
      summary: 'fd_install of the new group file',
      run: (k) => {
        k.shared.group.fileRefs += 1;
        k.shared.fds[k.local.fd!] = { kind: 'group', obj: 0 };
        const fd = k.local.fd!;
        k.local.fd = null;
        ret(k, fd);
      },
    },
  };

  /** The second part of the detach: clear the group's pointer, unlink, maybe release the backend, unlock, put. */
  const unlink = (k: Ctx): void => {
    const i = k.local.c!;
    const g = k.shared.group;
    g.container = null;
    if (v === 'post') g.users = 0;
    listDel(k);
    const cont = k.shared.containers[i];
    if (cont !== null && cont !== undefined && !cont.listed) cont.backend = false;
    k.release(containerLock(i));
    containerPut(k, i);
    k.local.c = null;
  };

  /**
   * __vfio_group_unset_container (semantics §2.7a). OLD/NEW/POST: the caller holds group_rwsem W and the whole
   * detach is one container->group_lock section. PRE: no group lock, so the container pointer is read first and the
   * group fields are written in two parts of the container section (another container's section can run between).
   */
  const __vfio_group_unset_container: Proc = {
    readContainer: {
      summary: 'container = group->container (PRE: unlocked)',
      run: (k) => {
        const c = k.shared.group.container;
        assertThat(c !== null, 'nullContainerInDetach', '__vfio_group_unset_container: group->container is NULL');
        k.local.c = c;
      },
    },
    lockContainer: {
      summary:
        v === 'pre'
          ? 'down_write(&container->group_lock); detach the backend; iommu_group_release_dma_owner'
          : 'down_write(&container->group_lock); detach the backend; release DMA ownership; group->container = NULL; list_del; up_write; put',
      acquire: (view) => ({ lock: containerLock(view.local.c!) }),
      run: (k) => {
        assertThat(k.shared.containers[k.local.c!] !== null, 'containerUseAfterFree', '__vfio_group_unset_container: container is freed');
        releaseDmaOwner(k);
        if (v === 'pre') return; // PRE: the group fields are written in the next part of the section
        unlink(k);
        k.ret();
      },
    },
    unlink: {
      summary: 'PRE: group->container = NULL; list_del; last group: release the backend; up_write; vfio_container_put',
      run: (k) => unlink(k),
    },
  };

  /** vfio_group_set_container (semantics §2.6): OLD/NEW/POST under [W], then the container's group_lock nested. */
  const vfio_group_set_container: Proc = {
    check: {
      summary: locked ? '[W] already attached? (POST: container != NULL; else container_users != 0)' : 'atomic_read(&container_users)',
      acquire: groupW,
      run: (k) => {
        const g = k.shared.group;
        if (v === 'post' ? g.container !== null : g.users !== 0) {
          up(k);
          return ret(k, ERRNO.EINVAL);
        }
      },
    },
    attach: {
      summary: 'down_write(&container->group_lock); claim DMA ownership; set group->container; list_add; kref; users',
      acquire: (view) => ({ lock: containerLock(view.local.c!) }),
      run: (k) => {
        const i = k.local.c!;
        const g = k.shared.group;
        const cont = k.shared.containers[i]!;
        if (g.dmaOwner !== null) {
          // iommu_group_claim_dma_owner: group->owner_cnt != 0 → -EPERM
          k.release(containerLock(i));
          up(k);
          return ret(k, ERRNO.EPERM);
        }
        g.dmaOwner = i;
        g.container = i;
        g.node = i;
        cont.listed = true;
        cont.kref += 1;
        g.users = v === 'post' ? 1 : g.users + 1;
        k.release(containerLock(i));
        up(k);
        ret(k, 0);
      },
    },
  };

  /** vfio_group_unset_container (semantics §2.7). */
  const vfio_group_unset_container: Proc = {
    test: {
      summary: locked ? '[W] container_users 1 → 0 (POST: container and count tests)' : 'atomic_cmpxchg(&container_users, 1, 0)',
      acquire: groupW,
      run: (k) => {
        const g = k.shared.group;
        const none = v === 'post' ? g.container === null : g.users === 0;
        if (none) {
          up(k);
          return ret(k, ERRNO.EINVAL);
        }
        if (g.users !== 1) {
          up(k);
          return ret(k, ERRNO.EBUSY);
        }
        if (v !== 'post') g.users = 0;
        k.call('__vfio_group_unset_container');
      },
    },
    done: {
      summary: locked ? 'up_write(&group_rwsem); return 0' : 'return 0',
      run: (k) => {
        up(k);
        ret(k, 0);
      },
    },
  };

  /**
   * vfio_group_try_dissolve_container (PRE/OLD): decrement container_users if positive; if that made it 0, detach.
   * OLD runs it under [W] (the caller's `acquire`), PRE lock-free. Not in NEW/POST.
   */
  const vfio_group_try_dissolve_container: Proc = {
    dec: {
      summary: locked ? '[W] container_users-- if positive; 0: detach' : 'atomic_dec_if_positive(&container_users); 0: detach',
      acquire: groupW,
      run: (k) => {
        const g = k.shared.group;
        if (g.users > 0) {
          g.users -= 1;
          if (g.users === 0) return k.call('__vfio_group_unset_container');
        }
      },
    },
    done: { summary: 'up_write(&group_rwsem)', run: (k) => up(k) },
  };

  /** vfio_group_fops_release (semantics §2.2), run as a deferred file release. */
  const vfio_group_fops_release: Proc = {
    enter: {
      summary: 'the group file release starts (b76c0eed: never while a device file exists)',
      run: (k) => {
        if (v === 'pre' || v === 'old') return k.call('vfio_group_try_dissolve_container', 'clearOpened');
      },
    },
    section: {
      summary: 'NEW/POST [W]: WARN_ON(container_users != 1); detach if attached',
      acquire: groupW,
      run: (k) => {
        const g = k.shared.group;
        if (g.container !== null) {
          warnThat(g.users === 1, 'warnContainerUsersAtRelease', 'vfio_group_fops_release: WARN_ON(container_users != 1)');
          return k.call('__vfio_group_unset_container', 'clearOpened');
        }
      },
    },
    clearOpened: {
      summary:
        (v === 'new' || v === 'post' ? 'opened_file = NULL; up_write' : v === 'old' ? '[W] opened = false' : 'atomic_dec(&opened)') +
        '; vfio_group_put',
      acquire: (view) => (v === 'old' ? { lock: 'group_rwsem', mode: 'write' } : undefined),
      run: (k) => {
        k.shared.group.opened = false;
        up(k);
        groupPut(k);
      },
    },
  };

  /** anon_inode_getfile succeeded: (PRE: atomic_inc(&container_users)), fd_install, return the fd. */
  const installDevice = (k: Ctx): void => {
    if (v === 'pre') k.shared.group.users += 1;
    k.shared.devFiles += 1;
    const fd = k.local.fd!;
    k.shared.fds[fd] = { kind: 'device', obj: 0 };
    k.local.fd = null;
    ret(k, fd);
  };
  /**
   * err_unassign_container, then `returnTo`: PRE took no container user yet (nothing to undo), OLD drops it with
   * try_dissolve, NEW/POST with vfio_device_unassign_container (which also drops the group-file pin).
   */
  const undoAssign = (k: Ctx, returnTo: string): void => {
    if (v === 'pre') k.goto(returnTo);
    else if (v === 'old') k.call('vfio_group_try_dissolve_container', returnTo);
    else k.call('vfio_device_unassign_container', returnTo);
  };
  /** err_put_fdno: free the reserved fd number (PRE: none is reserved any more), return the errno. */
  const failWith = (k: Ctx, errno: number): void => {
    putUnusedFd(k);
    devicePut(k);
    ret(k, errno);
  };

  /** vfio_group_get_device_fd (semantics §2.8): PRE order, or P3's split order in OLD/NEW/POST. */
  const vfio_group_get_device_fd: Proc = {
    reserve: {
      summary: locked ? 'get_unused_fd_flags' : 'PRE: container_users == 0 or no backend → -EINVAL (unlocked)',
      run: (k) => {
        if (v === 'pre') {
          const g = k.shared.group;
          if (g.users === 0) return ret(k, ERRNO.EINVAL);
          assertThat(g.container !== null, 'nullContainerInAssign', 'vfio_group_get_device_fd: group->container->iommu_driver with container NULL');
          const cont = k.shared.containers[g.container];
          assertThat(cont !== null && cont !== undefined, 'containerUseAfterFree', 'vfio_group_get_device_fd: group->container is freed');
          if (!cont.backend) return ret(k, ERRNO.EINVAL);
          if (k.shared.registration !== undefined) return k.goto('lookup');
          return k.goto(k.constants.deviceFdFailures === true ? 'openOrFail' : 'open');
        }
        const fd = lowestFreeFd(k.shared.fds);
        if (fd === undefined) {
          devicePut(k);
          return ret(k, ERRNO.EMFILE);
        }
        k.shared.fds[fd] = { kind: 'reserved', obj: 0 };
        k.local.fd = fd;
      },
    },
    assign: {
      summary: '[W] vfio_device_assign_container: attached and backend, container_users++ (NEW/POST: get_file)',
      acquire: groupW,
      run: (k) => {
        const g = k.shared.group;
        const attached = v === 'post' ? g.container !== null : g.users !== 0;
        if (attached) assertThat(g.container !== null, 'nullContainerInAssign', 'vfio_device_assign_container: group->container->iommu_driver with container NULL');
        const cont = g.container === null ? null : k.shared.containers[g.container];
        if (attached) assertThat(cont !== null && cont !== undefined, 'containerUseAfterFree', 'vfio_device_assign_container: group->container is freed');
        if (!attached || !cont!.backend) {
          up(k);
          putUnusedFd(k);
          devicePut(k);
          return ret(k, ERRNO.EINVAL);
        }
        g.users += 1;
        if (v !== 'old') g.fileRefs += 1; // get_file(group->opened_file)
        up(k);
        if (k.constants.deviceFdFailures === true) k.goto('openOrFail');
      },
    },
    open: {
      summary: 'mutex_lock(&dev_set->lock); open_count++; 0→1: open_device (registers the IOMMU notifier)',
      acquire: () => ({ lock: 'dev_set' }),
      run: (k) => {
        k.shared.openCount += 1;
        if (k.shared.openCount === 1) {
          assertThat(k.shared.group.container !== null, 'nullContainerInIommuNotifier', 'open_device → vfio_register_iommu_notifier: group->container is NULL');
        }
        k.release('dev_set');
        if (v !== 'pre') k.goto('install');
      },
    },
    reservePre: {
      summary: 'PRE: get_unused_fd_flags after open_device; failure: close_device',
      run: (k) => {
        const fd = lowestFreeFd(k.shared.fds);
        if (fd === undefined) return k.goto('undoOpen');
        k.shared.fds[fd] = { kind: 'reserved', obj: 0 };
        k.local.fd = fd;
        k.goto(k.constants.deviceFdFailures === true ? 'installOrFail' : 'install');
      },
    },
    undoOpen: {
      summary: 'PRE: dev_set { close_device; open_count-- }; -EMFILE',
      acquire: () => ({ lock: 'dev_set' }),
      run: (k) => {
        k.shared.openCount -= 1;
        k.release('dev_set');
        devicePut(k);
        ret(k, ERRNO.EMFILE);
      },
    },
    install: {
      summary: v === 'pre' ? 'anon_inode_getfile; atomic_inc(&container_users); fd_install' : 'anon_inode_getfile; fd_install',
      run: (k) => installDevice(k),
    },
    lookup: {
      summary: 'PRE with unbind: vfio_device_get_from_name (group->device_lock; vfio_device_try_get); not found → -ENODEV',
      run: (k) => {
        if (!lookupDevice(k)) return ret(k, ERRNO.ENODEV);
        k.goto(k.constants.deviceFdFailures === true ? 'openOrFail' : 'open');
      },
    },
    // The failure paths (constant deviceFdFailures), semantics §2.8: PRE's error labels err_fd, err_close_device,
    // err_undo_count; OLD/NEW/POST's vfio_device_open error labels, then err_put_fdno in vfio_group_get_device_fd.
    openOrFail: {
      summary:
        'try_module_get (fails: -ENODEV); mutex_lock(&dev_set->lock); open_count++; 0→1: open_device, which registers ' +
        'the IOMMU notifier and may fail (-ESRCH: err_undo_count, open_count--)',
      params: OPEN_OUTCOMES,
      await: (view, p) => p !== 'openDevice' || view.shared.openCount === 0,
      acquire: (view, p) => (p === 'moduleGet' ? undefined : { lock: 'dev_set' }),
      run: (k, p) => {
        if (p === 'moduleGet') return undoAssign(k, 'failModule');
        k.shared.openCount += 1;
        if (k.shared.openCount === 1) {
          assertThat(k.shared.group.container !== null, 'nullContainerInIommuNotifier', 'open_device → vfio_register_iommu_notifier: group->container is NULL');
        }
        if (p === 'openDevice') {
          k.shared.openCount -= 1; // the driver unregistered its notifiers on its own error path
          k.release('dev_set');
          return undoAssign(k, 'failOpen'); // module_put, then the assign's undo
        }
        k.release('dev_set');
        k.goto(v === 'pre' ? 'reservePre' : 'installOrFail');
      },
    },
    installOrFail: {
      summary: v === 'pre' ? 'anon_inode_getfile (fails: put_unused_fd, -ENFILE); atomic_inc(&container_users); fd_install' : 'anon_inode_getfile (fails: -ENFILE); fd_install',
      params: FILE_OUTCOMES,
      run: (k, p) => {
        if (p === 'ok') return installDevice(k);
        if (v === 'pre') putUnusedFd(k); // PRE's err_fd comes before err_close_device
        k.goto('closeDevice');
      },
    },
    closeDevice: {
      summary: 'err_close_device: mutex_lock(&dev_set->lock); open_count == 1: close_device; open_count--; module_put',
      acquire: () => ({ lock: 'dev_set' }),
      run: (k) => {
        k.shared.openCount -= 1;
        k.release('dev_set');
        undoAssign(k, 'failFile');
      },
    },
    failModule: { summary: 'put_unused_fd; vfio_device_put; return -ENODEV', run: (k) => failWith(k, ERRNO.ENODEV) },
    failOpen: { summary: 'put_unused_fd; vfio_device_put; return the open_device error (-ESRCH)', run: (k) => failWith(k, ERRNO.ESRCH) },
    failFile: { summary: 'put_unused_fd; vfio_device_put; return the anon_inode_getfile error (-ENFILE)', run: (k) => failWith(k, ERRNO.ENFILE) },
  };

  /** vfio_device_unassign_container's one [W] section, as the failing open and the device file's release run it. */
  const unassignContainerStep = {
      acquire: groupW,
      run: (k) => {
        const g = k.shared.group;
        if (v === 'post') warnThat(g.users > 1, 'warnContainerUsersAtUnassign', 'vfio_device_unassign_container: WARN_ON(container_users <= 1)');
        g.users -= 1;
        fputGroup(k);
        up(k);
      },
  } satisfies Omit<Proc[string], 'summary'>;

  /**
   * NEW/POST: vfio_device_unassign_container as called from vfio_device_open's error path (err_unassign_container),
   * one [W] section. The fput is never the group file's last reference here (the caller's fdget holds one); were it
   * the last, the release would be queued like every other deferred release (fputGroup).
   */
  const vfio_device_unassign_container: Proc = {
    unassign: { summary: '[W] POST: WARN_ON(container_users <= 1); container_users--; fput(group->opened_file)', ...unassignContainerStep },
  };

  /** vfio_device_fops_release (semantics §2.9), run as a deferred file release. */
  const vfio_device_fops_release: Proc = {
    close: {
      summary: 'mutex_lock(&dev_set->lock); open_count == 1: close_device; open_count--',
      acquire: () => ({ lock: 'dev_set' }),
      run: (k) => {
        k.shared.openCount -= 1;
        k.release('dev_set');
        if (v === 'pre' || v === 'old') k.call('vfio_group_try_dissolve_container', 'gone');
      },
    },
    unassign: { summary: 'NEW/POST [W] vfio_device_unassign_container: container_users--; fput(group->opened_file)', ...unassignContainerStep },
    gone: {
      summary: 'vfio_device_put; the device file is freed',
      run: (k) => {
        k.shared.devFiles -= 1;
        devicePut(k);
      },
    },
  };

  /**
   * OLD/NEW/POST with the `unbind` constant: GET_DEVICE_FD's first step (P3 moved the lookup before everything else),
   * then a tail call of the rest of vfio_group_get_device_fd. The syscall dispatcher calls it in place of
   * vfio_group_get_device_fd.
   */
  const vfio_device_get_from_name: Proc = {
    lookup: {
      summary: 'mutex_lock(&group->device_lock); find the device by name; vfio_device_try_get; not found → -ENODEV',
      run: (k) => {
        if (!lookupDevice(k)) return ret(k, ERRNO.ENODEV);
        k.call('vfio_group_get_device_fd');
      },
    },
  };

  /**
   * vfio_unregister_group_dev (semantics §2.15), run by the driver's remove on a sysfs unbind, in another process.
   * The wait for `device->comp` is the `unlink` step's `await`: the step is disabled while a device file or a
   * GET_DEVICE_FD past its lookup holds a registration reference (the driver's request op asks userspace to close).
   * There is no wait for the container detach: "vfio: Delete container_q" removed it earlier in the 5.19 window,
   * since the iommu core refuses a non-VFIO driver while the group's DMA ownership is claimed.
   */
  const vfio_unregister_group_dev: Proc = {
    put: { summary: 'vfio_device_put(device): drop the registration reference', run: (k) => devicePut(k) },
    unlink: {
      summary: 'wait_for_completion(&device->comp); mutex_lock(&group->device_lock); list_del(&device->group_next)',
      await: (view) => view.shared.registration!.refs === 0,
      run: (k) => {
        k.shared.registration!.listed = false;
      },
    },
    groupPut: {
      summary: 'vfio_group_put(group): the reference vfio_register_group_dev took; the sysfs write returns',
      run: (k) => {
        groupPut(k);
        k.result(0);
      },
    },
  };

  /** vfio_fops_release: the container file's release drops the file's kref. */
  const vfio_fops_release: Proc = {
    put: {
      summary: 'vfio_container_put',
      run: (k) => {
        containerPut(k, k.local.rel!.obj);
        k.local.rel = null;
      },
    },
  };

  /** SET_IOMMU on a container file (semantics §2.4): one [C-W] section. */
  const vfio_ioctl_set_iommu: Proc = {
    set: {
      summary: 'down_write(&container->group_lock); no group → -EINVAL; backend set → -EBUSY; attach the backend',
      acquire: (view) => ({ lock: containerLock(view.local.c!) }),
      run: (k) => {
        const i = k.local.c!;
        const cont = k.shared.containers[i]!;
        k.release(containerLock(i));
        if (!cont.listed) return ret(k, ERRNO.EINVAL);
        if (cont.backend) return ret(k, ERRNO.EBUSY);
        cont.backend = true;
        ret(k, 0);
      },
    },
  };

  return {
    vfio_group_fops_open,
    vfio_group_set_container,
    vfio_group_unset_container,
    __vfio_group_unset_container,
    vfio_group_try_dissolve_container,
    vfio_group_fops_release,
    vfio_group_get_device_fd,
    vfio_device_fops_release,
    vfio_fops_release,
    vfio_ioctl_set_iommu,
    vfio_device_unassign_container,
    vfio_device_get_from_name,
    vfio_unregister_group_dev,
  };
}
