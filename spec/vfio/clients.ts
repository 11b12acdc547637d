/**
 * Real-client syscall sequences (semantics §5) and Sequences A–C (§4.2), as data: the labels a client issues, in
 * order, with the result the kernel returns at each step in each version. Tests replay them on the models, and the
 * trace helper replays them to render strace/C output, so both use exactly these sequences.
 *
 * Results are what the kernel returns, established from the semantics document and drivers/vfio/vfio.c at each
 * commit; a step whose result differs between versions gives one per version. fd numbers assume `firstFd: 3`.
 * Device names are those of the models' constant sets ('0000:01:00.0' is in group 0).
 */
import type { KernelVersion } from './kernel.js';
import type { Syscall, SyscallResult } from './syscalls.js';

/** The result of one step: the same in every version, or one per version. */
export type ExpectedResult = SyscallResult | { readonly [V in KernelVersion]: SyscallResult };

/** One step of a client sequence. */
export interface ClientStep {
  readonly call: Syscall;
  readonly result: ExpectedResult;
  /** What the client is doing (the library function), or why the result is what it is. */
  readonly note?: string;
}

/** A client sequence: a named list of steps and the constant set it runs under. */
export interface ClientSequence {
  readonly name: string;
  readonly summary: string;
  /** The semantics section (and client source) it comes from. */
  readonly reference: string;
  /** The model constant set the sequence is replayed with. */
  readonly constantSet: string;
  readonly steps: readonly ClientStep[];
}

/** The result a step expects on `version`. */
export function expectedResult(step: ClientStep, version: KernelVersion): SyscallResult {
  return typeof step.result === 'object' ? step.result[version] : step.result;
}

const DEV = '0000:01:00.0';

const s = {
  openGroup: (group: number): Syscall => ({ action: 'openGroup', params: { group } }),
  openContainer: (): Syscall => ({ action: 'openContainer', params: null }),
  dup: (fd: number): Syscall => ({ action: 'dup', params: { fd } }),
  close: (fd: number): Syscall => ({ action: 'close', params: { fd } }),
  exit: (): Syscall => ({ action: 'exit', params: null }),
  mmap: (fd: number): Syscall => ({ action: 'mmap', params: { fd } }),
  munmap: (mapping: number): Syscall => ({ action: 'munmap', params: { mapping } }),
  getApiVersion: (fd: number): Syscall => ({ action: 'getApiVersion', params: { fd } }),
  checkExtension: (fd: number): Syscall => ({ action: 'checkExtension', params: { fd } }),
  setIommu: (fd: number): Syscall => ({ action: 'setIommu', params: { fd } }),
  mapDma: (fd: number): Syscall => ({ action: 'mapDma', params: { fd } }),
  getStatus: (fd: number): Syscall => ({ action: 'groupGetStatus', params: { fd } }),
  setContainer: (fd: number, containerFd: number): Syscall => ({
    action: 'groupSetContainer',
    params: { fd, containerFd },
  }),
  unsetContainer: (fd: number): Syscall => ({ action: 'groupUnsetContainer', params: { fd } }),
  getDeviceFd: (fd: number, device: string): Syscall => ({ action: 'groupGetDeviceFd', params: { fd, device } }),
  deviceIoctl: (fd: number): Syscall => ({ action: 'deviceIoctl', params: { fd } }),
  kvmAdd: (fd: number): Syscall => ({ action: 'kvmGroupAdd', params: { fd } }),
  kvmDel: (fd: number): Syscall => ({ action: 'kvmGroupDel', params: { fd } }),
};

/** NEW (b76c0eed) leaves container_users at 1 after a group release that detached the container. */
const newLeaksUser = { old: 0, new: '-EINVAL', post: 0 } as const;

/** Sequence A (§4.2): close the group fd while a device fd is open, then the device fd. */
export const sequenceA: ClientSequence = {
  name: 'sequenceA',
  summary: 'close(group) with a device fd open, re-open refused, close(device), re-open succeeds',
  reference: 'semantics §4.2 Sequence A',
  constantSet: 'small',
  steps: [
    { call: s.openContainer(), result: 3 },
    { call: s.openGroup(0), result: 4 },
    { call: s.setContainer(4, 3), result: 0 },
    { call: s.setIommu(3), result: 0 },
    { call: s.getDeviceFd(4, DEV), result: 5 },
    { call: s.close(4), result: 0, note: 'OLD: group release runs (opened = F, container kept); NEW/POST: pinned' },
    { call: s.openGroup(0), result: '-EBUSY', note: 'OLD: container set; NEW/POST: opened_file set' },
    { call: s.close(5), result: 0, note: 'the container is detached in every version' },
    { call: s.openGroup(0), result: 4 },
    { call: s.setContainer(4, 3), result: newLeaksUser, note: 'NEW: container_users stayed 1 after the detach' },
  ],
};

