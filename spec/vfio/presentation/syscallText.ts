/**
 * How VFIO syscall labels (`spec/vfio/syscalls.ts`) read as text: the way userspace wrote the call, strace style —
 * `open("/dev/vfio/0", O_RDWR) = 3`, `ioctl(4, VFIO_GROUP_SET_CONTAINER, [3]) = 0`, `close(5) = -EBADF`.
 */
import type { Json, Label } from '../../../checker/engine/index.js';

const num = (params: Json, key: string): string => {
  const v = params !== null && typeof params === 'object' && !Array.isArray(params) ? (params as { [k: string]: Json })[key] : undefined;
  return v === undefined ? '?' : typeof v === 'string' ? v : JSON.stringify(v);
};

/** A result as strace shows it: numbers as they are, errno strings bare (`-EBUSY`), mmap handles as `mappingN`. */
export function formatSyscallResult(action: string, result: Json | undefined): string {
  if (result === undefined) return '?';
  if (action === 'mmap' && typeof result === 'number') return `mapping${result}`;
  return typeof result === 'string' ? result : JSON.stringify(result);
}

/** What an injected GET_DEVICE_FD failure (the label's `fail`, spec/vfio/state.ts DeviceFdFailure) reads as. */
const FAILURE_TEXT: { readonly [fail: string]: string } = {
  moduleGet: 'try_module_get fails',
  openDevice: 'open_device fails',
  anonFile: 'anon_inode_getfile fails',
};

/**
 * The call part (without ` = result`) of a VFIO syscall label. A GET_DEVICE_FD label with an injected failure names
 * it in brackets: `ioctl(4, VFIO_GROUP_GET_DEVICE_FD, "0000:01:00.0") [injected: open_device fails]`.
 */
export function formatSyscallCall(label: Label): string {
  const p = label.params;
  switch (label.action) {
    case 'openGroup':
      return `open("/dev/vfio/${num(p, 'group')}", O_RDWR)`;
    case 'openContainer':
      return 'open("/dev/vfio/vfio", O_RDWR)';
    case 'dup':
      return `dup(${num(p, 'fd')})`;
    case 'close':
      return `close(${num(p, 'fd')})`;
    case 'exit':
      return 'exit_group(0)';
    case 'mmap':
      return `mmap(NULL, size, PROT_READ|PROT_WRITE, MAP_SHARED, ${num(p, 'fd')}, offset)`;
    case 'munmap':
      return `munmap(mapping${num(p, 'mapping')}, size)`;
    case 'getApiVersion':
      return `ioctl(${num(p, 'fd')}, VFIO_GET_API_VERSION)`;
    case 'checkExtension':
      return `ioctl(${num(p, 'fd')}, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU)`;
    case 'setIommu':
      return `ioctl(${num(p, 'fd')}, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU)`;
    case 'mapDma':
      return `ioctl(${num(p, 'fd')}, VFIO_IOMMU_MAP_DMA, {argsz=32, flags=READ|WRITE, ...})`;
    case 'groupGetStatus':
      return `ioctl(${num(p, 'fd')}, VFIO_GROUP_GET_STATUS, {argsz=8, ...})`;
    case 'groupSetContainer':
      return `ioctl(${num(p, 'fd')}, VFIO_GROUP_SET_CONTAINER, [${num(p, 'containerFd')}])`;
    case 'groupUnsetContainer':
      return `ioctl(${num(p, 'fd')}, VFIO_GROUP_UNSET_CONTAINER)`;
    case 'groupGetDeviceFd': {
      const call = `ioctl(${num(p, 'fd')}, VFIO_GROUP_GET_DEVICE_FD, ${JSON.stringify(num(p, 'device'))})`;
      const fail = num(p, 'fail');
      return fail === '?' ? call : `${call} [injected: ${FAILURE_TEXT[fail] ?? `${fail} fails`}]`;
    }
    case 'deviceIoctl':
      return `ioctl(${num(p, 'fd')}, VFIO_DEVICE_GET_INFO, {argsz=24, ...})`;
    case 'kvmGroupAdd':
      return `ioctl(kvm_vfio, KVM_SET_DEVICE_ATTR, {group=KVM_DEV_VFIO_GROUP, attr=KVM_DEV_VFIO_GROUP_ADD, addr=[${num(p, 'fd')}]})`;
    case 'kvmGroupDel':
      return `ioctl(kvm_vfio, KVM_SET_DEVICE_ATTR, {group=KVM_DEV_VFIO_GROUP, attr=KVM_DEV_VFIO_GROUP_DEL, addr=[${num(p, 'fd')}]})`;
    case 'unbindDevice':
      return `write("/sys/bus/pci/devices/${num(p, 'device')}/driver/unbind", "${num(p, 'device')}")`;
    case 'bindDevice':
      return `write("/sys/bus/pci/drivers/vfio-pci/bind", "${num(p, 'device')}")`;
    default:
      return `${label.action}(${JSON.stringify(p)})`;
  }
}

/** One VFIO step as userspace wrote it, with its result: `ioctl(4, VFIO_GROUP_UNSET_CONTAINER) = -EBUSY`. */
export function formatSyscall(label: Label, result: Json | undefined): string {
  const call = formatSyscallCall(label);
  if (label.action === 'exit') return result === undefined ? call : `exit_group(${formatSyscallResult(label.action, result)}) = ?`;
  return result === undefined ? call : `${call} = ${formatSyscallResult(label.action, result)}`;
}

