/**
 * `lifecheck/testing`: assertModel returns the result when the check is what was expected and throws a
 * ModelCheckFailure whose message is the rendered counterexample otherwise.
 */
import { describe, expect, it } from 'vitest';
import { assertModel, assertModelAsync, ModelCheckFailure } from '../../checker/testing.js';
import { dieHard } from '../../spec/examples/dieHard.js';
import { twoPhase } from '../../spec/examples/twoPhase.js';
import { thrower } from '../models/faults.js';

function failureOf(run: () => unknown): ModelCheckFailure {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelCheckFailure);
    return error as ModelCheckFailure;
  }
  throw new Error('assertModel did not throw');
}

describe('assertModel', () => {
  it('returns the result of a complete check in which every property holds', () => {
    const result = assertModel(twoPhase);
    expect(result.status).toBe('ok');
    expect(result.stats.distinctStates).toBe(288);
  });

  it('throws with the counterexample rendered as text when a property is violated', () => {
    const failure = failureOf(() => assertModel(dieHard));
    expect(failure.message.split('\n')[0]).toBe('lifecheck: invariant NotSolved is violated in DieHard (6 steps), constants {}');
    expect(failure.message).toContain('State 1: initial state');
    expect(failure.message).toContain('State 7: BigToSmall');
    expect(failure.message).toContain('big: 5 → 4');
    expect(failure.result.status).toBe('violated');
  });

  it('accepts the violations it is told to expect, and checks that every other property holds', () => {
    const result = assertModel(dieHard, { expectViolated: ['NotSolved'] });
    expect(result.properties.map((p) => `${p.name}:${p.status}`)).toEqual(['TypeOK:holds', 'NotSolved:violated', 'deadlock:holds']);
  });

  it('throws when an expected violation does not happen', () => {
    const failure = failureOf(() => assertModel(dieHard, { expectViolated: ['TypeOK'] }));
    expect(failure.message).toContain('invariant NotSolved is violated');
    const holds = failureOf(() => assertModel(twoPhase, { expectViolated: ['TCConsistent'] }));
    expect(holds.message).toBe('lifecheck: invariant TCConsistent expected to be violated in TwoPhase, but it holds (all 288 distinct states explored)');
  });

  it('throws for an expectation naming no property', () => {
    expect(() => assertModel(twoPhase, { expectViolated: ['Nope'] })).toThrow(/expectViolated names 'Nope', which TwoPhase does not check/);
  });

  it('throws when the run is incomplete: properties not violated are unknown, not proven', () => {
    const failure = failureOf(() => assertModel(twoPhase, { maxStates: 10 }));
    expect(failure.message).toMatch(/^lifecheck: the check of TwoPhase is incomplete \(maxStates\) after \d+ distinct states/);
    expect(failure.message).toContain('unknown, not proven');
  });

  it('throws with the error code and the trace when the spec is faulty', () => {
    const failure = failureOf(() => assertModel(thrower));
    expect(failure.message).toMatch(/^lifecheck: the spec thrower is faulty \[LC201\]/);
    expect(failure.message).toContain('State 1: initial state');
  });

  it('is also available as a Promise (for worker threads)', async () => {
    await expect(assertModelAsync(dieHard)).rejects.toThrow(/NotSolved is violated in DieHard \(6 steps\)/);
    expect((await assertModelAsync(twoPhase)).status).toBe('ok');
  });
});
