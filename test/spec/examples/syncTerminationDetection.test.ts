/**
 * SyncTerminationDetection against TLC's record (tlcManifest.json: success, 129 distinct, 3722 generated, depth 1,
 * for SyncTerminationDetection.cfg with `Liveness == terminated ~> terminationDetected` under
 * `WF_vars(DetectTermination)`), and mutants that must fail, each with a counterexample replayed on the model.
 */
import { describe, expect, it } from 'vitest';
import { checkSync, compileModel } from '../../../checker/engine/index.js';
import {
  syncTerminationDetection,
  terminated,
  type SyncTerminationDetectionState,
} from '../../../spec/examples/syncTerminationDetection.js';
import { checkLasso, unfairConditions } from './lasso.js';
import { tlcRecord } from './tlcManifest.js';

const tlc = tlcRecord('syncTerminationDetection');
type State = SyncTerminationDetectionState;

describe('SyncTerminationDetection (tlaplus/Examples ewd840, SyncTerminationDetection.cfg)', () => {
  it("states the .cfg's invariants and properties, and the module's fairness", () => {
    expect(Object.keys(syncTerminationDetection.properties)).toEqual([...tlc.cfg!.invariants, ...tlc.cfg!.properties]);
    expect(syncTerminationDetection.properties.Liveness!.kind).toBe('leadsTo');
    expect(compileModel(syncTerminationDetection).fairness.map((f) => f.name)).toEqual(['WF(DetectTermination)']);
  });

  it(`gives TLC's counts and verdict (${tlc.result}) with the graph fully explored`, () => {
    expect(tlc.result).toBe('success');
    const result = checkSync(syncTerminationDetection);
    expect(result.complete).toBe(true);
    expect({ distinct: result.stats.distinctStates, generated: result.stats.statesGenerated, depth: result.stats.depth }).toEqual({
      distinct: tlc.distinctStates,
      generated: tlc.totalStates,
      depth: tlc.stateDepth,
    });
    expect(result.properties.map((p) => [p.name, p.status])).toEqual([
      ['TypeOK', 'holds'],
      ['TDCorrect', 'holds'],
      ['Quiescence', 'holds'],
      ['Liveness', 'holds'],
      ['deadlock', 'holds'],
    ]);
  });

  it('mutant: without WF(DetectTermination), a terminated system may never detect it (stuttering)', () => {
    const mutant = { ...syncTerminationDetection, fairness: [] };
    const result = checkSync(mutant);
    expect(result.properties.filter((p) => p.status === 'violated').map((p) => p.name)).toEqual(['Liveness']);
    const liveness = result.properties.find((p) => p.name === 'Liveness')!;
    const lasso = checkLasso(mutant, liveness.counterexample);
    // It stutters for ever in a terminated state where termination is undetected.
    expect(lasso.loopSteps).toEqual([]);
    const last = lasso.states.at(-1) as State;
    expect(terminated(last) && !last.terminationDetected).toBe(true);
    expect(unfairConditions(syncTerminationDetection, lasso)).toEqual(['WF(DetectTermination)']);
  });

  it('mutant: a Wakeup by an inactive node breaks Quiescence, and Liveness on a real cycle', () => {
    const wakeup = syncTerminationDetection.spec.actions.Wakeup!;
    const mutant = {
      ...syncTerminationDetection,
      spec: { ...syncTerminationDetection.spec, actions: { ...syncTerminationDetection.spec.actions, Wakeup: { ...wakeup, enabled: () => true } } },
    };
    const result = checkSync(mutant, { continueAfterViolation: true });
    expect(result.complete).toBe(true);
    const status = Object.fromEntries(result.properties.map((p) => [p.name, p.status]));
    expect(status).toMatchObject({ Quiescence: 'violated', Liveness: 'violated' });
    const liveness = result.properties.find((p) => p.name === 'Liveness')!;
    const lasso = checkLasso(mutant, liveness.counterexample);
    const loop = lasso.loopStates as State[];
    // The loop is a real cycle that passes through terminated states (where DetectTermination is enabled) but also
    // through active ones (where it is not, so weak fairness does not force it), and never detects termination.
    expect(lasso.loopSteps.length).toBeGreaterThan(0);
    expect(loop.some(terminated)).toBe(true);
    expect(loop.some((s) => !terminated(s))).toBe(true);
    expect((lasso.states as State[]).some((s) => s.terminationDetected)).toBe(false);
  });
});
