/**
 * The shared vocabulary of the three VFIO models (old = e0e29bdb, new = b76c0eed, post = 3ca54708): constants, the
 * state schema, the state type, the initial state and the validation of constants. The versions share all of it;
 * they differ only in the kernel functions of `spec/vfio/spec.ts`.
 *
 * One state is the kernel's VFIO state as seen at syscall boundaries (see semantics §1 and §4.5):
 * - `groups[g]`: the group's single live `struct file` (its reference count `fileRefs`, 0 = no live group file),
 *   `opened` (OLD: `group->opened`; NEW/POST: `group->opened_file != NULL`), `container` (index of the attached
 *   container or null), `containerUsers` (`group->container_users`) and `kvm` (`group->kvm` set by KVM, which then
 *   also holds a reference on the group file). DMA ownership of the iommu group is claimed exactly while a
 *   container is attached (claimed in SET_CONTAINER, released in every detach), so it is not stored.
 * - `devices[d]`: `open_count` and whether the device's driver has a block on the group notifier chain.
 * - `deviceFiles[i]`: the device `struct file`s (null = free slot), with their reference count (fd entries + VMAs).
 * - `containers[i]`: container objects (null = freed): the container file's reference count (0 = file released),
 *   the container `kref` (file + attached groups) and whether an IOMMU backend is set.
 * - `fds[i]`: the process fd table; fd number `firstFd + i`; POSIX lowest-free allocation.
 * - `mappings[i]`: mmaps of device regions (the device file slot each VMA references); handle `i`.
 * - `registered[d]` (only with the `hotplug` constant): whether device `d` is registered with VFIO (bound to its
 *   VFIO driver). A group object exists while one of its devices is registered or its file is alive; when the last
 *   of those goes, `vfio_group_put` frees it and its record returns to the initial values.
 */
import { t, type DeepReadonly, type Infer } from '../../checker/engine/index.js';

/** How a device's driver uses the group notifier chain (semantics §1.6). */
export type DriverKind =
  /**
   * Registers a group notifier (and an IOMMU notifier) in open_device and unregisters both in close_device, as
   * vfio_ap and kvmgt do. A composite, not one real driver: open_device never fails (vfio_ap; kvmgt fails it with
   * -ESRCH when no KVM is set), while the device has an mmap op and answers unknown ioctls with -ENOTTY (kvmgt;
   * vfio_ap has no mmap op, so mmap gives -EINVAL, and answers -EOPNOTSUPP).
   */
  | 'notifier'
  /** Never registers (vfio-pci). */
  | 'plain'
  /** Registers like `notifier` but forgets to unregister the group notifier in close_device: an injected fault. */
  | 'faulty';

/** One registered VFIO device of the model. */
export type DeviceConstant = {
  /** Its name, as given to VFIO_GROUP_GET_DEVICE_FD (e.g. a PCI address). */
  readonly name: string;
  /** The index of its group. */
  readonly group: number;
  readonly driver: DriverKind;
};

/** The constants of a VFIO model. */
export type VfioConstants = {
  /** Number of VFIO groups (`/dev/vfio/0` …). */
  readonly groups: number;
  /** The registered devices, each in one group. */
  readonly devices: readonly DeviceConstant[];
  /** Container objects that can exist at once (a model bound: open of /dev/vfio/vfio is disabled beyond it). */
  readonly containers: number;
  /** Size of the fd table (the process's RLIMIT_NOFILE, minus stdio): opens beyond it fail with -EMFILE. */
  readonly fdMax: number;
  /** The lowest fd number the model hands out (3: stdin, stdout and stderr are taken). */
  readonly firstFd: number;
  /**
   * A model bound standing in for the process's `max_map_count`: mmap of a device region fails with -ENOMEM when
   * this many device mappings exist. (The kernel counts every VMA of the process and refuses when the count already
   * exceeds the limit; the check order EBADF, ENOMEM, ENODEV is the kernel's.)
   */
  readonly maxMappings: number;
  /**
   * Drivers can be unbound from devices and bound again (sysfs `unbind`/`bind`, from another process), so groups
   * can disappear and come back (semantics §2.15): adds the state field `registered` and the actions
   * `unbindDevice`/`bindDevice`. @defaultValue false (no state field, no actions: the counts of the other constant
   * sets are unchanged)
   */
  readonly hotplug?: boolean;
  /**
   * VFIO_GROUP_GET_DEVICE_FD may fail inside vfio_device_open (semantics §2.8): `try_module_get` of the driver's
   * module, the driver's `open_device`, or `anon_inode_getfile` (see {@link DeviceFdFailure}). Adds the labels
   * `groupGetDeviceFd({fd, device, fail})`; the state is unchanged (the kernel's undo restores it, so at syscall
   * level a failing call is a self-loop). @defaultValue false (no such labels: the other constant sets' states,
   * labels and counts are unchanged)
   */
  readonly deviceFdFailures?: boolean;
};

/**
 * Where an injected GET_DEVICE_FD failure happens (semantics §2.8, steps 4–6 of the OLD/NEW/POST order):
 * - `moduleGet`: `try_module_get(device->dev->driver->owner)` fails (the driver module is being unloaded): -ENODEV;
 * - `openDevice`: the driver's `open_device`, called on the 0→1 edge of `open_count` only, returns an error;
 * - `anonFile`: `anon_inode_getfile` fails (no free `struct file`: -ENFILE).
 */
export type DeviceFdFailure = 'moduleGet' | 'openDevice' | 'anonFile';

/** The failure points, in the order vfio_device_open reaches them. */
export const DEVICE_FD_FAILURES: readonly DeviceFdFailure[] = ['moduleGet', 'openDevice', 'anonFile'];

