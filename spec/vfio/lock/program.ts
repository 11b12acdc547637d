/**
 * The lock-level VFIO program: `threads` user threads of one process (one shared fd table), each making up to `calls`
 * system calls, plus, with `fput: 'kworker'`, the delayed_fput kworker as one more thread. A system call is the
 * `syscall.call` step (the dispatcher: fdget of the files it names, then a call of the kernel procedure of
 * spec/vfio/lock/kernel.ts), and `syscall.sysret` (fput of the fdget references, then the task work: the releases
 * this thread's last fputs queued, one procedure each). Calls that could only fail with -EBADF are not offered.
 * With `unbind: true`, one more thread is another process that unbinds the VFIO driver from the device (sysfs), then
 * binds a host driver to it; and the process's last user thread to finish closes every fd left open (exit_files), so
 * that the unbind's wait for the device files can end.
 */
import { defineThreads, type StepContext, type ThreadsSpec, type ThreadsState } from '../../../checker/engine/index.js';
import { containerLock, ERRNO, fputContainer, fputGroup, kernelProcedures, lowestFreeFd, type LockVersion } from './kernel.js';
import { initialShared, lockLocalSchema, lockSharedSchema, validateLockConstants, type LockConstants, type LockLocal, type LockShared, type LockSharedView } from './state.js';

/** A system call a user thread can make: its name and, for fd arguments, the fd slot. */
export type LockCall =
  | { readonly op: 'openContainer' | 'openGroup' | 'unsetContainer' | 'getDeviceFd' | 'exit' }
  | { readonly op: 'setContainer' | 'setIommu' | 'close'; readonly fd: number };

/** A state of a lock-level VFIO model. */
export type LockState = ThreadsState<LockShared, LockLocal>;

/** The release procedure of each file kind. */
const RELEASE = { group: 'vfio_group_fops_release', container: 'vfio_fops_release', device: 'vfio_device_fops_release' } as const;

/** The fd slot holding the group file, or undefined. */
export function groupFd(s: LockSharedView): number | undefined {
  const i = s.fds.findIndex((f) => f?.kind === 'group');
  return i < 0 ? undefined : i;
}

/** Every system call, for constants `c`. */
export function lockCalls(c: LockConstants): LockCall[] {
  const out: LockCall[] = [{ op: 'openContainer' }, { op: 'openGroup' }, { op: 'unsetContainer' }, { op: 'getDeviceFd' }];
  for (const op of ['setContainer', 'setIommu', 'close'] as const) for (let fd = 0; fd < c.fds; fd += 1) out.push({ op, fd });
  out.push({ op: 'exit' });
  return out;
}

/** Whether `call` is worth offering in shared state `s` (it would not just fail with -EBADF or hit a model bound). */
function offered(s: LockSharedView, call: LockCall): boolean {
  switch (call.op) {
    case 'openContainer':
      return lowestFreeFd(s.fds) !== undefined && s.containers.includes(null);
    case 'openGroup':
      // once the group object is freed, /dev/vfio/N is gone (the open fails in the VFS, outside the model)
      return lowestFreeFd(s.fds) !== undefined && s.registration?.groupUsers !== 0;
    case 'unsetContainer':
    case 'getDeviceFd':
      return groupFd(s) !== undefined;
    case 'setContainer':
      return groupFd(s) !== undefined && s.fds[call.fd]?.kind === 'container';
    case 'setIommu':
      return s.fds[call.fd]?.kind === 'container';
    case 'close': {
      const f = s.fds[call.fd];
      return f !== null && f !== undefined && f.kind !== 'reserved';
    }
    case 'exit':
      return true;
  }
}

/** close(fd) of a file in the fd table: drop the fd's reference (the last one queues the file's release). */
function closeFd(k: StepContext<LockShared, LockLocal, LockConstants>, fd: number): void {
  const s = k.shared;
  const f = s.fds[fd]!;
  s.fds[fd] = null;
  if (f.kind === 'group') fputGroup(k);
  else if (f.kind === 'container') fputContainer(k, f.obj);
  else s.deferred.push({ kind: 'device', obj: 0, ctx: k.constants.fput === 'kworker' ? -1 : k.thread });
}

/**
 * A user thread has made its last call. With `unbind`, the last user thread of the process first closes every fd
 * still open (exit_files; its releases run in its task work at `sysret`) and only then ends; without it the thread
 * just ends (the models without unbind never needed the files closed at exit).
 */
function finish(k: StepContext<LockShared, LockLocal, LockConstants>): void {
  const s = k.shared;
  if (s.registration !== undefined && s.exited === k.constants.threads - 1 && s.fds.some((f) => f !== null)) {
    k.local.calls = k.constants.calls; // no more calls after the task work of exit_files
    return k.goto('exitFiles');
  }
  s.exited += 1;
  k.done();
}

