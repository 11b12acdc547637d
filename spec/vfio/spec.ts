/**
 * The VFIO lifecycle spec, parametrised by kernel version: one action per syscall kind of `syscalls.ts`, each a
 * single atomic step that runs the syscall through {@link VfioKernel} and reports its return value with
 * `withResult`. `vfioSpec('old' | 'new' | 'post')` gives the three specs; they share everything but the kernel
 * functions' version tests.
 */
import { AssertionFailure, defineSpec, withResult, type Json, type Spec, type StepWithResult } from '../../checker/engine/index.js';
import { errno } from './errno.js';
import { VfioKernel, type GroupReleaseEvent, type KernelProbe, type KernelResult, type KernelVersion } from './kernel.js';
import { DEVICE_FD_FAILURES, initialState, validateConstants, vfioSchema, type VfioConstants, type VfioState } from './state.js';
import { SYSCALLS, UNKNOWN_DEVICE, type Syscall, type SyscallName, type SyscallParams } from './syscalls.js';

/** The fd numbers a label can name: every slot of the fd table. */
function fdNumbers(c: VfioConstants): number[] {
  return Array.from({ length: c.fdMax }, (_, i) => c.firstFd + i);
}

/**
 * Runs one syscall label on `state` for `version`: the successor state and the syscall's result. Throws an
 * AssertionFailure when a kernel assertion is reached. `probe` observes kernel events (for action properties).
 */
export function runSyscall(
  version: KernelVersion,
  c: VfioConstants,
  state: VfioState,
  call: Syscall,
  probe?: KernelProbe,
): { state: VfioState; result: KernelResult } {
  // fdget fails on a closed fd before any VFIO code runs: every syscall with an `fd` parameter returns -EBADF
  const params = call.params as { readonly fd?: number } | null;
  if (params !== null && params.fd !== undefined && state.fds[params.fd - c.firstFd] == null) {
    return { state, result: errno.EBADF };
  }
  const k = new VfioKernel(version, c, state, probe);
  let result: KernelResult;
  switch (call.action) {
    case 'openGroup':
      result = k.sysOpenGroup(call.params.group);
      break;
    case 'openContainer':
      result = k.sysOpenContainer();
      break;
    case 'dup':
      result = k.sysDup(call.params.fd);
      break;
    case 'close':
      result = k.sysClose(call.params.fd);
      break;
    case 'exit':
      result = k.sysExit();
      break;
    case 'mmap':
      result = k.sysMmap(call.params.fd);
      break;
    case 'munmap':
      result = k.sysMunmap(call.params.mapping);
      break;
    case 'getApiVersion':
      result = k.sysIoctl(call.params.fd, 'GET_API_VERSION');
      break;
    case 'checkExtension':
      result = k.sysIoctl(call.params.fd, 'CHECK_EXTENSION');
      break;
    case 'setIommu':
      result = k.sysIoctl(call.params.fd, 'SET_IOMMU');
      break;
    case 'mapDma':
      result = k.sysIoctl(call.params.fd, 'MAP_DMA');
      break;
    case 'groupGetStatus':
      result = k.sysIoctl(call.params.fd, 'GROUP_GET_STATUS');
      break;
    case 'groupSetContainer':
      result = k.sysIoctl(call.params.fd, 'GROUP_SET_CONTAINER', call.params.containerFd);
      break;
    case 'groupUnsetContainer':
      result = k.sysIoctl(call.params.fd, 'GROUP_UNSET_CONTAINER');
      break;
    case 'groupGetDeviceFd':
      k.injectFailure = call.params.fail;
      result = k.sysIoctl(call.params.fd, 'GROUP_GET_DEVICE_FD', call.params.device);
      break;
    case 'deviceIoctl':
      result = k.sysIoctl(call.params.fd, 'DEVICE_GET_INFO');
      break;
    case 'kvmGroupAdd':
      result = k.kvm_vfio_group_add(call.params.fd);
      break;
    case 'kvmGroupDel':
      result = k.kvm_vfio_group_del(call.params.fd);
      break;
    case 'unbindDevice':
      result = k.sysUnbindDevice(deviceIndex(c, call.params.device));
      break;
    case 'bindDevice':
      result = k.sysBindDevice(deviceIndex(c, call.params.device));
      break;
  }
  k.runTaskWork(); // releases run before the syscall returns to user mode
  return { state: k.s, result };
}

/** The index of the device named `name` in the constants. */
function deviceIndex(c: VfioConstants, name: string): number {
  const d = c.devices.findIndex((dev) => dev.name === name);
  if (d < 0) throw new Error(`model error: no device named ${name}`);
  return d;
}

/**
 * Whether the sysfs unbind of device `name` can finish: vfio_unregister_group_dev waits (the step is disabled) while
 * a device file of the device exists, whether an fd or a VMA holds it.
 */
function unbindCanFinish(s: VfioState, c: VfioConstants, name: string): boolean {
  const d = deviceIndex(c, name);
  return !s.deviceFiles.some((f) => f !== null && f.device === d);
}

/**
 * Whether a `groupGetDeviceFd` label can be taken: always without `fail`; with `fail`, only when the call gets as
 * far as that failure point (else the failing label would repeat a label without `fail`). A call whose path hits a
 * kernel assertion before the failure point does not get there either: the label without `fail` reports it. The
 * task work of the undo is not needed to decide this; the step itself runs it.
 */