/** Number of device-file slots: every live device file holds an fd or a mapping, so this never overflows. */
export function deviceFileSlots(c: VfioConstants): number {
  return c.fdMax + c.maxMappings;
}

/** The state schema for constants `c`; every reachable state of every version fits it. */
export function vfioSchema(c: VfioConstants) {
  const files = deviceFileSlots(c);
  const objMax = Math.max(c.groups, c.containers, files, 1) - 1;
  return t.record({
    groups: t.array(
      t.record({
        fileRefs: t.int(0, c.fdMax + files + 1),
        opened: t.bool(),
        container: t.nullable(t.int(0, Math.max(c.containers - 1, 0))),
        containerUsers: t.int(0, files + 2),
        kvm: t.bool(),
      }),
      c.groups,
    ),
    devices: t.array(t.record({ openCount: t.int(0, files), notifier: t.bool() }), c.devices.length),
    deviceFiles: t.array(
      t.nullable(t.record({ device: t.int(0, Math.max(c.devices.length - 1, 0)), refs: t.int(1, c.fdMax + c.maxMappings) })),
      files,
    ),
    containers: t.array(
      t.nullable(t.record({ fileRefs: t.int(0, c.fdMax), kref: t.int(1, c.groups + 1), backend: t.bool() })),
      c.containers,
    ),
    fds: t.array(t.nullable(t.record({ kind: t.enum('group', 'container', 'device'), obj: t.int(0, objMax) })), c.fdMax),
    mappings: t.array(t.nullable(t.int(0, files - 1)), c.maxMappings),
    ...(c.hotplug === true ? { registered: t.array(t.bool(), c.devices.length) } : {}),
  });
}

/** A state of a VFIO model (read-only). */
export type VfioState = DeepReadonly<Infer<ReturnType<typeof vfioSchema>>>;
/** A group's part of the state. */
export type GroupState = VfioState['groups'][number];
/** A device's part of the state. */
export type DeviceState = VfioState['devices'][number];
/** A live device file. */
export type DeviceFileState = NonNullable<VfioState['deviceFiles'][number]>;
/** A live container object. */
export type ContainerState = NonNullable<VfioState['containers'][number]>;
/** An fd-table entry: which kind of file and which object (group index, container index or device-file slot). */
export type FdEntry = NonNullable<VfioState['fds'][number]>;

/** The initial state: nothing open, nothing attached. */
export function initialState(c: VfioConstants): VfioState {
  return {
    groups: Array.from({ length: c.groups }, () => FRESH_GROUP),
    devices: c.devices.map(() => ({ openCount: 0, notifier: false })),
    deviceFiles: Array.from({ length: deviceFileSlots(c) }, () => null),
    containers: Array.from({ length: c.containers }, () => null),
    fds: Array.from({ length: c.fdMax }, () => null),
    mappings: Array.from({ length: c.maxMappings }, () => null),
    ...(c.hotplug === true ? { registered: c.devices.map(() => true) } : {}),
  };
}

/** A group record as the group allocation leaves it (vfio_group_alloc): no file, nothing attached. */
export const FRESH_GROUP: GroupState = { fileRefs: 0, opened: false, container: null, containerUsers: 0, kvm: false };

/** The fewest fds the client sequences need (container, group, device). */
export const MIN_FDS = 3;

/** Why constants `c` are unusable, in one line, or `undefined` when they are fine. */
export function validateConstants(c: VfioConstants): string | undefined {
  const isCount = (n: unknown, min: number): boolean => Number.isInteger(n) && (n as number) >= min;
  if (!isCount(c.groups, 1)) return `groups must be an integer >= 1 (got ${String(c.groups)})`;
  if (!Array.isArray(c.devices) || c.devices.length === 0) return 'devices must list at least one device';
  const names = new Set<string>();
  for (const d of c.devices) {
    if (!isCount(d.group, 0) || d.group >= c.groups) {
      return `device ${d.name} is in group ${String(d.group)}, but groups are 0..${c.groups - 1}`;
    }
    if (d.driver !== 'notifier' && d.driver !== 'plain' && d.driver !== 'faulty') {
      return `device ${d.name} has driver '${String(d.driver)}'; use notifier, plain or faulty`;
    }
    if (typeof d.name !== 'string' || d.name === '' || d.name === 'unknown' || names.has(d.name)) {
      return `device names must be distinct, non-empty and not 'unknown' (got '${String(d.name)}')`;
    }
    names.add(d.name);
  }
  for (let g = 0; g < c.groups; g += 1) {
    if (!c.devices.some((d) => d.group === g)) return `group ${g} has no device (a VFIO group exists only with one)`;
  }
  if (!isCount(c.containers, 1)) return `containers must be an integer >= 1 (got ${String(c.containers)})`;
  if (!isCount(c.fdMax, MIN_FDS)) {
    return `fdMax must be an integer >= ${MIN_FDS} (a container, a group and a device fd) (got ${String(c.fdMax)})`;
  }
  if (!isCount(c.firstFd, 0)) return `firstFd must be an integer >= 0 (got ${String(c.firstFd)})`;
  if (!isCount(c.maxMappings, 0)) return `maxMappings must be an integer >= 0 (got ${String(c.maxMappings)})`;
  if (c.hotplug !== undefined && typeof c.hotplug !== 'boolean') return `hotplug must be true or false (got ${String(c.hotplug)})`;
  if (c.deviceFdFailures !== undefined && typeof c.deviceFdFailures !== 'boolean') {
    return `deviceFdFailures must be true or false (got ${String(c.deviceFdFailures)})`;
  }
  return undefined;
}