/** The compiled threaded program of version `v`. */
export function lockProgram(v: LockVersion): ThreadsSpec<LockShared, LockLocal, LockConstants> {
  return defineThreads<LockShared, LockLocal, LockConstants>({
    name: `vfio-lock-${v}`,
    summary: `VFIO ${v} at its lock boundaries`,
    threads: (c) => c.threads + (c.fput === 'kworker' ? 1 : 0) + (c.unbind === true ? 1 : 0),
    validate: validateLockConstants,
    shared: { schema: lockSharedSchema, init: initialShared },
    locals: {
      schema: lockLocalSchema,
      init: () => ({ calls: 0, fd: null, holdsGroup: false, holdsContainer: null, c: null, rel: null }),
    },
    locks: (c) => [
      ...(v === 'pre' ? [] : ['group_rwsem']),
      ...Array.from({ length: c.containers }, (_, i) => ({ name: containerLock(i), class: 'container->group_lock' })),
      'dev_set',
    ],
    lockdep: true,
    // the user threads run the same program on one fd table: interchangeable (the kworker, if any, is not)
    interchangeable: (c) => [Array.from({ length: c.threads }, (_, i) => i)],
    maxCallDepth: 4,
    procedures: {
      syscall: {
        call: {
          summary: 'enter a system call: fdget the files it names, run the kernel function',
          params: (c) => lockCalls(c),
          await: (view, p) => view.local.calls < view.constants.calls && offered(view.shared, p as LockCall),
          run: (k, p) => {
            const call = p as LockCall;
            const s = k.shared;
            k.local.calls += 1;
            const holdGroup = (): void => {
              s.group.fileRefs += 1;
              k.local.holdsGroup = true;
            };
            switch (call.op) {
              case 'exit':
                return finish(k);
              case 'openContainer': {
                const fd = lowestFreeFd(s.fds)!;
                const i = s.containers.indexOf(null);
                s.containers[i] = { fileRefs: 1, kref: 1, backend: false, listed: false };
                s.fds[fd] = { kind: 'container', obj: i };
                k.result(fd);
                return k.goto('sysret');
              }
              case 'openGroup': {
                const fd = lowestFreeFd(s.fds)!;
                s.fds[fd] = { kind: 'reserved', obj: 0 };
                k.local.fd = fd;
                return k.call('vfio_group_fops_open', 'sysret');
              }
              case 'unsetContainer':
                holdGroup();
                return k.call('vfio_group_unset_container', 'sysret');
              case 'getDeviceFd':
                holdGroup();
                // with unbind, OLD/NEW/POST look the device up first (PRE does it after its container checks)
                return k.call(s.registration !== undefined && v !== 'pre' ? 'vfio_device_get_from_name' : 'vfio_group_get_device_fd', 'sysret');
              case 'setContainer':
              case 'setIommu': {
                const i = s.fds[call.fd]!.obj;
                s.containers[i]!.fileRefs += 1;
                k.local.holdsContainer = i;
                k.local.c = i;
                if (call.op === 'setIommu') return k.call('vfio_ioctl_set_iommu', 'sysret');
                holdGroup();
                return k.call('vfio_group_set_container', 'sysret');
              }
              case 'close': {
                closeFd(k, call.fd);
                k.result(0);
                return k.goto('sysret');
              }
            }
          },
        },
        sysret: {
          summary: 'fput the fdget references; task work: run the releases this thread queued; return to user',
          run: (k) => {
            if (k.local.holdsGroup) fputGroup(k);
            if (k.local.holdsContainer !== null) fputContainer(k, k.local.holdsContainer);
            k.local.holdsGroup = false;
            k.local.holdsContainer = null;
            k.local.c = null;
            const i = k.shared.deferred.findIndex((d) => d.ctx === k.thread);
            if (i >= 0) {
              const d = k.shared.deferred.splice(i, 1)[0]!;
              k.local.rel = { kind: d.kind, obj: d.obj };
              return k.call(RELEASE[d.kind], 'sysret');
            }
            k.local.rel = null;
            if (k.local.calls < k.constants.calls) k.goto('call');
            else finish(k);
          },
        },
        exitFiles: {
          summary: 'unbind only: the process exits with its last thread: exit_files closes every fd left open',
          run: (k) => {
            k.shared.fds.forEach((f, fd) => {
              if (f !== null) closeFd(k, fd);
            });
            k.goto('sysret');
          },
        },
      },
      sysfs: {
        unbind: {
          summary: 'another process writes the device to the VFIO driver\'s sysfs unbind: its remove calls vfio_unregister_group_dev',
          run: (k) => k.call('vfio_unregister_group_dev'),
        },
        bindHost: {
          summary:
            'it binds a host driver (not driver_managed_dma): iommu_device_use_default_domain refuses it with -EBUSY ' +
            'while the group\'s DMA ownership is claimed',
          run: (k) => {
            k.result(k.shared.group.dmaOwner !== null ? ERRNO.EBUSY : 0);
            k.done();
          },
        },
      },
      kworker: {
        run: {
          summary: 'delayed_fput: run one queued release; once every user thread is done and none is queued, stop',
          await: (view) =>
            view.shared.deferred.some((d) => d.ctx === -1) || view.shared.exited === view.constants.threads,
          run: (k) => {
            const i = k.shared.deferred.findIndex((d) => d.ctx === -1);
            k.local.rel = null;
            if (i < 0) return k.done();
            const d = k.shared.deferred.splice(i, 1)[0]!;
            k.local.rel = { kind: d.kind, obj: d.obj };
            k.call(RELEASE[d.kind], 'run');
          },
        },
      },
      ...kernelProcedures(v),
    },
    start: (c, thread) => (thread < c.threads ? 'syscall' : thread === c.threads && c.fput === 'kworker' ? 'kworker' : 'sysfs'),
  });
}