function failureReached(version: KernelVersion, c: VfioConstants, s: VfioState, params: Json): boolean {
  const p = params as SyscallParams['groupGetDeviceFd'];
  if (p.fail === undefined) return true;
  if (s.fds[p.fd - c.firstFd] == null) return false;
  const k = new VfioKernel(version, c, s);
  k.injectFailure = p.fail;
  try {
    k.sysIoctl(p.fd, 'GROUP_GET_DEVICE_FD', p.device);
  } catch (e) {
    // an assertion before the failure point: the label without `fail` reports it; one in the undo: this label does
    if (!(e instanceof AssertionFailure)) throw e;
  }
  return k.failureReached;
}

/** The parameter values of each action for constants `c` (the ∃ of Next), in label order. */
export function syscallParams(c: VfioConstants): { readonly [K in SyscallName]: readonly Json[] } {
  const fds = fdNumbers(c);
  const onFd = fds.map((fd) => ({ fd }));
  return {
    openGroup: Array.from({ length: c.groups }, (_, group) => ({ group })),
    openContainer: [null],
    dup: onFd,
    close: onFd,
    exit: [null],
    mmap: onFd,
    munmap: Array.from({ length: c.maxMappings }, (_, mapping) => ({ mapping })),
    getApiVersion: onFd,
    checkExtension: onFd,
    setIommu: onFd,
    mapDma: onFd,
    groupGetStatus: onFd,
    groupSetContainer: fds.flatMap((fd) => fds.map((containerFd) => ({ fd, containerFd }))),
    groupUnsetContainer: onFd,
    groupGetDeviceFd: [
      ...fds.flatMap((fd) => [...c.devices.map((d) => d.name), UNKNOWN_DEVICE].map((device) => ({ fd, device }))),
      ...(c.deviceFdFailures === true
        ? fds.flatMap((fd) => c.devices.flatMap((d) => DEVICE_FD_FAILURES.map((fail) => ({ fd, device: d.name, fail }))))
        : []),
    ],
    deviceIoctl: onFd,
    kvmGroupAdd: onFd,
    kvmGroupDel: onFd,
    unbindDevice: c.hotplug === true ? c.devices.map((d) => ({ device: d.name })) : [],
    bindDevice: c.hotplug === true ? c.devices.map((d) => ({ device: d.name })) : [],
  };
}

/** The group releases of the steps this module's specs ran, by successor object (only steps with a release). */
const releasesOfStep = new WeakMap<VfioState, readonly GroupReleaseEvent[]>();

/**
 * The group releases that the step which built `next` went through, in order, as a {@link KernelProbe} passed to
 * {@link runSyscall} on that step's state and label would report them — provided `next` is a successor object that
 * a `vfioSpec` action returned and it differs from its parent. `undefined` for any other object (then run the
 * syscall again with a probe); a step without a group release also gives `undefined`.
 */
export function groupReleasesOfStep(next: VfioState): readonly GroupReleaseEvent[] | undefined {
  return releasesOfStep.get(next);
}

/** A probe that keeps the group releases of one step (reset before each step). */
class ReleaseRecorder implements KernelProbe {
  events: GroupReleaseEvent[] | undefined;
  groupRelease(event: GroupReleaseEvent): void {
    (this.events ??= []).push(event);
  }
}

/** Builds the spec of one kernel version. */
export function vfioSpec(version: KernelVersion): Spec<VfioState, VfioConstants> {
  const step = (action: SyscallName) => {
    const call = { action, params: null as Json };
    const recorder = new ReleaseRecorder();
    return (s: VfioState, params: Json, c: VfioConstants): StepWithResult<VfioState> => {
      // the fdget of a closed fd (most labels of most states): answered here, without building a call or a kernel
      const fd = params !== null ? (params as { readonly fd?: number }).fd : undefined;
      if (fd !== undefined && s.fds[fd - c.firstFd] === null) return withResult(s, errno.EBADF);
      call.params = params;
      recorder.events = undefined;
      const out = runSyscall(version, c, s, call as Syscall, recorder);
      // kept for I-5 (invariants/vfio/stepProperties.ts), which would otherwise run the step again with a probe
      if (recorder.events !== undefined && out.state !== s) releasesOfStep.set(out.state, recorder.events);
      return withResult(out.state, out.result);
    };
  };
  const actions = Object.fromEntries(
    (Object.keys(SYSCALLS) as SyscallName[]).map((action) => [
      action,
      {
        params: (c: VfioConstants) => syscallParams(c)[action],
        next: step(action),
        summary: SYSCALLS[action].summary,
        // open of /dev/vfio/vfio beyond the model's container bound is not explored (unless it fails on the fd table)
        ...(action === 'openContainer'
          ? {
              enabled: (s: VfioState) => s.containers.includes(null) || !s.fds.includes(null),
            }
          : {}),
        ...(action === 'groupGetDeviceFd'
          ? { enabled: (s: VfioState, p: Json, c: VfioConstants) => failureReached(version, c, s, p) }
          : {}),
        ...(action === 'unbindDevice'
          ? { enabled: (s: VfioState, p: Json, c: VfioConstants) => unbindCanFinish(s, c, (p as { device: string }).device) }
          : {}),
      },
    ]),
  );
  return defineSpec<VfioState, VfioConstants>({
    name: `vfio-${version}`,
    summary:
      `The VFIO group/container/device FD lifecycle of Linux ${
        { old: 'e0e29bdb (parent of b76c0eed)', new: 'b76c0eed', post: '3ca54708 (v5.19)' }[version]
      }, one syscall per step.`,
    schema: (c) => vfioSchema(c),
    init: (c) => [initialState(c)],
    validate: (c) => validateConstants(c),
    actions,
  });
}
