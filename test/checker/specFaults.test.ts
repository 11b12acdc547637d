/**
 * What the engine does with faulty specs (`test/models/faults.ts` and friends): every fault is reported as what it is
 * — a spec error with its stable code, its own message and the trace up to the faulty step, or a violation — and
 * none of them ends in "holds" (exit 0) or escapes as an exception.
 */
import { describe, expect, it } from 'vitest';
import { checkSync, compileModel, simulate, SpecError, type CheckResult } from '../../checker/engine/index.js';
import * as faults from '../models/faults.js';
import { mutator as legacyMutator } from '../models/mutator.js';
import { nondeterministic } from '../models/nondeterministic.js';
import { thrower as legacyThrower, THROWER_MESSAGE } from '../models/thrower.js';

const labelsOf = (r: CheckResult): (string | null)[] => r.error?.trace?.steps.map((s) => s.label?.action ?? null) ?? [];

describe('faults that used to give a wrong "holds"', () => {
  it('a misspelled field is a state outside the schema, named with a suggestion (LC202)', () => {
    const r = checkSync(faults.misspelledField);
    expect(r.status).toBe('error');
    expect(r.error!.code).toBe('LC202');
    expect(r.error!.message).toContain('state.actve');
    expect(r.error!.message).toContain('did you mean "active"?');
    // the trace leads to the state the faulty step was taken from (n = 2), and the step itself aborted
    expect(r.error!.trace!.steps.at(-1)!.state).toMatchObject({ n: 2 });
    expect(r.error!.trace!.aborted?.label.action).toBe('step');
  });

  it('a cyclic extra key is refused the same way, and printed without recursing (LC202)', () => {
    const r = checkSync(faults.cyclicSelfKey);
    expect(r.error).toMatchObject({ code: 'LC202' });
    expect(r.error!.message).toMatch(/state\.self .*<cycle>/);
  });

  it('a schema node of an unknown kind is a spec error at compile time (LC206), not one state for all', () => {
    const r = checkSync(faults.unknownSchemaKind);
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'LC206' });
    expect(r.error!.message).toMatch(/state\.n: has unknown kind "integer"/);
    expect(() => compileModel(faults.unknownSchemaKind)).toThrow(SpecError);
  });

  it('a spec with no initial state is an error (LC205), not "no error has been found"', () => {
    const r = checkSync(faults.noInitialState);
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'LC205', message: expect.stringMatching(/no initial state/) });
  });

  it('NaN is called NaN (LC202), an async next a Promise (LC203), a missing state nothing (LC203)', () => {
    expect(checkSync(faults.nanField).error).toMatchObject({ code: 'LC202', message: expect.stringMatching(/state\.n is NaN/) });
    expect(checkSync(faults.asyncNext).error).toMatchObject({ code: 'LC203', message: expect.stringMatching(/returned a Promise/) });
    expect(checkSync(faults.returnsNothing).error).toMatchObject({ code: 'LC203', message: expect.stringMatching(/returned nothing/) });
  });

  it('a cyclic array in a list field is one clear error (LC202), not a crash', () => {
    const r = checkSync(faults.cyclicList);
    expect(r.error).toMatchObject({ code: 'LC202' });
    expect(r.error!.message).toMatch(/state\.items\[1\] is \[1,<cycle>\]/);
  });
});

describe('impurity is caught by the purity sample, not by luck', () => {
  it('Math.random: detected in every one of 30 runs (LC207)', () => {
    for (let run = 0; run < 30; run += 1) {
      const r = checkSync(faults.usesRandom);
      expect(r.status).toBe('error');
      expect(r.error!.code).toBe('LC207');
      expect(r.error!.message).toMatch(/not a deterministic function of its state/);
    }
  });

  it('hidden state that changes the second expansion of a state: detected at the first state (LC207)', () => {
    const r = checkSync(faults.impurePerState);
    expect(r.error).toMatchObject({ code: 'LC207' });
    expect(r.stats.distinctStates).toBe(1);
  });

  it('hidden global state is caught even without a violation to replay (it used to pass)', () => {
    const r = checkSync(nondeterministic(), { properties: [] });
    expect(r.status).toBe('error');
    expect(r.error!.code).toBe('LC207');
  });

  it('an action that changes the state it was given is blamed by name (LC208), its step shown aborted', () => {
    for (const model of [faults.mutator, legacyMutator(false), legacyMutator(true)]) {
      const r = checkSync(model);
      expect(r.status).toBe('error');
      expect(r.error!.code).toBe('LC208');
      expect(r.error!.message).toMatch(/action (step|bumpA) changed the state it was given/);
      expect(r.error!.trace!.steps).toHaveLength(1);
      expect(r.error!.trace!.aborted?.label.action).toMatch(/^(step|bumpA)$/);
    }
  });
});

