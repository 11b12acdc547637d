/**
 * Our JSON trace file (`.json`): one versioned schema, written by every writer (`check --out`, `matrix --out`,
 * `diff --out`, through `writeTraceFiles`) and read by every command that takes a trace (`trace render`, `replay`).
 * The readers here also accept the ITF files we and Quint write.
 *
 * ```json
 * { "format": "lifecheck-trace", "version": 2,
 *   "model": "vfio-old", "constants": { … }, "property": "I5_groupReleaseClean", "message": "…",
 *   "trace": {
 *     "steps": [ { "label": null, "state": { … } },
 *                { "label": { "action": "openGroup", "params": { "group": 0 } }, "result": 3, "state": { … } } ],
 *     "loop": 3,
 *     "aborted": { "label": { … }, "message": "…" } } }
 * ```
 * `format`, `version` and `trace.steps` are required; `model` (a registered name or `path#export`), `constants`
 * (what the trace was produced with), `property`, `message` and `description` (free text) are optional, as are
 * `loop` and `aborted`. A step has a `label` (null for the initial state), and may omit `result` (the action reports
 * none) and `state` (a recorded call sequence, such as a real client's, is only replayed; it cannot be rendered).
 * `trace` is the engine's `Trace` as is, which is also what `check --format json` embeds as a counterexample.
 *
 * Older shapes are refused with one line saying how to upgrade: version 1 (`steps`, `loop`, `aborted` at the top
 * level), the unversioned files `check --out` wrote (a `trace` but no `version`), and bare `{"steps": …}` objects.
 */
import type { Json, JsonRecord, Label, Trace, TraceStep } from '../checker/engine/index.js';
import { isItfDocument, readItfValue } from './itf.js';
import { parseJsonText } from './parseJsonText.js';
import { TraceInputError } from './traceInputError.js';

/** The value of the `format` field of our trace files. */
export const TRACE_FILE_FORMAT = 'lifecheck-trace';

/** The version of the trace file schema this lifecheck writes and reads. */
export const TRACE_FILE_VERSION = 2;

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

/** A trace file as read: its steps, lasso and aborted step, and what the file says about itself. */
export interface TraceDocument {
  readonly format: 'json' | 'itf';
  readonly steps: readonly TraceFileStep[];
  readonly loop?: number;
  readonly loopLabel?: Label;
  readonly aborted?: Trace<unknown>['aborted'];
  readonly model?: string;
  readonly property?: string;
  /** The constants the trace was produced with (our JSON files record them). */
  readonly constants?: JsonRecord;
  readonly message?: string;
  readonly description?: string;
}

/** What a trace file says about its trace, besides the trace (the optional header fields of the schema). */
export interface TraceFileHeader {
  /** The model, as named on the command line (a registered name or `path#export`). */
  readonly model?: string;
  readonly constants?: JsonRecord;
  readonly property?: string;
  readonly message?: string;
  readonly description?: string;
}

/**
 * Writes `trace` as our JSON trace file (schema version {@link TRACE_FILE_VERSION}), ending in a newline.
 * Guarantees: deterministic bytes (header fields in a fixed order, one step per line, states and constants in their
 * own key order); {@link readTraceDocument} and {@link toTrace} give back `trace` and the header.
 */
