/**
 * GET_DEVICE_FD's failure paths at lock level (the `deviceFdFailures` constants): the module reference, open_device
 * or the anonymous file fails inside vfio_device_open, and the undo runs as steps of its own, so that another thread
 * sees container_users raised (an UNSET_CONTAINER with no device file answers -EBUSY) and then lowered; in NEW/POST
 * the undo drops the group-file pin with a plain (deferred) fput, never the last one while the ioctl's fdget holds
 * the file.
 */
import { describe, expect, it } from 'vitest';
import { checkSync } from '../../../../checker/engine/index.js';
import { vfioLockNew, vfioLockOld, vfioLockPost, vfioLockPre } from '../../../../spec/vfio/lock/models.js';
import type { LockState } from '../../../../spec/vfio/lock/program.js';
import { replayAll, type Step } from './replaySteps.js';

const everything = { continueAfterViolation: true, exhaustive: true } as const;
const statusOf = (r: ReturnType<typeof checkSync>) => Object.fromEntries(r.properties.map((p) => [p.name, p.status]));
const models = { pre: vfioLockPre, old: vfioLockOld, new: vfioLockNew, post: vfioLockPost } as const;
const FAILURE_STEPS = ['openOrFail', 'installOrFail', 'closeDevice', 'failModule', 'failOpen', 'failFile'].map((l) => `vfio_group_get_device_fd.${l}`);

/** Replays `steps` on `model` at `constantSet`; returns each step's result and the state after it. */
const run = (model: (typeof models)[keyof typeof models], constantSet: string, steps: readonly Step[]) => replayAll(model, constantSet, steps).taken;

/** T0: container (fd 0), SET_CONTAINER; T1: group (fd 1), SET_IOMMU; then T0's GET_DEVICE_FD up to open_device. */
function setup(): Step[] {
  return [
    ['syscall.call', 0, { op: 'openContainer' }],
    ['syscall.sysret', 0],
    ['syscall.call', 1, { op: 'openGroup' }],
    ['vfio_group_fops_open.open', 1],
    ['vfio_group_fops_open.install', 1],
    ['syscall.sysret', 1],
    ['syscall.call', 0, { op: 'setContainer', fd: 0 }],
    ['vfio_group_set_container.check', 0],
    ['vfio_group_set_container.attach', 0],
    ['syscall.sysret', 0],
    ['syscall.call', 1, { op: 'setIommu', fd: 0 }],
    ['vfio_ioctl_set_iommu.set', 1],
    ['syscall.sysret', 1],
    ['syscall.call', 0, { op: 'getDeviceFd' }],
    ['vfio_group_get_device_fd.reserve', 0],
    ['vfio_group_get_device_fd.assign', 0],
    ['vfio_group_get_device_fd.openOrFail', 0, 'openDevice'],
  ];
}
/** The assign's undo of version `v` (OLD: try_dissolve; NEW/POST: vfio_device_unassign_container). */
const undo = (v: 'old' | 'new' | 'post'): Step[] =>
  v === 'old' ? [['vfio_group_try_dissolve_container.dec', 0], ['vfio_group_try_dissolve_container.done', 0]] : [['vfio_device_unassign_container.unassign', 0]];

/** The exhaustive result of `model` at `constantSet`, computed once for the tests that share it. */
const results = new Map<string, ReturnType<typeof checkSync>>();
function checked(v: keyof typeof models, constantSet: string): ReturnType<typeof checkSync> {
  const key = `${v}:${constantSet}`;
  if (!results.has(key)) results.set(key, checkSync(models[v], { ...everything, constantSet }));
  return results.get(key)!;
}
const versions = Object.keys(models) as (keyof typeof models)[];

