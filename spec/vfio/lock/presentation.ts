/**
 * How traces of the lock-level VFIO models become pthreads programs: the `threadedCalls` presentation of
 * `vfio-lock-pre|old|new|post` (set in `models.ts`), fed to the generic reproducer of `traces/syscallReproducer.ts`.
 *
 * Only the step that enters a system call (`syscall.call`, the dispatcher) is a call; every other step is inside the
 * kernel, or the kworker's. A thread is in user space at `syscall.call` (waiting to make its next call) and when it is
 * `Done`. Model fds are the fd-table slots the model gives (lowest free first); the program maps each to the real fd
 * the call that opened it returned, as the atomic models' reproducer does (`../presentation/cReproducer.ts`). The
 * group is the one group of the model (`/dev/vfio/<group>` from the command line), the device the one device
 * (its name from the command line, when the trace opens it); a group ioctl uses the lowest fd holding a group file,
 * as the model's dispatcher does (`groupFd`). A thread's `exit` ends that thread only (the model's
 * process stays, and so do its fds).
 *
 * What user space sees of the outcome besides the results: `VFIO_GROUP_GET_STATUS` (semantics §2.5: `CONTAINER_SET |
 * VIABLE` with a container attached, else `VIABLE` only while nothing claims the group's DMA ownership) must give
 * the flags of the model's final state. For PRE's P4 race that is the leak itself: no container attached, and not
 * viable either, because the leaked container still owns the group's DMA, after both SET_CONTAINER and
 * UNSET_CONTAINER returned 0 (in either race-free order the flags, or SET_CONTAINER's -EINVAL, differ).
 *
 * With the `unbind` constant, the unbinding process's two steps are calls too: `sysfs.unbind` writes the device to
 * its driver's sysfs `unbind` (vfio-pci's remove runs vfio_unregister_group_dev; the write returns when it does) and
 * `sysfs.bindHost` writes it to a host driver's `bind` (the iommu core refuses it with -EBUSY while the group is
 * DMA-owned). Such a program needs root, the device bound to vfio-pci and a host driver for it (`<group> <device>
 * <host-driver>`); after each attempt it binds the device back to vfio-pci (driver_override). A trace whose race
 * includes the end of the process (`syscall.exitFiles`: the last thread's exit closes every fd) has no program: a
 * pthread's end closes nothing. (An exit that only completes the calls after the counterexample's last step is
 * harmless: the attempt's reset closes those fds.)
 *
 * Every hook is a pure function of its arguments; the C uses the kernel uAPI header `<linux/vfio.h>` and POSIX only.
 */
import type { Json, Label, ThreadedCall, ThreadedCallsPresentation, ThreadedProgram, Trace } from '../../../checker/engine/index.js';
import { groupFd, type LockCall, type LockState } from './program.js';

const PRELUDE = String.raw`#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/vfio.h>

#define MAX_FDS 64
static int fdmap[MAX_FDS];                   /* model fd -> real fd, or -1 */
static int is_group[MAX_FDS];                /* whether the model fd holds a group file */
static char group_path[64];
static const char *device = "lifecheck-no-device";

/* The real fd for a model fd: the one its open returned, else a number that is surely not open. */
__attribute__((unused)) static int real_fd(int m) {
  if (m >= 0 && m < MAX_FDS && fdmap[m] >= 0) return fdmap[m];
  return 100000 + (m < 0 ? 0 : m);
}

__attribute__((unused)) static void bind_fd(int m, long r, int group) {
  if (r < 0 || m < 0 || m >= MAX_FDS) return;
  fdmap[m] = (int)r;
  is_group[m] = group;
}

/* The group fd a group ioctl uses: as in the model, the lowest fd that holds a group file. */
static int group_fd(void) {
  for (int m = 0; m < MAX_FDS; m++) if (fdmap[m] >= 0 && is_group[m]) return fdmap[m];
  return real_fd(-1);
}

__attribute__((unused)) static void unbind_fd(int m, long r) {
  if (r != 0 || m < 0 || m >= MAX_FDS) return;
  fdmap[m] = -1;
  is_group[m] = 0;
}

/* Undoes an attempt: closes every fd it opened (in the model's slot order). After a hit the kernel's state is the
 * model's, bugs included: the model may predict an oops on one of these releases. */
static void reset_fds(void) {
  for (int m = 0; m < MAX_FDS; m++) if (fdmap[m] >= 0) { close(fdmap[m]); fdmap[m] = -1; is_group[m] = 0; }
}
`;

