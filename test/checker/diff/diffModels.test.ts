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
    expect(markdown.split('\n').filter((l) => l.startsWith('## '))).toEqual(['## Summary', '## First-diverging calls', '## Per comparison']);
    expect(markdown).toContain('| **`atMostThree`** | invariant | holds | **violated** (4 steps) | holds |');
    expect(markdown).toContain('**5 first-diverging calls in 4 divergence groups**');
    expect(markdown).toContain('| 3 | 2 steps | `read` | `2` | `two` | ? |');
    expect(markdown).toContain('**no difference for these constants**');
    // Embedded trace headings sit two levels below the report's own.
    expect(markdown).toContain('\n##### Trace in `counter-int` (1 step)\n');
    // Without a trace folder to link to, both traces of the first call of each of the 4 groups are embedded.
    const summaries = (text: string): number => text.split('\n').filter((l) => l === '<summary>Trace in `counter-int`</summary>' || l === '<summary>Trace in `counter-changed`</summary>').length;
    expect(summaries(markdown)).toBe(4 * 2);
    // With one, they are linked instead.
    const linked = renderDiffMarkdown([changed, same], { ...options, links: { outDir: 'out' } });
    expect(summaries(linked)).toBe(0);
    expect(linked).toContain('[counter-changed](<out/counter-int--counter-changed/difference-3-counter-changed.md>)');
  });
});
