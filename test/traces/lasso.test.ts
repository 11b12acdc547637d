/**
 * Lassos (counterexamples of temporal properties) in every trace form: the text and Markdown forms say where the
 * loop goes back and by which call (or that the behaviour stutters), Mermaid notes it, ITF has `loop` and the
 * closing call in `#meta`, and our JSON file keeps `loop` and `loopLabel` through a write and a read.
 */
import { describe, expect, it } from 'vitest';
import { checkSync, weakFairness, type Trace } from '../../checker/engine/index.js';
import { ring } from '../models/ring.js';
import { renderTraceText } from '../../traces/text.js';
import { renderTraceMarkdown } from '../../traces/markdown.js';
import { renderTraceMermaid } from '../../traces/mermaid.js';
import { writeItf, readItf } from '../../traces/itf.js';
import { readTraceDocument, writeTraceJson } from '../../traces/traceFile.js';

const lasso = (fair: boolean, property: string): Trace<unknown> =>
  checkSync(ring(fair ? [weakFairness('inc')] : []), { continueAfterViolation: true }).properties.find((p) => p.name === property)!.counterexample!;

describe('lassos', () => {
  it('a stuttering lasso: the initial state, for ever', () => {
    const t = lasso(false, 'reachesThree');
    expect(t.steps.map((s) => s.state)).toEqual([{ n: 0 }]);
    expect(t.loop).toBe(0);
    expect(t.loopLabel).toBeUndefined();
    expect(renderTraceText(t)).toContain('Then it stays in state 1 for ever (stuttering: nothing else happens).');
  });

  it('a loop through reset, in every form', () => {
    const t = lasso(true, 'staysAtThree');
    expect(t.steps.map((s) => (s.state as { n: number }).n)).toEqual([0, 1, 2, 3]);
    expect(t.loop).toBe(0);
    expect(t.loopLabel).toEqual({ action: 'reset', params: null });
    expect(renderTraceText(t)).toContain('Then reset leads back to state 1, and the loop from there repeats for ever.');
    expect(renderTraceMarkdown(t, { modelName: 'ring' })).toContain('Then reset leads back to state 0');
    expect(renderTraceMermaid(t)).toContain('reset leads back to state 0');
    const itf = writeItf(t);
    expect(itf).toContain('"loop": 0');
    expect(itf).toContain('"loopAction":{"action":"reset"');
    expect(readItf(itf).trace.loop).toBe(0);
    const file = readTraceDocument(writeTraceJson(t));
    expect(file.loop).toBe(0);
    expect(file.loopLabel).toEqual({ action: 'reset', params: null });
  });
});
