import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { compileModel, type CompiledModel } from '../../../../checker/engine/index.js';
import { straceRecordingReader } from '../../../../spec/vfio/presentation/index.js';
import { vfioModels } from '../../../../spec/vfio/models.js';
import { parseStrace, splitArgs, StraceInputError } from '../../../../spec/vfio/presentation/straceParse.js';
import { replayStrace as replayOnTarget, vfioIoctlName } from '../../../../spec/vfio/presentation/straceReplay.js';
import type { StraceCall } from '../../../../spec/vfio/presentation/straceParse.js';
import { replayTarget } from '../../../../traces/replayRecording.js';

const LOG_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../../traces/clients/dpdkSetupTeardown.strace');

/** The strace replay on a compiled model, through the generic replay target (as `lifecheck replay` runs it). */
const replayStrace = (compiled: CompiledModel, calls: readonly StraceCall[], source: string): ReturnType<typeof replayOnTarget> =>
  replayOnTarget(replayTarget(compiled), calls, source);
const LOG = readFileSync(LOG_FILE, 'utf8');
const lineOf = (text: string): number => LOG.split('\n').findIndex((l) => l.includes(text)) + 1;

describe('strace parsing', () => {
  test('reads calls with their lines, skipping signal and exit annotations and joining resumed calls', () => {
    const calls = parseStrace(LOG, 'log');
    expect(calls).toHaveLength(LOG.split('\n').filter((l) => /^\d+ [a-z_]+\(/.test(l)).length);
    const setIommu = calls.find((c) => c.args[1] === 'VFIO_SET_IOMMU')!;
    expect(setIommu).toMatchObject({ line: lineOf('VFIO_SET_IOMMU, 0x1 <unfinished'), pid: 12345, args: ['4', 'VFIO_SET_IOMMU', '0x1'], returned: 0n });
    const busy = calls.find((c) => c.errno === 'EBUSY')!;
    expect(busy).toMatchObject({ name: 'openat', returned: -1n, args: ['AT_FDCWD', '"/dev/vfio/12"', 'O_RDWR'] });
    expect(calls.at(-1)).toMatchObject({ name: 'exit_group', returned: undefined, args: ['0'] });
    expect(calls.find((c) => c.name === 'mmap' && c.args[4] === '6')!.returned).toBe(0x7f3a1c7f0000n);
  });

  test('accepts [pid N] prefixes and timestamps', () => {
    const calls = parseStrace('[pid  42] 12:00:01.123456 close(3) = 0\n1700000000.000001 dup(4) = 5\n', 'log');
    expect(calls.map((c) => [c.pid, c.name, c.args, c.returned])).toEqual([[42, 'close', ['3'], 0n], [undefined, 'dup', ['4'], 5n]]);
  });

  test('splits arguments at top-level commas only', () => {
    expect(splitArgs('1, {a=1, b=[2, 3]}, "x,\\"y", f(1, 2)')).toEqual(['1', '{a=1, b=[2, 3]}', '"x,\\"y"', 'f(1, 2)']);
  });

  test('unreadable lines give the line number', () => {
    expect(() => parseStrace('close(3) = 0\nthis is not strace\n', 'log')).toThrow(new StraceInputError(2, 'cannot read this strace line: "this is not strace"', 'log'));
    expect(() => parseStrace('ioctl(3, VFIO_GET_API_VERSION', 'log')).toThrow(/^log:1: unbalanced parentheses/);
    expect(() => parseStrace('close(3) = 0\nioctl(3, VFIO_GET_API_VERSION, 0 <unfinished ...>\n', 'log')).toThrow(/^log:2: ioctl never finished/);
  });

  test('decodes VFIO ioctl numbers and names', () => {
    expect(vfioIoctlName('VFIO_GROUP_SET_CONTAINER', 'group')).toBe('VFIO_GROUP_SET_CONTAINER');
    expect(vfioIoctlName('_IOC(_IOC_NONE, 0x3b, 0x68, 0)', 'group')).toBe('VFIO_GROUP_SET_CONTAINER');
    expect(vfioIoctlName('0x3b6a', 'group')).toBe('VFIO_GROUP_GET_DEVICE_FD');
    expect(vfioIoctlName('0x3b71 /* VFIO_IOMMU_MAP_DMA */', 'container')).toBe('VFIO_IOMMU_MAP_DMA');
    expect(vfioIoctlName('0x3b71', 'container')).toBe('VFIO_IOMMU_MAP_DMA');
    expect(vfioIoctlName('0x3b71', 'device')).toBe('VFIO_DEVICE_PCI_HOT_RESET');
    expect(vfioIoctlName('VFIO_IOMMU_GET_INFO or VFIO_DEVICE_GET_PCI_HOT_RESET_INFO', 'device')).toBe('VFIO_DEVICE_GET_PCI_HOT_RESET_INFO');
    expect(vfioIoctlName('TCGETS', 'group')).toBeUndefined();
    expect(vfioIoctlName('0x5401', 'group')).toBeUndefined();
  });
});

describe('strace replay', () => {
  for (const version of ['old', 'new', 'post'] as const) {
    test(`the hand-written DPDK strace log conforms to vfio-${version}`, () => {
      const report = replayStrace(compileModel(vfioModels[version], { constantSet: 'small' }), parseStrace(LOG, 'log'), 'log');
      expect(report.divergence, report.divergence?.message).toBeUndefined();
      expect(report.steps).toHaveLength(20);
      expect(report.skippedNonVfio).toBe(13);
      expect(report.skippedNotModelled).toBe(2);
      // real fds are mapped to the model's: the container is real fd 4, model fd 3
      expect(report.steps[0]!).toMatchObject({ label: { action: 'openContainer', params: null }, result: 3 });
      expect(report.steps[5]!.label).toEqual({ action: 'groupSetContainer', params: { fd: 4, containerFd: 3 } });
      expect(report.steps[8]!.label).toEqual({ action: 'groupGetDeviceFd', params: { fd: 4, device: '0000:01:00.0' } });
      expect(report.steps[14]!).toMatchObject({ label: { action: 'openGroup', params: { group: 0 } }, result: '-EBUSY' });
    });
  }

  test('a tampered copy (one return value changed) is rejected at exactly that line', () => {
    const line = lineOf('= -1 EBUSY');
    const lines = LOG.split('\n');
    lines[line - 1] = lines[line - 1]!.replace('= -1 EBUSY (Device or resource busy)', '= 8');
    const report = replayStrace(compileModel(vfioModels.post, { constantSet: 'small' }), parseStrace(lines.join('\n'), 'log'), 'log');
    expect(report.divergence).toMatchObject({ kind: 'result', expected: '-EBUSY', recorded: 'success' });
    expect(report.divergence!.call.line).toBe(line);
    expect(report.steps).toHaveLength(14);

    const apiLine = lineOf('VFIO_GET_API_VERSION');
    const api = LOG.split('\n');
    api[apiLine - 1] = api[apiLine - 1]!.replace(/= 0$/, '= 1');
    const second = replayStrace(compileModel(vfioModels.old, { constantSet: 'small' }), parseStrace(api.join('\n'), 'log'), 'log');
    expect(second.divergence).toMatchObject({ kind: 'result', expected: 0, recorded: 1 });
    expect(second.divergence!.call.line).toBe(apiLine);
  });

  test('decoded arguments (container fd, device name, KVM attribute) are used when strace shows them', () => {
    const log = [
      'openat(AT_FDCWD, "/dev/vfio/vfio", O_RDWR) = 3',
      'openat(AT_FDCWD, "/dev/vfio/7", O_RDWR) = 4',
      'ioctl(4, VFIO_GROUP_SET_CONTAINER, [3]) = 0',
      'ioctl(3, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) = 0',
      'ioctl(9, KVM_SET_DEVICE_ATTR, {group=KVM_DEV_VFIO_GROUP, attr=KVM_DEV_VFIO_GROUP_ADD, addr=[4]}) = 0',
      'ioctl(4, VFIO_GROUP_GET_DEVICE_FD, "nosuchdevice") = -1 ENODEV (No such device)',
      'ioctl(4, VFIO_GROUP_GET_DEVICE_FD, "0000:01:00.0") = 5',
      'close(4) = 0',
      'close(5) = 0',
      'openat(AT_FDCWD, "/dev/vfio/7", O_RDWR) = -1 EBUSY (Device or resource busy)',
    ].join('\n');
    const report = replayStrace(compileModel(vfioModels.new, { constantSet: 'small' }), parseStrace(log, 'log'), 'log');
    expect(report.divergence, report.divergence?.message).toBeUndefined();
    expect(report.steps.map((s) => s.label.action)).toEqual([
      'openContainer', 'openGroup', 'groupSetContainer', 'setIommu', 'kvmGroupAdd', 'groupGetDeviceFd', 'groupGetDeviceFd', 'close', 'close', 'openGroup',
    ]);
    expect(report.steps[5]!.label.params).toEqual({ fd: 4, device: 'unknown' });
  });

  test('an unknown ioctl on a VFIO fd is unreadable input, with its line', () => {
    const log = 'openat(AT_FDCWD, "/dev/vfio/vfio", O_RDWR) = 3\nioctl(3, _IOC(_IOC_NONE, 0x3b, 0x7f, 0), 0) = -1 ENOTTY (Inappropriate ioctl for device)\n';
    expect(() => replayStrace(compileModel(vfioModels.old, { constantSet: 'small' }), parseStrace(log, 'log'), 'log')).toThrow(
      /^log:2: unknown ioctl _IOC\(_IOC_NONE, 0x3b, 0x7f, 0\) on VFIO fd 3 \(a container fd\)$/,
    );
    const named = 'openat(AT_FDCWD, "/dev/vfio/vfio", O_RDWR) = 3\nioctl(3, FIONREAD, [0]) = 0\n';
    expect(() => replayStrace(compileModel(vfioModels.old, { constantSet: 'small' }), parseStrace(named, 'log'), 'log')).toThrow(/^log:2: unknown ioctl FIONREAD/);
  });
});

describe('strace replay across pids', () => {
  test('an exit_group of a process that made no VFIO call is skipped', () => {
    const log = [
      '100 openat(AT_FDCWD, "/dev/vfio/vfio", O_RDWR) = 3',
      '101 exit_group(0) = ?',
      '100 ioctl(3, VFIO_GET_API_VERSION, 0) = 0',
      '100 exit_group(0) = ?',
    ].join('\n');
    const report = replayStrace(compileModel(vfioModels.old, { constantSet: 'small' }), parseStrace(log, 'log'), 'log');
    expect(report.divergence).toBeUndefined();
    expect(report.steps.map((s) => s.label.action)).toEqual(['openContainer', 'getApiVersion', 'exit']);
    expect(report.skippedNonVfio).toBe(1);
  });
});

describe('the hand-written QEMU strace log (threads, KVM device attributes)', () => {
  const qemu = readFileSync(path.join(path.dirname(LOG_FILE), 'qemuAttachDetach.strace'), 'utf8');
  for (const version of ['old', 'new', 'post'] as const) {
    test(`conforms to vfio-${version}`, () => {
      const report = replayStrace(compileModel(vfioModels[version], { constantSet: 'small' }), parseStrace(qemu, 'qemu'), 'qemu');
      expect(report.divergence, report.divergence?.message).toBeUndefined();
      expect(report.steps.map((s) => s.label.action)).toEqual([
        'openGroup', 'groupGetStatus', 'openContainer', 'getApiVersion', 'checkExtension', 'groupSetContainer', 'setIommu',
        'kvmGroupAdd', 'mapDma', 'mapDma', 'groupGetDeviceFd', 'deviceIoctl', 'deviceIoctl', 'mmap', 'deviceIoctl', 'munmap',
        'close', 'kvmGroupDel', 'mapDma', 'groupUnsetContainer', 'close', 'close', 'openGroup', 'close', 'exit',
      ]);
      expect(report.skippedNonVfio).toBe(4);
    });
  }
  test('without the KVM group delete, the kernel keeps the group file: UNSET still works, but the reopen is -EBUSY', () => {
    const withoutDel = qemu.split('\n').filter((l) => !l.includes('KVM_DEV_VFIO_GROUP_DEL')).join('\n');
    const report = replayStrace(compileModel(vfioModels.post, { constantSet: 'small' }), parseStrace(withoutDel, 'qemu'), 'qemu');
    expect(report.divergence).toMatchObject({ kind: 'result', expected: '-EBUSY' });
    expect(report.divergence!.call.text).toContain('openat(AT_FDCWD, "/dev/vfio/26"');
  });
});

describe('the recording reader of the VFIO presentation', () => {
  test('replays through the target it is given and reports unreadable input as data, with the line', () => {
    const target = replayTarget(compileModel(vfioModels.old, { constantSet: 'small' }));
    const replay = straceRecordingReader.replay(LOG, target);
    if ('inputError' in replay) throw new Error(replay.inputError.reason);
    expect(replay.divergence).toBeUndefined();
    expect(replay.calls).toHaveLength(20);
    expect(replay.calls[0]).toMatchObject({ label: { action: 'openContainer', params: null }, result: 3, line: expect.any(Number) as number });
    expect(replay.notes).toEqual(['13 call(s) on non-VFIO fds or paths skipped', '2 VFIO call(s) the model does not represent skipped']);
    expect(straceRecordingReader.replay('close(3) = 0\nthis is not strace\n', target)).toEqual({
      inputError: { line: 2, reason: 'cannot read this strace line: "this is not strace"' },
    });
  });
});
