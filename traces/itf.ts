/**
 * Traces as ITF files (`.itf.json`, Apalache ADR-015, also written by Quint): `vars`, `states` (each state carries a
 * `#meta` with its `index` and, after the initial state, the `action`, `params` and `result` of the step that reached
 * it), and `loop` for lassos. Written bytes are deterministic (no timestamp); reading accepts our files and the ITF
 * files Quint writes (`mbt::actionTaken` / `mbt::nondetPicks` give the labels when present).
 */
import type { Json, Label, Trace, TraceStep } from '../checker/engine/index.js';
import { fromItfValue, ItfValueError, toItfValue, type ItfValue } from './itfValue.js';
import { toItfValueBySchema } from './schemaValues.js';
import { parseJsonText } from './parseJsonText.js';
import type { TraceContext } from './traceContext.js';
import { TraceInputError } from './traceInputError.js';

/** The ADR that defines the format, linked from every file we write (as Quint does). */
export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

/** The variable holding the whole state when a state is not a record (so it has no fields to be ITF variables). */
const WRAPPED_VAR = 'state';

/** Quint's model-based-testing pseudo-variables. */
const ACTION_TAKEN = 'mbt::actionTaken';
const NONDET_PICKS = 'mbt::nondetPicks';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Renders `trace` as an ITF document, ending in a newline. Guarantees: deterministic bytes (one state per line, keys
 * in a fixed order, no timestamp); every integer is a `#bigint`; `readItf(writeItf(t))` gives back `t` (states,
 * labels, results, loop and aborted step), for states made of records, arrays, integers, strings, booleans and null;
 * with `context.schema`, sets (`t.set`) are written `#set` and functions (`t.fn`) `#map`, and read back as the same
 * arrays (universe order) and records.
 */
export function writeItf(trace: Trace<unknown>, context?: Pick<TraceContext, 'modelName' | 'propertyName' | 'message' | 'schema'>): string {
  const first = trace.steps[0]?.state;
  const wrapped = !isRecord(first) || Object.keys(first).length === 0;
  const vars = wrapped ? [WRAPPED_VAR] : Object.keys(first);
  const meta: Record<string, unknown> = { format: 'ITF', 'format-description': ITF_FORMAT_DESCRIPTION };
  if (context) {
    meta.source = context.modelName;
    if (context.propertyName !== undefined) meta.property = context.propertyName;
    if (context.message !== undefined) meta.description = context.message;
  }
  if (wrapped) meta.wrapped = WRAPPED_VAR;
  if (trace.loopLabel) meta.loopAction = { action: trace.loopLabel.action, params: toItfValue(trace.loopLabel.params) };
  if (trace.aborted) {
    meta.aborted = {
      action: trace.aborted.label.action,
      params: toItfValue(trace.aborted.label.params),
      message: trace.aborted.message,
    };
  }
  const stateLines = trace.steps.map((step, index) => {
    const stepMeta: Record<string, unknown> = { index };
    if (step.label !== null) {
      stepMeta.action = step.label.action;
      stepMeta.params = toItfValue(step.label.params);
      if (step.result !== undefined) stepMeta.result = toItfValue(step.result);
    }
    const state: Record<string, unknown> = { '#meta': stepMeta };
    const schema = context?.schema;
    if (wrapped) state[WRAPPED_VAR] = toItfValueBySchema(schema, step.state);
    else {
      const record = step.state as Record<string, unknown>;
      const fields = schema?.kind === 'record' ? schema.fields : undefined;
      for (const v of vars) state[v] = toItfValueBySchema(fields?.[v], record[v]);
    }
    return `    ${JSON.stringify(state)}`;
  });
  const parts = [
    `  "#meta": ${JSON.stringify(meta)}`,
    `  "vars": ${JSON.stringify(vars)}`,
    stateLines.length === 0 ? '  "states": []' : `  "states": [\n${stateLines.join(',\n')}\n  ]`,
  ];
  if (trace.loop !== undefined) parts.push(`  "loop": ${trace.loop}`);
  return `{\n${parts.join(',\n')}\n}\n`;
}

/** What {@link readItf} found: the trace, and the trace-level `#meta` fields we know. */
export interface ItfDocument {
  readonly trace: Trace<unknown>;
  /** `#meta.source`: the model that wrote the trace, when known. */
  readonly source?: string;
  /** `#meta.property`: the property the trace violates, when known. */
  readonly property?: string;
}

/** Whether a parsed JSON value looks like an ITF document (has `vars` and `states` arrays). */
export function isItfDocument(value: unknown): boolean {
  return isRecord(value) && Array.isArray(value.vars) && Array.isArray(value.states);
}

/**
 * Reads an ITF document from text. Throws {@link TraceInputError} with the line of the offending state for anything
 * malformed: bad JSON, missing `vars`/`states`, a state without one of the vars, a bad expression, a bad `loop`.
 */
export function readItf(text: string, source = 'input'): ItfDocument {
  const lines = new WeakMap<object, number>();
  const doc = parseJsonText(text, source, lines);
  return readItfValue(doc, source, lines);
}

