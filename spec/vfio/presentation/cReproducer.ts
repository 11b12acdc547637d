/**
 * The C reproducer of a VFIO trace: a small userspace program (`<linux/vfio.h>`, `<linux/kvm.h>`) that issues the
 * trace's system calls in order and prints each return value beside the one the model predicts, exiting 1 at the
 * first mismatch. Group numbers, device names and the IOMMU type are command-line arguments, so the same program runs
 * on any machine; without `/dev/vfio` it says so and exits 77 (the "skipped" code of automake and meson).
 *
 * How model values become real ones: model fds are mapped to the fds the real calls return (an fd the model never
 * opened becomes an fd number that is surely closed, so the kernel gives EBADF as the model does); a call the model
 * predicts to succeed with an fd or a mapping matches any success; every other result must be equal (errno names).
 * `exit` is emulated the way the kernel tears a process down: every mapping is unmapped, then every fd is closed in
 * increasing order, then the VM (holding KVM's group references) is closed.
 */
import type { Json, Label, Presentation, Trace } from '../../../checker/engine/index.js';
import { formatSyscall } from './syscallText.js';

/** What the program's header says about the trace (the `context` of {@link Presentation.cReproducer}). */
export type CReproducerContext = Parameters<NonNullable<Presentation['cReproducer']>>[1];

const ERRNOS = [
  'EPERM', 'ENOENT', 'EINTR', 'EIO', 'ENXIO', 'EBADF', 'EAGAIN', 'ENOMEM', 'EACCES', 'EFAULT', 'EBUSY', 'EEXIST',
  'ENODEV', 'EINVAL', 'ENFILE', 'EMFILE', 'ENOTTY', 'ENOSPC', 'ENOSYS', 'EOPNOTSUPP',
];

/** Thrown when a trace cannot be turned into C (an action outside the VFIO vocabulary, a missing parameter). */
export class CReproducerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CReproducerError';
  }
}