/** The C a trace with the unbinding process (constant `unbind`) adds: sysfs writes and the rebind to vfio-pci. */
const SYSFS_PRELUDE = String.raw`
static char vfio_unbind_path[192];           /* /sys/bus/pci/devices/<device>/driver/unbind (vfio-pci's) */
static char host_bind_path[192];             /* /sys/bus/pci/drivers/<host-driver>/bind */
static int probe_host_bind;                  /* bind the host driver right after the unbind returns (the trace does not) */
static int host_refused;                     /* that bind was refused with EBUSY: the window */

/* Writes value to a sysfs file: 0, or -1 with errno (what the kernel's store function returned). */
static int sysfs_write(const char *path, const char *value) {
  int fd = open(path, O_WRONLY);
  if (fd < 0) return -1;
  ssize_t n = write(fd, value, strlen(value));
  int e = errno;
  close(fd);
  if (n < 0) { errno = e; return -1; }
  return 0;
}

/* The name of the driver bound to the device, or "" when none is. */
static void bound_driver(char *out, size_t size) {
  char link[192], target[256];
  snprintf(link, sizeof link, "/sys/bus/pci/devices/%s/driver", device);
  ssize_t n = readlink(link, target, sizeof target - 1);
  if (n < 0) { out[0] = 0; return; }
  target[n] = 0;
  const char *base = strrchr(target, '/');
  snprintf(out, size, "%s", base != NULL ? base + 1 : target);
}

/* After an attempt: the device back on vfio-pci (unbind the host driver, driver_override, bind, clear the override). */
static void rebind_vfio(void) {
  char driver[64], path[192];
  bound_driver(driver, sizeof driver);
  if (strcmp(driver, "vfio-pci") == 0) return;
  if (driver[0] != 0) {
    snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/driver/unbind", device);
    sysfs_write(path, device);
  }
  snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/driver_override", device);
  sysfs_write(path, "vfio-pci");
  sysfs_write("/sys/bus/pci/drivers/vfio-pci/bind", device);
  sysfs_write(path, "\n");
}
`;

/** Whether a step is one of the unbinding process's (constant `unbind`). */
const isSysfsStep = (label: Label | null): boolean => label?.action.startsWith('sysfs.') === true;

const callOf = (label: Label): LockCall | undefined => {
  if (label.action !== 'syscall.call') return undefined;
  const p = label.params as { arg?: unknown } | null;
  return p !== null && typeof p === 'object' && p.arg !== null && typeof p.arg === 'object' ? (p.arg as LockCall) : undefined;
};

const fdResult = (result: Json | undefined): number | undefined => (typeof result === 'number' && result >= 0 ? result : undefined);

