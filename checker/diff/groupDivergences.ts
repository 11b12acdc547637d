/**
 * Divergences grouped by action and kind (`groupSetContainer: results differ`), for summaries: witnesses are per
 * label, and labels that differ only in parameters (the fd a call is made on) usually tell one story.
 */
import type { Divergence, DivergenceKind } from './compareBehaviour.js';

/** One group: an action, a kind, how many labels diverge that way, and the shortest witness's length. */
export interface DivergenceGroup {
  readonly action: string;
  readonly kind: DivergenceKind;
  readonly count: number;
  /** The length in steps of the shortest witness of the group (the diverging call included). */
  readonly shortest: number;
  /** Index in the divergence list of that shortest witness (the first of the group, BFS order). */
  readonly first: number;
}

/** Groups `divergences` by (action, kind), in order of first appearance (so shortest first). Pure. */
export function groupDivergences(divergences: readonly Divergence[]): DivergenceGroup[] {
  const groups = new Map<string, { action: string; kind: DivergenceKind; count: number; shortest: number; first: number }>();
  divergences.forEach((d, i) => {
    const key = `${d.kind} ${d.label.action}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { action: d.label.action, kind: d.kind, count: 1, shortest: d.steps, first: i });
    else group.count += 1;
  });
  return [...groups.values()];
}
