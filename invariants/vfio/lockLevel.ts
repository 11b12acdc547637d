/**
 * The properties of the lock-level VFIO models (spec/vfio/lock/). Kernel assertions (NULL dereferences, list
 * corruption, WARNs) are raised inside the kernel procedures with `assertThat`; the invariants here are checked in
 * every state, or, for the counting invariants of the atomic models, in *quiescent* states (every user thread between
 * system calls, no release queued): inside a lock section or between the steps of one kernel path the counts are
 * legitimately in flux, and the kernel relies on them only under the locks, i.e. as seen at quiescent points.
 */
import type { ActionProperty, AssertionProperty, InvariantProperty, Property } from '../../checker/engine/index.js';
import type { LockVersion } from '../../spec/vfio/lock/kernel.js';
import type { LockState } from '../../spec/vfio/lock/program.js';
import type { LockConstants } from '../../spec/vfio/lock/state.js';

type Inv = InvariantProperty<LockState, LockConstants>;

const assertion = (summary: string, rationale: string, reference: string): AssertionProperty => ({ kind: 'assertion', summary, rationale, reference });

/**
 * Whether every user thread is between system calls (or finished), the kworker idle, and no release is queued. The
 * unbinding process (constant `unbind`) counts as quiescent anywhere: its steps touch only the registration fields,
 * which no quiescent invariant reads.
 */
export function quiescent(s: LockState, c: LockConstants): boolean {
  return (
    s.shared.deferred.length === 0 &&
    s.threads.every((th, i) => {
      if (th.pc === 'Done') return true;
      if (i < c.threads) return th.pc === 'syscall.call';
      return i === c.threads && c.fput === 'kworker' ? th.pc === 'kworker.run' : true;
    })
  );
}

/** The thread of the unbinding process (constant `unbind`), or undefined. */
export function unbinderThread(c: LockConstants): number | undefined {
  return c.unbind === true ? c.threads + (c.fput === 'kworker' ? 1 : 0) : undefined;
}

/** Kernel assertions present in every version. */
export const lockAssertions = {
  /** __vfio_group_unset_container follows group->container without a NULL test. */
  nullContainerInDetach: assertion(
    '__vfio_group_unset_container never runs with group->container == NULL',
    'It takes container->group_lock first; callers trust container_users (PRE/OLD/NEW) or test container (POST).',
    'semantics §2.7a, §3.3 P4',
  ),
  /** The assign (PRE: the GET_DEVICE_FD entry check) follows group->container->iommu_driver. */
  nullContainerInAssign: assertion(
    'GET_DEVICE_FD never follows a NULL group->container',
    'PRE/OLD/NEW test container_users, then read group->container->iommu_driver; PRE does it unlocked (TOCTOU).',
    'semantics §2.8, §3.3 P3',
  ),
  /** An mdev driver's open_device registers an IOMMU notifier, which follows group->container. */
  nullContainerInIommuNotifier: assertion(
    'open_device → vfio_register_iommu_notifier never follows a NULL group->container',
    'eadd86f835c6 assumes the container user is held from open_device to close_device; PRE took it only after.',
    'semantics §3.3 P3 [inference]',
  ),
  /** list_del of the group's node twice: the second follows LIST_POISON. */
  listCorruptionOops: assertion(
    'list_del(&group->container_next) never runs on a deleted node',
    'A detach unlinks the group once per attachment.',
    'semantics §2.7a step 4',
  ),
  /** iommu_group_release_dma_owner without an owner. */
  warnDmaOwnerRelease: assertion(
    'iommu_group_release_dma_owner: WARN_ON(!owner_cnt) is never hit',
    'Every detach pairs with one successful claim in SET_CONTAINER.',
    'semantics §2.6 step 4, §2.7a step 2',
  ),
  /** A freed container is touched. */
  containerUseAfterFree: assertion(
    'no freed container is used (locked, put, or read for its backend)',
    'The group attachment holds a kref, and so does the container file.',
    'semantics §2.3, §2.7a step 6',
  ),
  /** The last vfio_group_put finds an attachment or a container user left (reached only with the `unbind` constant). */
  warnContainerAtGroupFree: assertion(
    'vfio_group_put: WARN_ON(container_users) (POST: WARN_ON(group->container || group->container_users)) is never hit',
    'The group is freed when its last users reference goes (the registration at unbind, the group file at the end of ' +
      'its release); every attachment and container user must have been undone by then.',
    'semantics §2.15',
  ),
} as const;

