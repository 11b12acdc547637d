/**
 * Temporal and recoverability properties against the naive oracle (`test/oracle/naiveLiveness.ts`, by their
 * definitions) on random graphs with random weak and strong fairness, per action or per label; and every
 * counterexample is checked to be a real lasso of the graph that violates the property and is fair.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSync, weakFairness, type Fairness, type Trace } from '../../../checker/engine/index.js';
import { LGRAPH_ACTIONS, lgraph, type LGraph } from '../../models/lgraph.js';
import { naiveLiveness, type NaiveVerdicts } from '../../oracle/naiveLiveness.js';

const SEED = 11;

const graphArb: fc.Arbitrary<LGraph> = fc.integer({ min: 1, max: 7 }).chain((nodes) => {
  const node = fc.integer({ min: 0, max: nodes - 1 });
  const subset = fc.uniqueArray(node, { maxLength: nodes });
  const fairness: fc.Arbitrary<Fairness[]> = fc.array(
    fc.record({ kind: fc.constantFrom('weak' as const, 'strong' as const), action: fc.constantFrom(...LGRAPH_ACTIONS), perParams: fc.boolean() }),
    { maxLength: 3 },
  );
  return fc.record({
    nodes: fc.constant(nodes),
    edges: fc.array(fc.tuple(node, node, fc.integer({ min: 0, max: 2 })), { maxLength: 14 }),
    init: fc.uniqueArray(node, { minLength: 1, maxLength: 2 }),
    p: subset,
    q: subset,
    fairness,
  });
});

/** Checks that `trace` is a lasso of `g` (prefix and loop follow edges) and returns its loop's states and edges. */
function lassoOf(g: LGraph, trace: Trace<unknown>): { states: number[]; loopStates: Set<number>; loopEdges: number[] } {
  const states = trace.steps.map((s) => s.state as number);
  expect(g.init).toContain(states[0]);
  const edgeOf = (k: number, from: number, to: number): number => {
    expect(g.edges[k]).toBeDefined();
    expect([g.edges[k]![0], g.edges[k]![1]]).toEqual([from, to]);
    return k;
  };
  const edges = trace.steps.slice(1).map((s, i) => edgeOf(s.label!.params as number, states[i]!, states[i + 1]!));
  expect(trace.loop).toBeDefined();
  const loop = trace.loop!;
  const loopEdges = edges.slice(loop);
  if (trace.loopLabel) loopEdges.push(edgeOf(trace.loopLabel.params as number, states.at(-1)!, states[loop]!));
  else expect(loop).toBe(states.length - 1);
  return { states, loopStates: new Set(states.slice(loop)), loopEdges };
}

/** Whether the loop (states visited and edges taken for ever) satisfies every fairness condition of `g`. */
function fairLoop(g: LGraph, loopStates: Set<number>, loopEdges: number[]): boolean {
  return g.fairness.every((f) => {
    const action = LGRAPH_ACTIONS.indexOf(f.action as (typeof LGRAPH_ACTIONS)[number]);
    const members = g.edges.map((_, k) => k).filter((k) => g.edges[k]![2] === action && g.edges[k]![0] !== g.edges[k]![1]);
    const groups = f.perParams ? members.map((k) => [k]) : [members];
    return groups.every((group) => {
      const taken = loopEdges.some((k) => group.includes(k));
      const enabledAt = (v: number): boolean => group.some((k) => g.edges[k]![0] === v);
      return taken || (f.kind === 'weak' ? [...loopStates].some((v) => !enabledAt(v)) : [...loopStates].every((v) => !enabledAt(v)));
    });
  });
}

describe(`graph properties vs the naive oracle (seed ${SEED})`, () => {
  it('agree on every verdict, and every counterexample is a fair lasso that violates its property', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const r = checkSync(lgraph(g));
        expect(r.complete).toBe(true);
        const naive = naiveLiveness(g);
        for (const name of Object.keys(naive) as (keyof NaiveVerdicts)[]) {
          const outcome = r.properties.find((p) => p.name === name)!;
          expect(outcome.status, name).toBe(naive[name] ? 'holds' : 'violated');
          if (outcome.status !== 'violated') continue;
          const trace = outcome.counterexample!;
          const inP = (v: number): boolean => g.p.includes(v);
          const inQ = (v: number): boolean => g.q.includes(v);
          if (name === 'canReachP') {
            expect(trace.loop).toBeUndefined();
            continue;
          }
          const { states, loopStates, loopEdges } = lassoOf(g, trace);
          expect(fairLoop(g, loopStates, loopEdges), `${name}: the loop is fair`).toBe(true);
          if (name === 'eventuallyP') expect(states.some(inP)).toBe(false);
          if (name === 'alwaysEventuallyP') expect([...loopStates].some(inP)).toBe(false);
          if (name === 'eventuallyAlwaysP') expect([...loopStates].some((v) => !inP(v))).toBe(true);
          if (name === 'pLeadsToQ') {
            const start = states.findIndex((v, i) => inP(v) && states.slice(i).every((w) => !inQ(w)));
            expect(start).toBeGreaterThanOrEqual(0);
            expect([...loopStates].some(inQ)).toBe(false);
          }
        }
      }),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('a loop goes through what fairness asks of it, not through every state of the fair set (regression)', () => {
    // An 8-state cycle of `a` steps, and a `b` step from 1 back to 0. Under WF(a) no state may stutter for ever,
    // and the shortest fair loop is 0 -a-> 1 -b-> 0; the loop used to walk the whole cycle.
    const cycle = Array.from({ length: 8 }, (_, k): [number, number, number] => [k, (k + 1) % 8, 0]);
    const g: LGraph = { nodes: 8, edges: [...cycle, [1, 0, 1]], init: [0], p: [], q: [], fairness: [weakFairness('a')] };
    const outcome = checkSync(lgraph(g)).properties.find((p) => p.name === 'alwaysEventuallyP')!;
    expect(outcome.status).toBe('violated');
    const { states, loopStates, loopEdges } = lassoOf(g, outcome.counterexample!);
    expect(fairLoop(g, loopStates, loopEdges)).toBe(true);
    expect(states).toEqual([0, 1]);
    expect(loopEdges).toEqual([0, 8]);
  });
});