/** Sequence B (§4.2, DPDK teardown order): close(device), close(group), then munmap. */
export const sequenceB: ClientSequence = {
  name: 'sequenceB',
  summary: 'mmap a BAR, close(device), close(group), munmap: the release happens at munmap (NEW/POST) or split (OLD)',
  reference: 'semantics §4.2 Sequence B, §5.3',
  constantSet: 'small',
  steps: [
    { call: s.openContainer(), result: 3 },
    { call: s.openGroup(0), result: 4 },
    { call: s.setContainer(4, 3), result: 0 },
    { call: s.setIommu(3), result: 0 },
    { call: s.getDeviceFd(4, DEV), result: 5 },
    { call: s.mmap(5), result: 0 },
    { call: s.close(5), result: 0, note: 'the VMA still holds the device file' },
    { call: s.close(4), result: 0, note: 'OLD: group release runs now; NEW/POST: the device file pins the group' },
    { call: s.openGroup(0), result: '-EBUSY' },
    { call: s.munmap(0), result: 0, note: 'device release; then the detach (OLD: inside it; NEW/POST: group release)' },
    { call: s.openGroup(0), result: 4 },
    { call: s.setContainer(4, 3), result: newLeaksUser },
  ],
};

/** Sequence C (§4.2): KVM holds the group file across close. */
export const sequenceC: ClientSequence = {
  name: 'sequenceC',
  summary: 'KVM_DEV_VFIO_GROUP_ADD keeps the group file alive across close until KVM_DEV_VFIO_GROUP_DEL',
  reference: 'semantics §4.2 Sequence C, §2.12',
  constantSet: 'small',
  steps: [
    { call: s.openContainer(), result: 3 },
    { call: s.openGroup(0), result: 4 },
    { call: s.setContainer(4, 3), result: 0 },
    { call: s.setIommu(3), result: 0 },
    { call: s.kvmAdd(4), result: 0 },
    { call: s.kvmAdd(4), result: '-EEXIST' },
    { call: s.dup(4), result: 5 },
    { call: s.close(4), result: 0 },
    { call: s.openGroup(0), result: '-EBUSY', note: 'the group file lives on (fd 5 and KVM)' },
    { call: s.kvmDel(5), result: 0 },
    { call: s.kvmDel(5), result: '-ENOENT' },
    { call: s.openGroup(0), result: '-EBUSY', note: 'fd 5 still holds the group file' },
    { call: s.close(5), result: 0, note: 'group release: detach' },
    { call: s.openGroup(0), result: 4 },
    { call: s.kvmAdd(3), result: '-EINVAL', note: 'a container fd is not a group file' },
    { call: s.kvmAdd(5), result: '-EBADF', note: 'fd 5 is closed' },
  ],
};

/** QEMU attach then detach (legacy container backend), then a second attach (hot-plug again). */
export const qemuAttachDetach: ClientSequence = {
  name: 'qemuAttachDetach',
  summary: 'QEMU vfio_get_group / vfio_connect_container / vfio_get_device, then BAR unmap, put device, put group',
  reference: 'semantics §5.2 (qemu hw/vfio/container.c)',
  constantSet: 'small',
  steps: [
    { call: s.openGroup(0), result: 3, note: 'vfio_get_group' },
    { call: s.getStatus(3), result: 0, note: 'VIABLE' },
    { call: s.openContainer(), result: 4, note: 'vfio_connect_container: no container in the AS yet' },
    { call: s.getApiVersion(4), result: 0 },
    { call: s.checkExtension(4), result: 1, note: 'TYPE1v2' },
    { call: s.setContainer(3, 4), result: 0 },
    { call: s.setIommu(4), result: 0 },
    { call: s.kvmAdd(3), result: 0, note: 'vfio_kvm_device_add_group' },
    { call: s.mapDma(4), result: 0, note: 'memory listener maps guest RAM' },
    { call: s.getDeviceFd(3, DEV), result: 5, note: 'vfio_get_device' },
    { call: s.deviceIoctl(5), result: 0, note: 'VFIO_DEVICE_GET_INFO' },
    { call: s.mmap(5), result: 0, note: 'BAR mmap' },
    { call: s.munmap(0), result: 0, note: 'vfio_bars_finalize' },
    { call: s.close(5), result: 0, note: 'vfio_put_base_device' },
    { call: s.kvmDel(3), result: 0, note: 'vfio_put_group: vfio_kvm_device_del_group' },
    { call: s.unsetContainer(3), result: 0, note: 'vfio_disconnect_container' },
    { call: s.close(4), result: 0, note: 'last group: close the container' },
    { call: s.close(3), result: 0 },
    { call: s.openGroup(0), result: 3, note: 'attach again' },
    { call: s.openContainer(), result: 4 },
    { call: s.setContainer(3, 4), result: 0, note: 'UNSET_CONTAINER zeroed container_users in every version' },
    { call: s.setIommu(4), result: 0 },
    { call: s.getDeviceFd(3, DEV), result: 5 },
  ],
};

