/**
 * GET_DEVICE_FD's failure paths at syscall level (the `deviceFdFailures` constants, semantics §2.8): the module
 * reference, the driver's open_device or the anonymous file fails inside vfio_device_open, and the kernel's undo
 * (close_device, open_count--, module_put, then the assign's undo: OLD try_dissolve, NEW/POST container_users-- and
 * fput of the group file) restores the starting state, so each failing label is a self-loop that TLC counts as a
 * generated state and never as a distinct one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson, checkSync, compileModel, type Label } from '../../../checker/engine/index.js';
import { vfioConstantSets, vfioModels } from '../../../spec/vfio/models.js';
import { formatSyscall } from '../../../spec/vfio/presentation/syscallText.js';
import { renderCReproducer } from '../../../spec/vfio/presentation/cReproducer.js';
import type { VfioState } from '../../../spec/vfio/state.js';
import type { Syscall } from '../../../spec/vfio/syscalls.js';
import { replay } from './replay.js';

const DEV = '0000:01:00.0';
const c = (action: Syscall['action'], params: unknown): Syscall => ({ action, params }) as Syscall;
const fail = (fd: number, at: 'moduleGet' | 'openDevice' | 'anonFile'): Syscall => c('groupGetDeviceFd', { fd, device: DEV, fail: at });
const versions = ['old', 'new', 'post'] as const;
/** container 3, group 4, attached, type1 set: GET_DEVICE_FD on fd 4 gets as far as vfio_device_open. */
const ready = [c('openContainer', null), c('openGroup', { group: 0 }), c('groupSetContainer', { fd: 4, containerFd: 3 }), c('setIommu', { fd: 3 })];
const statusOf = (r: ReturnType<typeof checkSync>) => Object.fromEntries(r.properties.map((p) => [p.name, p.status]));