/** The C of one call of the lock-level models (see the module comment). */
export function lockThreadedCall(label: Label, result: Json | undefined): ThreadedCall | undefined {
  if (label.action === 'sysfs.unbind') {
    return {
      text: 'write(<device>) to /sys/bus/pci/devices/<device>/driver/unbind',
      code: 'r = sysfs_write(vfio_unbind_path, device);',
      expect: 'equal',
      // the window is right after the unbind returns: bind the host driver there, in this thread (program hook)
      after: 'if (r == 0 && probe_host_bind) host_refused = sysfs_write(host_bind_path, device) != 0 && errno == EBUSY;',
    };
  }
  if (label.action === 'sysfs.bindHost') {
    return { text: 'write(<device>) to /sys/bus/pci/drivers/<host-driver>/bind', code: 'r = sysfs_write(host_bind_path, device);', expect: 'equal' };
  }
  const call = callOf(label);
  if (call === undefined) return undefined;
  const bind = (isGroup: boolean): string | undefined => {
    const m = fdResult(result);
    return m === undefined ? undefined : `bind_fd(${m}, r, ${isGroup ? 1 : 0});`;
  };
  const withAfter = (c: Omit<ThreadedCall, 'after'>, after: string | undefined): ThreadedCall => (after === undefined ? c : { ...c, after });
  switch (call.op) {
    case 'openContainer':
      return withAfter({ text: 'open("/dev/vfio/vfio", O_RDWR)', code: 'r = open("/dev/vfio/vfio", O_RDWR);', expect: 'success' }, bind(false));
    case 'openGroup':
      return withAfter({ text: 'open("/dev/vfio/<group>", O_RDWR)', code: 'r = open(group_path, O_RDWR);', expect: 'success' }, bind(true));
    case 'unsetContainer':
      return { text: 'ioctl(group, VFIO_GROUP_UNSET_CONTAINER)', code: 'r = ioctl(group_fd(), VFIO_GROUP_UNSET_CONTAINER);', expect: 'equal' };
    case 'getDeviceFd':
      return withAfter(
        { text: 'ioctl(group, VFIO_GROUP_GET_DEVICE_FD, "<device>")', code: 'r = ioctl(group_fd(), VFIO_GROUP_GET_DEVICE_FD, device);', expect: 'success' },
        bind(false),
      );
    case 'setContainer':
      return {
        text: `ioctl(group, VFIO_GROUP_SET_CONTAINER, [${call.fd}])`,
        code: `int32_t container_fd = real_fd(${call.fd});\nr = ioctl(group_fd(), VFIO_GROUP_SET_CONTAINER, &container_fd);`,
        expect: 'equal',
      };
    case 'setIommu':
      return { text: `ioctl(${call.fd}, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU)`, code: `r = ioctl(real_fd(${call.fd}), VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU);`, expect: 'equal' };
    case 'close':
      return { text: `close(${call.fd})`, code: `r = close(real_fd(${call.fd}));`, expect: 'equal', after: `unbind_fd(${call.fd}, r);` };
    case 'exit':
      return { text: 'exit() of this thread', code: 'r = 0; /* the thread makes no more calls */', expect: 'equal' };
  }
}

/** The flags GET_STATUS gives in the model's state `s` (semantics §2.5). */
function statusFlags(s: LockState): string {
  const g = s.shared.group;
  if (g.container !== null) return 'VFIO_GROUP_FLAGS_CONTAINER_SET | VFIO_GROUP_FLAGS_VIABLE';
  return g.dmaOwner === null ? 'VFIO_GROUP_FLAGS_VIABLE' : '0';
}

/**
 * The program parts of a lock-level trace (see the module comment), or undefined for a trace whose race includes the
 * process's end (`syscall.exitFiles` among the first `traceSteps` steps, by default all of them).
 */