/** DPDK EAL setup and teardown (mappings held across close), then device setup again in the same process. */
export const dpdkSetupTeardown: ClientSequence = {
  name: 'dpdkSetupTeardown',
  summary: 'rte_vfio_enable, rte_vfio_setup_device, BAR mmap; release: close(device), close(group), munmap; re-setup',
  reference: 'semantics §5.3 (dpdk lib/eal/linux/eal_vfio.c, drivers/bus/pci/linux/pci_vfio.c)',
  constantSet: 'small',
  steps: [
    { call: s.openContainer(), result: 3, note: 'rte_vfio_enable' },
    { call: s.getApiVersion(3), result: 0 },
    { call: s.checkExtension(3), result: 1 },
    { call: s.openGroup(0), result: 4, note: 'rte_vfio_setup_device' },
    { call: s.getStatus(4), result: 0, note: 'VIABLE, CONTAINER_SET not set' },
    { call: s.setContainer(4, 3), result: 0 },
    { call: s.setIommu(3), result: 0, note: 'first group: set the IOMMU type and map memory' },
    { call: s.mapDma(3), result: 0 },
    { call: s.getDeviceFd(4, DEV), result: 5 },
    { call: s.deviceIoctl(5), result: 0 },
    { call: s.mmap(5), result: 0, note: 'the PCI bus maps the BARs' },
    { call: s.close(5), result: 0, note: 'rte_vfio_release_device' },
    { call: s.close(4), result: 0, note: 'last device of the group: close the group fd, no UNSET_CONTAINER' },
    { call: s.munmap(0), result: 0, note: 'find_and_unmap_vfio_resource: the releases run here' },
    { call: s.openGroup(0), result: 4, note: 'hot-plug the device again' },
    { call: s.getStatus(4), result: 0 },
    { call: s.setContainer(4, 3), result: newLeaksUser, note: 'NEW: container_users leaked at the detach' },
  ],
};

/** The kernel selftests' library (tools/testing/selftests/vfio, legacy mode), run twice by two processes. */
export const selftestsLibrary: ClientSequence = {
  name: 'selftestsLibrary',
  summary: 'vfio_pci_device init and cleanup (munmap, close device, close group, close container), then a second test',
  reference: 'semantics §5.5 (lib/vfio_pci_device.c)',
  constantSet: 'small',
  steps: [
    { call: s.openContainer(), result: 3 },
    { call: s.getApiVersion(3), result: 0 },
    { call: s.openGroup(0), result: 4 },
    { call: s.getStatus(4), result: 0 },
    { call: s.setContainer(4, 3), result: 0 },
    { call: s.checkExtension(3), result: 1 },
    { call: s.setIommu(3), result: 0 },
    { call: s.getDeviceFd(4, DEV), result: 5 },
    { call: s.deviceIoctl(5), result: 0 },
    { call: s.mmap(5), result: 0 },
    { call: s.munmap(0), result: 0, note: 'cleanup' },
    { call: s.close(5), result: 0 },
    { call: s.close(4), result: 0, note: 'group release detaches (no UNSET_CONTAINER)' },
    { call: s.close(3), result: 0 },
    { call: s.exit(), result: 0, note: 'the test process exits; the next test runs in a new process' },
    { call: s.openContainer(), result: 3 },
    { call: s.openGroup(0), result: 4 },
    { call: s.getStatus(4), result: 0 },
    { call: s.setContainer(4, 3), result: newLeaksUser, note: 'NEW: the kernel kept container_users == 1' },
  ],
};

/** Every client sequence, by name. */
export const clientSequences: readonly ClientSequence[] = [
  sequenceA,
  sequenceB,
  sequenceC,
  qemuAttachDetach,
  dpdkSetupTeardown,
  selftestsLibrary,
];