describe('GET_DEVICE_FD failures at lock level (deviceFdFailures)', () => {
  it('without the constant no failure step is ever taken (small keeps its state space)', () => {
    for (const v of versions) {
      const r = checked(v, 'small');
      for (const a of [...FAILURE_STEPS, 'vfio_device_unassign_container.unassign']) {
        expect(r.stats.coverage.find((x) => x.action === a)?.statesGenerated ?? 0, `${v} ${a}`).toBe(0);
      }
    }
  });

  it('with the constant: the counts, and every verdict as at small (the failures break no property)', () => {
    // measured (distinct / generated); small: pre 21,371 / 51,637, old 23,875 / 56,611, new 23,612 / 55,878,
    // post 23,147 / 55,121
    const counts = { pre: [22_157, 53_757], old: [25_521, 60_235], new: [24_790, 58_620], post: [24_325, 57_863] };
    for (const v of versions) {
      const small = checked(v, 'small');
      const failing = checked(v, 'deviceFdFailures');
      expect([failing.stats.distinctStates, failing.stats.statesGenerated], v).toEqual(counts[v]);
      expect(statusOf(failing), v).toEqual(statusOf(small));
      for (const a of FAILURE_STEPS) expect(failing.stats.coverage.find((x) => x.action === a)!.statesGenerated, `${v} ${a}`).toBeGreaterThan(0);
    }
  });

  it('the window: during a failing open, another thread\'s UNSET_CONTAINER gets -EBUSY with no device file', () => {
    for (const v of ['old', 'new', 'post'] as const) {
      const steps = run(models[v], 'deviceFdFailures', [
        ...setup(),
        ['syscall.call', 1, { op: 'unsetContainer' }],
        ['vfio_group_unset_container.test', 1],
        ['syscall.sysret', 1],
        ...undo(v),
        ['vfio_group_get_device_fd.failOpen', 0],
        ['syscall.sysret', 0],
      ]);
      const unset = steps[setup().length + 1]!;
      expect(unset.result, v).toBe(-16); // -EBUSY
      expect(unset.state.shared.devFiles, v).toBe(0);
      expect(unset.state.shared.group.users, v).toBe(2); // the attachment and the failing open's user
      expect(steps.at(-2)!.result, v).toBe(-3); // GET_DEVICE_FD returns open_device's -ESRCH
      const end = steps.at(-1)!.state.shared;
      expect([end.group.users, end.group.container, end.openCount, end.group.fileRefs], v).toEqual([1, 0, 0, 1]);
      expect(end.fds.map((f) => f?.kind ?? null), v).toEqual(['container', 'group', null]);
    }
  });

  it('the exhaustive search finds that window too (NEW/POST: a thread in the undo, users 2, no device file)', () => {
    for (const model of [vfioLockNew, vfioLockPost]) {
      const witness = {
        kind: 'invariant' as const,
        summary: 'test only: no state inside the undo with container_users raised and no device file',
        holds: (s: LockState) =>
          !(s.shared.devFiles === 0 && s.shared.group.users === 2 && s.threads.some((th) => th.pc === 'vfio_device_unassign_container.unassign')),
      };
      const probe = { ...model, properties: { ...model.properties, witness } };
      const r = checkSync(probe, { constantSet: 'deviceFdFailures', properties: ['witness'] });
      const verdict = r.properties.find((p) => p.name === 'witness')!;
      expect(verdict.status, model.name).toBe('violated');
      const actions = verdict.counterexample!.steps.slice(1).map((s) => s.label!.action);
      expect(actions.at(-1), model.name).toBe('vfio_group_get_device_fd.openOrFail');
    }
  });

  it('NEW/POST: the undo\'s fput of the group file is not its last; a concurrent close leaves the release to the failing thread\'s task work', () => {
    for (const v of ['new', 'post'] as const) {
      const head = [...setup(), ['syscall.call', 1, { op: 'close', fd: 1 }] as Step, ['syscall.sysret', 1] as Step];
      const steps = run(models[v], 'deviceFdFailures', [...head, ...undo(v), ['vfio_group_get_device_fd.failOpen', 0], ['syscall.sysret', 0]]);
      const afterUndo = steps[head.length + undo(v).length - 1]!.state.shared;
      expect([afterUndo.group.fileRefs, afterUndo.deferred.length], v).toEqual([1, 0]); // the ioctl's fdget is left
      const last = steps.at(-1)!.state;
      expect(last.shared.group.fileRefs, v).toBe(0);
      expect(last.threads[0]!.pc, v).toMatch(/^vfio_group_fops_release\./); // T0's task work, after the ioctl
    }
  });

  it('PRE: the failing open takes no container user (PRE counts it only after the file), so UNSET succeeds meanwhile', () => {
    const steps = run(vfioLockPre, 'deviceFdFailures', [
      ['syscall.call', 0, { op: 'openContainer' }],
      ['syscall.sysret', 0],
      ['syscall.call', 1, { op: 'openGroup' }],
      ['vfio_group_fops_open.open', 1],
      ['vfio_group_fops_open.checkContainer', 1],
      ['vfio_group_fops_open.install', 1],
      ['syscall.sysret', 1],
      ['syscall.call', 0, { op: 'setContainer', fd: 0 }],
      ['vfio_group_set_container.check', 0],
      ['vfio_group_set_container.attach', 0],
      ['syscall.sysret', 0],
      ['syscall.call', 1, { op: 'setIommu', fd: 0 }],
      ['vfio_ioctl_set_iommu.set', 1],
      ['syscall.sysret', 1],
      ['syscall.call', 0, { op: 'getDeviceFd' }],
      ['vfio_group_get_device_fd.reserve', 0],
      ['vfio_group_get_device_fd.openOrFail', 0, 'moduleGet'],
      ['syscall.call', 1, { op: 'unsetContainer' }],
      ['vfio_group_unset_container.test', 1],
      ['__vfio_group_unset_container.readContainer', 1],
      ['__vfio_group_unset_container.lockContainer', 1],
      ['__vfio_group_unset_container.unlink', 1],
      ['vfio_group_unset_container.done', 1],
      ['vfio_group_get_device_fd.failModule', 0],
    ]);
    expect(steps.at(-2)!.result).toBe(0); // UNSET succeeded while GET_DEVICE_FD was under way
    expect(steps.at(-1)!.result).toBe(-19); // -ENODEV
    expect(steps.at(-1)!.state.shared.group.container).toBeNull();
  });
});
