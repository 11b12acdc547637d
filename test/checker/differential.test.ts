/**
 * Differential test: on random small explicit graphs (fast-check), the engine and the naive reference checker
 * (`test/oracle/naiveChecker.ts`) must agree on distinct states, states generated, depth, whether a violation is
 * found, which property, and the counterexample's length; the engine's counterexample must be a real path of the
 * graph; and exact mode and fingerprint mode must give the same result.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSync, type AnyModel, type CheckResult } from '../../checker/engine/index.js';
import { dgraph } from '../models/dgraph.js';
import { naiveCheck, type NaiveResult } from '../oracle/naiveChecker.js';

/** The oracle's counts and first violation (what this test compares). */
const core = (n: NaiveResult) => ({ distinctStates: n.distinctStates, statesGenerated: n.statesGenerated, depth: n.depth, ...(n.violation ? { violation: { property: n.violation.property, traceLength: n.violation.traceLength } } : {}) });

interface Graph {
  readonly nodes: number;
  readonly edges: [number, number][];
  readonly init: number[];
  readonly bad: number[];
  readonly outside: number[];
  readonly deadlock: boolean;
}

/** A random subset of 0..nodes-1 of random density (fast-check's default sizes would cap it at 10 elements). */
const subsetArb = (nodes: number): fc.Arbitrary<number[]> =>
  fc
    .tuple(fc.integer({ min: 0, max: 10 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: nodes, maxLength: nodes }))
    .map(([density, draws]) => draws.flatMap((draw, node) => (draw < density ? [node] : [])));

/** A few distinct nodes (1 to 3 when `min` is 1), or now and then a random subset of any density. */
const fewArb = (nodes: number, min: number): fc.Arbitrary<number[]> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.uniqueArray(fc.integer({ min: 0, max: nodes - 1 }), { minLength: min, maxLength: 3 }) },
    { weight: 1, arbitrary: subsetArb(nodes).filter((s) => s.length >= min) },
  );

/**
 * A random graph of 1–40 nodes and 0–120 edges (self-loops and parallel edges allowed), a non-empty set of initial
 * nodes, and usually few bad and constrained-out nodes, so that violations happen at all depths.
 */
const graphArb: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 40 }).chain((nodes) => {
  const node = fc.integer({ min: 0, max: nodes - 1 });
  return fc.record({
    nodes: fc.constant(nodes),
    edges: fc.integer({ min: 0, max: 120 }).chain((n) => fc.array(fc.tuple(node, node), { minLength: n, maxLength: n })),
    init: fewArb(nodes, 1),
    bad: fewArb(nodes, 0),
    outside: fc.oneof(fc.constant<number[]>([]), fewArb(nodes, 0)),
    deadlock: fc.boolean(),
  });
});

const modelOf = (g: Graph): AnyModel =>
  dgraph(g.nodes, g.edges, g.init, g.bad, { outside: g.outside, deadlock: g.deadlock });

const summary = (r: CheckResult) => {
  const violated = r.properties.filter((p) => p.status === 'violated');
  return {
    distinctStates: r.stats.distinctStates,
    statesGenerated: r.stats.statesGenerated,
    depth: r.stats.depth,
    violation: violated.length === 0 ? undefined : { property: violated[0]!.name, traceLength: violated[0]!.counterexample!.steps.length },
  };
};

/** Checks that `trace` is a path of `g`: it starts in an initial node and every step follows the edge it names. */
const expectPathOf = (g: Graph, steps: readonly { label: { params: unknown } | null; state: unknown }[]): void => {
  expect(g.init).toContain(steps[0]!.state);
  for (let k = 1; k < steps.length; k += 1) {
    const edge = g.edges[steps[k]!.label!.params as number]!;
    expect(edge).toEqual([steps[k - 1]!.state, steps[k]!.state]);
  }
};

describe('engine vs naive reference checker on random graphs', () => {
  it('agree up to the first violation (the default mode)', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const model = modelOf(g);
        const engine = checkSync(model);
        const naive = core(naiveCheck(model));
        expect(engine.status).toBe(naive.violation ? 'violated' : 'ok');
        // toEqual treats `violation: undefined` and a missing `violation` alike.
        expect(summary(engine)).toEqual(naive);
        const violated = engine.properties.find((p) => p.status === 'violated');
        if (violated) {
          const steps = violated.counterexample!.steps;
          expectPathOf(g, steps);
          const last = steps[steps.length - 1]!.state as number;
          if (violated.name === 'notBad') expect(g.bad).toContain(last);
          else expect(g.edges.some(([from]) => from === last)).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('agree on the complete exploration (no properties)', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const model = modelOf(g);
        const engine = checkSync(model, { properties: [], deadlock: false });
        expect(engine.status).toBe('ok');
        expect(summary(engine)).toEqual(core(naiveCheck(model, { properties: [], deadlock: false })));
      }),
      { numRuns: 400 },
    );
  });

  it('exact and fingerprint modes agree', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const model = modelOf(g);
        const exact = checkSync(model);
        const fingerprint = checkSync(model, { fingerprint: true });
        expect(summary(fingerprint)).toEqual(summary(exact));
        expect(fingerprint.status).toBe(exact.status);
        expect(fingerprint.properties.map((p) => p.counterexample)).toEqual(exact.properties.map((p) => p.counterexample));
        expect(fingerprint.collisionProbability).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });

  it('finds a known shortest counterexample through parallel edges and self-loops', () => {
    // 0 → 1 (twice), 1 → 1, 1 → 2, 2 → 3; bad = {3}: generated counts the parallel edge and the self-loop.
    const g: Graph = { nodes: 4, edges: [[0, 1], [0, 1], [1, 1], [1, 2], [2, 3]], init: [0], bad: [3], outside: [], deadlock: false };
    const engine = summary(checkSync(modelOf(g)));
    expect(engine).toEqual({ distinctStates: 4, statesGenerated: 6, depth: 4, violation: { property: 'notBad', traceLength: 4 } });
    expect(core(naiveCheck(modelOf(g)))).toEqual(engine);
  });
});
