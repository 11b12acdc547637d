/**
 * `lgraph`: an explicit directed graph whose edges belong to actions `a`, `b` and `c` (each edge is one label: the
 * action's parameter is the edge's index), with temporal and recoverability properties over node sets, for
 * differential tests of the graph-property checks against `test/oracle/naiveLiveness.ts`. Self-loops are stutters.
 */
import {
  alwaysEventually,
  alwaysReachable,
  defineModel,
  defineSpec,
  eventually,
  eventuallyAlways,
  leadsTo,
  t,
  type Fairness,
  type Model,
} from '../../checker/engine/index.js';

/** The graph and the node sets the properties are about. */
export interface LGraph {
  readonly nodes: number;
  /** [from, to, action index 0..2] */
  readonly edges: readonly (readonly [number, number, number])[];
  readonly init: readonly number[];
  readonly p: readonly number[];
  readonly q: readonly number[];
  readonly fairness: readonly Fairness[];
}

/** The action names, by index. */
export const LGRAPH_ACTIONS = ['a', 'b', 'c'] as const;

/** The model of `g`: properties `eventuallyP`, `alwaysEventuallyP`, `eventuallyAlwaysP`, `pLeadsToQ`, `canReachP`. */
export function lgraph(g: LGraph): Model<number, Record<string, never>> {
  const edgesOf = (action: number): number[] => g.edges.flatMap(([, , a], k) => (a === action ? [k] : []));
  const action = (index: number) => ({
    params: edgesOf(index),
    enabled: (s: number, k: unknown) => g.edges[k as number]![0] === s,
    next: (s: number, k: unknown) => {
      const to = g.edges[k as number]![1];
      return to === s ? s : to;
    },
  });
  const inP = (s: number): boolean => g.p.includes(s);
  return defineModel<number, Record<string, never>>({
    name: 'lgraph',
    constants: { default: {} },
    deadlock: false,
    fairness: g.fairness,
    spec: defineSpec<number, Record<string, never>>({
      name: 'lgraph',
      schema: () => t.int(0, g.nodes - 1),
      init: () => g.init,
      actions: { a: action(0), b: action(1), c: action(2) },
    }),
    properties: {
      eventuallyP: eventually(inP),
      alwaysEventuallyP: alwaysEventually(inP),
      eventuallyAlwaysP: eventuallyAlways(inP),
      pLeadsToQ: leadsTo(inP, (s) => g.q.includes(s)),
      canReachP: alwaysReachable(inP),
    },
  });
}
