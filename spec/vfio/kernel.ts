/**
 * The kernel functions of the VFIO models, one method per kernel function, parametrised by the kernel version:
 * `old` = e0e29bdb (parent of b76c0eed), `new` = b76c0eed "vfio: Simplify the life cycle of the group FD",
 * `post` = 3ca54708 (what shipped in v5.19). Written from ../shared/vfio/semantics.md (§2) and checked against
 * drivers/vfio/vfio.c at those commits; the versions differ only where the kernel does (every `this.version` test).
 *
 * Granularity: one syscall is one atomic step. A file whose last reference drops is released by task work before
 * the syscall returns (semantics §1.7): `fput` queues the release and {@link VfioKernel.runTaskWork} runs the
 * queue, so a release that drops another file's last reference (NEW/POST: a device file's release drops its pin
 * on the group file) runs after the first release has finished, as in the kernel. The kernel's task-work list is
 * LIFO while this queue is FIFO; the only step that queues more than one release at once is `exit`, and there the
 * order changes no modelled outcome (OLD: both orders detach once and clear `opened`; NEW/POST: the group release
 * can only follow its device releases).
 *
 * Kernel assertions (every reachable WARN_ON on these paths and every dereference of a pointer that can be NULL
 * here) are `assertThat(cond, name, 'kernel_function: condition')`. Two WARN sites on these paths are unreachable by
 * construction and not modelled: `vfio_assert_device_open` inside notifier (un)registration (open_count is already
 * ≥ 1 when open_device/close_device call it) and `WARN_ON(!container)` after the container fdget in
 * `vfio_group_set_container` (a live container file always has its container). A WARN aborts the step in the model although the kernel
 * goes on; the checker reports the first one reached.
 *
 * A `VfioKernel` is a short-lived, single-step object: it starts from an immutable state and builds the successor
 * with structural sharing. The first write of a step copies the root record, and the first write to an array copies
 * that array once; later writes of the same step change those copies in place (they belong to this step alone).
 * Records inside arrays (a group, a container, …) are replaced, never changed, so a record read earlier in a step
 * keeps its value. A step that changes nothing returns the very state it was given.
 */
import { assertThat } from '../../checker/engine/index.js';
import { errno, type Errno } from './errno.js';
import { FRESH_GROUP, type ContainerState, type DeviceFdFailure, type DeviceFileState, type FdEntry, type GroupState, type VfioConstants, type VfioState } from './state.js';

/** The kernel version a model follows. */
export type KernelVersion = 'old' | 'new' | 'post';

/** A reference to a `struct file`: a group's file, a container's file or a device-file slot. */
export type FileRef = FdEntry;

/** What the group release saw when it started (for property I-5). */
export interface GroupReleaseEvent {
  readonly group: number;
  /** Device files of the group alive at that moment (DF(G)). */
  readonly deviceFiles: number;
  readonly containerUsers: number;
  /** Whether the group's notifier chain was empty. */
  readonly notifierEmpty: boolean;
}

/** Observes kernel events inside a step, for action properties; never changes the step. */
export interface KernelProbe {
  groupRelease?(event: GroupReleaseEvent): void;
}

/** The commands an ioctl label can carry. */
export type IoctlCommand =
  | 'GET_API_VERSION'
  | 'CHECK_EXTENSION'
  | 'SET_IOMMU'
  | 'MAP_DMA'
  | 'GROUP_GET_STATUS'
  | 'GROUP_SET_CONTAINER'
  | 'GROUP_UNSET_CONTAINER'
  | 'GROUP_GET_DEVICE_FD'
  | 'DEVICE_GET_INFO';

/** A syscall's observable result: a non-negative number or an errno string. */
export type KernelResult = number | Errno;

/** Number of live device files of group `g` in `s` (DF(G) of the semantics). */
export function deviceFilesOfGroup(s: VfioState, c: VfioConstants, g: number): number {
  let n = 0;
  for (const f of s.deviceFiles) if (f !== null && c.devices[f.device]!.group === g) n += 1;
  return n;
}

/** The devices of group `g` whose driver has a block on the group notifier chain. */
export function notifierDevicesOfGroup(s: VfioState, c: VfioConstants, g: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.devices.length; i += 1) if (s.devices[i]!.notifier && c.devices[i]!.group === g) out.push(i);
  return out;
}