/** NEW/POST: WARN_ON(container_users != 1) in vfio_group_fops_release. */
export const warnContainerUsersAtRelease = assertion(
  'vfio_group_fops_release: WARN_ON(container_users != 1) is never hit',
  'With no device file left, only the attachment counts.',
  'semantics §2.2 NEW step 2',
);
/** POST: WARN_ON(container_users <= 1) in vfio_device_unassign_container. */
export const warnContainerUsersAtUnassign = assertion(
  'vfio_device_unassign_container: WARN_ON(container_users <= 1) is never hit',
  'A device file counts one user beside the attachment.',
  'semantics §3.3 P6',
);

/** Invariants over every state. */
export const lockInvariants = {
  /** b76c0eed's claim, as a state invariant (so that exploration continues past it, unlike a kernel assertion). */
  groupReleaseWithoutDeviceFiles: {
    kind: 'invariant',
    summary: 'the group release never runs while a device file of the group exists',
    rationale:
      'b76c0eed: every device file pins the group file (get_file in assign, fput in unassign), so the last group ' +
      'fput, and with it vfio_group_fops_release, comes after every device file is gone.',
    reference: 'semantics §1.7, §3.3 P5',
    holds: (s) => s.shared.devFiles === 0 || !s.threads.some((th) => th.pc.startsWith('vfio_group_fops_release.') || th.stack.some((r) => r.startsWith('vfio_group_fops_release.'))),
  } satisfies Inv,
  /** Every container kref has an owner that will drop it. */
  noContainerLeak: {
    kind: 'invariant',
    summary: 'every live container\'s kref <= [its file is referenced, or its release queued or running] + max([group->container == it], detaches of it under way)',
    rationale:
      'The container file and the group attachment are the only kref holders; a kref no one holds is a leaked ' +
      'container (P4: "the new container is leaked").',
    reference: 'semantics §3.3 P4',
    holds: (s) =>
      s.shared.containers.every((cont, i) => {
        if (cont === null) return true;
        const releasing = (r: { readonly kind: string; readonly obj: number } | null): boolean => r?.kind === 'container' && r.obj === i;
        const file = cont.fileRefs > 0 || s.shared.deferred.some(releasing) || s.threads.some((th) => releasing(th.local.rel)) ? 1 : 0;
        // the attachment's kref: held while group->container points here, and by each detach that read the pointer
        const detaching = s.threads.filter((th) => th.local.c === i && th.pc.startsWith('__vfio_group_unset_container.')).length;
        const group = Math.max(s.shared.group.container === i ? 1 : 0, detaching);
        // more krefs than owners is a leak; fewer (a double put) is containerUseAfterFree's business
        return cont.kref <= file + group;
      }),
  } satisfies Inv,
  /** The container lists agree with the group's node. */
  listsConsistent: {
    kind: 'invariant',
    summary: 'a container\'s group_list reaches the group\'s node ⇔ the node is linked into that container\'s list',
    rationale: 'list_add/list_del on container_next keep the list heads and the node in step; otherwise the lists are corrupt.',
    reference: 'semantics §2.6, §2.7a',
    holds: (s) => s.shared.containers.every((cont, i) => cont === null || cont.listed === (s.shared.group.node === i)),
  } satisfies Inv,
  /** I-2 at quiescent points. */
  containerIffUsers: {
    kind: 'invariant',
    summary: 'at quiescent points: group->container == NULL ⇔ container_users == 0',
    rationale: 'SET makes both non-zero and every detach clears both (P4: "container == NULL with container_users == 1").',
    reference: 'semantics §4.1 I-2',
    holds: (s, c) => !quiescent(s, c) || (s.shared.group.container === null) === (s.shared.group.users === 0),
  } satisfies Inv,
  /** I-3 at quiescent points. */
  containerUsersAccounting: {
    kind: 'invariant',
    summary: 'at quiescent points: container_users == [container ≠ NULL] + device files',
    rationale: 'One user for the attachment, one per device file.',
    reference: 'semantics §4.1 I-3',
    holds: (s, c) => !quiescent(s, c) || s.shared.group.users === (s.shared.group.container === null ? 0 : 1) + s.shared.devFiles,
  } satisfies Inv,
  /** DMA ownership follows the attachment. */
  dmaOwnerIffAttached: {
    kind: 'invariant',
    summary: 'at quiescent points: the iommu group\'s DMA owner is the attached container',
    rationale: 'Claimed in SET_CONTAINER, released in every detach.',
    reference: 'semantics §2.6, §2.7a',
    holds: (s, c) => !quiescent(s, c) || s.shared.group.dmaOwner === s.shared.group.container,
  } satisfies Inv,
  /** I-9 at quiescent points. */
  openCountMatchesFiles: {
    kind: 'invariant',
    summary: 'at quiescent points: open_count == live device files',
    rationale: 'open_count++ per new device file, -- in its release.',
    reference: 'semantics §4.1 I-9',
    holds: (s, c) => !quiescent(s, c) || s.shared.openCount === s.shared.devFiles,
  } satisfies Inv,
  /** I-6 at quiescent points. */
  deviceFileHasBackend: {
    kind: 'invariant',
    summary: 'at quiescent points: a device file exists ⇒ group->container ≠ NULL with a backend',
    rationale: 'pin_pages/dma_rw from the driver rely on it while the device is open.',
    reference: 'semantics §4.1 I-6',
    holds: (s, c) => {
      if (!quiescent(s, c) || s.shared.devFiles === 0) return true;
      const i = s.shared.group.container;
      return i !== null && s.shared.containers[i]?.backend === true;
    },
  } satisfies Inv,
} as const;

