/**
 * The labels of the VFIO models: one action per system-call kind, with JSON parameters. This table is the contract
 * between the models (`spec/vfio/spec.ts`), the client sequences (`spec/vfio/clients.ts`) and the trace renderers
 * (strace-like text, C reproducers): a label `{action, params}` of a VFIO model is always one row of this table.
 *
 * Conventions shared by every row:
 * - `fd` parameters are process fd numbers as userspace sees them (POSIX lowest-free numbering starting at the
 *   model's `firstFd`, normally 3 because 0–2 are stdio); a parameter may name a closed fd.
 * - The observable result of every step is a number (0, a new fd, a mapping handle, an ioctl's non-negative
 *   return value) or an errno string such as `"-EBUSY"`.
 * - `mapping` is a model handle for one `mmap` of a device region (the model's stand-in for the address that mmap
 *   returns): mmap returns the lowest free handle, munmap takes it.
 */

import type { DeviceFdFailure } from './state.js';

/** The kind of C call a syscall label renders to. */
export type CallKind = 'open' | 'dup' | 'close' | 'exit' | 'mmap' | 'munmap' | 'ioctl' | 'sysfs';

/** How a renderer turns one action into C: which call, which ioctl, which parameters are fds. */
export interface SyscallDescription {
  /** The C library call. */
  readonly call: CallKind;
  /** For `open`: the path, with `{group}` to be replaced by the group number; for `sysfs`: the file written. */
  readonly path?: string;
  /** For `ioctl`: the request name from `<linux/vfio.h>` / `<linux/kvm.h>`. */
  readonly ioctl?: string;
  /** The parameter names that hold fd numbers (the fd the call is made on comes first). */
  readonly fdParams: readonly string[];
  /** The parameter that names a device (`groupGetDeviceFd`), if any. */
  readonly nameParam?: string;
  /** What a successful call returns. */
  readonly returns: 'fd' | 'zero' | 'mapping' | 'value' | 'none';
  /** One line: what the call does in the kernel, for listings and review reports. */
  readonly summary: string;
}

/**
 * Every action of the VFIO models, by name. The models define exactly these actions (checked by a test); an action
 * absent here does not exist in any version.
 */