/**
 * The errno GET_DEVICE_FD returns for the injected failure `at` of device `d` (semantics §2.8): try_module_get's
 * -ENODEV; the driver's open_device error (kvmgt, the `notifier` and `faulty` drivers: -ESRCH without a KVM of the
 * caller, after it registered its notifiers; vfio-pci, `plain`: -EAGAIN from vfio_pci_core_enable when the reset
 * cannot take the device lock); anon_inode_getfile's -ENFILE (no free struct file; -ENOMEM takes the same path).
 */
export function deviceFdFailureErrno(c: VfioConstants, d: number, at: DeviceFdFailure): Errno {
  if (at === 'moduleGet') return errno.ENODEV;
  if (at === 'anonFile') return errno.ENFILE;
  return c.devices[d]!.driver === 'plain' ? errno.EAGAIN : errno.ESRCH;
}

/** The arrays of a state, which a step copies (at most once each) before replacing their elements. */
type StateArray = 'groups' | 'devices' | 'deviceFiles' | 'containers' | 'fds' | 'mappings' | 'registered';

/** One bit per {@link StateArray}, for {@link VfioKernel}'s record of the arrays it has copied. */
const ARRAY_BIT: { readonly [K in StateArray]: number } = {
  groups: 1,
  devices: 2,
  deviceFiles: 4,
  containers: 8,
  fds: 16,
  mappings: 32,
  registered: 64,
};

/** One syscall's worth of kernel execution for one version. */
export class VfioKernel {
  /** The state being built (the successor, once the syscall is done). */
  s: VfioState;
  /** Files whose last reference dropped in this step, to release as task work (allocated on first use). */
  private pending: FileRef[] | undefined;
  /**
   * The failure to inject into this step's vfio_device_open (constant `deviceFdFailures`), or undefined; and whether
   * the call reached that failure point (a call that fails earlier, or succeeds without calling open_device, never
   * does: the spec disables such a label).
   */
  injectFailure: DeviceFdFailure | undefined;
  failureReached = false;

