/**
 * Calls made on the wrong kind of fd: each file's own handler answers (drivers/vfio/vfio.c file_operations), so the
 * result is what that handler does with a command it does not know. VFIO ioctl numbers carry no size, so numbers
 * collide across handlers (VFIO_IOMMU_MAP_DMA == VFIO_DEVICE_PCI_HOT_RESET). Same in every version.
 */
import { describe, expect, it } from 'vitest';
import type { Syscall, SyscallResult } from '../../../spec/vfio/syscalls.js';
import { vfioModels } from '../../../spec/vfio/models.js';
import { replay } from './replay.js';

const c = (action: Syscall['action'], params: unknown): Syscall => ({ action, params }) as Syscall;
const PLAIN = '0000:02:00.0'; // vfio-pci-like, group 1 of the default constants
const NOTIFIER = '0000:01:00.0'; // group 0
// container = 3, group 1 = 4, then SET_CONTAINER; the backend is set later
const attached = [c('openContainer', null), c('openGroup', { group: 1 }), c('groupSetContainer', { fd: 4, containerFd: 3 })];
const withDevice = [...attached, c('setIommu', { fd: 3 }), c('groupGetDeviceFd', { fd: 4, device: PLAIN })]; // device = 5

const rows: readonly (readonly [string, readonly Syscall[], Syscall, SyscallResult])[] = [
  ['group ioctl on a container fd without a backend', attached, c('groupGetStatus', { fd: 3 }), '-EINVAL'],
  ['group ioctl on a container fd with a backend (type1 does not know it)', withDevice, c('groupGetStatus', { fd: 3 }), '-ENOTTY'],
  ['device ioctl on a container fd with a backend', withDevice, c('deviceIoctl', { fd: 3 }), '-ENOTTY'],
  ['container ioctl on a group fd', attached, c('getApiVersion', { fd: 4 }), '-ENOTTY'],
  ['MAP_DMA on a group fd', withDevice, c('mapDma', { fd: 4 }), '-ENOTTY'],
  ['container ioctl on a vfio-pci device fd', withDevice, c('setIommu', { fd: 5 }), '-ENOTTY'],
  ['MAP_DMA on a vfio-pci device fd (taken as PCI_HOT_RESET, flags != 0)', withDevice, c('mapDma', { fd: 5 }), '-EINVAL'],
  ['mmap of a group fd', attached, c('mmap', { fd: 4 }), '-ENODEV'],
  ['KVM_DEV_VFIO_GROUP_ADD of a container fd', attached, c('kvmGroupAdd', { fd: 3 }), '-EINVAL'],
  ['KVM_DEV_VFIO_GROUP_DEL of a container fd', attached, c('kvmGroupDel', { fd: 3 }), '-ENOENT'],
  ['SET_CONTAINER naming a group fd', [c('openGroup', { group: 0 })], c('groupSetContainer', { fd: 3, containerFd: 3 }), '-EINVAL'],
];

describe.each(Object.entries(vfioModels))('vfio-%s: ioctls on the wrong kind of fd', (_version, model) => {
  it.each(rows.map((r) => [r[0], r] as const))('%s', (_name, [, prefix, last, want]) => {
    expect(replay(model, 'default', [...prefix, last]).at(-1)!.result).toBe(want);
  });
  it('MAP_DMA on a notifier-driver device fd is -ENOTTY (the number is no command of that driver)', () => {
    const open0 = [
      c('openContainer', null),
      c('openGroup', { group: 0 }),
      c('groupSetContainer', { fd: 4, containerFd: 3 }),
      c('setIommu', { fd: 3 }),
      c('groupGetDeviceFd', { fd: 4, device: NOTIFIER }),
    ];
    expect(replay(model, 'default', [...open0, c('mapDma', { fd: 5 })]).at(-1)!.result).toBe('-ENOTTY');
  });
});
