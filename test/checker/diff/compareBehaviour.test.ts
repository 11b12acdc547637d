import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../checker/engine/index.js';
import { compareBehaviour } from '../../../checker/diff/compareBehaviour.js';
import { buildJointLabels } from '../../../checker/diff/jointLabels.js';
import { counterBits, counterChanged, counterInt } from '../../models/diff/counters.js';
import { dieHard } from '../../../spec/examples/dieHard.js';

const calls = (steps: readonly { label: { action: string } | null }[]): string[] => steps.slice(1).map((s) => s.label!.action);

describe('buildJointLabels', () => {
  it('matches labels by action and params, keeps A order, then B-only labels', () => {
    const joint = buildJointLabels(compileModel(counterInt), compileModel(counterChanged));
    expect(joint.labels).toEqual([
      { action: 'inc', params: null },
      { action: 'dec', params: null },
      { action: 'read', params: null },
      { action: 'set', params: 0 },
      { action: 'set', params: 1 },
    ]);
    expect([...joint.toA]).toEqual([0, 1, 2, 3, 4]);
    expect([...joint.toB]).toEqual([0, 1, 2, -1, -1]);
  });
});

describe('compareBehaviour', () => {
  it('finds no difference between two encodings of the same counter, exhaustively', () => {
    const r = compareBehaviour(compileModel(counterInt), compileModel(counterBits));
    expect(r.equivalent).toBe(true);
    expect(r.complete).toBe(true);
    expect(r.divergences).toEqual([]);
    // Joint states (n, bits): (0,000) (1,100) (2,110) (3,111); set(1) from 0 reaches (1,100) again.
    expect(r.jointStates).toBe(4);
    expect(r.depth).toBe(4);
    // Per state: inc (unless 3), dec (unless 0), read, set(0), set(1): 4 + 5 + 5 + 4.
    expect(r.jointTransitions).toBe(18);
  });

  it('a model compared with itself has no difference', () => {
    const r = compareBehaviour(compileModel(dieHard), compileModel(dieHard));
    expect(r.equivalent).toBe(true);
    expect(r.jointStates).toBe(16);
  });

  it('reports one shortest witness per first-diverging (label, kind), of every kind', () => {
    const r = compareBehaviour(compileModel(counterInt), compileModel(counterChanged));
    expect(r.equivalent).toBe(false);
    expect(r.complete).toBe(true);
    expect(r.jointStates).toBe(4);
    expect(r.labelsOnlyInA).toEqual([{ action: 'set', params: 0 }, { action: 'set', params: 1 }]);
    expect(r.labelsOnlyInB).toEqual([]);
    const summary = r.divergences.map((d) => ({ call: d.label, kind: d.kind, steps: d.steps, a: d.a, b: d.b }));
    expect(summary).toEqual([
      { call: { action: 'set', params: 0 }, kind: 'refusedByB', steps: 1, a: { kind: 'taken', result: 0 }, b: { kind: 'refused' } },
      { call: { action: 'set', params: 1 }, kind: 'refusedByB', steps: 1, a: { kind: 'taken', result: 0 }, b: { kind: 'refused' } },
      { call: { action: 'read', params: null }, kind: 'result', steps: 3, a: { kind: 'taken', result: 2 }, b: { kind: 'taken', result: 'two' } },
      { call: { action: 'inc', params: null }, kind: 'refusedByA', steps: 4, a: { kind: 'refused' }, b: { kind: 'taken', result: 4 } },
      {
        call: { action: 'dec', params: null },
        kind: 'assertionInB',
        steps: 4,
        a: { kind: 'taken', result: 2 },
        b: { kind: 'assertion', property: 'noDecFromThree', message: 'dec: n == 3' },
      },
    ]);
    const read = r.divergences[2]!;
    expect(calls(read.traceA.steps)).toEqual(['inc', 'inc', 'read']);
    expect(calls(read.traceB.steps)).toEqual(['inc', 'inc', 'read']);
    expect(read.traceB.steps.at(-1)!.result).toBe('two');
    const inc = r.divergences[3]!;
    expect(calls(inc.traceA.steps)).toEqual(['inc', 'inc', 'inc']);
    expect(calls(inc.traceB.steps)).toEqual(['inc', 'inc', 'inc', 'inc']);
    const dec = r.divergences[4]!;
    expect(dec.traceB.aborted).toEqual({ label: { action: 'dec', params: null }, message: 'dec: n == 3' });
    expect(calls(dec.traceA.steps)).toEqual(['inc', 'inc', 'inc', 'dec']);
  });

  it('is symmetric in what it finds (A and B swapped swaps the kinds)', () => {
    const r = compareBehaviour(compileModel(counterChanged), compileModel(counterInt));
    expect(r.divergences.map((d) => `${d.label.action}${d.label.params ?? ''}:${d.kind}@${d.steps}`)).toEqual([
      'read:result@3',
      'set0:refusedByA@1',
      'set1:refusedByA@1',
      'inc:refusedByB@4',
      'dec:assertionInA@4',
    ].sort((x, y) => Number(x.split('@')[1]) - Number(y.split('@')[1])));
  });

  it('says when a limit cut the exploration short, and never claims equivalence then', () => {
    const r = compareBehaviour(compileModel(counterInt), compileModel(counterBits), { maxStates: 2 });
    expect(r.complete).toBe(false);
    expect(r.equivalent).toBe(false);
    expect(r.jointStates).toBe(2);
  });

  it('keeps at most maxDivergences witnesses and counts the rest', () => {
    const r = compareBehaviour(compileModel(counterInt), compileModel(counterChanged), { maxDivergences: 2 });
    expect(r.divergences).toHaveLength(2);
    expect(r.divergencesOmitted).toBe(3);
  });
});