/** A C string literal for `text` (ASCII; quotes, backslashes, `?` and non-printables escaped). */
export function cString(text: string): string {
  let out = '"';
  for (const ch of Buffer.from(text, 'utf8')) {
    if (ch === 0x22 || ch === 0x5c || ch === 0x3f) out += `\\${String.fromCharCode(ch)}`;
    else if (ch >= 0x20 && ch < 0x7f) out += String.fromCharCode(ch);
    else out += `\\${ch.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** Text safe inside a C block comment. */
const cComment = (text: string): string => text.replace(/\*\//g, '* /').replace(/[^\x20-\x7e]/g, '?');

const param = (label: Label, key: string): Json | undefined =>
  label.params !== null && typeof label.params === 'object' && !Array.isArray(label.params)
    ? (label.params as { [k: string]: Json })[key]
    : undefined;

function intParam(label: Label, key: string): number {
  const v = param(label, key);
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new CReproducerError(`${label.action}: parameter '${key}' must be an integer`);
  return v;
}

const PRELUDE = String.raw`#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/kvm.h>
#include <linux/vfio.h>

/* Helpers a given trace does not call are unused; that is fine. */
#define MAYBE_UNUSED __attribute__((unused))
#define MAX_FDS 1024
#define MAX_MAPS 256
#define MAX_NAMES 64

static int fdmap[MAX_FDS];          /* model fd -> real fd, or -1 */
static void *maps[MAX_MAPS];         /* model mapping handle -> address, or NULL */
static size_t map_len[MAX_MAPS];
static const char *groups[MAX_NAMES];
static int ngroups;
static const char *devices[MAX_NAMES];
static int ndevices;
static unsigned long iommu_type = VFIO_TYPE1v2_IOMMU;
static int kvm_vm = -1, kvm_dev = -1;
static uint64_t next_iova = 0;
static void *dma_buf;

/* The real fd for a model fd: the one its open returned, else a number that is surely not open. */
MAYBE_UNUSED static int real_fd(int m) {
  if (m >= 0 && m < MAX_FDS && fdmap[m] >= 0) return fdmap[m];
  return 100000 + m;
}

MAYBE_UNUSED static const char *errno_name(int e) {
  switch (e) {
@ERRNO_CASES@
  default: return NULL;
  }
}

MAYBE_UNUSED static void show(char *buf, size_t n, long r, int e) {
  if (r >= 0) snprintf(buf, n, "%ld", r);
  else if (errno_name(e)) snprintf(buf, n, "-%s", errno_name(e));
  else snprintf(buf, n, "-errno%d", e);
}

/* Prints one step; exits 1 when the kernel's result differs from the model's. mode 0: the results must be equal;
 * 1: the model returns an fd or a mapping, and any non-negative result matches it; 2: the model predicts a kernel
 * assertion (a WARN or a NULL dereference) instead of a result: print the result and stop. */
MAYBE_UNUSED static void report(int step, const char *call, long r, int e, const char *expected, int mode) {
  char got[64];
  show(got, sizeof got, r, e);
  if (mode == 2) {
    printf("%3d  %-72s = %-10s (model: kernel assertion)\n", step, call, got);
    printf("the model predicts a kernel assertion at step %d: look for a WARNING or an Oops in dmesg\n", step);
    exit(0);
  }
  int ok = mode == 1 ? (r >= 0) : strcmp(got, expected) == 0;
  printf("%3d  %-72s = %-10s (model: %s)  %s\n", step, call, got, expected, ok ? "ok" : "MISMATCH");
  if (!ok) {
    printf("first mismatch at step %d: the kernel returned %s, the model predicts %s\n", step, got, expected);
    exit(1);
  }
}

MAYBE_UNUSED static void bind_fd(int m, long r) {
  if (r >= 0 && m >= 0 && m < MAX_FDS) fdmap[m] = (int)r;
}

MAYBE_UNUSED static void unbind_fd(int m, long r) {
  if (r == 0 && m >= 0 && m < MAX_FDS) fdmap[m] = -1;
}

MAYBE_UNUSED static long open_group(int g) {
  char path[256];
  if (g < 0 || g >= ngroups) { fprintf(stderr, "model group %d has no group number on the command line\n", g); exit(2); }
  snprintf(path, sizeof path, "/dev/vfio/%s", groups[g]);
  return open(path, O_RDWR);
}

MAYBE_UNUSED static const char *device_name(int k) {
  if (k < 0) return "lifecheck-no-such-device";
  if (k >= ndevices) { fprintf(stderr, "model device %d has no device name on the command line\n", k); exit(2); }
  return devices[k];
}

/* Another process's sysfs write (driver unbind/bind); run the reproducer as root. 0 on success, as the model says. */
MAYBE_UNUSED static long sysfs_write(const char *fmt, const char *name) {
  char path[512];
  snprintf(path, sizeof path, fmt, name);
  int f = open(path, O_WRONLY);
  if (f < 0) return -1;
  ssize_t n = write(f, name, strlen(name));
  int e = errno;
  close(f);
  errno = e;
  return n < 0 ? -1 : 0;
}

MAYBE_UNUSED static long do_mmap(int m, int handle) {
  struct vfio_region_info ri = { .argsz = sizeof ri, .index = VFIO_PCI_BAR0_REGION_INDEX };
  size_t len = 4096;
  off_t off = 0;
  if (ioctl(real_fd(m), VFIO_DEVICE_GET_REGION_INFO, &ri) == 0 && ri.size > 0) {
    len = ri.size;
    off = (off_t)ri.offset;
  }
  void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, real_fd(m), off);
  if (p == MAP_FAILED) return -1;
  if (handle >= 0 && handle < MAX_MAPS) { maps[handle] = p; map_len[handle] = len; }
  return handle;
}

MAYBE_UNUSED static long do_munmap(int handle) {
  if (handle < 0 || handle >= MAX_MAPS || maps[handle] == NULL) return 0; /* not mapped: the model does nothing */
  long r = munmap(maps[handle], map_len[handle]);
  if (r == 0) maps[handle] = NULL;
  return r;
}

MAYBE_UNUSED static long do_map_dma(int m) {
  if (dma_buf == NULL) {
    dma_buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (dma_buf == MAP_FAILED) { perror("mmap"); exit(2); }
  }
  struct vfio_iommu_type1_dma_map map = {
    .argsz = sizeof map, .flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
    .vaddr = (uint64_t)(uintptr_t)dma_buf, .iova = next_iova, .size = 4096,
  };
  next_iova += 4096;
  return ioctl(real_fd(m), VFIO_IOMMU_MAP_DMA, &map);
}

MAYBE_UNUSED static void ensure_kvm(void) {
  if (kvm_dev >= 0) return;
  int kvm = open("/dev/kvm", O_RDWR);
  if (kvm < 0) { printf("no /dev/kvm: this trace needs KVM; skipped\n"); exit(77); }
  kvm_vm = ioctl(kvm, KVM_CREATE_VM, 0);
  close(kvm);
  struct kvm_create_device cd = { .type = KVM_DEV_TYPE_VFIO };
  if (kvm_vm < 0 || ioctl(kvm_vm, KVM_CREATE_DEVICE, &cd) < 0) { printf("cannot create a kvm-vfio device; skipped\n"); exit(77); }
  kvm_dev = (int)cd.fd;
}

MAYBE_UNUSED static long kvm_group(int m, uint64_t attr) {
  ensure_kvm();
  int32_t gfd = real_fd(m);
  struct kvm_device_attr a = { .group = KVM_DEV_VFIO_GROUP, .attr = attr, .addr = (uint64_t)(uintptr_t)&gfd };
  return ioctl(kvm_dev, KVM_SET_DEVICE_ATTR, &a);
}

/* What the kernel does when a process exits: mappings go first, then fds in increasing order, then the VM. */
MAYBE_UNUSED static long emulate_exit(void) {
  for (int h = 0; h < MAX_MAPS; h++) do_munmap(h);
  for (int m = 0; m < MAX_FDS; m++) if (fdmap[m] >= 0) { close(fdmap[m]); fdmap[m] = -1; }
  if (kvm_dev >= 0) { close(kvm_dev); kvm_dev = -1; }
  if (kvm_vm >= 0) { close(kvm_vm); kvm_vm = -1; }
  return 0;
}

MAYBE_UNUSED static int split(char *list, const char **out) {
  int n = 0;
  for (char *tok = strtok(list, ","); tok && n < MAX_NAMES; tok = strtok(NULL, ",")) out[n++] = tok;
  return n;
}
`;

/** What the C program needs from the command line for `trace`: group indices and device names, in first-use order. */
export interface CReproducerArguments {
  /** Model group indices used by `openGroup`, ascending: argv[1]'s i-th number is model group i. */
  readonly groupCount: number;
  /** Model device names (without the unknown name), in first-use order: argv[2]'s k-th name is the k-th of these. */
  readonly devices: readonly string[];
}

/** The command-line arguments the program for `trace` expects (see {@link CReproducerArguments}). */
export function cReproducerArguments(trace: Trace<unknown>, unknownDevice = 'unknown'): CReproducerArguments {
  let groupCount = 0;
  const devices: string[] = [];
  const labels = [...trace.steps.map((s) => s.label), trace.aborted?.label ?? null];
  for (const label of labels) {
    if (label?.action === 'openGroup') groupCount = Math.max(groupCount, intParam(label, 'group') + 1);
    if (label?.action === 'groupGetDeviceFd' || label?.action === 'unbindDevice' || label?.action === 'bindDevice') {
      const d = param(label, 'device');
      if (typeof d === 'string' && d !== unknownDevice && !devices.includes(d)) devices.push(d);
    }
  }
  return { groupCount, devices };
}

/** The C statements for one step; `expected` is the model's result as text, `anySuccess` as in `report()`. */
function stepCode(step: number, label: Label, result: Json | undefined, devices: readonly string[], unknownDevice: string, predicted = true): string {
  const callText = cString(formatSyscall(label, undefined));
  const expected = result === undefined ? '?' : typeof result === 'string' ? result : String(result);
  const successKind = typeof result === 'number' && result >= 0;
  const fd = (): number => intParam(label, 'fd');
  let body: string;
  let anySuccess = false;
  let after = '';
  switch (label.action) {
    case 'openGroup':
      body = `r = open_group(${intParam(label, 'group')});`;
      anySuccess = successKind;
      after = successKind ? `bind_fd(${result}, r);` : '';
      break;
    case 'openContainer':
      body = 'r = open("/dev/vfio/vfio", O_RDWR);';
      anySuccess = successKind;
      after = successKind ? `bind_fd(${result}, r);` : '';
      break;
    case 'dup':
      body = `r = dup(real_fd(${fd()}));`;
      anySuccess = successKind;
      after = successKind ? `bind_fd(${result}, r);` : '';
      break;
    case 'close':
      body = `r = close(real_fd(${fd()}));`;
      after = `unbind_fd(${fd()}, r);`;
      break;
    case 'exit':
      body = 'r = emulate_exit();';
      break;
    case 'mmap':
      body = `r = do_mmap(${fd()}, ${successKind ? String(result) : '-1'});`;
      anySuccess = successKind;
      break;
    case 'munmap':
      body = `r = do_munmap(${intParam(label, 'mapping')});`;
      break;
    case 'getApiVersion':
      body = `r = ioctl(real_fd(${fd()}), VFIO_GET_API_VERSION);`;
      break;
    case 'checkExtension':
      body = `r = ioctl(real_fd(${fd()}), VFIO_CHECK_EXTENSION, iommu_type);`;
      break;
    case 'setIommu':
      body = `r = ioctl(real_fd(${fd()}), VFIO_SET_IOMMU, iommu_type);`;
      break;
    case 'mapDma':
      body = `r = do_map_dma(${fd()});`;
      break;
    case 'groupGetStatus':
      body = `struct vfio_group_status st = { .argsz = sizeof st };\n    r = ioctl(real_fd(${fd()}), VFIO_GROUP_GET_STATUS, &st);`;
      break;
    case 'groupSetContainer':
      body = `int32_t cfd = real_fd(${intParam(label, 'containerFd')});\n    r = ioctl(real_fd(${fd()}), VFIO_GROUP_SET_CONTAINER, &cfd);`;
      break;
    case 'groupUnsetContainer':
      body = `r = ioctl(real_fd(${fd()}), VFIO_GROUP_UNSET_CONTAINER);`;
      break;
    case 'groupGetDeviceFd': {
      if (param(label, 'fail') !== undefined) return injectedFailureCode(step, label, expected);
      const name = param(label, 'device');
      const k = typeof name === 'string' && name !== unknownDevice ? devices.indexOf(name) : -1;
      body = `r = ioctl(real_fd(${fd()}), VFIO_GROUP_GET_DEVICE_FD, device_name(${k}));`;
      anySuccess = successKind;
      after = successKind ? `bind_fd(${result}, r);` : '';
      break;
    }
    case 'deviceIoctl':
      body = `struct vfio_device_info di = { .argsz = sizeof di };\n    r = ioctl(real_fd(${fd()}), VFIO_DEVICE_GET_INFO, &di);`;
      break;
    case 'kvmGroupAdd':
      body = `r = kvm_group(${fd()}, KVM_DEV_VFIO_GROUP_ADD);`;
      break;
    case 'kvmGroupDel':
      body = `r = kvm_group(${fd()}, KVM_DEV_VFIO_GROUP_DEL);`;
      break;
    case 'unbindDevice':
    case 'bindDevice': {
      const name = param(label, 'device');
      const k = typeof name === 'string' && name !== unknownDevice ? devices.indexOf(name) : -1;
      const file = label.action === 'unbindDevice' ? '/sys/bus/pci/devices/%s/driver/unbind' : '/sys/bus/pci/drivers/vfio-pci/bind';
      body = `r = sysfs_write(${cString(file)}, device_name(${k}));`;
      break;
    }
    default:
      throw new CReproducerError(`action '${label.action}' is not a VFIO syscall; only VFIO traces have a C reproducer`);
  }
  const lines = [
    `  /* ${cComment(formatSyscall(label, result))} */`,
    '  {',
    '    long r;',
    '    errno = 0;',
    `    ${body}`,
    `    report(${step}, ${callText}, r, errno, ${cString(expected)}, ${predicted ? (anySuccess ? 1 : 0) : 2});`,
  ];
  if (after !== '') lines.push(`    ${after}`);
  lines.push('  }');
  return lines.join('\n');
}

/**
 * The C for a GET_DEVICE_FD step whose failure the model injects inside the kernel (module reference, open_device,
 * anonymous file): userspace cannot make it happen, so the call is not issued. The kernel's undo leaves the state as
 * it was (a self-loop at syscall level), so the rest of the trace does not depend on the skipped call.
 */
function injectedFailureCode(step: number, label: Label, expected: string): string {
  const text = formatSyscall(label, undefined);
  return [
    `  /* ${cComment(text)} = ${cComment(expected)}: a failure injected inside the kernel; not issued */`,
    `  printf("%3d  %s: not issued (the model injects this failure inside the kernel and predicts %s, state unchanged)\\n", ${step}, ${cString(text)}, ${cString(expected)});`,
  ].join('\n');
}

/**
 * Renders the C reproducer of a VFIO `trace`. Guarantees: deterministic text; compiles with `cc -Wall -Werror`
 * against the kernel uAPI headers; one `report()` per completed step, in order (an aborted last step is issued too,
 * with no prediction: the model hits a kernel assertion there, so the program prints the real result and stops).
 * Throws {@link CReproducerError} for a trace that is not made of VFIO syscalls.
 */
export function renderCReproducer(trace: Trace<unknown>, context: CReproducerContext, unknownDevice = 'unknown'): string {
  const args = cReproducerArguments(trace, unknownDevice);
  const usage =
    `usage: %s <group>[,<group>...]${args.devices.length > 0 ? ' <device>[,<device>...]' : ' [<device>,...]'} [type1|type1v2|<iommu type number>]`;
  const header = [
    '/*',
    ` * lifecheck C reproducer for ${cComment(context.modelName)}${context.propertyName ? `, property ${cComment(context.propertyName)}` : ''}.`,
    ...(context.message ? [` * ${cComment(context.message)}`] : []),
    ...(context.reproduceCommand ? [` * Found by: ${cComment(context.reproduceCommand)}`] : []),
    ' *',
    ' * Issues the trace\'s system calls in order and prints each return value beside the model\'s; exits 1 at the first',
    ' * mismatch, 0 when every call returned what the model predicts, 2 on bad arguments, 77 without /dev/vfio.',
    ` * Arguments: the IOMMU group number of each model group (${args.groupCount} needed), comma-separated; the name of`,
    ` * each model device in this order: ${args.devices.length === 0 ? '(none used)' : cComment(args.devices.join(', '))}; the IOMMU type`,
    ' * (default type1v2). Build: cc -Wall -Werror -o repro repro.c',
    ' */',
  ].join('\n');
  const steps: string[] = [];
  trace.steps.forEach((s, i) => {
    if (s.label !== null) steps.push(stepCode(i, s.label, s.result, args.devices, unknownDevice));
  });
  if (trace.aborted) {
    const label = trace.aborted.label;
    steps.push(
      [
        `  /* ${cComment(formatSyscall(label, undefined))}: the model hits a kernel assertion here */`,
        `  printf("%3d  %s: the model predicts a kernel assertion: %s\\n", ${trace.steps.length}, ${cString(formatSyscall(label, undefined))}, ${cString(trace.aborted.message)});`,
        stepCode(trace.steps.length, label, undefined, args.devices, unknownDevice, false),
      ].join('\n'),
    );
  }
  const main = [
    'int main(int argc, char **argv) {',
    '  setvbuf(stdout, NULL, _IOLBF, 0);',
    `  if (argc < ${args.groupCount > 0 ? 2 : 1} || argc > 4) { fprintf(stderr, ${cString(`${usage}\n`)}, argv[0]); return 2; }`,
    '  for (int i = 0; i < MAX_FDS; i++) fdmap[i] = -1;',
    '  if (argc > 1) ngroups = split(argv[1], groups);',
    '  if (argc > 2) ndevices = split(argv[2], devices);',
    '  if (argc > 3) {',
    '    if (strcmp(argv[3], "type1") == 0) iommu_type = VFIO_TYPE1_IOMMU;',
    '    else if (strcmp(argv[3], "type1v2") == 0) iommu_type = VFIO_TYPE1v2_IOMMU;',
    '    else iommu_type = strtoul(argv[3], NULL, 0);',
    '  }',
    `  if (ngroups < ${args.groupCount}) { fprintf(stderr, "need ${args.groupCount} group number(s), got %d\\n", ngroups); return 2; }`,
    `  if (ndevices < ${args.devices.length}) { fprintf(stderr, "need ${args.devices.length} device name(s), got %d\\n", ndevices); return 2; }`,
    '  if (access("/dev/vfio", F_OK) != 0) { printf("no /dev/vfio on this machine: cannot reproduce; skipped\\n"); return 77; }',
    ...steps,
    '  printf("every call returned what the model predicts\\n");',
    '  return 0;',
    '}',
  ].join('\n');
  const errnoCases = ERRNOS.map((e) => `#ifdef ${e}\n  case ${e}: return "${e}";\n#endif`).join('\n');
  return `${header}\n${PRELUDE.replace('@ERRNO_CASES@', errnoCases)}\n${main}\n`;
}
