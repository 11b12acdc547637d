/**
 * The VFIO models' shape and sizes: every syscall of the label table is an action, the `small` distinct-state
 * counts are pinned, and bad constants are refused with one clear line.
 *
 * How the pinned counts were convinced (not copied from a run and trusted):
 * 1. An independent breadth-first search below (a Map keyed by canonical JSON, no engine store) finds the same
 *    counts as the engine.
 * 2. OLD and POST must be the same system up to a renaming (semantics §4.4: no single-threaded difference): OLD's
 *    states with opened = false, container set and device files open are POST's states where the device files pin
 *    the group file. The test maps every reachable OLD state through that renaming (opened ∨ DF > 0; f_count + DF;
 *    container_users = [container] + DF) and gets exactly POST's reachable set, hence the equal counts.
 * 3. NEW has exactly the extra states where b76c0eed leaked container_users (container == NULL with
 *    container_users == 1), and removing them leaves a set of the same size as POST's.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, checkSync, compileModel, Replayer, UsageError } from '../../../checker/engine/index.js';
import { deviceFilesOfGroup } from '../../../spec/vfio/kernel.js';
import { vfioConstantSets, vfioModels, vfioNew, vfioOld, vfioPost } from '../../../spec/vfio/models.js';
import type { VfioConstants, VfioState } from '../../../spec/vfio/state.js';
import { SYSCALLS } from '../../../spec/vfio/syscalls.js';

const PINNED_SMALL = { old: 1374, new: 1428, post: 1374 } as const;

function reachable(model: typeof vfioOld, constantSet: string): Map<string, VfioState> {
  const compiled = compileModel(model, { constantSet });
  const seen = new Map<string, VfioState>();
  let frontier = compiled.initialStates() as VfioState[];
  for (const s of frontier) seen.set(canonicalJson(s), s);
  while (frontier.length > 0) {
    const next: VfioState[] = [];
    const replayer = new Replayer(compiled);
    for (const s of frontier) {
      const position = replayer.start(s);
      for (let i = 0; i < compiled.labels.length; i += 1) {
        const outcome = replayer.step(position, i);
        if (outcome.kind !== 'step') continue;
        const n = outcome.position.state as VfioState;
        const key = canonicalJson(n);
        if (!seen.has(key)) {
          seen.set(key, n);
          next.push(n);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

describe('vfio models', () => {
  it('have the names the lead relies on, and exactly the actions of the syscall table', () => {
    expect([vfioOld.name, vfioNew.name, vfioPost.name]).toEqual(['vfio-old', 'vfio-new', 'vfio-post']);
    for (const m of Object.values(vfioModels)) {
      expect(Object.keys(m.spec.actions).sort()).toEqual(Object.keys(SYSCALLS).sort());
      expect(Object.keys(m.constants)).toEqual(expect.arrayContaining(['small', 'default', 'large']));
    }
  });

  it.each(Object.entries(vfioModels))('vfio-%s at small has its pinned distinct-state count', (version, model) => {
    const r = checkSync(model, { constantSet: 'small', continueAfterViolation: true });
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(PINNED_SMALL[version as keyof typeof PINNED_SMALL]);
  });

  it('an independent BFS finds the same counts, and OLD maps onto POST exactly', () => {
    const c = vfioConstantSets.small as VfioConstants;
    const old = reachable(vfioOld, 'small');
    const post = reachable(vfioPost, 'small');
    const neu = reachable(vfioNew, 'small');
    expect([old.size, neu.size, post.size]).toEqual([PINNED_SMALL.old, PINNED_SMALL.new, PINNED_SMALL.post]);
    const rename = (s: VfioState): VfioState => ({
      ...s,
      groups: s.groups.map((grp, g) => {
        const df = deviceFilesOfGroup(s, c, g);
        return {
          ...grp,
          opened: grp.opened || df > 0,
          fileRefs: grp.fileRefs + df,
          containerUsers: (grp.container === null ? 0 : 1) + df,
        };
      }),
    });
    const mapped = new Set([...old.values()].map((s) => canonicalJson(rename(s))));
    expect(mapped.size).toBe(post.size);
    for (const key of post.keys()) expect(mapped.has(key)).toBe(true);
    const leaked = [...neu.values()].filter((s) => s.groups.some((g) => g.container === null && g.containerUsers !== 0));
    expect(leaked.length).toBeGreaterThan(0);
    expect(neu.size - leaked.length).toBe(post.size);
  });

  const bad: readonly [string, Partial<VfioConstants>, RegExp][] = [
    ['zero groups', { groups: 0 }, /groups must be an integer >= 1/],
    ['an fd table too small for the sequences', { fdMax: 2 }, /fdMax must be an integer >= 3/],
    ['a device in a missing group', { devices: [{ name: 'x', group: 1, driver: 'plain' }] }, /device x is in group 1/],
    ['a group with no device', { groups: 2 }, /group 1 has no device/],
    ['zero containers', { containers: 0 }, /containers must be an integer >= 1/],
    ['a device named like the unknown name', { devices: [{ name: 'unknown', group: 0, driver: 'plain' }] }, /distinct/],
  ];
  it.each(bad)('refuse %s with one clear line', (_name, override, message) => {
    let error: unknown;
    try {
      compileModel(vfioPost, { constantSet: 'small', constantOverrides: override });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
