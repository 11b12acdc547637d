/**
 * The three VFIO lifecycle models: `vfioOld` (e0e29bdb, parent of b76c0eed), `vfioNew` (b76c0eed as committed) and
 * `vfioPost` (3ca54708, as shipped in v5.19), each with the constant sets `small` (well under a second), `default`
 * (what `npm run check` runs) and `large` (a million states or more, for benchmarks), plus `faulty` (small, with the
 * injected driver fault that forgets to unregister its group notifier), `hotplug` (small, with driver unbind and
 * rebind) and `deviceFdFailures` (small, where GET_DEVICE_FD can fail inside vfio_device_open). Their traces are shown as system calls, with C
 * reproducers and a strace reader (`./presentation/`).
 */
import { defineModel, type Model } from '../../checker/engine/index.js';
import { newProperties, oldProperties, postProperties, type VfioProperties } from '../../invariants/vfio/vfioProperties.js';
import type { KernelVersion } from './kernel.js';
import { vfioPresentation } from './presentation/index.js';
import { vfioSpec } from './spec.js';
import type { VfioConstants, VfioState } from './state.js';

/** One group with one notifier-driver device, one container, three fds: well under a second. */
const small = {
  groups: 1,
  devices: [{ name: '0000:01:00.0', group: 0, driver: 'notifier' }],
  containers: 1,
  fdMax: 3,
  firstFd: 3,
  maxMappings: 1,
} as const satisfies VfioConstants;

/** The named constant sets shared by the three models. */
export const vfioConstantSets = {
  small,
  default: {
    groups: 2,
    devices: [
      { name: '0000:01:00.0', group: 0, driver: 'notifier' },
      { name: '0000:02:00.0', group: 1, driver: 'plain' },
    ],
    containers: 2,
    fdMax: 3,
    firstFd: 3,
    maxMappings: 1,
  },
  large: {
    groups: 2,
    devices: [
      { name: '0000:01:00.0', group: 0, driver: 'notifier' },
      { name: '0000:02:00.0', group: 1, driver: 'plain' },
    ],
    containers: 2,
    fdMax: 4,
    firstFd: 3,
    maxMappings: 1,
  },
  /** `small` with driver unbind and rebind (sysfs, from another process): groups can go away and come back. */
  hotplug: { ...small, hotplug: true },
  /** `small` where GET_DEVICE_FD can fail in vfio_device_open (module reference, open_device, anonymous file). */
  deviceFdFailures: { ...small, deviceFdFailures: true },
  faulty: {
    groups: 1,
    devices: [{ name: '0000:01:00.0', group: 0, driver: 'faulty' }],
    containers: 1,
    fdMax: 3,
    firstFd: 3,
    maxMappings: 1,
  },
} as const satisfies { readonly [set: string]: VfioConstants };

function vfioModel(version: KernelVersion, properties: VfioProperties): Model<VfioState, VfioConstants> {
  return defineModel<VfioState, VfioConstants>({
    name: `vfio-${version}`,
    spec: vfioSpec(version),
    constants: vfioConstantSets,
    properties,
    // exit is always enabled, so no state is terminal: the deadlock check would be vacuous
    deadlock: false,
    summary: `VFIO group/container/device FD lifecycle, kernel version ${version}; one syscall per step.`,
    presentation: vfioPresentation,
  });
}

/** vfio-old: Linux e0e29bdb ("vfio: Fully lock struct vfio_group::container"), the parent of b76c0eed. */
export const vfioOld = vfioModel('old', oldProperties);
/** vfio-new: Linux b76c0eed ("vfio: Simplify the life cycle of the group FD") as committed. */
export const vfioNew = vfioModel('new', newProperties);
/** vfio-post: Linux 3ca54708 (container_users as a plain int), what shipped in v5.19. */
export const vfioPost = vfioModel('post', postProperties);

/** The three models, by version. */
export const vfioModels = { old: vfioOld, new: vfioNew, post: vfioPost } as const;
