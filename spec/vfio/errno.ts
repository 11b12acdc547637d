/**
 * The errno values the VFIO models return, as the strings a syscall step reports (`"-EBUSY"`), so traces read like
 * strace. Only the values a modelled kernel path can return are listed.
 */
export const errno = {
  /** Bad file descriptor: the fd is not open (fget failed). */
  EBADF: '-EBADF',
  /** Device or resource busy: the group is already open, or device FDs still use its container. */
  EBUSY: '-EBUSY',
  /** Invalid argument: wrong state for the ioctl, an fd of the wrong kind, or a header the device driver rejects. */
  EINVAL: '-EINVAL',
  /** Too many open files: no free slot in the fd table. */
  EMFILE: '-EMFILE',
  /** No such device: unknown device name, or mmap of a file without an mmap op. */
  ENODEV: '-ENODEV',
  /** Out of memory: the process's mapping limit is reached (the model's max_map_count). */
  ENOMEM: '-ENOMEM',
  /** Inappropriate ioctl: the file does not implement this ioctl. */
  ENOTTY: '-ENOTTY',
  /** Already exists: KVM already holds this group file. */
  EEXIST: '-EEXIST',
  /** No such entry: KVM does not hold this group file. */
  ENOENT: '-ENOENT',
  /** Too many open files in the system: anon_inode_getfile found no free struct file (alloc_empty_file). */
  ENFILE: '-ENFILE',
  /** No such process: kvmgt's open_device without a KVM of the calling process (the `notifier` driver's failure). */
  ESRCH: '-ESRCH',
  /** Try again: vfio-pci's open_device (vfio_pci_core_enable) when the reset cannot take the device lock. */
  EAGAIN: '-EAGAIN',
} as const;

/** One of the errno strings above. */
export type Errno = (typeof errno)[keyof typeof errno];
