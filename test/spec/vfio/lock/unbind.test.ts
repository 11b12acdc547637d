/**
 * Driver unbind at lock level (the `unbind` constant, spec/vfio/lock/): another process runs
 * vfio_unregister_group_dev, which waits while a device file exists, and then binds a host driver, which the iommu
 * core refuses with -EBUSY while the group is DMA-owned. The matrix at `unbindOneThread` is `npm run check`
 * (spec/vfio/lock/expected.unbind.json); these tests replay the interleavings behind its verdicts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSync, type Json, type Label } from '../../../../checker/engine/index.js';
import { unbindWakesAfterDetach } from '../../../../invariants/vfio/lockLevel.js';
import { vfioLockNew, vfioLockOld, vfioLockPost, vfioLockPre } from '../../../../spec/vfio/lock/models.js';
import type { LockConstants } from '../../../../spec/vfio/lock/state.js';
import { replayAll, replaySteps, type Replay, type Step } from './replaySteps.js';

const models = { pre: vfioLockPre, old: vfioLockOld, new: vfioLockNew, post: vfioLockPost } as const;
const EBUSY = -16;
const ENODEV = -19;

/** One thread: container (fd 0), group (fd 1), SET_CONTAINER, SET_IOMMU, GET_DEVICE_FD (fd 2); the unbind drops its reference. */
function setup(): Step[] {
  return [
    ['syscall.call', 0, { op: 'openContainer' }],
    ['syscall.sysret', 0],
    ['syscall.call', 0, { op: 'openGroup' }],
    ['vfio_group_fops_open.open', 0],
    ['vfio_group_fops_open.install', 0],
    ['syscall.sysret', 0],
    ['syscall.call', 0, { op: 'setContainer', fd: 0 }],
    ['vfio_group_set_container.check', 0],
    ['vfio_group_set_container.attach', 0],
    ['syscall.sysret', 0],
    ['syscall.call', 0, { op: 'setIommu', fd: 0 }],
    ['vfio_ioctl_set_iommu.set', 0],
    ['syscall.sysret', 0],
    ['syscall.call', 0, { op: 'getDeviceFd' }],
    ['vfio_device_get_from_name.lookup', 0],
    ['vfio_group_get_device_fd.reserve', 0],
    ['vfio_group_get_device_fd.assign', 0],
    ['vfio_group_get_device_fd.open', 0],
    ['vfio_group_get_device_fd.install', 0],
    ['syscall.sysret', 0],
    ['sysfs.unbind', 1],
    ['vfio_unregister_group_dev.put', 1],
  ];
}
/** The device file's release in version `v`, run by thread 0's task work (OLD: `detaches` when it drops the last container user). */
const deviceRelease = (v: 'old' | 'new' | 'post', detaches = false): Step[] => [
  ['vfio_device_fops_release.close', 0],
  ...(v === 'old'
    ? ([
        ['vfio_group_try_dissolve_container.dec', 0],
        ...(detaches ? ([['__vfio_group_unset_container.readContainer', 0], ['__vfio_group_unset_container.lockContainer', 0]] as Step[]) : []),
        ['vfio_group_try_dissolve_container.done', 0],
      ] as Step[])
    : ([['vfio_device_fops_release.unassign', 0]] as Step[])),
  ['vfio_device_fops_release.gone', 0],
];
/** The rest of the unbind once it is woken, then the host driver's bind. */
const unbindEnds: Step[] = [
  ['vfio_unregister_group_dev.unlink', 1],
  ['vfio_unregister_group_dev.groupPut', 1],
  ['sysfs.bindHost', 1],
];

/** Whether unbindWakesAfterDetach holds on every step of a replay. */
function wakesAfterDetach(r: Replay, steps: readonly Step[], initial: Replay): boolean {
  const c = r.compiled.constants as LockConstants;
  const states = [initial.state, ...r.taken.map((t) => t.state)];
  return steps.every(([action, thread, arg], i) => {
    const label: Label = { action, params: (arg === undefined ? { thread } : { thread, arg }) as Json };
    return unbindWakesAfterDetach.holds(states[i]!, label, states[i + 1]!, c);
  });
}