/** Like {@link readItf}, from already parsed JSON (`lines` maps objects to their line, when known). */
export function readItfValue(doc: Json, source = 'input', lines?: WeakMap<object, number>): ItfDocument {
  const lineOf = (v: unknown): number | undefined => (typeof v === 'object' && v !== null ? lines?.get(v) : undefined);
  if (!isRecord(doc) || !Array.isArray(doc.vars) || !Array.isArray(doc.states)) {
    throw new TraceInputError(lineOf(doc) ?? 1, 'not an ITF trace: expected an object with "vars" and "states" arrays', source);
  }
  const vars = doc.vars as unknown[];
  if (!vars.every((v): v is string => typeof v === 'string')) {
    throw new TraceInputError(lineOf(doc.vars), '"vars" must be an array of strings', source);
  }
  const meta = isRecord(doc['#meta']) ? doc['#meta'] : {};
  const wrapped = typeof meta.wrapped === 'string' && vars.length === 1 && vars[0] === meta.wrapped ? meta.wrapped : undefined;
  const stateVars = vars.filter((v) => v !== ACTION_TAKEN && v !== NONDET_PICKS);
  const decode = (value: unknown, where: string, at: unknown): Json => {
    try {
      return fromItfValue(value, where);
    } catch (error) {
      if (error instanceof ItfValueError) throw new TraceInputError(lineOf(at), error.message, source);
      throw error;
    }
  };
  const steps: TraceStep<unknown>[] = doc.states.map((raw, index): TraceStep<unknown> => {
    if (!isRecord(raw)) throw new TraceInputError(lineOf(doc.states), `state ${index} is not an object`, source);
    for (const v of vars) {
      if (!(v in raw)) throw new TraceInputError(lineOf(raw), `state ${index} has no value for variable '${v}'`, source);
    }
    let state: Json;
    if (wrapped !== undefined) state = decode(raw[wrapped], `states[${index}].${wrapped}`, raw);
    else {
      const record: Record<string, Json> = {};
      for (const v of stateVars) record[v] = decode(raw[v], `states[${index}].${v}`, raw);
      state = record;
    }
    const stepMeta = isRecord(raw['#meta']) ? raw['#meta'] : {};
    let label: Label | null = null;
    let result: Json | undefined;
    if (typeof stepMeta.action === 'string') {
      label = { action: stepMeta.action, params: 'params' in stepMeta ? decode(stepMeta.params, `states[${index}].#meta.params`, raw) : null };
      if ('result' in stepMeta) result = decode(stepMeta.result, `states[${index}].#meta.result`, raw);
    } else if (index > 0 && typeof raw[ACTION_TAKEN] === 'string') {
      label = { action: raw[ACTION_TAKEN], params: quintPicks(decode(raw[NONDET_PICKS] ?? {}, `states[${index}].${NONDET_PICKS}`, raw)) };
    } else if (index > 0) {
      label = { action: 'step', params: null };
    }
    return result === undefined ? { label, state } : { label, result, state };
  });
  if (steps.length === 0) throw new TraceInputError(lineOf(doc.states), 'the trace has no states', source);
  if (steps[0]!.label !== null) throw new TraceInputError(lineOf(doc.states[0]), 'state 0 must be an initial state (no action in #meta)', source);
  let loop: number | undefined;
  if (doc.loop !== undefined && doc.loop !== null) {
    const l = isRecord(doc.loop) && typeof doc.loop['#bigint'] === 'string' ? Number(doc.loop['#bigint']) : doc.loop;
    if (typeof l !== 'number' || !Number.isInteger(l) || l < 0 || l >= steps.length) {
      throw new TraceInputError(lineOf(doc), `"loop" must be the index of a state (0..${steps.length - 1})`, source);
    }
    loop = l;
  }
  let aborted: Trace<unknown>['aborted'];
  if (isRecord(meta.aborted) && typeof meta.aborted.action === 'string') {
    aborted = {
      label: { action: meta.aborted.action, params: decode(meta.aborted.params ?? null, '#meta.aborted.params', meta) },
      message: String(meta.aborted.message ?? ''),
    };
  }
  const trace: Trace<unknown> = { steps, ...(loop !== undefined ? { loop } : {}), ...(aborted ? { aborted } : {}) };
  return {
    trace,
    ...(typeof meta.source === 'string' ? { source: meta.source } : {}),
    ...(typeof meta.property === 'string' ? { property: meta.property } : {}),
  };
}

/** Quint's `mbt::nondetPicks` is a record of Option values: keep the picked ones (`Some(v)` → v), drop `None`s. */
function quintPicks(picks: Json): Json {
  if (!isRecord(picks)) return picks;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(picks)) {
    if (v === null) continue;
    out[k] = isRecord(v) && v.tag === 'Some' && 'value' in v ? (v.value as Json) : (v as Json);
  }
  return Object.keys(out).length === 0 ? null : out;
}

