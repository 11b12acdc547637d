/**
 * State invariants of the VFIO models (semantics §4.1), each with its kernel rationale and reference. Functions of
 * the kernel version build the version-specific ones (OLD has no device pins on the group file).
 */
import { canonicalJson, type InvariantProperty } from '../../checker/engine/index.js';
import { deviceFilesOfGroup, notifierDevicesOfGroup, type KernelVersion } from '../../spec/vfio/kernel.js';
import { initialState, type VfioConstants, type VfioState } from '../../spec/vfio/state.js';

type Inv = InvariantProperty<VfioState, VfioConstants>;

const everyGroup = (s: VfioState, c: VfioConstants, f: (g: number) => boolean): boolean =>
  s.groups.every((_, g) => f(g));

const fdsTo = (s: VfioState, kind: 'group' | 'container' | 'device', obj: number): number =>
  s.fds.filter((e) => e !== null && e.kind === kind && e.obj === obj).length;

/** I-1, the authors' first property: a group with no live group file has no container (OLD: on `opened`). */
export function noContainerWithoutGroupFile(version: KernelVersion): Inv {
  return {
    kind: 'invariant',
    summary:
      version === 'old'
        ? 'opened == false ⇒ container == NULL (the analogue of the authors’ opened_file property)'
        : 'opened_file == NULL ⇒ container == NULL',
    rationale:
      version === 'old'
        ? 'The container is set only by an ioctl on the open group; the authors expect the group release to detach ' +
          'it, but OLD detaches only when its try_dissolve drops the last container user, and clears opened in a ' +
          'second group_rwsem section.'
        : 'The container is set only by an ioctl on the live group file and cleared by the group release before ' +
          'opened_file is cleared, under the same group_rwsem section.',
    reference: 'semantics §4.1 I-1; b76c0eed commit message; §4.2 for OLD',
    holds: (s) => s.groups.every((grp) => grp.opened || grp.container === null),
  };
}

/** The authors' second property: once every device FD of a group is closed, its notifier chain is empty. */
export const notifierEmptyWithoutDeviceFds: Inv = {
  kind: 'invariant',
  summary: 'DF(G) == 0 ⇒ group->notifier is empty',
  rationale:
    'Drivers register on the group notifier only while the device is open (open_device) and unregister in ' +
    'close_device, which runs when the last device file is released.',
  reference: 'semantics §1.6, §4.1 (b76c0eed moves the notifier WARN to the group release)',
  holds: (s, c) =>
    everyGroup(s, c, (g) => deviceFilesOfGroup(s, c, g) > 0 || notifierDevicesOfGroup(s, c, g).length === 0),
};

/** I-2: a container is attached exactly when container_users is non-zero. */
export const containerIffUsers: Inv = {
  kind: 'invariant',
  summary: 'container == NULL ⇔ container_users == 0',
  rationale:
    'SET_CONTAINER takes the first user with the attachment; every path that detaches drops the last user ' +
    '(container_users is the only "attached" test in OLD/NEW).',
  reference: 'semantics §4.1 I-2',
  holds: (s) => s.groups.every((grp) => (grp.container === null) === (grp.containerUsers === 0)),
};

/** I-3: container_users counts the attachment plus the device files. */
export const containerUsersAccounting: Inv = {
  kind: 'invariant',
  summary: 'container_users == [container ≠ NULL] + DF(G)',
  rationale: 'One user for the SET_CONTAINER attachment, one per device file (assign/unassign pair up).',
  reference: 'semantics §4.1 I-3',
  holds: (s, c) =>
    everyGroup(
      s,
      c,
      (g) => s.groups[g]!.containerUsers === (s.groups[g]!.container === null ? 0 : 1) + deviceFilesOfGroup(s, c, g),
    ),
};

/** I-4: a device file implies the group is open (NEW/POST: and pins the group file). */
export function deviceFdPinsGroupFile(version: KernelVersion): Inv {
  return {
    kind: 'invariant',
    summary:
      version === 'old'
        ? 'DF(G) > 0 ⇒ opened'
        : 'DF(G) > 0 ⇒ opened_file ≠ NULL ∧ f_count(group file) ≥ DF(G)',
    rationale: 'NEW/POST: each device file holds get_file(opened_file) from assign to unassign.',
    reference: 'semantics §4.1 I-4, §1.7',
    holds: (s, c) =>
      everyGroup(s, c, (g) => {
        const df = deviceFilesOfGroup(s, c, g);
        const grp = s.groups[g]!;
        if (df === 0) return true;
        return grp.opened && (version === 'old' || grp.fileRefs >= df);
      }),
  };
}

