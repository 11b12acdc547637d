/**
 * A naive reference for the graph properties, straight from their definitions and independent of the engine: on an
 * explicit graph (`test/models/lgraph.ts`) it enumerates every set of nodes a behaviour could visit infinitely often
 * — a single node (stuttering), or a set strongly connected by its own edges — keeps the fair ones (weak: some node
 * without a step of the condition, or an edge of it inside; strong: no node with one, or an edge inside), and
 * decides each property by reachability. Exponential in the number of nodes: for graphs of at most 10.
 */
import type { LGraph } from '../models/lgraph.js';

/** The oracle's verdicts, by property name (as `lgraph` names them). */
export type NaiveVerdicts = Record<'eventuallyP' | 'alwaysEventuallyP' | 'eventuallyAlwaysP' | 'pLeadsToQ' | 'canReachP', boolean>;

/** Whether each property of `g` holds. */
export function naiveLiveness(g: LGraph): NaiveVerdicts {
  const n = g.nodes;
  const steps = g.edges.map(([from, to, action], k) => ({ from, to, action, k })).filter((e) => e.from !== e.to);
  const reachFrom = (sources: readonly number[], allowed: (v: number) => boolean): Set<number> => {
    const seen = new Set<number>(sources.filter(allowed));
    const queue = [...seen];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const e of steps) if (e.from === v && allowed(e.to) && !seen.has(e.to)) (seen.add(e.to), queue.push(e.to));
    }
    return seen;
  };
  const reachable = reachFrom(g.init, () => true);
  // A fairness condition is a set of edges: an action's, or (perParams) one edge of it.
  const conditions = g.fairness.flatMap((f) => {
    const action = ['a', 'b', 'c'].indexOf(f.action);
    const mine = steps.filter((e) => e.action === action);
    const all = g.edges.map((_, k) => k).filter((k) => g.edges[k]![2] === action);
    return f.perParams ? all.map((k) => ({ kind: f.kind, edges: mine.filter((e) => e.k === k) })) : [{ kind: f.kind, edges: mine }];
  });
  const fairSets: Set<number>[] = [];
  for (let mask = 1; mask < 1 << n; mask += 1) {
    const set = new Set<number>();
    for (let v = 0; v < n; v += 1) if (mask & (1 << v)) set.add(v);
    if (![...set].every((v) => reachable.has(v))) continue;
    const inside = steps.filter((e) => set.has(e.from) && set.has(e.to));
    if (set.size > 1) {
      const first = [...set][0]!;
      const connected = [...set].every((v) => {
        const from = reachFrom([first], (x) => set.has(x));
        const back = reachFrom([v], (x) => set.has(x));
        return from.has(v) && back.has(first);
      });
      if (!connected) continue;
    }
    const fair = conditions.every((c) => {
      const enabledAt = (v: number): boolean => c.edges.some((e) => e.from === v);
      const taken = inside.some((e) => c.edges.includes(e));
      return taken || (c.kind === 'weak' ? [...set].some((v) => !enabledAt(v)) : [...set].every((v) => !enabledAt(v)));
    });
    if (fair) fairSets.push(set);
  }
  const inP = (v: number): boolean => g.p.includes(v);
  const inQ = (v: number): boolean => g.q.includes(v);
  const notP = (v: number): boolean => !inP(v);
  const fairWithin = (region: (v: number) => boolean): Set<number>[] => fairSets.filter((s) => [...s].every(region));
  const hits = (sets: Set<number>[], from: Set<number>): boolean => sets.some((s) => [...s].some((v) => from.has(v)));
  return {
    eventuallyP: !hits(fairWithin(notP), reachFrom(g.init.filter(notP), notP)),
    alwaysEventuallyP: !hits(fairWithin(notP), reachable),
    eventuallyAlwaysP: !fairSets.some((s) => [...s].some(notP)),
    pLeadsToQ: ![...reachable].some((s) => inP(s) && !inQ(s) && hits(fairWithin((v) => !inQ(v)), reachFrom([s], (v) => !inQ(v)))),
    canReachP: [...reachable].every((s) => [...reachFrom([s], () => true)].some(inP)),
  };
}
