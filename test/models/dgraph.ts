/**
 * `dgraph`: an explicit directed graph as a model, for differential tests against the naive checker. A state is a
 * node number; there is one action, `edge`, whose parameter is an edge's index, enabled in the edge's source node, so
 * parallel edges and self-loops each generate their own successor (as TLC counts `\E` bindings). The invariant
 * `notBad` says the current node is not in `bad`.
 *
 * Guarantees: the model is a pure function of its constants (the graph), so two checks of it agree exactly.
 */
import { defineModel, defineSpec, t, type Model } from '../../checker/engine/index.js';

/** The graph, as the model's constants. */
export type DGraphConstants = {
  /** Number of nodes: states are 0..nodes-1. */
  readonly nodes: number;
  /** Edges as [from, to] pairs, in generation order; duplicates allowed. */
  readonly edges: readonly (readonly [number, number])[];
  /** Initial nodes, in order; duplicates allowed (each is counted as generated, as TLC counts Init). */
  readonly init: readonly number[];
  /** Nodes that violate `notBad`. */
  readonly bad: readonly number[];
  /** Nodes that fail the state constraint (counted and checked, not stored); none when empty. */
  readonly outside: readonly number[];
};

/** Options of {@link dgraph} beyond the graph itself. */
export interface DGraphOptions {
  /** Nodes failing the state constraint. @defaultValue none (and no constraint) */
  readonly outside?: readonly number[];
  /** Whether a node without outgoing edges is a deadlock. @defaultValue false */
  readonly deadlock?: boolean;
}

const dgraphSpec = defineSpec<number, DGraphConstants>({
  name: 'dgraph',
  summary: 'An explicit directed graph; a state is a node.',
  schema: (c) => t.int(0, Math.max(0, c.nodes - 1)),
  init: (c) => c.init,
  actions: {
    edge: {
      summary: 'follow edge number k',
      params: (c) => c.edges.map((_, k) => k),
      enabled: (s, k, c) => c.edges[k as number]![0] === s,
      next: (_s, k, c) => c.edges[k as number]![1],
    },
  },
});

/** A model of the graph `edges` over nodes 0..nodes-1, starting in `init`, where nodes in `bad` are violations. */
export function dgraph(
  nodes: number,
  edges: readonly (readonly [number, number])[],
  init: readonly number[],
  bad: readonly number[],
  options: DGraphOptions = {},
): Model<number, DGraphConstants> {
  const outside = options.outside ?? [];
  return defineModel<number, DGraphConstants>({
    name: 'dgraph',
    spec: dgraphSpec,
    constants: { default: { nodes, edges, init, bad, outside } },
    deadlock: options.deadlock ?? false,
    ...(outside.length > 0 ? { constraint: (s: number, c: DGraphConstants) => !c.outside.includes(s) } : {}),
    properties: {
      notBad: { kind: 'invariant', summary: 'the current node is not bad', holds: (s, c) => !c.bad.includes(s) },
    },
  });
}
