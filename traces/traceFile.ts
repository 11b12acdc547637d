/**
 * Our JSON trace file (`.json`): the in-memory trace as JSON, with the model and property that produced it. The
 * readers here also accept the ITF files we and Quint write, so every command that takes a trace file takes both.
 *
 * ```json
 * { "format": "lifecheck-trace", "version": 1, "model": "vfio-old", "property": "I-1",
 *   "steps": [ { "label": null, "state": { … } },
 *              { "label": { "action": "close", "params": { "fd": 3 } }, "result": 0, "state": { … } } ],
 *   "aborted": { "label": { … }, "message": "…" } }
 * ```
 * A bare `Trace` object (`{"steps": …}`) and `{"trace": {"steps": …}}` are accepted too. Steps may omit `state`
 * (a recorded call sequence, e.g. a real client's, is only replayed); such files cannot be rendered.
 */
import type { Json, Label, Trace, TraceStep } from '../checker/engine/index.js';
import { isItfDocument, readItfValue } from './itf.js';
import { parseJsonText } from './parseJsonText.js';
import type { TraceContext } from './traceContext.js';
import { TraceInputError } from './traceInputError.js';

/** The value of the `format` field of our trace files. */
export const TRACE_FILE_FORMAT = 'lifecheck-trace';

/** One step of a trace file: like a {@link TraceStep}, but the state may be missing, and the line is known. */
export interface TraceFileStep {
  readonly label: Label | null;
  readonly result?: Json;
  /** Absent in call-only files. */
  readonly state?: unknown;
  readonly hasState: boolean;
  /** The 1-based line of the step in its file, when known. */
  readonly line?: number;
}

/** A trace file as read: its steps, lasso and aborted step, and the model/property it names. */
export interface TraceDocument {
  readonly format: 'json' | 'itf';
  readonly steps: readonly TraceFileStep[];
  readonly loop?: number;
  readonly aborted?: Trace<unknown>['aborted'];
  readonly model?: string;
  readonly property?: string;
}

/**
 * Writes `trace` as our JSON trace file, ending in a newline. Deterministic bytes: fixed key order, one step per
 * line, states as given (their own key order).
 */