describe('spec code that throws', () => {
  it('a throwing action: LC201, its message, the trace up to the throwing step', () => {
    const r = checkSync(legacyThrower(3));
    expect(r.status).toBe('error');
    expect(r.complete).toBe(false);
    expect(r.error!.code).toBe('LC201');
    expect(r.error!.message).toBe(`action step threw: ${THROWER_MESSAGE}`);
    const trace = r.error!.trace!;
    expect(trace.steps.map((s) => s.state)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
    expect(trace.aborted).toEqual({ label: { action: 'step', params: null }, message: `action step threw: ${THROWER_MESSAGE}` });
  });

  it('a throwing init: LC205 without a trace', () => {
    const model = legacyThrower(3);
    const broken = { ...model, spec: { ...model.spec, init: () => { throw new Error('no init'); } } };
    const r = checkSync(broken);
    expect(r.status).toBe('error');
    expect(r.error).toEqual({ code: 'LC205', message: 'init() threw: no init' });
  });

  it('params() that throws: LC201 at compile time, never an internal error', () => {
    expect(() => compileModel(faults.throwingParams)).toThrow(/params\(\) of action step threw: params: no such table/);
    expect(checkSync(faults.throwingParams).error).toMatchObject({ code: 'LC201' });
  });

  it('in a state where one label asserts and a later one throws, the assertion comes first', () => {
    const r = checkSync(faults.assertAndThrow);
    expect(r.status).toBe('violated');
    expect(r.properties.find((p) => p.name === 'noStepAtTwo')?.status).toBe('violated');
    const withContinue = checkSync(faults.assertAndThrow, { continueAfterViolation: true });
    expect(withContinue.error).toMatchObject({ code: 'LC201', message: 'action other threw: other: spec bug at n = 2' });
    expect(withContinue.error!.trace!.aborted?.label.action).toBe('other');
  });

  it('a throwing invariant: LC204 with the trace to the state it threw on', () => {
    const r = checkSync(faults.throwingInvariant);
    expect(r.error).toMatchObject({ code: 'LC204', message: 'invariant belowFive threw: belowFive: cannot evaluate at 3' });
    expect(r.error!.trace!.steps.at(-1)!.state).toMatchObject({ n: 3 });
  });

  it('a throwing predicate of a graph property: LC204 with the path to its state, the property unknown', () => {
    const r = checkSync(faults.throwingGraphPredicate);
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'LC204', message: 'property canReachZero threw on a state: canReachZero: cannot evaluate at 3' });
    expect(r.error!.trace!.steps.at(-1)!.state).toMatchObject({ n: 3 });
    expect(r.error!.trace!.steps).toHaveLength(4);
    expect(Object.fromEntries(r.properties.map((p) => [p.name, p.status]))).toEqual({ belowSeven: 'holds', canReachZero: 'unknown' });
  });

  it('a throwing action property: LC204 with the trace up to the step it threw on', () => {
    const r = checkSync(faults.throwingActionProperty);
    expect(r.error).toMatchObject({ code: 'LC204' });
    expect(labelsOf(r)).toEqual([null, 'step', 'step']);
    expect(r.error!.trace!.aborted?.label.action).toBe('step');
  });
});

describe('the constraint is the same for check and simulate', () => {
  it('check: the state beyond the constraint is checked, nothing past it is reached', () => {
    const r = checkSync(faults.constrained, { properties: ['notSix', 'belowFive'], continueAfterViolation: true });
    expect(r.properties.find((p) => p.name === 'belowFive')?.status).toBe('holds');
    expect(r.properties.find((p) => p.name === 'notSix')?.status).toBe('holds');
  });

  it('simulate never walks into a state check excludes', () => {
    const states = new Set<number>();
    for (let seed = 0; seed < 50; seed += 1) {
      const r = simulate(compileModel(faults.constrained), { seed, runs: 20, maxSteps: 20, onState: (s) => states.add((s as { n: number }).n) });
      expect(r.status).toBe('ok');
    }
    expect([...states].sort()).toEqual([0, 1, 2, 3]);
  });
});
