/**
 * The lock-level VFIO models (spec/vfio/lock/): hand-counted state spaces at `tiny`, the verdicts that matter at
 * `small` (one container, so quick), a replay of PRE's P4 race (the interleaving the checker found at `default`), and
 * expected.json's shape. The full matrix at the default constants is `npm run check` (spec/vfio/lock/expected.json).
 *
 * Counting rule (TLC's, the engine's): `distinctStates` is the number of reachable states; `statesGenerated` is 1
 * plus, over every reachable state, the number of enabled (action, params) pairs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSync, type Json } from '../../../../checker/engine/index.js';
import { vfioLockNew, vfioLockOld, vfioLockPost, vfioLockPre } from '../../../../spec/vfio/lock/models.js';
import { groupReleaseWithoutPinningDeviceFiles } from '../../../../invariants/vfio/lockLevel.js';
import { replayAll, replaySteps } from './replaySteps.js';

const everything = { continueAfterViolation: true, exhaustive: true } as const;
const statusOf = (r: ReturnType<typeof checkSync>) => Object.fromEntries(r.properties.map((p) => [p.name, p.status]));
const violated = (r: ReturnType<typeof checkSync>) => r.properties.filter((p) => p.status === 'violated').map((p) => p.name).sort();
const models = { pre: vfioLockPre, old: vfioLockOld, new: vfioLockNew, post: vfioLockPost } as const;

describe('tiny (1 thread, 1 call, 1 container, 1 fd): counted by hand', () => {
  // The thread's one call is openContainer, openGroup or exit (no fd names a file yet).
  //  exit → Done (1 state); openContainer → sysret (1) → Done (1); openGroup (fd reserved) → open step done (1)
  //  [PRE: → checkContainer done (1)] → install done (1) → Done (1).
  // OLD/NEW/POST: initial + 1 + 2 + 4 = 8 distinct; PRE: 9. Generated: 1 initial + 3 from the initial state + 1 per
  // intermediate state (sysret; open, install, sysret; PRE one more) + Terminating in the 3 Done states.
  for (const [v, model] of Object.entries(models)) {
    const distinct = v === 'pre' ? 9 : 8;
    it(`${v}: ${distinct} distinct, ${distinct + 3} generated, every property holds`, () => {
      const r = checkSync(model, { ...everything, constantSet: 'tiny' });
      expect(r.stats.distinctStates).toBe(distinct);
      expect(r.stats.statesGenerated).toBe(distinct + 3);
      expect(r.status).toBe('ok');
    });
  }
});

describe('small (2 threads × 3 calls, 1 container): the verdicts found by exhaustive search', () => {
  it('post: every property holds, and so does the lock order', () => {
    const r = checkSync(vfioLockPost, { ...everything, constantSet: 'small' });
    expect(violated(r)).toEqual([]);
    expect(statusOf(r).lockOrder).toBe('holds');
  });
  it('old: only the group release with an open device file (no pin before b76c0eed)', () => {
    const r = checkSync(vfioLockOld, { ...everything, constantSet: 'small' });
    expect(violated(r)).toContain('groupReleaseWithoutDeviceFiles');
    expect(violated(r).filter((p) => p.startsWith('null') || p === 'listCorruptionOops' || p === 'noContainerLeak')).toEqual([]);
  });
  it('new: the leftover container_users after the group release (I-2), post-release oopses', () => {
    const r = checkSync(vfioLockNew, { ...everything, constantSet: 'small' });
    expect(violated(r)).toEqual(expect.arrayContaining(['containerIffUsers', 'nullContainerInDetach']));
  });
  it('pre: the P3/P4 window — open_device runs after UNSET detached the container', () => {
    const r = checkSync(vfioLockPre, { ...everything, constantSet: 'small' });
    expect(violated(r)).toContain('nullContainerInIommuNotifier');
    const trace = r.properties.find((p) => p.name === 'nullContainerInIommuNotifier')!.counterexample!;
    const actions = trace.steps.slice(1).map((s) => s.label!.action);
    // the container is detached (UNSET's lock-free cmpxchg) between GET_DEVICE_FD's check and its open_device
    const check = actions.indexOf('vfio_group_get_device_fd.reserve');
    const unset = actions.indexOf('vfio_group_unset_container.test');
    expect(check).toBeGreaterThanOrEqual(0);
    expect(unset).toBeGreaterThan(check);
    expect(trace.aborted?.label.action).toBe('vfio_group_get_device_fd.open');
    expect(actions).toContain('__vfio_group_unset_container.unlink');
  });
});

/** The P4 race as found by the checker for noContainerLeak at vfio-lock-pre default (out/check-lock). */
const P4_RACE: readonly [string, number, Json?][] = JSON.parse(readFileSync(new URL('./p4race.json', import.meta.url), 'utf8')) as [string, number, Json?][];

describe("b76c0eed's claim stated as the pin", () => {
  it('holds in new and post at small, and is not vacuous: OLD, whose device files hold no pin, violates it', () => {
    for (const model of [vfioLockNew, vfioLockPost]) {
      const r = checkSync(model, { ...everything, constantSet: 'small' });
      expect(statusOf(r).groupReleaseWithoutPinningDeviceFiles, model.name).toBe('holds');
    }
    const oldWithPinClaim = { ...vfioLockOld, properties: { ...vfioLockOld.properties, groupReleaseWithoutPinningDeviceFiles } };
    const r = checkSync(oldWithPinClaim, { ...everything, constantSet: 'small' });
    expect(statusOf(r).groupReleaseWithoutPinningDeviceFiles).toBe('violated');
  });
});

describe("PRE's P4 race, replayed step by step", () => {
  it('UNSET and SET_CONTAINER interleaved: a leaked container, container == NULL with container_users == 1', () => {
    const { compiled, state: s } = replayAll(vfioLockPre, 'default', P4_RACE);
    const leak = vfioLockPre.properties.noContainerLeak!;
    expect(leak.kind === 'invariant' && leak.holds(s, compiled.constants as never)).toBe(false);
    expect(s.shared.group.container).toBeNull();
    expect(s.shared.group.users).toBe(1);
    expect(s.shared.containers.filter((c) => c !== null && c.listed).length).toBeGreaterThan(0);
  });
  it('with one container the leak is unreachable in PRE (the new container of step 4 must be another one)', () => {
    const r = checkSync(vfioLockPre, { ...everything, constantSet: 'oneContainer' });
    expect(statusOf(r).noContainerLeak).toBe('holds');
  });
  it('the same interleaving is impossible in OLD: UNSET and SET both need group_rwsem', () => {
    expect(replaySteps(vfioLockOld, 'default', P4_RACE).blockedAt).toBeDefined();
  });
});

describe('the lock-level expectation files (npm run check)', () => {
  for (const file of ['expected.json', 'expected.deviceFdFailures.json', 'expected.unbind.json']) {
    it(`spec/vfio/lock/${file} names every property of every lock-level model, each with a reason`, () => {
      const expected = JSON.parse(readFileSync(new URL(`../../../../spec/vfio/lock/${file}`, import.meta.url), 'utf8')) as Record<string, Record<string, { status: string; reason?: string }>>;
      for (const [v, model] of Object.entries(models)) {
        const cells = expected[`vfio-lock-${v}`]!;
        const props = [...Object.keys(model.properties), 'deadlock'].sort();
        expect(Object.keys(cells).filter((k) => !k.startsWith('$') && cells[k]!.status !== 'n/a').sort()).toEqual(props);
        for (const [p, cell] of Object.entries(cells)) if (!p.startsWith('$')) expect(cell.reason, `${v}.${p}`).toMatch(/\w/);
      }
    });
  }
});
