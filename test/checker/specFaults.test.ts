/**
 * What the engine does with faulty specs: an exception in spec code gives status `error` with the trace up to the
 * throwing step; a spec that is not a pure function of its state is caught when its counterexample is replayed; a
 * spec that mutates its input state (see `test/models/mutator.ts`).
 */
import { describe, expect, it } from 'vitest';
import { checkSync, NondeterminismError, type Json } from '../../checker/engine/index.js';
import { mutator } from '../models/mutator.js';
import { nondeterministic } from '../models/nondeterministic.js';
import { thrower, THROWER_MESSAGE } from '../models/thrower.js';


describe('spec faults', () => {
  it('a throwing action gives status error with the trace up to the throwing step', () => {
    const r = checkSync(thrower(3));
    expect(r.status).toBe('error');
    expect(r.complete).toBe(false);
    expect(r.error!.message).toContain(THROWER_MESSAGE);
    const trace = r.error!.trace!;
    expect(trace.steps.map((s) => s.state)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
    expect(trace.aborted).toEqual({ label: { action: 'step', params: null }, message: THROWER_MESSAGE });
  });

  it('a throwing initial-state enumeration gives status error without a trace', () => {
    const model = thrower(3);
    const broken = { ...model, spec: { ...model.spec, init: () => { throw new Error('no init'); } } };
    const r = checkSync(broken);
    expect(r.status).toBe('error');
    expect(r.error).toEqual({ message: 'no init' });
  });

  it('a spec depending on hidden state fails trace replay: status error saying the spec is not deterministic', () => {
    const r = checkSync(nondeterministic());
    expect(r.status).toBe('error');
    expect(r.error?.message).toMatch(/not a deterministic function of its state/);
    expect(new NondeterminismError('x').message).toMatch(/Math\.random/);
    // Without a violation there is no replay, so the hidden state goes unnoticed.
    expect(checkSync(nondeterministic(), { properties: [] }).status).toBe('ok');
  });

  it('a mutating action is caught after the expansion, naming the action, with the trace through that action', () => {
    for (const withInvariant of [false, true]) {
      const r = checkSync(mutator(withInvariant));
      expect(r.status).toBe('error');
      expect(r.error?.message).toMatch(/action bumpA changed the state it was given/);
      expect(r.error?.trace?.steps.map((step) => step.label?.action ?? null)).toEqual([null, 'bumpA']);
    }
  });
});
