/**
 * One unit of counterexample length, steps (transitions taken, an aborted last step counted), in every report.
 */
import { describe, expect, test } from 'vitest';
import { checkSync, type Trace } from '../../checker/engine/index.js';
import { renderCheckResultText } from '../../checker/cli/renderCheckResult.js';
import { compareProperties } from '../../checker/diff/compareProperties.js';
import { renderDiffJson } from '../../checker/diff/render/renderDiffJson.js';
import { formatVerdict } from '../../checker/diff/render/renderDiffText.js';
import { diffModels } from '../../checker/diff/diffModels.js';
import { dieHard } from '../../spec/examples/dieHard.js';
import { renderTraceMarkdown } from '../../traces/markdown.js';
import { renderTraceText, renderTraceTextDocument, traceHeading } from '../../traces/text.js';
import { stepsText, traceStepCount } from '../../traces/traceSteps.js';

const aborted: Trace<unknown> = {
  steps: [0, 1, 2, 3, 4, 5].map((x, i) => ({ label: i === 0 ? null : { action: 'inc', params: null }, state: { x } })),
  aborted: { label: { action: 'dec', params: null }, message: 'dec: boom' },
};

describe('steps', () => {
  const solution = checkSync(dieHard, {}).properties.find((p) => p.name === 'NotSolved')!.counterexample!;

  test("die-hard's 7-state solution is 6 steps; 5 transitions and an aborted step are 6 steps", () => {
    expect(solution.steps).toHaveLength(7);
    expect(traceStepCount(solution)).toBe(6);
    expect(traceStepCount(aborted)).toBe(6);
    expect(traceStepCount({ steps: [{ label: null, state: 0 }] })).toBe(0);
    expect([stepsText(1), stepsText(6)]).toEqual(['1 step', '6 steps']);
  });

  test('the trace headings (text and Markdown) and the check report count steps', () => {
    expect(traceHeading(solution, { modelName: 'die-hard', propertyName: 'NotSolved' })).toBe('NotSolved violated in die-hard (6 steps)');
    expect(renderTraceTextDocument(aborted, { modelName: 'm' })).toMatch(/^Trace in m \(6 steps\)\n\nState 1: initial state\n/);
    expect(renderTraceMarkdown(aborted, { modelName: 'm', propertyName: 'p' })).toMatch(/^### `p` violated in `m` \(6 steps\)\n/);
    expect(renderCheckResultText(checkSync(dieHard, {}))).toContain('violated NotSolved [invariant] (counterexample of 6 steps)');
  });

  test('the text form numbers the aborted step as the step it is (step n leaves state n)', () => {
    const text = renderTraceText(aborted);
    expect(text).toContain('State 6: inc\n');
    expect(text).toContain('Step 6: dec  ✗ dec: boom\n');
  });

  test('the diff reports steps in text and JSON', () => {
    const rows = compareProperties(checkSync(dieHard, {}), checkSync(dieHard, {}));
    const notSolved = rows.find((r) => r.name === 'NotSolved')!;
    expect(notSolved.a.steps).toBe(6);
    expect(formatVerdict(notSolved.a)).toBe('violated (6 steps)');
    const json = JSON.parse(renderDiffJson([diffModels(dieHard, dieHard, {})])) as { version: number; comparisons: { properties: { name: string; a: Record<string, unknown> }[] }[] };
    expect(json.version).toBe(2);
    const cell = json.comparisons[0]!.properties.find((p) => p.name === 'NotSolved')!.a;
    expect(cell.steps).toBe(6);
    expect(cell).not.toHaveProperty('calls');
    expect(cell).not.toHaveProperty('states');
  });
});