  constructor(
    readonly version: KernelVersion,
    readonly c: VfioConstants,
    state: VfioState,
    private readonly probe?: KernelProbe,
  ) {
    this.s = state;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // State access (structural sharing: the root and each array are copied at most once per step)

  /** The successor's root record once this step has copied it (it may then change it in place), else undefined. */
  private root: Record<StateArray, unknown[]> | undefined;
  /** The arrays this step has copied already, one bit per {@link StateArray} (see {@link ARRAY_BIT}). */
  private copied = 0;

  /** The array `key` of the successor, copied once in this step, so that its elements can be replaced in place. */
  private writable(key: StateArray): unknown[] {
    let root = this.root;
    if (root === undefined) {
      root = { ...(this.s as unknown as Record<StateArray, unknown[]>) };
      this.root = root;
      this.s = root as unknown as VfioState;
    }
    const bit = ARRAY_BIT[key];
    if ((this.copied & bit) !== 0) return root[key];
    const copy = root[key].slice();
    this.copied |= bit;
    root[key] = copy;
    return copy;
  }

  private group(g: number): GroupState {
    return this.s.groups[g]!;
  }
  private setGroup(g: number, patch: Partial<GroupState>): void {
    const groups = this.writable('groups') as GroupState[];
    const old = groups[g]!;
    // field by field (a spread of a patch object is the slow path of this hot function)
    groups[g] = {
      fileRefs: patch.fileRefs ?? old.fileRefs,
      opened: patch.opened ?? old.opened,
      container: patch.container !== undefined ? patch.container : old.container,
      containerUsers: patch.containerUsers ?? old.containerUsers,
      kvm: patch.kvm ?? old.kvm,
    };
  }
  private setDevice(d: number, patch: Partial<VfioState['devices'][number]>): void {
    const devices = this.writable('devices') as VfioState['devices'][number][];
    const old = devices[d]!;
    devices[d] = { openCount: patch.openCount ?? old.openCount, notifier: patch.notifier ?? old.notifier };
  }
  private container(ci: number): ContainerState {
    const cont = this.s.containers[ci];
    if (cont === null || cont === undefined) throw new Error(`model error: container ${ci} does not exist`);
    return cont;
  }
  private setContainer(ci: number, value: ContainerState | null): void {
    this.writable('containers')[ci] = value;
  }
  /** Replaces live container `ci` by a copy with the fields of `patch` changed. */
  private patchContainer(ci: number, patch: Partial<ContainerState>): void {
    const old = this.container(ci);
    this.writable('containers')[ci] = {
      fileRefs: patch.fileRefs ?? old.fileRefs,
      kref: patch.kref ?? old.kref,
      backend: patch.backend ?? old.backend,
    };
  }
  private deviceFile(slot: number): DeviceFileState {
    const f = this.s.deviceFiles[slot];
    if (f === null || f === undefined) throw new Error(`model error: device file ${slot} does not exist`);
    return f;
  }
  private setDeviceFile(slot: number, value: DeviceFileState | null): void {
    this.writable('deviceFiles')[slot] = value;
  }
  private groupOfDevice(d: number): number {
    return this.c.devices[d]!.group;
  }
  /** Whether device `d` is registered with VFIO (always, without the `hotplug` constant). */
  private isRegistered(d: number): boolean {
    return this.s.registered?.[d] ?? true;
  }
  private setRegistered(d: number, value: boolean): void {
    const registered = this.writable('registered') as boolean[];
    registered[d] = value;
  }
  /** Whether group `g` holds a `users` reference from a registered device (vfio_register_group_dev's). */
  private hasRegisteredDevice(g: number): boolean {
    return this.c.devices.some((dev, d) => dev.group === g && this.isRegistered(d));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The fd table and struct file reference counts (VFS)

  /** The fd number of fd-table slot `slot`. */
  fdNumber(slot: number): number {
    return this.c.firstFd + slot;
  }
  /** fget: the file an fd number refers to, or undefined for a closed or out-of-range fd. */
  fget(fd: number): FileRef | undefined {
    const entry = this.s.fds[fd - this.c.firstFd];
    return entry === null ? undefined : entry;
  }
  /** get_unused_fd_flags: the lowest free slot, or -1 when the table is full. */
  private allocFd(): number {
    return this.s.fds.indexOf(null);
  }
  private installFd(slot: number, file: FileRef | null): void {
    this.writable('fds')[slot] = file;
  }
  private adjustRefs(file: FileRef, delta: number): number {
    switch (file.kind) {
      case 'group': {
        const refs = this.group(file.obj).fileRefs + delta;
        this.setGroup(file.obj, { fileRefs: refs });
        return refs;
      }
      case 'container': {
        const refs = this.container(file.obj).fileRefs + delta;
        this.patchContainer(file.obj, { fileRefs: refs });
        return refs;
      }
      case 'device': {
        const f = this.deviceFile(file.obj);
        const refs = f.refs + delta;
        this.setDeviceFile(file.obj, { device: f.device, refs });
        return refs;
      }
    }
  }
  /** get_file: one more reference on `file`. */
  private getFile(file: FileRef): void {
    this.adjustRefs(file, 1);
  }
  /** fput: one reference less; the last one queues the file's release as task work. */
  private fput(file: FileRef): void {
    if (this.adjustRefs(file, -1) === 0) (this.pending ??= []).push(file);
  }
  /** task_work_run: releases queued files (and the releases they queue) before the syscall returns. */
  runTaskWork(): void {
    const pending = this.pending;
    if (pending === undefined) return;
    for (let file = pending.shift(); file !== undefined; file = pending.shift()) {
      if (file.kind === 'group') this.vfio_group_fops_release(file.obj);
      else if (file.kind === 'container') this.vfio_fops_release(file.obj);
      else this.vfio_device_fops_release(file.obj);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Syscalls (the VFS side, then dispatch to the VFIO file operations)

  /** open("/dev/vfio/N"): reserve an fd, create a struct file, run the group's open. */
  sysOpenGroup(g: number): KernelResult {
    const slot = this.allocFd();
    if (slot < 0) return errno.EMFILE;
    // the group's cdev exists while the group object does (semantics §2.15): else there is no /dev/vfio/N
    if (this.group(g).fileRefs === 0 && !this.hasRegisteredDevice(g)) return errno.ENOENT;
    const ret = this.vfio_group_fops_open(g);
    if (ret !== 0) return ret; // the new struct file is discarded without a release
    this.setGroup(g, { fileRefs: 1 });
    this.installFd(slot, { kind: 'group', obj: g });
    return this.fdNumber(slot);
  }

  /** open("/dev/vfio/vfio"); the caller ensures a free container slot (a model bound). */
  sysOpenContainer(): KernelResult {
    const slot = this.allocFd();
    if (slot < 0) return errno.EMFILE;
    const ci = this.vfio_fops_open();
    this.installFd(slot, { kind: 'container', obj: ci });
    return this.fdNumber(slot);
  }

  /** dup(fd). */
  sysDup(fd: number): KernelResult {
    const file = this.fget(fd);
    if (file === undefined) return errno.EBADF;
    const slot = this.allocFd();
    if (slot < 0) return errno.EMFILE;
    this.getFile(file);
    this.installFd(slot, file);
    return this.fdNumber(slot);
  }

  /** close(fd). */
  sysClose(fd: number): KernelResult {
    const file = this.fget(fd);
    if (file === undefined) return errno.EBADF;
    this.installFd(fd - this.c.firstFd, null);
    this.fput(file);
    return 0;
  }

  /** exit: exit_mm drops the mappings, exit_files the fds in increasing order; the VM goes with its fd. */
  sysExit(): KernelResult {
    this.s.mappings.forEach((m, i) => {
      if (m !== null) this.sysMunmap(i);
    });
    this.s.fds.forEach((entry, i) => {
      if (entry !== null) this.sysClose(this.fdNumber(i));
    });
    this.s.groups.forEach((grp, g) => {
      if (grp.kvm) this.kvm_vfio_release_group(g);
    });
    return 0;
  }

  /** mmap of a device region through `fd`. */
  sysMmap(fd: number): KernelResult {
    const file = this.fget(fd);
    if (file === undefined) return errno.EBADF;
    const m = this.s.mappings.indexOf(null);
    if (m < 0) return errno.ENOMEM;
    if (file.kind !== 'device') return errno.ENODEV; // group and container files have no mmap op
    // vfio_device_fops_mmap → the driver's mmap op, which every modelled driver kind has (see DriverKind); the VMA
    // pins the file.
    this.getFile(file);
    this.writable('mappings')[m] = file.obj;
    return m;
  }

  /** munmap of mapping handle `m` (nothing mapped there: success, no effect). */
  sysMunmap(m: number): KernelResult {
    const slot = this.s.mappings[m];
    if (slot === null || slot === undefined) return 0;
    this.writable('mappings')[m] = null;
    this.fput({ kind: 'device', obj: slot });
    return 0;
  }

  /** ioctl(fd, cmd, arg): dispatch on the kind of file. */
  sysIoctl(fd: number, cmd: IoctlCommand, arg?: number | string): KernelResult {
    const file = this.fget(fd);
    if (file === undefined) return errno.EBADF;
    switch (file.kind) {
      case 'group':
        return this.vfio_group_fops_unl_ioctl(file.obj, cmd, arg);
      case 'container':
        return this.vfio_fops_unl_ioctl(file.obj, cmd);
      case 'device':
        return this.vfio_device_fops_unl_ioctl(file.obj, cmd);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // KVM (virt/kvm/vfio.c, 5.19 file-reference model; identical in all versions)

  /** KVM_DEV_VFIO_GROUP_ADD(fd). */
  kvm_vfio_group_add(fd: number): KernelResult {
    const file = this.fget(fd);
    if (file === undefined) return errno.EBADF;
    if (file.kind !== 'group') return errno.EINVAL; // vfio_file_iommu_group() is NULL
    if (this.group(file.obj).kvm) return errno.EEXIST; // this struct file is already on KVM's list
    this.getFile(file); // KVM keeps the file reference
    this.vfio_file_set_kvm(file.obj, true);
    // vfio_file_enforced_coherent: reads group->container under the read lock; no state change.
    return 0;
  }

  /** KVM_DEV_VFIO_GROUP_DEL(fd). */
  kvm_vfio_group_del(fd: number): KernelResult {
    const file = this.fget(fd);
    if (file === undefined) return errno.EBADF;
    if (file.kind !== 'group' || !this.group(file.obj).kvm) return errno.ENOENT;
    this.kvm_vfio_release_group(file.obj);
    return 0;
  }

  /** The kvm-vfio device lets go of group `g`'s file (GROUP_DEL or VM destruction). */
  private kvm_vfio_release_group(g: number): void {
    this.vfio_file_set_kvm(g, false);
    this.fput({ kind: 'group', obj: g });
  }

  /** vfio_file_set_kvm: store group->kvm and call the notifier chain (drivers keep the pointer; no VFIO state). */
  private vfio_file_set_kvm(g: number, kvm: boolean): void {
    this.setGroup(g, { kvm });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // /dev/vfio/vfio: containers

  /** vfio_fops_open: a new container, kref 1 for its file. */
  private vfio_fops_open(): number {
    const ci = this.s.containers.indexOf(null);
    if (ci < 0) throw new Error('model error: no free container slot (the action should be disabled)');
    this.setContainer(ci, { fileRefs: 1, kref: 1, backend: false });
    return ci;
  }

  /** vfio_fops_release: tell the backend (no state), drop the file's container reference. */
  private vfio_fops_release(ci: number): void {
    this.vfio_container_put(ci);
  }

  private vfio_container_get(ci: number): void {
    this.patchContainer(ci, { kref: this.container(ci).kref + 1 });
  }

  private vfio_container_put(ci: number): void {
    const kref = this.container(ci).kref;
    if (kref === 1) this.setContainer(ci, null);
    else this.patchContainer(ci, { kref: kref - 1 });
  }

  private groupsAttachedTo(ci: number): number {
    let n = 0;
    for (const grp of this.s.groups) if (grp.container === ci) n += 1;
    return n;
  }

  /** vfio_fops_unl_ioctl. */
  private vfio_fops_unl_ioctl(ci: number, cmd: IoctlCommand): KernelResult {
    switch (cmd) {
      case 'GET_API_VERSION':
        return 0; // VFIO_API_VERSION
      case 'CHECK_EXTENSION':
        return 1; // type1 answers VFIO_TYPE1v2_IOMMU, with or without a backend instance
      case 'SET_IOMMU':
        return this.vfio_ioctl_set_iommu(ci);
      default:
        // passthrough to the backend (type1: MAP_DMA succeeds, unknown commands are -ENOTTY), else -EINVAL
        if (!this.container(ci).backend) return errno.EINVAL;
        return cmd === 'MAP_DMA' ? 0 : errno.ENOTTY;
    }
  }

  /** vfio_ioctl_set_iommu (container->group_lock held for write). */
  private vfio_ioctl_set_iommu(ci: number): KernelResult {
    const cont = this.container(ci);
    if (this.groupsAttachedTo(ci) === 0 || cont.backend) return errno.EINVAL;
    // type1 opens and attaches every attached group (no failure modelled)
    this.patchContainer(ci, { backend: true });
    return 0;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // /dev/vfio/N: groups

  /** vfio_group_fops_open (group_rwsem held for write throughout). */
  vfio_group_fops_open(g: number): KernelResult {
    const grp = this.group(g);
    // users > 0 (the group has registered devices) and IOMMU-backed: no -ENODEV, no -EPERM
    if (this.version === 'old') {
      if (grp.opened || grp.container !== null) return errno.EBUSY;
      this.setGroup(g, { opened: true });
      const stale = notifierDevicesOfGroup(this.s, this.c, g);
      assertThat(stale.length === 0, 'warnStaleNotifierAtOpen', 'vfio_group_fops_open: WARN_ON(group->notifier.head)');
      for (const d of stale) this.setDevice(d, { notifier: false }); // BLOCKING_INIT_NOTIFIER_HEAD
      return 0;
    }
    if (grp.opened) return errno.EBUSY; // group->opened_file != NULL
    this.setGroup(g, { opened: true }); // group->opened_file = filep
    return 0;
  }

  /** vfio_group_fops_release: the group file's last reference is gone. */
  vfio_group_fops_release(g: number): void {
    this.probe?.groupRelease?.({
      group: g,
      deviceFiles: deviceFilesOfGroup(this.s, this.c, g),
      containerUsers: this.group(g).containerUsers,
      notifierEmpty: notifierDevicesOfGroup(this.s, this.c, g).length === 0,
    });
    if (this.version === 'old') {
      this.vfio_group_try_dissolve_container(g);
      this.setGroup(g, { opened: false }); // a second group_rwsem section
      this.vfio_group_put(g); // the file's group reference
      return;
    }
    assertThat(
      notifierDevicesOfGroup(this.s, this.c, g).length === 0,
      'warnNotifierAtRelease',
      'vfio_group_fops_release: WARN_ON(group->notifier.head)',
    );
    if (this.group(g).container !== null) {
      assertThat(
        this.group(g).containerUsers === 1,
        'warnContainerUsersAtRelease',
        'vfio_group_fops_release: WARN_ON(container_users != 1)',
      );
      this.__vfio_group_unset_container(g);
    }
    this.setGroup(g, { opened: false }); // group->opened_file = NULL
    this.vfio_group_put(g); // the file's group reference
  }

  /**
   * vfio_group_put: drops one `users` reference of group `g` (the group file's, at its release, or a registered
   * device's, at unregistration). The model derives the count: the group lives while its file does or one of its
   * devices is registered. The last put checks that every paired operation was undone, then frees the group
   * (cdev_device_del: /dev/vfio/N disappears); a later registration allocates a fresh one.
   */
  private vfio_group_put(g: number): void {
    if (this.group(g).fileRefs > 0 || this.hasRegisteredDevice(g)) return;
    const grp = this.group(g);
    // WARN_ON(!list_empty(&group->device_list)) cannot fire: the count includes every registered device
    if (this.version === 'post') {
      assertThat(
        grp.container === null && grp.containerUsers === 0,
        'warnContainerAtGroupFree',
        'vfio_group_put: WARN_ON(group->container || group->container_users)',
      );
    } else {
      assertThat(grp.containerUsers === 0, 'warnContainerAtGroupFree', 'vfio_group_put: WARN_ON(container_users)');
    }
    assertThat(
      notifierDevicesOfGroup(this.s, this.c, g).length === 0,
      'warnNotifierAtGroupFree',
      'vfio_group_put: WARN_ON(group->notifier.head)',
    );
    const groups = this.writable('groups') as GroupState[];
    groups[g] = FRESH_GROUP;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Driver binding (sysfs, from another process; only with the `hotplug` constant)

  /**
   * vfio_unregister_group_dev (the driver's remove, on a sysfs unbind): waits until no device file of `d` is left
   * (the step is disabled until then: see the spec), unlinks the device from its group and drops the device's
   * group reference. -ENODEV when no VFIO driver is bound (the sysfs write has no driver to unbind).
   */
  sysUnbindDevice(d: number): KernelResult {
    if (!this.isRegistered(d)) return errno.ENODEV;
    this.setRegistered(d, false);
    this.vfio_group_put(this.groupOfDevice(d));
    return 0;
  }

  /**
   * vfio_register_group_dev (the VFIO driver's probe, on a sysfs bind): finds the device's group or allocates a
   * fresh one, and registers the device (open_count 0). -EBUSY when a driver is bound already (sysfs bind).
   */
  sysBindDevice(d: number): KernelResult {
    if (this.isRegistered(d)) return errno.EBUSY;
    this.setRegistered(d, true);
    return 0;
  }

  /** vfio_group_fops_unl_ioctl. */
  private vfio_group_fops_unl_ioctl(g: number, cmd: IoctlCommand, arg?: number | string): KernelResult {
    switch (cmd) {
      case 'GROUP_GET_STATUS':
        return 0; // flags: CONTAINER_SET|VIABLE with a container, else VIABLE (the DMA owner is free)
      case 'GROUP_SET_CONTAINER':
        return this.vfio_group_set_container(g, arg as number);
      case 'GROUP_UNSET_CONTAINER':
        return this.vfio_group_unset_container(g);
      case 'GROUP_GET_DEVICE_FD':
        return this.vfio_group_get_device_fd(g, arg as string);
      default:
        return errno.ENOTTY;
    }
  }

  /** __vfio_group_unset_container: detach the group from its container (group_rwsem held for write). */
  __vfio_group_unset_container(g: number): void {
    const ci = this.group(g).container;
    assertThat(
      ci !== null,
      'nullContainerInDetach',
      '__vfio_group_unset_container: group->container is NULL (down_write(&container->group_lock))',
    );
    const cont = this.container(ci);
    // the backend (if any) detaches the group; the iommu group's DMA ownership is released
    this.setGroup(g, this.version === 'post' ? { container: null, containerUsers: 0 } : { container: null });
    if (cont.backend && this.groupsAttachedTo(ci) === 0) {
      this.patchContainer(ci, { backend: false }); // the last group deprivileges the container
    }
    this.vfio_container_put(ci);
  }

  /** vfio_group_unset_container (VFIO_GROUP_UNSET_CONTAINER, group_rwsem held for write). */
  private vfio_group_unset_container(g: number): KernelResult {
    const users = this.group(g).containerUsers;
    if (this.version === 'post') {
      if (this.group(g).container === null) return errno.EINVAL;
      if (users !== 1) return errno.EBUSY;
    } else {
      if (users === 1) this.setGroup(g, { containerUsers: 0 }); // atomic_cmpxchg(&container_users, 1, 0)
      if (users === 0) return errno.EINVAL;
      if (users !== 1) return errno.EBUSY;
    }
    this.__vfio_group_unset_container(g);
    return 0;
  }

  /** vfio_group_try_dissolve_container (OLD only): drop a container user; the last one detaches. */
  private vfio_group_try_dissolve_container(g: number): void {
    const users = this.group(g).containerUsers;
    if (users > 0) {
      this.setGroup(g, { containerUsers: users - 1 }); // atomic_dec_if_positive
      if (users - 1 === 0) this.__vfio_group_unset_container(g);
    }
  }

  /** vfio_group_set_container (VFIO_GROUP_SET_CONTAINER, group_rwsem held for write). */
  private vfio_group_set_container(g: number, containerFd: number): KernelResult {
    const grp = this.group(g);
    if (this.version === 'post') {
      if (grp.container !== null) return errno.EINVAL;
      assertThat(
        grp.containerUsers === 0,
        'warnContainerUsersAtSet',
        'vfio_group_set_container: WARN_ON(group->container_users)',
      );
    } else if (grp.containerUsers !== 0) {
      return errno.EINVAL;
    }
    const file = this.fget(containerFd);
    if (file === undefined) return errno.EBADF;
    if (file.kind !== 'container') return errno.EINVAL;
    const ci = file.obj;
    // all groups are IOMMU-backed (no noiommu mismatch); claiming DMA ownership succeeds (no kernel driver bound,
    // ownership is released at every detach); attaching to an existing backend succeeds
    this.setGroup(g, { container: ci, containerUsers: this.version === 'post' ? 1 : grp.containerUsers + 1 });
    this.vfio_container_get(ci);
    return 0;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Devices

  /** vfio_group_get_device_fd (VFIO_GROUP_GET_DEVICE_FD). */
  private vfio_group_get_device_fd(g: number, name: string): KernelResult {
    // vfio_device_get_from_name: the group's device list holds registered devices only
    const d = this.c.devices.findIndex((dev, i) => dev.group === g && dev.name === name && this.isRegistered(i));
    if (d < 0) return errno.ENODEV;
    const slot = this.allocFd();
    if (slot < 0) return errno.EMFILE;
    const file = this.vfio_device_open(d);
    if (typeof file === 'string') return file;
    this.installFd(slot, { kind: 'device', obj: file });
    return this.fdNumber(slot);
  }

  /** vfio_device_open: assign the container, open the device, create its file (returns the device-file slot). */
  private vfio_device_open(d: number): number | Errno {
    const ret = this.vfio_device_assign_container(d);
    if (ret !== 0) return ret;
    // try_module_get succeeds, unless a failure is injected
    if (this.injectFailure === 'moduleGet') return this.vfio_device_open_undo(d, 'moduleGet');
    const count = this.s.devices[d]!.openCount + 1;
    this.setDevice(d, { openCount: count });
    if (count === 1) this.driverOpenDevice(d); // open_device succeeds, unless a failure is injected
    if (count === 1 && this.injectFailure === 'openDevice') return this.vfio_device_open_undo(d, 'openDevice');
    if (this.injectFailure === 'anonFile') return this.vfio_device_open_undo(d, 'anonFile');
    const slot = this.s.deviceFiles.indexOf(null);
    if (slot < 0) throw new Error('model error: no free device-file slot');
    this.setDeviceFile(slot, { device: d, refs: 1 }); // anon_inode_getfile
    return slot;
  }

  /**
   * The error paths of vfio_device_open (semantics §2.8 steps 4–6), at the failure `at`: `anonFile` closes the device
   * if this was its first open (err_close_device), `openDevice` has the driver undo its own registrations (kvmgt's
   * undo path), both then lower open_count (err_undo_count) and drop the module reference; every failure undoes the
   * assign (err_unassign_container: OLD try_dissolve, NEW/POST container_users-- and fput of the group file). The
   * fput is not the group file's last reference: the caller's fd entry holds one. Returns the errno userspace sees.
   */
  private vfio_device_open_undo(d: number, at: DeviceFdFailure): Errno {
    this.failureReached = true;
    if (at !== 'moduleGet') {
      const count = this.s.devices[d]!.openCount;
      if (at === 'anonFile' && count === 1) this.driverCloseDevice(d);
      if (at === 'openDevice' && this.c.devices[d]!.driver !== 'plain') this.setDevice(d, { notifier: false });
      this.setDevice(d, { openCount: count - 1 });
      // module_put
    }
    this.vfio_device_unassign_container(d);
    return deviceFdFailureErrno(this.c, d, at);
  }

  /** vfio_device_assign_container (group_rwsem held for write). */
  private vfio_device_assign_container(d: number): KernelResult {
    const g = this.groupOfDevice(d);
    const grp = this.group(g);
    if (this.version === 'post') {
      if (grp.container === null || !this.container(grp.container).backend) return errno.EINVAL;
      assertThat(
        grp.containerUsers !== 0,
        'warnContainerUsersAtAssign',
        'vfio_device_assign_container: WARN_ON(!group->container_users)',
      );
    } else {
      if (grp.containerUsers === 0) return errno.EINVAL;
      assertThat(
        grp.container !== null,
        'nullContainerInAssign',
        'vfio_device_assign_container: group->container is NULL with container_users != 0 (container->iommu_driver)',
      );
      if (!this.container(grp.container).backend) return errno.EINVAL;
    }
    if (this.version !== 'old') {
      assertThat(grp.opened, 'nullOpenedFile', 'vfio_device_assign_container: get_file(group->opened_file) on NULL');
      this.getFile({ kind: 'group', obj: g });
    }
    this.setGroup(g, { containerUsers: this.group(g).containerUsers + 1 });
    return 0;
  }

  /** The container-user release of a device (OLD: try_dissolve; NEW/POST: vfio_device_unassign_container). */
  private vfio_device_unassign_container(d: number): void {
    const g = this.groupOfDevice(d);
    if (this.version === 'old') {
      this.vfio_group_try_dissolve_container(g);
      return;
    }
    const users = this.group(g).containerUsers;
    if (this.version === 'post') {
      assertThat(users > 1, 'warnContainerUsersAtUnassign', 'vfio_device_unassign_container: WARN_ON(container_users <= 1)');
    }
    this.setGroup(g, { containerUsers: users - 1 });
    assertThat(
      this.group(g).opened,
      'nullOpenedFile',
      'vfio_device_unassign_container: fput(group->opened_file) on NULL',
    );
    this.fput({ kind: 'group', obj: g });
  }

  /** vfio_device_fops_release: the device file's last reference (fd or VMA) is gone. */
  private vfio_device_fops_release(slot: number): void {
    const d = this.deviceFile(slot).device;
    const count = this.s.devices[d]!.openCount;
    assertThat(count > 0, 'warnDeviceNotOpen', 'vfio_device_fops_release: WARN_ON_ONCE(!open_count)');
    if (count === 1) this.driverCloseDevice(d);
    this.setDevice(d, { openCount: count - 1 });
    // module_put
    this.vfio_device_unassign_container(d);
    // vfio_device_put; the struct file is freed
    this.setDeviceFile(slot, null);
  }

  /**
   * vfio_device_fops_unl_ioctl → the driver's ioctl op (GET_INFO succeeds; unknown commands are -ENOTTY). VFIO ioctl
   * numbers carry no argument size, so VFIO_IOMMU_MAP_DMA has the number of VFIO_DEVICE_PCI_HOT_RESET (VFIO_BASE +
   * 13): vfio-pci (`plain`) takes it as a hot reset and rejects the header (a dma_map's flags READ|WRITE are not 0)
   * with -EINVAL; the notifier drivers do not handle that number (-ENOTTY).
   */
  private vfio_device_fops_unl_ioctl(slot: number, cmd: IoctlCommand): KernelResult {
    if (cmd === 'DEVICE_GET_INFO') return 0;
    if (cmd === 'MAP_DMA' && this.c.devices[this.deviceFile(slot).device]!.driver === 'plain') return errno.EINVAL;
    return errno.ENOTTY;
  }

  /** The driver's open_device op (0→1 open_count edge), under dev_set->lock. */
  private driverOpenDevice(d: number): void {
    if (this.c.devices[d]!.driver === 'plain') return;
    // vfio_register_notifier(IOMMU): vfio_register_iommu_notifier follows group->container
    this.iommuNotifierContainerDeref(d, 'vfio_register_iommu_notifier');
    // vfio_register_notifier(GROUP, SET_KVM): add the block; replay SET_KVM if group->kvm is set (no VFIO state)
    this.setDevice(d, { notifier: true });
  }

  /** The driver's close_device op (1→0 open_count edge), under dev_set->lock. */
  private driverCloseDevice(d: number): void {
    const kind = this.c.devices[d]!.driver;
    if (kind === 'plain') return;
    this.iommuNotifierContainerDeref(d, 'vfio_unregister_iommu_notifier');
    if (kind === 'notifier') this.setDevice(d, { notifier: false }); // the faulty driver forgets this
  }

  private iommuNotifierContainerDeref(d: number, fn: string): void {
    assertThat(
      this.group(this.groupOfDevice(d)).container !== null,
      'nullContainerInIommuNotifier',
      `${fn}: group->container is NULL (container->iommu_driver)`,
    );
  }
}