describe('GET_DEVICE_FD failures at syscall level (deviceFdFailures)', () => {
  it('adds no label without the constant (small keeps its labels)', () => {
    for (const v of versions) {
      const labels = compileModel(vfioModels[v], { constantSet: 'small' }).labels;
      expect(labels.some((l) => canonicalJson(l).includes('"fail"')), v).toBe(false);
      const withFlag = compileModel(vfioModels[v], { constantSet: 'deviceFdFailures' }).labels;
      // one failing label per (fd, device, failure point): 3 fds × 1 device × 3 points
      expect(withFlag.length - labels.length, v).toBe(9);
    }
  });

  it('each failure returns its errno and leaves the state exactly as it was', () => {
    for (const v of versions) {
      const steps = replay(vfioModels[v], 'deviceFdFailures', [...ready, fail(4, 'moduleGet'), fail(4, 'openDevice'), fail(4, 'anonFile')]);
      expect(steps.slice(4).map((s) => s.result), v).toEqual(['-ENODEV', '-ESRCH', '-ENFILE']);
      const before = canonicalJson(steps[3]!.state as never);
      for (const s of steps.slice(4)) expect(canonicalJson(s.state as never), v).toBe(before);
      // the same call without a failure then succeeds: fd 5, open_count 1, the group file pinned in NEW/POST
      const ok = replay(vfioModels[v], 'deviceFdFailures', [...ready, fail(4, 'anonFile'), c('groupGetDeviceFd', { fd: 4, device: DEV })]);
      expect(ok.at(-1)!.result, v).toBe(5);
      const st = ok.at(-1)!.state as VfioState;
      expect(st.devices[0]!.openCount, v).toBe(1);
      expect(st.groups[0]!.fileRefs, v).toBe(v === 'old' ? 1 : 2);
    }
  });

  it('a failing label is enabled only where the call reaches its failure point', () => {
    for (const v of versions) {
      // no container: the assign fails with -EINVAL before vfio_device_open's failure points
      expect(() => replay(vfioModels[v], 'deviceFdFailures', [c('openGroup', { group: 0 }), fail(3, 'moduleGet')]), v).toThrow(/disabled/);
      // open_device runs only on the 0→1 edge of open_count: with the device open, it cannot fail (the container fd
      // is closed so that the fd table has room: with it full, the call fails with -EMFILE before vfio_device_open)
      const open = [...ready, c('groupGetDeviceFd', { fd: 4, device: DEV }), c('close', { fd: 3 })];
      expect(() => replay(vfioModels[v], 'deviceFdFailures', [...ready, c('groupGetDeviceFd', { fd: 4, device: DEV }), fail(4, 'moduleGet')]), v).toThrow(/disabled/);
      expect(() => replay(vfioModels[v], 'deviceFdFailures', [...open, fail(4, 'openDevice')]), v).toThrow(/disabled/);
      const second = replay(vfioModels[v], 'deviceFdFailures', [...open, fail(4, 'moduleGet'), fail(4, 'anonFile')]);
      expect(second.slice(-2).map((s) => s.result), v).toEqual(['-ENODEV', '-ENFILE']);
      expect(canonicalJson(second.at(-1)!.state as never)).toBe(canonicalJson(second.at(-3)!.state as never));
    }
  });

  it('the anonymous-file failure runs close_device: with the faulty driver it leaves its group notifier behind', () => {
    // the faulty driver forgets to unregister its group notifier in close_device (not in its own open error path)
    for (const v of versions) {
      const model = { ...vfioModels[v], constants: { ...vfioModels[v].constants, faultyFailures: { ...vfioConstantSets.faulty, deviceFdFailures: true } } };
      const steps = replay(model, 'faultyFailures', [...ready, fail(4, 'openDevice'), fail(4, 'anonFile')]);
      expect((steps[4]!.state as VfioState).devices[0]!.notifier, v).toBe(false);
      expect((steps[5]!.state as VfioState).devices[0]!.notifier, v).toBe(true);
      expect((steps[5]!.state as VfioState).devices[0]!.openCount, v).toBe(0);
    }
  });

  it('same distinct states and verdicts as small; the failing labels add generated states only', () => {
    // measured: old 1,374 / 75,425, new 1,428 / 78,287, post 1,374 / 75,425 (small: 74,891, 77,753, 74,891)
    const everything = { continueAfterViolation: true, exhaustive: true } as const;
    for (const v of versions) {
      const small = checkSync(vfioModels[v], { ...everything, constantSet: 'small' });
      const failing = checkSync(vfioModels[v], { ...everything, constantSet: 'deviceFdFailures' });
      expect(failing.stats.distinctStates, v).toBe(small.stats.distinctStates);
      expect(statusOf(failing), v).toEqual(statusOf(small));
      const get = (r: typeof small) => r.stats.coverage.find((a) => a.action === 'groupGetDeviceFd')!;
      const extra = failing.stats.statesGenerated - small.stats.statesGenerated;
      expect(extra, v).toBeGreaterThan(0);
      expect(get(failing).statesGenerated - get(small).statesGenerated, v).toBe(extra);
      expect(get(failing).distinctStates, v).toBe(get(small).distinctStates);
    }
  });

  it('reads as strace with the failure named, and the C reproducer does not issue it', () => {
    const label = fail(4, 'openDevice') as Label;
    expect(formatSyscall(label, '-ESRCH')).toBe('ioctl(4, VFIO_GROUP_GET_DEVICE_FD, "0000:01:00.0") [injected: open_device fails] = -ESRCH');
    const steps = replay(vfioModels.post, 'deviceFdFailures', [...ready, fail(4, 'openDevice')]);
    const trace = { steps: [{ label: null, state: {} }, ...steps.map((s) => ({ label: s.call as Label, result: s.result, state: s.state }))] };
    const source = renderCReproducer(trace as never, { modelName: 'vfio-post' });
    expect(source).toContain('not issued (the model injects this failure inside the kernel');
    expect(source).not.toContain('VFIO_GROUP_GET_DEVICE_FD, device_name(');
  });

  it('spec/vfio/expected.deviceFdFailures.json gives every property of every version a cell with a reason', () => {
    const expected = JSON.parse(readFileSync(new URL('../../../spec/vfio/expected.deviceFdFailures.json', import.meta.url), 'utf8')) as Record<string, Record<string, { status: string; reason?: string }>>;
    for (const v of versions) {
      const cells = expected[`vfio-${v}`]!;
      for (const p of Object.keys(vfioModels[v].properties)) expect(cells[p]?.reason, `${v}.${p}`).toMatch(/\w/);
    }
  });
});
