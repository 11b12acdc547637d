/**
 * What the engine does with faulty specs: an exception in spec code gives status `error` with the trace up to the
 * throwing step; a spec that is not a pure function of its state is caught when its counterexample is replayed; a
 * spec that mutates its input state (see `test/models/mutator.ts`).
 */
import { describe, expect, it } from 'vitest';
import { checkSync, NondeterminismError, type Json } from '../../checker/index.js';
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

  it('a spec depending on hidden state fails trace replay with a NondeterminismError', () => {
    expect(() => checkSync(nondeterministic())).toThrow(NondeterminismError);
    expect(() => checkSync(nondeterministic())).toThrow(/not a deterministic function of its state/);
    // Without a violation there is no replay, so the hidden state goes unnoticed.
    expect(checkSync(nondeterministic(), { properties: [] }).status).toBe('ok');
  });

  it('a mutating action: later actions of the same expansion see the mutation; replay then fails', () => {
    const seen: { from: unknown; action: string; to: unknown }[] = [];
    const model = mutator(false);
    const recording = {
      ...model,
      properties: {
        record: {
          kind: 'action' as const,
          holds: (s: unknown, label: { action: string; params: Json }, next: unknown) => {
            seen.push({ from: structuredClone(s), action: label.action, to: structuredClone(next) });
            return true;
          },
        },
      },
    };
    const r = checkSync(recording);
    expect(r.status).toBe('ok');
    // The pure spec's copyAToB from (0, 0) would stutter to (0, 0); after bumpA mutated the expanded object, it
    // goes to (1, 1), and the property is handed the mutated object as the source state.
    expect(seen[1]).toEqual({ from: { a: 1, b: 0 }, action: 'copyAToB', to: { a: 1, b: 1 } });
    expect(seen).not.toContainEqual({ from: { a: 0, b: 0 }, action: 'copyAToB', to: { a: 0, b: 0 } });
    // Stored states are decoded afresh for each expansion, so the set of states is not corrupted.
    expect(r.stats.distinctStates).toBe(10);
    // A counterexample through the wrong step cannot be replayed.
    expect(() => checkSync(mutator(true))).toThrow(NondeterminismError);
  });
});
