/**
 * Mappings between the VFIO versions' states, for `lifecheck diff` (`--abstraction`, `--refinement`).
 *
 * - `vfioAbstraction`: what userspace can tell about the kernel state — which fds are of which kind, whether each
 *   group is open, attached and held by KVM, which devices are open, which containers have a backend, which
 *   mappings exist — without the reference counts that differ between versions by design.
 * - `vfioRefinements`: b76c0eed's claim read as a refinement. In new and post every device file pins the group
 *   file; in old it does not. Mapping a new/post state to the old state it stands for: the group file's references
 *   minus the device pins are old's references; a group held only by pins is one old has already released
 *   (`opened == false`), and its `container_users` then lacks the attachment's unit. Everything else is shared.
 *   `post → old` is expected to hold; `new → old` fails where new leaves `container_users` stuck at 1.
 */
import type { Json, JsonRecord } from '../../checker/engine/index.js';
import type { DiffAbstraction, RefinementDef } from '../../checker/diff/index.js';
import type { VfioConstants, VfioState } from './state.js';

/** The userspace-visible abstraction of a VFIO state (the same function for every version). */
export const vfioAbstraction: DiffAbstraction = (state: VfioState): Json => ({
  fds: state.fds.map((f) => f?.kind ?? null),
  groups: state.groups.map((g) => ({ opened: g.opened, attached: g.container !== null, kvm: g.kvm })),
  devicesOpen: state.devices.map((d) => d.openCount > 0),
  containers: state.containers.map((c) => (c === null ? null : { backend: c.backend })),
  mappings: state.mappings.map((m) => m !== null),
});

/** Maps a new/post state to the old state it stands for (see the module comment). Pure. */
export function pinnedToOld(state: VfioState, constants: JsonRecord): VfioState {
  const c = constants as unknown as VfioConstants;
  const pins = state.groups.map(() => 0);
  for (const file of state.deviceFiles) {
    if (file !== null) pins[c.devices[file.device]!.group]! += 1;
  }
  return {
    ...state,
    groups: state.groups.map((g, i) => {
      const fileRefs = g.fileRefs - pins[i]!;
      const releasedInOld = g.fileRefs > 0 && fileRefs === 0;
      return {
        ...g,
        fileRefs,
        opened: fileRefs > 0,
        containerUsers: releasedInOld && g.container !== null ? g.containerUsers - 1 : g.containerUsers,
      };
    }),
  };
}

/** The refinement mappings checked by `npm run diff`. */
export const vfioRefinements: readonly RefinementDef[] = [
  { from: 'vfio-old', to: 'vfio-new', map: pinnedToOld, summary: 'device pins on the group file removed: new → old' },
  { from: 'vfio-new', to: 'vfio-post', map: (s: VfioState) => s, summary: 'identity: post → new' },
  { from: 'vfio-old', to: 'vfio-post', map: pinnedToOld, summary: 'device pins on the group file removed: post → old' },
];
