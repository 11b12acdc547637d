import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffModels } from '../../../checker/diff/diffModels.js';
import { renderDiffText } from '../../../checker/diff/render/renderDiffText.js';
import { renderDiffJson } from '../../../checker/diff/render/renderDiffJson.js';
import { renderDiffMarkdown } from '../../../checker/diff/render/renderDiffMarkdown.js';
import { renderDiffTraceMarkdown } from '../../../traces/diffMarkdown.js';
import { bitsToInt, changedToInt, counterAbstraction, counterBits, counterChanged, counterInt } from '../../models/diff/counters.js';
import type { AnyModel } from '../../../checker/engine/index.js';

const golden = (name: string, text: string): void => {
  const file = path.join(__dirname, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
};

describe('diffModels', () => {
  const changed = diffModels(counterInt, counterChanged, { abstraction: counterAbstraction, refinement: changedToInt });
  const same = diffModels(counterInt, counterBits, { abstraction: counterAbstraction, refinement: bitsToInt });

  it('puts every property of either model side by side, n/a where a model lacks it', () => {
    expect(changed.properties.map((p) => [p.name, p.a.status, p.a.steps, p.b.status, p.b.steps, p.changed])).toEqual([
      ['belowThree', 'violated', 3, 'absent', undefined, true],
      ['atMostThree', 'holds', undefined, 'violated', 4, true],
      ['noDecFromThree', 'absent', undefined, 'violated', 4, true],
    ]);
    expect(changed.properties[2]!.b.counterexample!.aborted!.message).toBe('dec: n == 3');
  });

  it('summarises both state spaces with per-action coverage', () => {
    expect(changed.stateSpaces.a).toMatchObject({ model: 'counter-int', complete: true, distinctStates: 4, depth: 4 });
    expect(changed.stateSpaces.b).toMatchObject({ model: 'counter-changed', complete: true, distinctStates: 5, depth: 5 });
    // counter-int: inc 3, dec 3, read 4, set 2×4 = 18 transitions.
    expect(changed.stateSpaces.a.transitions).toBe(18);
    expect(changed.stateSpaces.a.coverage.find((c) => c.action === 'set')).toEqual({ action: 'set', statesGenerated: 8, distinctStates: 0 });
    // counter-changed: the assertion from 3 is raised, not generated: dec from 1, 2, 4.
    expect(changed.stateSpaces.b.coverage.find((c) => c.action === 'dec')).toEqual({ action: 'dec', statesGenerated: 3, distinctStates: 0 });
    expect(changed.stateSpaces.b.assertionsRaised).toEqual(['noDecFromThree']);
  });

  it('lists abstract states reachable in one model only, each with a shortest trace', () => {
    expect(changed.abstraction).toMatchObject({ countA: 4, countB: 5, common: 4, onlyInA: [], complete: true });
    expect(changed.abstraction!.onlyInB.map((x) => [x.abstract, x.trace.steps.length - 1])).toEqual([[{ n: 4 }, 4]]);
    expect(same.abstraction).toMatchObject({ countA: 4, countB: 4, common: 4, onlyInA: [], onlyInB: [] });
  });

  it('checks refinement: the thermometer counter refines the integer one; the changed one does not, at inc from 3', () => {
    expect(same.refinement).toMatchObject({ status: 'holds', complete: true, statesExplored: 4 });
    const r = changed.refinement!;
    expect(r.status).toBe('violated');
    expect(r.counterexample!.steps.map((s) => s.label?.action ?? 'init')).toEqual(['init', 'inc', 'inc', 'inc', 'inc']);
    expect(r.mappedBefore).toEqual({ n: 3 });
    expect(r.mappedAfter).toEqual({ n: 4 });
    expect(r.abstractSteps!.map((s) => s.label.action)).toEqual(['dec', 'read', 'set', 'set']);
  });

  it('reports an initial state that maps to no initial state of A', () => {
    const r = diffModels(counterInt, counterBits, { refinement: (s: { bits: readonly boolean[] }) => ({ n: s.bits.length }) }).refinement!;
    expect(r.status).toBe('violated');
    expect(r.counterexample!.steps).toHaveLength(1);
    expect(r.mappedAfter).toEqual({ n: 3 });
  });

  it('renders text, JSON and Markdown deterministically (golden files)', () => {
    golden('counters.txt', renderDiffText(changed) + '\n' + renderDiffText(same));
    const again = diffModels(counterInt, counterChanged, { abstraction: counterAbstraction, refinement: changedToInt });
    expect(renderDiffJson([again])).toBe(renderDiffJson([changed]));
    const models = new Map<string, AnyModel>([counterInt, counterChanged, counterBits].map((m) => [m.name, m as AnyModel]));
    const options = { models, renderTrace: renderDiffTraceMarkdown };
    const markdown = renderDiffMarkdown([changed, same], options);
    expect(renderDiffMarkdown([again, same], options)).toBe(markdown);
    // Without injected renderers, traces are plain call lists: still one block per trace.
    const plain = renderDiffMarkdown([changed, same], { models });
    expect(plain).toContain('```text\n1. inc = 1\n2. inc = 2\n3. read = 2\n```');
    expect(markdown).toContain('| `counter-int` → `counter-changed` | 3 | 5 diverging calls | violated |');
    expect(markdown).toContain('| `counter-int` → `counter-bits` | 1 | no difference | holds |');
    for (const heading of ['### 1. Properties', '### 2. Observable behaviour', '### 3. State spaces', '### 4. Refinement']) {
      expect(markdown.split('\n').filter((l) => l === heading)).toHaveLength(2);
    }
    expect(markdown).toContain('#### Difference 3: read: results differ — counter-int = 2, counter-changed = two');
    expect(markdown).toContain('**No difference for these constants**');
    // Embedded trace headings sit two levels below the report's own.
    expect(markdown).toContain('\n##### `belowThree` violated in `counter-int` (3 steps)\n');
    expect(markdown.split('\n').filter((l) => l.startsWith('### ')).every((l) => /^### \d\. /.test(l))).toBe(true);
    // Traces are embedded through the trace renderer: both sides of the first witness of each of the 4 (action,
    // kind) groups (set(0) and set(1) form one), the counterexamples of changed verdicts (3 in the first
    // comparison, belowThree in the second), the abstract state only in counter-changed, the refinement
    // counterexample; with `witnesses: 'all'`, both sides of all 5 differences.
    const summaries = (text: string): number => text.split('\n').filter((l) => l.startsWith('<summary>')).length;
    expect(summaries(markdown)).toBe(4 * 2 + 3 + 1 + 1 + 1);
    expect(summaries(renderDiffMarkdown([changed, same], { ...options, witnesses: 'all' }))).toBe(5 * 2 + 3 + 1 + 1 + 1);
    expect(markdown).toContain('The other difference is listed in the table above');
  });
});
