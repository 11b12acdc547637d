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

const callOf = (label: Label): LockCall | undefined => {
  if (label.action !== 'syscall.call') return undefined;
  const p = label.params as { arg?: unknown } | null;
  return p !== null && typeof p === 'object' && p.arg !== null && typeof p.arg === 'object' ? (p.arg as LockCall) : undefined;
};

const fdResult = (result: Json | undefined): number | undefined => (typeof result === 'number' && result >= 0 ? result : undefined);

/** The C of one call of the lock-level models (see the module comment). */
export function lockThreadedCall(label: Label, result: Json | undefined): ThreadedCall | undefined {
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
 * The program parts of a lock-level trace (see the module comment), or undefined for a trace in which the unbinding
 * process of the `unbind` constant moves: re-running its sysfs writes needs root, a host driver for the device and a
 * rebind to vfio-pci between attempts, which this reproducer does not do.
 */
export function lockThreadedProgram(trace: Trace<unknown>): ThreadedProgram | undefined {
  if (trace.steps.some((s) => s.label?.action.startsWith('sysfs.') === true)) return undefined;
  const usesDevice = trace.steps.some((s) => s.label !== null && callOf(s.label)?.op === 'getDeviceFd');
  const last = trace.steps[trace.steps.length - 1]!.state as LockState;
  // a trace that ends in a kernel assertion has no final state for user space to look at (the kernel oopsed)
  const groupOpen = groupFd(last.shared) !== undefined && trace.aborted === undefined;
  const flags = statusFlags(last);
  const parse = [
    'for (int m = 0; m < MAX_FDS; m++) fdmap[m] = -1;',
    'if (strlen(argv[1]) > 20 || strspn(argv[1], "0123456789") != strlen(argv[1])) { fprintf(stderr, "the group must be an IOMMU group number, got %s\\n", argv[1]); return 2; }',
    'snprintf(group_path, sizeof group_path, "/dev/vfio/%s", argv[1]);',
    ...(usesDevice ? ['device = argv[2];'] : []),
  ].join('\n');
  return {
    prelude: PRELUDE,
    args: { usage: usesDevice ? '<group> <device>' : '<group>', count: usesDevice ? 2 : 1, parse },
    check: 'if (access("/dev/vfio/vfio", F_OK) != 0) { printf("no /dev/vfio/vfio on this machine: cannot reproduce; skipped\\n"); return 77; }',
    reset: 'reset_fds();',
    ...(groupOpen
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
  inUserSpace: (pc) => pc === 'syscall.call' || pc === 'Done',
  call: lockThreadedCall,
  program: (trace) => lockThreadedProgram(trace),
};