export const SYSCALLS = {
  openGroup: {
    call: 'open',
    path: '/dev/vfio/{group}',
    fdParams: [],
    returns: 'fd',
    summary: 'open the group node (params {group}): vfio_group_fops_open; -EMFILE if the fd table is full',
  },
  openContainer: {
    call: 'open',
    path: '/dev/vfio/vfio',
    fdParams: [],
    returns: 'fd',
    summary: 'open /dev/vfio/vfio (no params): a new container with its file (vfio_fops_open)',
  },
  dup: {
    call: 'dup',
    fdParams: ['fd'],
    returns: 'fd',
    summary: 'dup(fd) (params {fd}): one more fd on the same struct file',
  },
  close: {
    call: 'close',
    fdParams: ['fd'],
    returns: 'zero',
    summary: 'close(fd) (params {fd}); a file whose last reference drops is released before the call returns',
  },
  exit: {
    call: 'exit',
    fdParams: [],
    returns: 'zero',
    summary:
      'the process exits (no params; result 0 = exit status): mappings, then fds in increasing order, then the VM ' +
      "(KVM's group references) are dropped; a fresh process with an empty fd table takes its place",
  },
  mmap: {
    call: 'mmap',
    fdParams: ['fd'],
    returns: 'mapping',
    summary: 'mmap a device region (params {fd}): the VMA takes a reference on the device file',
  },
  munmap: {
    call: 'munmap',
    fdParams: [],
    returns: 'zero',
    summary: 'munmap (params {mapping}); unmapping a handle that is not mapped succeeds and does nothing',
  },
  getApiVersion: {
    call: 'ioctl',
    ioctl: 'VFIO_GET_API_VERSION',
    fdParams: ['fd'],
    returns: 'value',
    summary: 'VFIO_GET_API_VERSION on a container fd (params {fd}): returns VFIO_API_VERSION (0)',
  },
  checkExtension: {
    call: 'ioctl',
    ioctl: 'VFIO_CHECK_EXTENSION',
    fdParams: ['fd'],
    returns: 'value',
    summary: 'VFIO_CHECK_EXTENSION(VFIO_TYPE1v2_IOMMU) on a container fd (params {fd}): 1 when type1 is loaded',
  },
  setIommu: {
    call: 'ioctl',
    ioctl: 'VFIO_SET_IOMMU',
    fdParams: ['fd'],
    returns: 'zero',
    summary: 'VFIO_SET_IOMMU(VFIO_TYPE1v2_IOMMU) on a container fd (params {fd})',
  },
  mapDma: {
    call: 'ioctl',
    ioctl: 'VFIO_IOMMU_MAP_DMA',
    fdParams: ['fd'],
    returns: 'zero',
    summary: 'VFIO_IOMMU_MAP_DMA on a container fd (params {fd}): passed to the backend, -EINVAL without one',
  },
  groupGetStatus: {
    call: 'ioctl',
    ioctl: 'VFIO_GROUP_GET_STATUS',
    fdParams: ['fd'],
    returns: 'zero',
    summary: 'VFIO_GROUP_GET_STATUS on a group fd (params {fd})',
  },
  groupSetContainer: {
    call: 'ioctl',
    ioctl: 'VFIO_GROUP_SET_CONTAINER',
    fdParams: ['fd', 'containerFd'],
    returns: 'zero',
    summary: 'VFIO_GROUP_SET_CONTAINER(&containerFd) on a group fd (params {fd, containerFd})',
  },
  groupUnsetContainer: {
    call: 'ioctl',
    ioctl: 'VFIO_GROUP_UNSET_CONTAINER',
    fdParams: ['fd'],
    returns: 'zero',
    summary: 'VFIO_GROUP_UNSET_CONTAINER on a group fd (params {fd})',
  },
  groupGetDeviceFd: {
    call: 'ioctl',
    ioctl: 'VFIO_GROUP_GET_DEVICE_FD',
    fdParams: ['fd'],
    nameParam: 'device',
    returns: 'fd',
    summary:
      'VFIO_GROUP_GET_DEVICE_FD(name) on a group fd (params {fd, device}); device is a device name from the ' +
      "model's constants or the unknown name; with the deviceFdFailures constant also {fd, device, fail}: the " +
      'module reference, open_device or the anonymous file fails and the kernel undoes the open',
  },
  deviceIoctl: {
    call: 'ioctl',
    ioctl: 'VFIO_DEVICE_GET_INFO',
    fdParams: ['fd'],
    returns: 'zero',
    summary: "VFIO_DEVICE_GET_INFO on a device fd (params {fd}): handled by the driver's ioctl op",
  },
  kvmGroupAdd: {
    call: 'ioctl',
    ioctl: 'KVM_SET_DEVICE_ATTR(KVM_DEV_VFIO_GROUP, KVM_DEV_VFIO_GROUP_ADD)',
    fdParams: ['fd'],
    returns: 'zero',
    summary: "KVM_DEV_VFIO_GROUP_ADD with a group fd (params {fd}) on the VM's kvm-vfio device (not in the fd model)",
  },
  kvmGroupDel: {
    call: 'ioctl',
    ioctl: 'KVM_SET_DEVICE_ATTR(KVM_DEV_VFIO_GROUP, KVM_DEV_VFIO_GROUP_DEL)',
    fdParams: ['fd'],
    returns: 'zero',
    summary: "KVM_DEV_VFIO_GROUP_DEL with a group fd (params {fd}) on the VM's kvm-vfio device",
  },
  unbindDevice: {
    call: 'sysfs',
    path: '/sys/bus/pci/devices/{device}/driver/unbind',
    fdParams: [],
    nameParam: 'device',
    returns: 'zero',
    summary:
      'another process unbinds the VFIO driver from a device (params {device}; only with the hotplug constant): ' +
      'vfio_unregister_group_dev waits for the device files to go, then drops the group reference',
  },
  bindDevice: {
    call: 'sysfs',
    path: '/sys/bus/pci/drivers/vfio-pci/bind',
    fdParams: [],
    nameParam: 'device',
    returns: 'zero',
    summary:
      'another process binds the VFIO driver to a device again (params {device}; only with the hotplug constant): ' +
      'vfio_register_group_dev finds or allocates its group',
  },
} as const satisfies { readonly [action: string]: SyscallDescription };

/** The name of a VFIO syscall action. */
export type SyscallName = keyof typeof SYSCALLS;

/** The device name used for "a name no device of the group has" in `groupGetDeviceFd`. */
export const UNKNOWN_DEVICE = 'unknown';

/** The parameters of each action, as they appear in labels. */
export interface SyscallParams {
  readonly openGroup: { readonly group: number };
  readonly openContainer: null;
  readonly dup: { readonly fd: number };
  readonly close: { readonly fd: number };
  readonly exit: null;
  readonly mmap: { readonly fd: number };
  readonly munmap: { readonly mapping: number };
  readonly getApiVersion: { readonly fd: number };
  readonly checkExtension: { readonly fd: number };
  readonly setIommu: { readonly fd: number };
  readonly mapDma: { readonly fd: number };
  readonly groupGetStatus: { readonly fd: number };
  readonly groupSetContainer: { readonly fd: number; readonly containerFd: number };
  readonly groupUnsetContainer: { readonly fd: number };
  /** `fail` (only with the constant `deviceFdFailures`): the call fails at that point of vfio_device_open. */
  readonly groupGetDeviceFd: { readonly fd: number; readonly device: string; readonly fail?: DeviceFdFailure };
  readonly deviceIoctl: { readonly fd: number };
  readonly kvmGroupAdd: { readonly fd: number };
  readonly kvmGroupDel: { readonly fd: number };
  readonly unbindDevice: { readonly device: string };
  readonly bindDevice: { readonly device: string };
}

/** One syscall as data: an action name and its parameters (a label of a VFIO model). */
export type Syscall = { [K in SyscallName]: { readonly action: K; readonly params: SyscallParams[K] } }[SyscallName];

/** The observable result of a syscall step: a non-negative number or an errno string like `"-EBUSY"`. */
export type SyscallResult = number | `-E${string}`;
