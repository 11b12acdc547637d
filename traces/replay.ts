/**
 * Replay: does a recorded sequence of calls conform to a model? Each recorded call (a label and the result that was
 * observed) is applied with the compiled model's own successor function (`apply`), starting from the model's initial
 * state; replay stops at the first call the model does not allow, or whose result differs from the model's.
 */
import type { CompiledModel, ErrorCode, Json, Label } from '../checker/engine/index.js';
import { AssertionFailure, canonicalJson, Replayer, SchemaMismatch, SpecError } from '../checker/engine/index.js';
import { TraceInputError } from './traceInputError.js';

/** One recorded call: what was called, what it returned (when known), and where it was read from. */
export interface RecordedCall {
  readonly label: Label;
  /** The observed result; absent when the recording has none (then only "is it allowed" is checked). */
  readonly result?: Json;
  /** The 1-based line of the call in its input, when known. */
  readonly line?: number;
  /** The index of the call's entry in its file (`steps[i]` of our JSON, `states[i]` of ITF), when known. */
  readonly step?: number;
  /**
   * Set when the recording says this call hits a kernel assertion (the aborted last step of a counterexample): the
   * call then conforms exactly when the model raises an assertion too. The value is the recorded message.
   */
  readonly expectAssertion?: string;
}

/** Why replay stopped. */
export type DivergenceKind =
  /** No label of the model is this call (e.g. an fd beyond the model's fd table). */
  | 'unknownCall'
  /** The model's action is not enabled in this state. */
  | 'notAllowed'
  /** The model returns another result. */
  | 'result'
  /** The model's action raises a kernel assertion here. */
  | 'assertion';

/** The first divergence: which call, why, the result the model expected, and the model's state before the call. */
export interface ReplayDivergence {
  readonly index: number;
  readonly call: RecordedCall;
  readonly kind: DivergenceKind;
  /** The model's result for this call (kind `result`). */
  readonly expected?: Json;
  /** One line saying what differs. */
  readonly message: string;
  /** The model's state in which the call was attempted. */
  readonly state: unknown;
}

/** The outcome of a replay: the calls that conformed (with the state after each), and the divergence if any. */
export interface ReplayReport {
  readonly conforming: readonly {
    readonly call: RecordedCall;
    readonly state: unknown;
    readonly result: Json | undefined;
    /** For a call recorded as hitting an assertion: the model's assertion message (the state is unchanged). */
    readonly assertion?: string;
  }[];
  readonly divergence?: ReplayDivergence;
  /** The model's state after the last conforming call. */
  readonly finalState: unknown;
}

/** The index of `label` in the model's label table (equality by canonical JSON), or -1. */
export function findLabelIndex(compiled: CompiledModel, label: Label, cache?: Map<string, number>): number {
  let table = cache;
  if (table === undefined || table.size === 0) {
    table = table ?? new Map<string, number>();
    compiled.labels.forEach((l, i) => table!.set(canonicalJson(l), i));
  }
  return table.get(canonicalJson({ action: label.action, params: label.params })) ?? -1;
}

const replayers = new WeakMap<CompiledModel, Replayer>();

/**
 * Applies label `index` to `state` through the engine's successor core (its `Replayer`): undefined when the action is
 * disabled, the successor and its result when it steps; throws the `AssertionFailure` of a kernel assertion, and an
 * `Error` with the engine's message when the spec itself fails (or `state` is outside the schema). The one place
 * replay applies a label.
 */
export function applyLabel(compiled: CompiledModel, state: unknown, index: number): { state: unknown; result: Json | undefined } | undefined {
  let replayer = replayers.get(compiled);
  if (replayer === undefined) {
    replayer = new Replayer(compiled);
    replayers.set(compiled, replayer);
  }
  const outcome = replayer.step(replayer.start(state), index);
  switch (outcome.kind) {
    case 'disabled':
      return undefined;
    case 'assertion':
      throw new AssertionFailure(outcome.property, outcome.message);
    case 'error':
      throw new SpecError(outcome.code, outcome.message);
    case 'step':
      return { state: outcome.position.state, result: outcome.result };
  }
}