export function lockThreadedProgram(trace: Trace<unknown>, traceSteps: number = trace.steps.length - 1): ThreadedProgram | undefined {
  if (trace.steps.slice(1, traceSteps + 1).some((s) => s.label?.action === 'syscall.exitFiles')) return undefined;
  const unbinds = trace.steps.some((s) => isSysfsStep(s.label));
  const bindsHost = trace.steps.some((s) => s.label?.action === 'sysfs.bindHost');
  const usesDevice = unbinds || trace.steps.some((s) => s.label !== null && callOf(s.label)?.op === 'getDeviceFd');
  const last = trace.steps[trace.steps.length - 1]!.state as LockState;
  // a trace that ends in a kernel assertion has no final state for user space to look at (the kernel oopsed)
  const groupOpen = groupFd(last.shared) !== undefined && trace.aborted === undefined;
  const flags = statusFlags(last);
  const parse = [
    'for (int m = 0; m < MAX_FDS; m++) fdmap[m] = -1;',
    'if (strlen(argv[1]) > 20 || strspn(argv[1], "0123456789") != strlen(argv[1])) { fprintf(stderr, "the group must be an IOMMU group number, got %s\\n", argv[1]); return 2; }',
    'snprintf(group_path, sizeof group_path, "/dev/vfio/%s", argv[1]);',
    ...(usesDevice ? ['device = argv[2];'] : []),
    ...(unbinds
      ? [
          'if (strlen(argv[2]) > 32 || strspn(argv[2], "0123456789abcdefABCDEF:.") != strlen(argv[2])) { fprintf(stderr, "the device must be a PCI address (0000:01:00.0), got %s\\n", argv[2]); return 2; }',
          'if (strlen(argv[3]) > 48 || strchr(argv[3], \'/\') != NULL || argv[3][0] == \'.\') { fprintf(stderr, "the host driver must be a driver name, got %s\\n", argv[3]); return 2; }',
          'snprintf(vfio_unbind_path, sizeof vfio_unbind_path, "/sys/bus/pci/devices/%s/driver/unbind", device);',
          'snprintf(host_bind_path, sizeof host_bind_path, "/sys/bus/pci/drivers/%s/bind", argv[3]);',
          `probe_host_bind = ${bindsHost ? 0 : 1};`,
        ]
      : []),
  ].join('\n');
  const sysfsCheck = [
    'if (geteuid() != 0) { printf("the unbind needs root: cannot reproduce; skipped\\n"); return 77; }',
    '{ char driver[64]; bound_driver(driver, sizeof driver); if (strcmp(driver, "vfio-pci") != 0) { fprintf(stderr, "bind %s to vfio-pci first (it has driver \'%s\')\\n", device, driver); return 2; } }',
  ];
  return {
    prelude: unbinds ? PRELUDE + SYSFS_PRELUDE : PRELUDE,
    args: unbinds
      ? { usage: '<group> <device> <host-driver>', count: 3, parse }
      : { usage: usesDevice ? '<group> <device>' : '<group>', count: usesDevice ? 2 : 1, parse },
    check: ['if (access("/dev/vfio/vfio", F_OK) != 0) { printf("no /dev/vfio/vfio on this machine: cannot reproduce; skipped\\n"); return 77; }', ...(unbinds ? sysfsCheck : [])].join('\n'),
    reset: unbinds ? 'reset_fds();\nrebind_vfio();\nhost_refused = 0;' : 'reset_fds();',
    ...(unbinds && !bindsHost
      ? {
          symptom: {
            text: 'a host driver bound right after the unbind returned is refused with EBUSY (the group still DMA-owned)',
            code: 'symptom = host_refused;',
          },
        }
      : groupOpen
      ? {
          symptom: {
            text: `VFIO_GROUP_GET_STATUS gives the flags of the model's final state (${flags === '0' ? 'neither CONTAINER_SET nor VIABLE' : flags.replace(/VFIO_GROUP_FLAGS_/g, '')})`,
            code: [
              'struct vfio_group_status st = { .argsz = sizeof st };',
              'const uint32_t mask = VFIO_GROUP_FLAGS_CONTAINER_SET | VFIO_GROUP_FLAGS_VIABLE;',
              `symptom = ioctl(group_fd(), VFIO_GROUP_GET_STATUS, &st) == 0 && (st.flags & mask) == (${flags});`,
            ].join('\n'),
          },
        }
      : {}),
  };
}

/** The `threadedCalls` presentation of the lock-level models. */
export const lockThreadedCalls: ThreadedCallsPresentation = {
  inUserSpace: (pc) => pc === 'syscall.call' || pc === 'Done' || pc === 'sysfs.unbind' || pc === 'sysfs.bindHost',
  call: lockThreadedCall,
  program: (trace, context) => lockThreadedProgram(trace, context.traceSteps),
};