describe('driver unbind at lock level (constant unbind)', () => {
  it('without the constant there is no unbinding thread and no lookup step (tiny keeps its hand count)', () => {
    const r = checkSync(vfioLockPost, { constantSet: 'tiny', exhaustive: true });
    expect(r.stats.distinctStates).toBe(8);
    for (const a of ['sysfs.unbind', 'vfio_device_get_from_name.lookup', 'vfio_unregister_group_dev.put']) {
      expect(r.stats.coverage.find((x) => x.action === a)?.statesGenerated ?? 0, a).toBe(0);
    }
  });

  it('the unbind waits while a device file is open; then GET_DEVICE_FD answers -ENODEV and the host bind -EBUSY while the group fd is open', () => {
    for (const v of ['old', 'new', 'post'] as const) {
      const head = setup();
      expect(replaySteps(models[v], 'unbindOneThread', [...head, ['vfio_unregister_group_dev.unlink', 1]]).blockedAt, v).toBe(head.length);
      const steps: Step[] = [
        ...head,
        ['syscall.call', 0, { op: 'close', fd: 2 }],
        ['syscall.sysret', 0],
        ...deviceRelease(v),
        ['syscall.sysret', 0],
        ...unbindEnds,
        ['syscall.call', 0, { op: 'getDeviceFd' }],
        ['vfio_device_get_from_name.lookup', 0],
      ];
      const r = replayAll(models[v], 'unbindOneThread', steps);
      expect(r.taken.at(-3)!.result, `${v} host bind`).toBe(EBUSY); // the group fd (1) still holds the container
      expect(r.taken.at(-1)!.result, `${v} GET_DEVICE_FD`).toBe(ENODEV);
      expect(r.state.shared.registration?.listed).toBe(false);
    }
  });

  it('an open() that entered before the unbind freed the group answers -ENODEV (vfio_group_get_from_minor)', () => {
    const r = replayAll(vfioLockPost, 'unbindOneThread', [
      ['syscall.call', 0, { op: 'openGroup' }],
      ['sysfs.unbind', 1],
      ['vfio_unregister_group_dev.put', 1],
      ['vfio_unregister_group_dev.unlink', 1],
      ['vfio_unregister_group_dev.groupPut', 1],
      ['vfio_group_fops_open.open', 0],
    ]);
    expect(r.taken.at(-1)!.result).toBe(ENODEV);
    expect(r.state.shared.group.opened).toBe(false);
    expect(r.state.shared.fds.every((f) => f === null)).toBe(true);
  });

  it('close(group fd), then close(device fd): OLD wakes the unbind after the detach, NEW/POST before it (the host bind gets -EBUSY)', () => {
    for (const v of ['old', 'new', 'post'] as const) {
      const groupRelease: Step[] =
        v === 'old'
          ? [['vfio_group_fops_release.enter', 0], ['vfio_group_try_dissolve_container.dec', 0], ['vfio_group_try_dissolve_container.done', 0], ['vfio_group_fops_release.clearOpened', 0]]
          : [];
      const steps: Step[] = [
        ...setup(),
        ['syscall.call', 0, { op: 'close', fd: 1 }],
        ['syscall.sysret', 0],
        ...groupRelease, // OLD: no pin, the group file's release runs at its close
        ...(v === 'old' ? ([['syscall.sysret', 0]] as Step[]) : []),
        ['syscall.call', 0, { op: 'close', fd: 2 }],
        ['syscall.sysret', 0],
        ...deviceRelease(v, true),
        ...unbindEnds,
      ];
      const initial = replayAll(models[v], 'unbindOneThread', []);
      const r = replayAll(models[v], 'unbindOneThread', steps);
      expect(r.taken.at(-1)!.result, `${v} host bind`).toBe(v === 'old' ? 0 : EBUSY);
      expect(wakesAfterDetach(r, steps, initial), v).toBe(v === 'old');
    }
  });

  it('OLD reaches the same window with two threads: one closes the group fd while the other closes the device fd', () => {
    const steps = JSON.parse(readFileSync(new URL('./oldUnbindWindow.json', import.meta.url), 'utf8')) as Step[];
    const initial = replayAll(vfioLockOld, 'unbind', []);
    const r = replayAll(vfioLockOld, 'unbind', steps);
    expect(wakesAfterDetach(r, steps, initial)).toBe(false);
    expect(r.state.shared.group.dmaOwner).not.toBeNull();
    expect(r.state.shared.deferred.some((d) => d.kind === 'group')).toBe(true); // the group release is queued, not run
  });

  it('at unbindOneThread every version violates unbindWakesAfterDetach; OLD and PRE only at exit, where both releases are queued at once', () => {
    for (const [v, model] of Object.entries(models)) {
      const r = checkSync(model, { constantSet: 'unbindOneThread', exhaustive: true, continueAfterViolation: true });
      const p = r.properties.find((x) => x.name === 'unbindWakesAfterDetach')!;
      expect(p.status, v).toBe('violated');
      const actions = p.counterexample!.steps.slice(1).map((s) => s.label!.action);
      expect(actions.includes('syscall.exitFiles'), v).toBe(v === 'pre' || v === 'old');
      expect(r.properties.find((x) => x.name === 'warnContainerAtGroupFree')!.status, v).toBe(v === 'new' ? 'violated' : 'holds');
    }
  });
});