/** I-6: a device file implies an attached container with a backend. */
export const deviceFdHasBackend: Inv = {
  kind: 'invariant',
  summary: 'DF(G) > 0 ⇒ container ≠ NULL ∧ container->iommu_driver ≠ NULL',
  rationale:
    'Assign requires both; the backend goes only when the last group detaches, and a group cannot detach while ' +
    'container_users ≥ 2.',
  reference: 'semantics §4.1 I-6, §2.10 (pin_pages/dma_rw rely on it)',
  holds: (s, c) =>
    everyGroup(s, c, (g) => {
      if (deviceFilesOfGroup(s, c, g) === 0) return true;
      const ci = s.groups[g]!.container;
      return ci !== null && s.containers[ci]?.backend === true;
    }),
};

/** I-8: a notifier registration implies an open device, a device file and an open group. */
export const notifierImpliesOpenDevice: Inv = {
  kind: 'invariant',
  summary: 'notifier non-empty ⇒ some device of G has open_count > 0 ∧ DF(G) > 0 ∧ opened(_file)',
  rationale: 'Registration requires an open device (vfio_assert_device_open); device files pin the group.',
  reference: 'semantics §4.1 I-8, §1.6',
  holds: (s, c) =>
    everyGroup(s, c, (g) => {
      if (notifierDevicesOfGroup(s, c, g).length === 0) return true;
      const someOpen = s.devices.some((d, i) => c.devices[i]!.group === g && d.openCount > 0);
      return someOpen && deviceFilesOfGroup(s, c, g) > 0 && s.groups[g]!.opened;
    }),
};

/** I-9: open_count equals the number of the device's files. */
export const openCountMatchesFiles: Inv = {
  kind: 'invariant',
  summary: 'open_count(D) == number of live device files of D',
  rationale: 'open_count++ in vfio_device_open for each new file, -- in its release; open/close_device on 0↔1.',
  reference: 'semantics §4.1 I-9, §1.4',
  holds: (s) =>
    s.devices.every((d, i) => d.openCount === s.deviceFiles.filter((f) => f !== null && f.device === i).length),
};

/** Reference-count accounting: every struct file count and container kref equals its holders. */
export function refcountAccounting(version: KernelVersion): Inv {
  return {
    kind: 'invariant',
    summary:
      'f_count(group file) = fds + KVM' +
      (version === 'old' ? '' : ' + device files') +
      '; f_count(container file) = fds; kref(container) = [file] + attached groups; f_count(device file) = fds + VMAs',
    rationale: 'Every get_file/kref_get has its put; a count that drifts is a leak or a use-after-free.',
    reference: 'semantics §1.1, §1.3, §1.7, §2.3',
    holds: (s, c) => {
      const groupsOk = everyGroup(s, c, (g) => {
        const grp = s.groups[g]!;
        const pins = version === 'old' ? 0 : deviceFilesOfGroup(s, c, g);
        return grp.fileRefs === fdsTo(s, 'group', g) + (grp.kvm ? 1 : 0) + pins;
      });
      const containersOk = s.containers.every((cont, ci) => {
        if (cont === null) return fdsTo(s, 'container', ci) === 0 && s.groups.every((grp) => grp.container !== ci);
        const attached = s.groups.filter((grp) => grp.container === ci).length;
        return cont.fileRefs === fdsTo(s, 'container', ci) && cont.kref === (cont.fileRefs > 0 ? 1 : 0) + attached;
      });
      const filesOk = s.deviceFiles.every((f, slot) => {
        const maps = s.mappings.filter((m) => m === slot).length;
        if (f === null) return fdsTo(s, 'device', slot) === 0 && maps === 0;
        return f.refs === fdsTo(s, 'device', slot) + maps;
      });
      return groupsOk && containersOk && filesOk;
    },
  };
}

/** Quiescence: with no fd, mapping or KVM reference left, the kernel state is the initial one. */
export const quiescence: Inv = {
  kind: 'invariant',
  summary: 'no fd, mapping or KVM reference ⇒ state == initial state (nothing leaked, everything reusable)',
  rationale:
    'Every release path (group release, device release, container release) must undo what the opens and ' +
    'ioctls did once userspace and KVM have let go of everything.',
  reference: 'semantics §4.5 (liveness: once every fd, mmap and KVM reference is gone …)',
  holds: (s, c) => {
    const idle = s.fds.every((e) => e === null) && s.mappings.every((m) => m === null) && s.groups.every((g) => !g.kvm);
    if (!idle) return true;
    // which drivers are bound (hotplug constants) is the administrator's choice, not something userspace holds
    const initial = initialState(c);
    const compared = s.registered === undefined ? s : { ...s, registered: initial.registered };
    return canonicalJson(compared) === canonicalJson(initial);
  },
};