/** Spec code threw (not a kernel assertion) while a recorded call was replayed: a bug in the spec, not in the input. */
export class ReplaySpecError extends Error {
  /** The error code of what the spec did wrong (LC201 when it threw). */
  readonly code: ErrorCode;
  constructor(
    /** The call being replayed. */
    readonly call: RecordedCall,
    /** What the spec threw. */
    override readonly cause: unknown,
  ) {
    super(`replaying ${call.label.action} ${canonicalJson(call.label.params)}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ReplaySpecError';
    this.code = cause instanceof SpecError ? cause.code : 'LC201';
  }
}

/** The result of applying one recorded call to `state`: a successor, or the reason it diverges. */
export type StepOutcome =
  | { readonly ok: true; readonly state: unknown; readonly result: Json | undefined; readonly assertion?: string }
  | { readonly ok: false; readonly kind: DivergenceKind; readonly expected?: Json; readonly message: string };

/**
 * Applies `call` to `state` with the model's own successor function ({@link applyLabel}). Results are compared by
 * canonical JSON; a recorded call without a result matches any result; a call recorded as hitting an assertion
 * matches a model assertion (the state stays). Other exceptions (spec bugs) are thrown as {@link ReplaySpecError}.
 */
export function replayStep(compiled: CompiledModel, state: unknown, call: RecordedCall, cache?: Map<string, number>): StepOutcome {
  let index = findLabelIndex(compiled, call.label, cache);
  if (compiled.stateParams.some((b) => b.action === call.label.action)) {
    // the action's parameters depend on the state: the call is its value's position in this state's list
    try {
      index = compiled.labelIndexOf(call.label, state);
    } catch (error) {
      throw new ReplaySpecError(call, error);
    }
    if (index < 0) return { ok: false, kind: 'notAllowed', message: `the model does not allow this call here (${call.label.action} gives no such parameter in this state)` };
  }
  if (index < 0) {
    return { ok: false, kind: 'unknownCall', message: `the model has no call ${call.label.action} ${canonicalJson(call.label.params)}` };
  }
  let successor;
  try {
    successor = applyLabel(compiled, state, index);
  } catch (error) {
    if (error instanceof AssertionFailure) {
      const assertion = `${error.property}: ${error.message}`;
      if (call.expectAssertion !== undefined) return { ok: true, state, result: undefined, assertion };
      return { ok: false, kind: 'assertion', message: `the model hits kernel assertion ${assertion}` };
    }
    throw new ReplaySpecError(call, error);
  }
  if (successor === undefined) return { ok: false, kind: 'notAllowed', message: 'the model does not allow this call here' };
  if (call.expectAssertion !== undefined) {
    return {
      ok: false,
      kind: 'result',
      ...(successor.result !== undefined ? { expected: successor.result } : {}),
      message: `the recording hits a kernel assertion here (${call.expectAssertion}), the model returns ${showValue(successor.result)}`,
    };
  }
  if (call.result !== undefined && canonicalJson(successor.result ?? null) !== canonicalJson(call.result)) {
    return {
      ok: false,
      kind: 'result',
      ...(successor.result !== undefined ? { expected: successor.result } : {}),
      message: `returned ${showValue(call.result)}, the model returns ${showValue(successor.result)}`,
    };
  }
  return { ok: true, state: successor.state, result: successor.result };
}

/**
 * Replays `calls` from `initialState` (default: the model's first initial state). Guarantees: stops at the first
 * divergence; `conforming` lists exactly the calls before it, with the model's state after each.
 */
export function replayCalls(compiled: CompiledModel, calls: readonly RecordedCall[], initialState?: unknown): ReplayReport {
  let state = initialState ?? compiled.initialStates()[0];
  const cache = new Map<string, number>();
  const conforming: { call: RecordedCall; state: unknown; result: Json | undefined }[] = [];
  for (let i = 0; i < calls.length; i += 1) {
    const call = calls[i]!;
    const outcome = replayStep(compiled, state, call, cache);
    if (!outcome.ok) {
      return {
        conforming,
        finalState: state,
        divergence: {
          index: i,
          call,
          kind: outcome.kind,
          ...(outcome.expected !== undefined ? { expected: outcome.expected } : {}),
          message: outcome.message,
          state,
        },
      };
    }
    state = outcome.state;
    conforming.push({ call, state, result: outcome.result, ...(outcome.assertion !== undefined ? { assertion: outcome.assertion } : {}) });
  }
  return { conforming, finalState: state };
}

/** A result in messages: errno strings bare (`-EBUSY`), other values as JSON, none as `nothing`. */
function showValue(value: Json | undefined): string {
  if (value === undefined) return 'nothing';
  return typeof value === 'string' ? value : canonicalJson(value);
}

/** A state recorded in a file: its entry index and line there, and the state as read. */
export interface RecordedState {
  readonly step: number;
  readonly line?: number;
  readonly state: unknown;
}

const where = (step: number | undefined): string => (step === undefined ? '' : `step ${step}: `);

/**
 * Where `recorded` first differs from `decoded` (the same state after an encode/decode round trip): the field's path
 * (`groups[0].opened`), and whether the field is one the schema does not have. Undefined when they are equal.
 */
function firstDifference(decoded: unknown, recorded: unknown, path: string): { path: string; unknownField: boolean } | undefined {
  if (Object.is(decoded, recorded)) return undefined;
  const at = (key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);
  if (Array.isArray(decoded) && Array.isArray(recorded)) {
    for (let i = 0; i < Math.max(decoded.length, recorded.length); i += 1) {
      const d = firstDifference(decoded[i], recorded[i], at(i));
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isRecord(decoded) && isRecord(recorded)) {
    for (const key of Object.keys(recorded).sort()) {
      if (!(key in decoded)) return { path: at(key), unknownField: true };
      const d = firstDifference(decoded[key], recorded[key], at(key));
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return { path: path === '' ? '(the whole state)' : path, unknownField: false };
}

/**
 * Checks a recording against the model before it is replayed, so that input the model cannot even express is an
 * input error naming its step, not a divergence: every call must name one of the model's actions, and every
 * recorded state must fit the model's schema (each encodes with the model's codec — a wrong type or a missing
 * field is a `SchemaMismatch` naming the field — and decodes back to itself, so a field the schema does not have
 * is caught too). Throws {@link TraceInputError} (`source:line: step N: …`) at the first problem.
 */
export function checkRecording(compiled: CompiledModel, calls: readonly RecordedCall[], states: readonly RecordedState[], source = 'input'): void {
  const actions = new Set(compiled.actionNames);
  for (const call of calls) {
    if (!actions.has(call.label.action)) {
      const step = call.expectAssertion !== undefined && call.step === undefined ? 'the aborted step: ' : where(call.step);
      throw new TraceInputError(
        call.line,
        `${step}the model has no action '${call.label.action}'; its actions are: ${compiled.actionNames.join(', ')}`,
        source,
      );
    }
  }
  const words = new Uint32Array(compiled.codec.words);
  for (const recorded of states) {
    try {
      compiled.codec.encode(recorded.state, words, 0);
    } catch (error) {
      if (error instanceof SchemaMismatch) {
        throw new TraceInputError(recorded.line, `${where(recorded.step)}${error.message} (the state does not fit the model's schema)`, source);
      }
      throw error;
    }
    const difference = firstDifference(compiled.codec.decode(words, 0), recorded.state, '');
    if (difference !== undefined) {
      const what = difference.unknownField ? 'is not a field of the model\'s schema' : 'has a value the model\'s schema does not admit';
      throw new TraceInputError(recorded.line, `${where(recorded.step)}state field ${difference.path} ${what}`, source);
    }
  }
}
