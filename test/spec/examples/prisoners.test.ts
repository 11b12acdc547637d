/**
 * Prisoners against TLC's record (tlcManifest.json: success, 214 distinct, 860 generated, depth 14, for
 * Prisoners.cfg with `Liveness == <>Done` under the module's fairness), and mutants of its fairness and of Done that
 * must fail, each with a counterexample replayed on the model.
 */
import { describe, expect, it } from 'vitest';
import { checkSync, compileModel, weakFairness } from '../../../checker/engine/index.js';
import { done, prisoners, type PrisonersState } from '../../../spec/examples/prisoners.js';
import { checkLasso, unfairConditions } from './lasso.js';
import { tlcRecord } from './tlcManifest.js';

const tlc = tlcRecord('prisoners');
const constants = prisoners.constants.default!;

describe('Prisoners (tlaplus/Examples, Prisoners.cfg)', () => {
  it("states the .cfg's invariants and properties, and the module's fairness", () => {
    expect(Object.keys(prisoners.properties)).toEqual([...tlc.cfg!.invariants, ...tlc.cfg!.properties]);
    expect(prisoners.properties.Liveness!.kind).toBe('eventually');
    // WF_vars(CounterStep) /\ \A i \in OtherPrisoner : WF_vars(NonCounterStep(i)): one condition per other prisoner.
    expect(compileModel(prisoners).fairness.map((f) => f.name)).toEqual([
      'WF(CounterStep)',
      'WF(NonCounterStep "p2")',
      'WF(NonCounterStep "p3")',
      'WF(NonCounterStep "p4")',
    ]);
  });

  it(`gives TLC's counts and verdict (${tlc.result}) with the graph fully explored`, () => {
    expect(tlc.result).toBe('success');
    const result = checkSync(prisoners);
    expect(result.complete).toBe(true);
    expect({ distinct: result.stats.distinctStates, generated: result.stats.statesGenerated, depth: result.stats.depth }).toEqual({
      distinct: tlc.distinctStates,
      generated: tlc.totalStates,
      depth: tlc.stateDepth,
    });
    expect(result.properties.map((p) => [p.name, p.status])).toEqual([
      ['TypeOK', 'holds'],
      ['CountInvariant', 'holds'],
      ['Safety', 'holds'],
      ['Liveness', 'holds'],
      ['deadlock', 'holds'],
    ]);
  });

  it('mutant: weak fairness of the whole disjunction \\E i : NonCounterStep(i) lets the warden forget a prisoner', () => {
    const mutant = { ...prisoners, fairness: [weakFairness('CounterStep'), weakFairness('NonCounterStep')] };
    const result = checkSync(mutant);
    const liveness = result.properties.find((p) => p.name === 'Liveness')!;
    expect(liveness.status).toBe('violated');
    const lasso = checkLasso(mutant, liveness.counterexample);
    expect(lasso.states.some((s) => done(s as PrisonersState, constants))).toBe(false);
    // The loop is fair for the mutant, and it is a real cycle in which some prisoner never enters the room: unfair
    // under the module's per-prisoner fairness, which is why the original holds.
    const entering = new Set(lasso.loopSteps.filter((s) => s.label.action === 'NonCounterStep').map((s) => s.label.params));
    expect(lasso.loopSteps.length).toBeGreaterThan(0);
    expect(['p2', 'p3', 'p4'].some((p) => !entering.has(p))).toBe(true);
    expect(unfairConditions(prisoners, lasso).length).toBeGreaterThan(0);
  });

  it('mutant: without fairness for the Counter, the count stops', () => {
    const mutant = { ...prisoners, fairness: [weakFairness('NonCounterStep', { perParams: true })] };
    const liveness = checkSync(mutant).properties.find((p) => p.name === 'Liveness')!;
    expect(liveness.status).toBe('violated');
    const lasso = checkLasso(mutant, liveness.counterexample);
    expect(lasso.loopSteps.length).toBeGreaterThan(0);
    expect(lasso.loopSteps.some((s) => s.label.action === 'CounterStep')).toBe(false);
    expect(unfairConditions(prisoners, lasso)).toEqual(['WF(CounterStep)']);
  });

  it('mutant: without any fairness, a behaviour may stutter in the initial state', () => {
    const mutant = { ...prisoners, fairness: [] };
    const liveness = checkSync(mutant).properties.find((p) => p.name === 'Liveness')!;
    expect(liveness.status).toBe('violated');
    const lasso = checkLasso(mutant, liveness.counterexample);
    expect(lasso.states).toHaveLength(1);
    expect(lasso.loopSteps).toEqual([]);
  });

  it('mutant: Done one count too early breaks Safety (the module: "a counterexample if Done is changed")', () => {
    const early = (s: PrisonersState) => s.count === 2 * (constants.Prisoner.length - 1) - 1;
    const mutant = {
      ...prisoners,
      properties: { ...prisoners.properties, Safety: { ...prisoners.properties.Safety!, holds: (s: PrisonersState) => !early(s) || s.timesSwitched.every((n) => n > 0) } },
    };
    const safety = checkSync(mutant).properties.find((p) => p.name === 'Safety')!;
    expect(safety.status).toBe('violated');
    const last = safety.counterexample!.steps.at(-1)!.state as PrisonersState;
    expect(early(last) && last.timesSwitched.some((n) => n === 0)).toBe(true);
  });
});
