import { beforeAll, describe, expect, it } from 'vitest';
import type { Label } from '../../../../checker/engine/index.js';
import { diffObservable, type ObservableDiff } from '../../../../checker/diff/observable/diffObservable.js';
import { observableAnswerKey, type ObservableRow } from '../../../../checker/diff/observable/crossObservable.js';
import { lockObservable } from '../../../../spec/vfio/lock/diffMappings.js';
import { vfioLockNew, vfioLockOld, vfioLockPost, vfioLockPre } from '../../../../spec/vfio/lock/models.js';
import { ERRNO } from '../../../../spec/vfio/lock/kernel.js';

/** The lock-level diff of the four versions at constants `diff`, as `npm run diff` computes it. */
let diff: ObservableDiff;
beforeAll(() => {
  diff = diffObservable([vfioLockPre, vfioLockOld, vfioLockNew, vfioLockPost], lockObservable, { constantSet: 'diff' });
}, 300_000);

const comparison = (a: string, b: string) => diff.comparisons.find((c) => c.a === `vfio-lock-${a}` && c.b === `vfio-lock-${b}`)!;
const answer = (row: ObservableRow, v: string): string => observableAnswerKey(row.answers.get(`vfio-lock-${v}`));
const op = (row: ObservableRow): unknown => (row.call as { op?: string } | null)?.op;
const callOf = (l: Label | null): { op: string } | undefined => (l?.action === 'syscall.call' ? ((l.params as { arg: { op: string } }).arg) : undefined);
const threadOf = (l: Label | null): number => (l?.params as { thread: number }).thread;

describe('the lock-level diff of vfio-lock-pre/old/new/post (constants diff)', () => {
  it('explores every version exhaustively and finds differences in every pair but none that the search does not show', () => {
    for (const c of diff.comparisons) expect(c.complete, `${c.a} → ${c.b}`).toBe(true);
    expect(comparison('pre', 'old').equivalent).toBe(false);
    expect(comparison('old', 'new').equivalent).toBe(false);
    expect(comparison('new', 'post').equivalent).toBe(false);
    // State counts of the concrete walk: the model states are the lock models' own states at `diff`.
    for (const v of diff.versions) expect(v.exploration.modelStates).toBeLessThanOrEqual(v.exploration.states);
  });

  it('pre vs old: P4 race — a leaked container in pre only, whose shortest trace interleaves UNSET_CONTAINER with SET_CONTAINER', () => {
    const leak = diff.properties.find((p) => p.name === 'noContainerLeak')!;
    expect(leak.verdicts.get('vfio-lock-old')?.status).toBe('holds');
    const v = leak.verdicts.get('vfio-lock-pre')!;
    expect(v.status).toBe('violated');
    const steps = v.status === 'violated' ? v.counterexample.steps : [];
    const unset = steps.findIndex((s) => callOf(s.label)?.op === 'unsetContainer');
    expect(unset).toBeGreaterThan(0);
    const unsetThread = threadOf(steps[unset]!.label);
    // Another thread enters SET_CONTAINER while the UNSET is still in the kernel (before its sysret).
    const back = steps.findIndex((s, i) => i > unset && s.label?.action === 'syscall.sysret' && threadOf(s.label) === unsetThread);
    const set = steps.findIndex((s, i) => i > unset && callOf(s.label)?.op === 'setContainer' && threadOf(s.label) !== unsetThread);
    expect(set).toBeGreaterThan(unset);
    expect(back === -1 || set < back).toBe(true);
  });

  it('pre vs old: P3/P4 window — GET_DEVICE_FD can oops in the IOMMU notifier in pre, never in old, new or post', () => {
    const row = diff.rows.find((r) => op(r) === 'getDeviceFd' && answer(r, 'pre').includes('nullContainerInIommuNotifier'));
    expect(row).toBeDefined();
    for (const v of ['old', 'new', 'post']) expect(answer(row!, v)).not.toContain('oops');
    // Its shortest concrete interleaving in pre ends in the oops.
    const pre = diff.spaces.find((s) => s.name === 'vfio-lock-pre')!;
    expect(pre.witness([...row!.prefix, row!.event])?.aborted?.message).toMatch(/vfio_register_iommu_notifier/);
  });

  it('pre vs old: P3 moved the fd reservation before the container check — with no fd free, -EINVAL in pre, -EMFILE after', () => {
    const row = diff.rows.find((r) => op(r) === 'getDeviceFd' && answer(r, 'pre') === JSON.stringify([{ ret: ERRNO.EINVAL }]));
    expect(row).toBeDefined();
    for (const v of ['old', 'new', 'post']) expect(answer(row!, v)).toBe(JSON.stringify([{ ret: ERRNO.EMFILE }]));
  });

  it('pre vs old: two concurrent SET_CONTAINERs — the second fails with -EPERM (DMA owner) in pre, never in old', () => {
    const row = diff.rows.find((r) => op(r) === 'setContainer' && answer(r, 'pre').includes(String(ERRNO.EPERM)));
    expect(row).toBeDefined();
    expect(answer(row!, 'old')).not.toContain(String(ERRNO.EPERM));
    expect(row!.prefix.filter((e) => e.kind === 'call' && (e.call as { op: string }).op === 'setContainer')).toHaveLength(2);
  });

  it('old vs post: the one difference the search finds is a transient -EBUSY of open(group) during the group release in old', () => {
    const c = comparison('old', 'post');
    expect(c.divergences).toHaveLength(1);
    const d = c.divergences[0]!;
    expect(d.only).toBe('a');
    expect(d.event).toMatchObject({ kind: 'return', result: ERRNO.EBUSY });
    expect(d.call).toEqual({ op: 'openGroup' });
    // The other thread's close of the group fd is still in progress (its release runs in its task work).
    const closes = d.prefix.filter((e) => e.kind === 'call' && (e.call as { op: string }).op === 'close');
    expect(closes.length).toBeGreaterThan(0);
  });

  it('old vs new, new vs post: new answers UNSET_CONTAINER and GET_DEVICE_FD with an oops after a reopen (container_users stuck at 1)', () => {
    for (const [a, b] of [['old', 'new'], ['new', 'post']] as const) {
      const oopses = comparison(a, b).divergences.filter((d) => d.event.kind === 'oops').map((d) => (d.event as { property: string }).property);
      expect(oopses.sort()).toEqual(['nullContainerInAssign', 'nullContainerInDetach']);
    }
  });
});