export function writeTraceJson(trace: Trace<unknown>, header: TraceFileHeader = {}): string {
  const head: string[] = [`  "format": ${JSON.stringify(TRACE_FILE_FORMAT)}`, `  "version": ${TRACE_FILE_VERSION}`];
  if (header.model !== undefined) head.push(`  "model": ${JSON.stringify(header.model)}`);
  if (header.constants !== undefined) head.push(`  "constants": ${JSON.stringify(header.constants)}`);
  if (header.property !== undefined) head.push(`  "property": ${JSON.stringify(header.property)}`);
  if (header.message !== undefined) head.push(`  "message": ${JSON.stringify(header.message)}`);
  if (header.description !== undefined) head.push(`  "description": ${JSON.stringify(header.description)}`);
  const steps = trace.steps.map((s) => `      ${JSON.stringify(s.result === undefined ? { label: s.label, state: s.state } : { label: s.label, result: s.result, state: s.state })}`);
  const body: string[] = [steps.length === 0 ? '    "steps": []' : `    "steps": [\n${steps.join(',\n')}\n    ]`];
  if (trace.loop !== undefined) body.push(`    "loop": ${trace.loop}`);
  if (trace.loopLabel !== undefined) body.push(`    "loopLabel": ${JSON.stringify(trace.loopLabel)}`);
  if (trace.aborted) body.push(`    "aborted": ${JSON.stringify(trace.aborted)}`);
  head.push(`  "trace": {\n${body.join(',\n')}\n  }`);
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
 * Reads a trace file's text: our JSON (version {@link TRACE_FILE_VERSION}) or ITF. Throws {@link TraceInputError}
 * (with the line) for anything it cannot read: an empty file, bad or truncated JSON, another `format` or `version` (saying how to
 * upgrade our older shapes), a missing `trace.steps`, a step without a label, a bad `loop`, a header field of the
 * wrong type.
 */
export function readTraceDocument(text: string, source = 'input'): TraceDocument {
  if (text.trim() === '') throw new TraceInputError(undefined, 'the file is empty: expected a trace file (our JSON or ITF)', source);
  const lines = new WeakMap<object, number>();
  const doc = parseJsonText(text, source, lines);
  const lineOf = (v: unknown): number | undefined => (typeof v === 'object' && v !== null ? lines.get(v) : undefined);
  if (isItfDocument(doc)) {
    const meta = (doc as { '#meta'?: unknown })['#meta'];
    if (isRecord(meta) && meta.format !== undefined && (typeof meta.format !== 'string' || meta.format.toUpperCase() !== 'ITF')) {
      throw new TraceInputError(lineOf(meta), `not an ITF trace: "#meta.format" is ${JSON.stringify(meta.format)}, expected "ITF"`, source);
    }
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
  const body = traceBody(doc, lineOf(doc) ?? 1, source);
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
  const loopLabel = body.loopLabel !== undefined && body.loopLabel !== null ? readLabel(body.loopLabel, 'loopLabel', lineOf(body), source) : undefined;
  return {
    format: 'json',
    steps,
    ...(loop !== undefined ? { loop } : {}),
    ...(loopLabel !== undefined ? { loopLabel } : {}),
    ...(aborted ? { aborted } : {}),
    ...header(doc as Record<string, unknown>, lineOf, source),
  };
}

/**
 * The `trace` object of a version-2 file. Throws {@link TraceInputError} for anything else, saying what is expected
 * and, for our older shapes, how to upgrade.
 */
function traceBody(doc: Json, line: number, source: string): Record<string, unknown> & { readonly steps: unknown[] } {
  const expected = `{"format": "${TRACE_FILE_FORMAT}", "version": ${TRACE_FILE_VERSION}, …, "trace": {"steps": […]}} or an ITF trace`;
  if (!isRecord(doc)) throw new TraceInputError(line, `not a trace file: expected ${expected}`, source);
  if (doc.format === undefined) {
    const hint = Array.isArray(doc.steps) ? ': this is a bare trace; wrap it as {"format", "version", "trace"}' : '';
    throw new TraceInputError(line, `not a trace file (no "format"): expected ${expected}${hint}`, source);
  }
  if (doc.format !== TRACE_FILE_FORMAT) {
    throw new TraceInputError(line, `not a trace file: "format" is ${JSON.stringify(doc.format)}, expected "${TRACE_FILE_FORMAT}" (or an ITF trace)`, source);
  }
  if (doc.version !== TRACE_FILE_VERSION) {
    const old = doc.version === undefined || doc.version === 1;
    const upgrade = isRecord(doc.trace) ? `set "version": ${TRACE_FILE_VERSION}` : `move "steps", "loop" and "aborted" into "trace": {…} and set "version": ${TRACE_FILE_VERSION}`;
    throw new TraceInputError(
      line,
      old
        ? `trace file version ${doc.version === undefined ? '(none)' : 1} is no longer read; this lifecheck reads version ${TRACE_FILE_VERSION}: ${upgrade}`
        : `trace file version ${JSON.stringify(doc.version)} is not supported; this lifecheck reads version ${TRACE_FILE_VERSION}`,
      source,
    );
  }
  if (!isRecord(doc.trace) || !Array.isArray(doc.trace.steps)) {
    throw new TraceInputError(line, '"trace" must be an object with a "steps" array', source);
  }
  return doc.trace as Record<string, unknown> & { readonly steps: unknown[] };
}

/** The optional header fields of a version-2 file, checked. */
function header(doc: Record<string, unknown>, lineOf: (v: unknown) => number | undefined, source: string): TraceFileHeader {
  const out: { -readonly [K in keyof TraceFileHeader]: TraceFileHeader[K] } = {};
  for (const key of ['model', 'property', 'message', 'description'] as const) {
    const v = doc[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new TraceInputError(lineOf(doc), `"${key}" must be a string`, source);
    out[key] = v;
  }
  if (doc.constants !== undefined && doc.constants !== null) {
    if (!isRecord(doc.constants)) throw new TraceInputError(lineOf(doc.constants) ?? lineOf(doc), '"constants" must be an object', source);
    out.constants = doc.constants as JsonRecord;
  }
  return out;
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
  return {
    steps,
    ...(doc.loop !== undefined ? { loop: doc.loop } : {}),
    ...(doc.loopLabel !== undefined ? { loopLabel: doc.loopLabel } : {}),
    ...(doc.aborted ? { aborted: doc.aborted } : {}),
  };
}
