/**
 * One versioned trace JSON schema (`format: lifecheck-trace`, `version: 2`, a header and `trace`): written the same by
 * every writer, read back exactly, and older or foreign shapes refused with one line saying what is expected.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkSync, type Trace } from '../../checker/engine/index.js';
import { createProgram } from '../../checker/cli/program.js';
import { memoryIo } from '../../checker/cli/io.js';
import { dieHard } from '../../spec/examples/dieHard.js';
import { readRecording } from '../../traces/readRecording.js';
import { readTraceDocument, toTrace, TRACE_FILE_VERSION, writeTraceJson } from '../../traces/traceFile.js';
import { TraceInputError } from '../../traces/traceInputError.js';

const lasso: Trace<unknown> = {
  steps: [
    { label: null, state: { x: 0 } },
    { label: { action: 'inc', params: { by: 1 } }, result: 1, state: { x: 1 } },
    { label: { action: 'reset', params: null }, state: { x: 0 } },
  ],
  loop: 0,
  aborted: { label: { action: 'dec', params: null }, message: 'dec: boom' },
};

const refused = (value: unknown): string => {
  try {
    readTraceDocument(JSON.stringify(value, null, 2), 'f.json');
  } catch (error) {
    if (error instanceof TraceInputError) return error.message;
    throw error;
  }
  throw new Error('accepted');
};

describe('the trace file schema', () => {
  test('writeTraceJson writes version 2 with the header first and the trace under "trace", and reads back exactly', () => {
    const text = writeTraceJson(lasso, { model: 'm', constants: { n: 2 }, property: 'p', message: 'boom', description: 'd' });
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['format', 'version', 'model', 'constants', 'property', 'message', 'description', 'trace']);
    expect(json).toMatchObject({ format: 'lifecheck-trace', version: TRACE_FILE_VERSION, trace: lasso });
    expect(TRACE_FILE_VERSION).toBe(2);
    const doc = readTraceDocument(text);
    expect(toTrace(doc)).toEqual(lasso);
    expect(doc).toMatchObject({ format: 'json', model: 'm', constants: { n: 2 }, property: 'p', message: 'boom', description: 'd' });
    expect(writeTraceJson(lasso, { model: 'm' })).toBe(writeTraceJson(lasso, { model: 'm' }));
    // one step per line, so errors and replay report the line of a step
    expect(doc.steps.map((s) => s.line)).toEqual([11, 12, 13]);
  });

  test('older shapes are refused with one line saying how to upgrade', () => {
    const steps = lasso.steps;
    expect(refused({ format: 'lifecheck-trace', version: 1, model: 'm', steps })).toBe(
      'f.json:1: trace file version 1 is no longer read; this lifecheck reads version 2: move "steps", "loop" and "aborted" into "trace": {…} and set "version": 2',
    );
    expect(refused({ format: 'lifecheck-trace', model: 'm', constants: {}, trace: { steps } })).toBe(
      'f.json:1: trace file version (none) is no longer read; this lifecheck reads version 2: set "version": 2',
    );
    expect(refused({ steps })).toMatch(/^f\.json:1: not a trace file \(no "format"\): expected \{"format": "lifecheck-trace", "version": 2, …, "trace": \{"steps": \[…\]\}\} or an ITF trace: this is a bare trace/);
    expect(refused({ format: 'lifecheck-diff', version: 2 })).toBe('f.json:1: not a trace file: "format" is "lifecheck-diff", expected "lifecheck-trace" (or an ITF trace)');
    expect(refused({ format: 'lifecheck-trace', version: 3, trace: { steps } })).toBe('f.json:1: trace file version 3 is not supported; this lifecheck reads version 2');
    expect(refused({ format: 'lifecheck-trace', version: 2, steps })).toBe('f.json:1: "trace" must be an object with a "steps" array');
    expect(refused({ format: 'lifecheck-trace', version: 2, model: 7, trace: { steps } })).toBe('f.json:1: "model" must be a string');
    expect(refused({ format: 'lifecheck-trace', version: 2, constants: [1], trace: { steps } })).toMatch(/^f\.json:\d+: "constants" must be an object$/);
  });

  test('readRecording takes the constants from the header', () => {
    const recording = readRecording(writeTraceJson(lasso, { model: 'm', constants: { n: 2 } }));
    expect(recording).toMatchObject({ kind: 'trace', model: 'm', constants: { n: 2 } });
  });

  test('check --out and diff --out write the same schema, which trace render and replay read', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'lifecheck-schema-'));
    const io = memoryIo();
    await createProgram(io).run(['check', 'die-hard', '--out', path.join(out, 'check'), '--no-progress']);
    await createProgram(io).run(['diff', 'die-hard', 'die-hard', '--no-source', '--out', path.join(out, 'diff')]);
    const fromCheck = JSON.parse(readFileSync(path.join(out, 'check', 'DieHard.NotSolved.json'), 'utf8')) as Record<string, unknown>;
    const fromDiff = JSON.parse(readFileSync(path.join(out, 'diff', 'DieHard', 'NotSolved.json'), 'utf8')) as Record<string, unknown>;
    const expected = checkSync(dieHard, {}).properties.find((p) => p.name === 'NotSolved')!;
    for (const file of [fromCheck, fromDiff]) {
      expect(Object.keys(file)).toEqual(['format', 'version', 'model', 'constants', 'property', 'message', 'trace']);
      expect(file).toMatchObject({ format: 'lifecheck-trace', version: 2, model: 'die-hard', constants: {}, property: 'NotSolved', trace: expected.counterexample });
    }
  });
});