/**
 * NEW/POST: b76c0eed's claim stated as the pin: the group release never runs while a device file exists that still
 * holds its reference on the group file. A device file's release drops that reference in
 * vfio_device_unassign_container and only then finishes (`vfio_device_fops_release.gone`: vfio_device_put), so
 * files at that last step no longer pin the group; `groupReleaseWithoutDeviceFiles` counts them and fails there.
 */
export const groupReleaseWithoutPinningDeviceFiles = {
  kind: 'invariant',
  summary: 'the group release never runs while a device file that still pins the group file exists',
  rationale:
    'b76c0eed: each device file holds a group-file reference from vfio_device_assign_container until ' +
    'vfio_device_unassign_container, so the last group fput comes after every such reference is dropped.',
  reference: 'semantics §1.7, §2.9, §3.3 P5',
  holds: (s: LockState) => {
    const finishing = s.threads.filter((th) => th.pc === 'vfio_device_fops_release.gone').length;
    return (
      s.shared.devFiles - finishing === 0 ||
      !s.threads.some((th) => th.pc.startsWith('vfio_group_fops_release.') || th.stack.some((r) => r.startsWith('vfio_group_fops_release.')))
    );
  },
} satisfies Inv;

/**
 * With `unbind`: what the wait on group->container_q guaranteed until "vfio: Delete container_q" removed it, earlier in
 * the 5.19 window (before PRE). An action property: it looks at the step that completes `device->comp` (the
 * registration refcount reaching 0) while vfio_unregister_group_dev waits for it.
 */
export const unbindWakesAfterDetach = {
  kind: 'action',
  summary:
    'when the last device reference wakes a waiting vfio_unregister_group_dev and nothing references the group file ' +
    'any more, the group is already detached and its DMA ownership released',
  rationale:
    'Up to "vfio: Delete container_q", the unregistration of a group\'s last device also waited until the group was ' +
    'detached from its container, so that a host driver bound right after the unbind could not race the user ' +
    'process. That commit relies on the iommu core instead, which refuses such a driver with -EBUSY while the DMA ' +
    'ownership is claimed. A violation is a window in which the unregistration returns first: a host bind then gets ' +
    'a transient -EBUSY, and when the unbind is a device removal (SR-IOV disable, hot-unplug) the iommu core can ' +
    'release the device before the group release detaches it, the use-after-free reported in October 2022 ' +
    '("Revert \'vfio: Delete container_q\'") and fixed by ca5f21b25749 in v6.1.',
  reference: 'semantics §2.15, §4.4 (ordering effect of unbind); ca5f21b25749',
  holds: (s, _label, next, c) => {
    const u = unbinderThread(c);
    if (u === undefined || s.shared.registration === undefined || next.shared.registration === undefined) return true;
    const wakes = s.threads[u]!.pc === 'vfio_unregister_group_dev.unlink' && s.shared.registration.refs > 0 && next.shared.registration.refs === 0;
    return !wakes || next.shared.group.fileRefs > 0 || next.shared.group.dmaOwner === null;
  },
} satisfies ActionProperty<LockState, LockConstants>;

/** The assertion sites of version `v` (a WARN that does not exist in a version is absent from its record). */
export function lockVersionAssertions(v: LockVersion): { readonly [name: string]: Property<LockState, LockConstants> } {
  return {
    ...lockAssertions,
    unbindWakesAfterDetach,
    ...(v === 'new' || v === 'post' ? { warnContainerUsersAtRelease, groupReleaseWithoutPinningDeviceFiles } : {}),
    ...(v === 'post' ? { warnContainerUsersAtUnassign } : {}),
  };
}
