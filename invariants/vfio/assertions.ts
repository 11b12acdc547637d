/**
 * The kernel assertions of the VFIO models, declared as properties: each is raised inside a kernel function with
 * `assertThat(cond, name, 'kernel_function: condition')` (spec/vfio/kernel.ts) and holds when no reachable step
 * raises it. A site that does not exist in a version is absent from that version's record.
 */
import type { AssertionProperty } from '../../checker/engine/index.js';

const assertion = (summary: string, rationale: string, reference: string): AssertionProperty => ({
  kind: 'assertion',
  summary,
  rationale,
  reference,
});

/** NULL dereference of group->container in vfio_device_assign_container (OLD/NEW test container_users only). */
export const nullContainerInAssign = assertion(
  'vfio_device_assign_container never follows a NULL group->container',
  'OLD/NEW read group->container->iommu_driver once container_users != 0, trusting I-2.',
  'semantics §2.8 step 3; vfio.c vfio_device_assign_container',
);
/** NULL dereference of the container in __vfio_group_unset_container. */
export const nullContainerInDetach = assertion(
  '__vfio_group_unset_container never runs with group->container == NULL',
  'It takes container->group_lock first; its callers trust container_users (OLD/NEW) or test container (POST).',
  'semantics §2.7, §2.7a',
);
/** NULL dereference of group->opened_file in assign/unassign (NEW/POST). */
export const nullOpenedFile = assertion(
  'get_file/fput(group->opened_file) never see NULL',
  'Assign runs from an ioctl on the open group file; unassign runs while the device file pins it.',
  'semantics §2.8, §2.9 (NEW/POST)',
);
/** NULL dereference of group->container when a driver (un)registers its IOMMU notifier. */
export const nullContainerInIommuNotifier = assertion(
  'vfio_(un)register_iommu_notifier never follow a NULL group->container',
  'Drivers call them from open_device/close_device, while the device holds a container user.',
  'semantics §1.6, §2.11',
);
/** OLD: WARN on a stale notifier at group open. */
export const warnStaleNotifierAtOpen = assertion(
  'vfio_group_fops_open: WARN_ON(group->notifier.head) is never hit',
  'A driver that forgot to unregister leaves a block behind; OLD warns and re-initialises the chain at open.',
  'semantics §2.1 (OLD step 4)',
);
/** NEW/POST: WARN on a non-empty notifier at group release. */
export const warnNotifierAtRelease = assertion(
  'vfio_group_fops_release: WARN_ON(group->notifier.head) is never hit',
  'Device files pin the group file, so their close_device (which unregisters) runs before the release.',
  'semantics §2.2 (NEW step 1)',
);
/** NEW/POST: WARN on container_users != 1 at group release. */
export const warnContainerUsersAtRelease = assertion(
  'vfio_group_fops_release: WARN_ON(container_users != 1) is never hit',
  'With no device file left, only the attachment counts.',
  'semantics §2.2 (NEW step 2)',
);
/** All: vfio_assert_device_open in the device release. */
export const warnDeviceNotOpen = assertion(
  'vfio_device_fops_release: WARN_ON_ONCE(!open_count) is never hit',
  'Every device file counts in open_count.',
  'semantics §2.9 step 1',
);
/** POST: WARN on container_users at SET_CONTAINER. */
export const warnContainerUsersAtSet = assertion(
  'vfio_group_set_container: WARN_ON(container_users) is never hit',
  'With no container attached, nothing can count as a user (I-2).',
  'semantics §2.6, §3.3 P6',
);
/** POST: WARN on container_users == 0 at assign. */
export const warnContainerUsersAtAssign = assertion(
  'vfio_device_assign_container: WARN_ON(!container_users) is never hit',
  'An attached container has its attachment user (I-2).',
  'semantics §2.8, §3.3 P6',
);
/** POST: WARN on container_users <= 1 at unassign. */
export const warnContainerUsersAtUnassign = assertion(
  'vfio_device_unassign_container: WARN_ON(container_users <= 1) is never hit',
  'The unassigning device and the attachment are both users (I-3).',
  'semantics §2.9, §3.3 P6',
);
/**
 * All (hotplug constants): the container checks of vfio_group_put when the group's last `users` reference goes —
 * OLD/NEW `WARN_ON(container_users)`, POST `WARN_ON(group->container || group->container_users)`.
 */
export const warnContainerAtGroupFree = assertion(
  'vfio_group_put: the container WARN of the group free is never hit',
  'Every path that attaches a group or counts a container user must be undone before the group goes away: the ' +
    'group release detaches, and device releases drop their container users, before the last device unbinds.',
  'semantics §2.15; vfio.c vfio_group_put',
);
/** All (hotplug constants): `WARN_ON(group->notifier.head)` of vfio_group_put. */
export const warnNotifierAtGroupFree = assertion(
  'vfio_group_put: WARN_ON(group->notifier.head) is never hit',
  "Drivers unregister their group notifier in close_device, which runs before the device's file goes, and unbind " +
    'waits for the device files.',
  'semantics §2.15; vfio.c vfio_group_put',
);