export function writeTraceJson(trace: Trace<unknown>, context?: Pick<TraceContext, 'modelName' | 'propertyName' | 'message'>): string {
  const head: string[] = [`  "format": ${JSON.stringify(TRACE_FILE_FORMAT)}`, '  "version": 1'];
  if (context) {
    head.push(`  "model": ${JSON.stringify(context.modelName)}`);
    if (context.propertyName !== undefined) head.push(`  "property": ${JSON.stringify(context.propertyName)}`);
    if (context.message !== undefined) head.push(`  "message": ${JSON.stringify(context.message)}`);
  }
  const steps = trace.steps.map((s) => `    ${JSON.stringify(s.result === undefined ? { label: s.label, state: s.state } : { label: s.label, result: s.result, state: s.state })}`);
  head.push(steps.length === 0 ? '  "steps": []' : `  "steps": [\n${steps.join(',\n')}\n  ]`);
  if (trace.loop !== undefined) head.push(`  "loop": ${trace.loop}`);
  if (trace.aborted) head.push(`  "aborted": ${JSON.stringify(trace.aborted)}`);
  return `{\n${head.join(',\n')}\n}\n`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readLabel(value: unknown, where: string, line: number | undefined, source: string): Label {
  if (!isRecord(value) || typeof value.action !== 'string') {
    throw new TraceInputError(line, `${where}: a label must be an object with a string "action"`, source);
  }
  return { action: value.action, params: (value.params ?? null) as Json };
}

/**
 * Reads a trace file's text: our JSON or ITF. Throws {@link TraceInputError} (with the line) for anything it cannot
 * read: bad or truncated JSON, a missing `steps`, a step without a label, a bad `loop`.
 */
export function readTraceDocument(text: string, source = 'input'): TraceDocument {
  const lines = new WeakMap<object, number>();
  const doc = parseJsonText(text, source, lines);
  const lineOf = (v: unknown): number | undefined => (typeof v === 'object' && v !== null ? lines.get(v) : undefined);
  if (isItfDocument(doc)) {
    const itf = readItfValue(doc, source, lines);
    const states = (doc as { states: unknown[] }).states;
    return {
      format: 'itf',
      steps: itf.trace.steps.map((s, i) => ({ ...s, hasState: true, ...(lineOf(states[i]) !== undefined ? { line: lineOf(states[i])! } : {}) })),
      ...(itf.trace.loop !== undefined ? { loop: itf.trace.loop } : {}),
      ...(itf.trace.aborted ? { aborted: itf.trace.aborted } : {}),
      ...(itf.source !== undefined ? { model: itf.source } : {}),
      ...(itf.property !== undefined ? { property: itf.property } : {}),
    };
  }
  if (!isRecord(doc)) throw new TraceInputError(lineOf(doc) ?? 1, 'not a trace file: expected a JSON object with "steps" (or an ITF trace)', source);
  const body = isRecord(doc.trace) && Array.isArray(doc.trace.steps) ? doc.trace : doc;
  if (!Array.isArray(body.steps)) {
    throw new TraceInputError(lineOf(doc) ?? 1, 'not a trace file: expected a JSON object with "steps" (or an ITF trace with "vars" and "states")', source);
  }
  const steps: TraceFileStep[] = body.steps.map((raw: unknown, i: number) => {
    const line = lineOf(raw);
    if (!isRecord(raw)) throw new TraceInputError(line ?? lineOf(body.steps), `step ${i} is not an object`, source);
    if (!('label' in raw)) throw new TraceInputError(line, `step ${i} has no "label" (null for an initial state)`, source);
    const label = raw.label === null ? null : readLabel(raw.label, `step ${i}`, line, source);
    const hasState = 'state' in raw;
    return {
      label,
      ...('result' in raw && raw.result !== undefined ? { result: raw.result as Json } : {}),
      ...(hasState ? { state: raw.state } : {}),
      hasState,
      ...(line !== undefined ? { line } : {}),
    };
  });
  let loop: number | undefined;
  if (body.loop !== undefined && body.loop !== null) {
    if (typeof body.loop !== 'number' || !Number.isInteger(body.loop) || body.loop < 0 || body.loop >= steps.length) {
      throw new TraceInputError(lineOf(body), `"loop" must be the index of a step (0..${steps.length - 1})`, source);
    }
    loop = body.loop;
  }
  let aborted: Trace<unknown>['aborted'];
  if (body.aborted !== undefined && body.aborted !== null) {
    const a = body.aborted;
    if (!isRecord(a)) throw new TraceInputError(lineOf(body), '"aborted" must be an object', source);
    aborted = { label: readLabel(a.label, 'aborted', lineOf(a), source), message: String(a.message ?? '') };
  }
  return {
    format: 'json',
    steps,
    ...(loop !== undefined ? { loop } : {}),
    ...(aborted ? { aborted } : {}),
    ...(typeof doc.model === 'string' ? { model: doc.model } : {}),
    ...(typeof doc.property === 'string' ? { property: doc.property } : {}),
  };
}

/**
 * The in-memory trace of a document whose every step has a state, starting with an initial state. Throws
 * {@link TraceInputError} naming the first step without a state (a call-only file can be replayed, not rendered).
 */
export function toTrace(doc: TraceDocument, source = 'input'): Trace<unknown> {
  const steps: TraceStep<unknown>[] = doc.steps.map((s, i) => {
    if (!s.hasState) {
      throw new TraceInputError(s.line, `step ${i} has no state: this file holds calls only; replay it with 'lifecheck replay'`, source);
    }
    return s.result === undefined ? { label: s.label, state: s.state } : { label: s.label, result: s.result, state: s.state };
  });
  if (steps.length === 0) throw new TraceInputError(undefined, 'the trace has no steps', source);
  if (steps[0]!.label !== null) throw new TraceInputError(doc.steps[0]!.line, 'step 0 must be the initial state (label null)', source);
  return { steps, ...(doc.loop !== undefined ? { loop: doc.loop } : {}), ...(doc.aborted ? { aborted: doc.aborted } : {}) };
}
