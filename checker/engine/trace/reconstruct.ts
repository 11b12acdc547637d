/**
 * Rebuilding traces: walk parent pointers from a stored state back to an initial state, then replay the labels from
 * that initial state through the successor core (`core/examine.ts`, the same rules exploration used), checking at
 * every step that the replayed state is the stored one — so a spec that is not a pure function of its state is
 * caught (LC207), never silently mis-traced.
 */
import { NondeterminismError } from '../api/errors.js';
import type { Trace, TraceStep } from '../api/trace.js';
import type { CompiledModel } from '../core/compileModel.js';
import { SuccessorCore } from '../core/examine.js';
import { EntryKind } from '../core/expansion.js';
import type { StateTable } from '../store/stateTable.js';

/** Where a trace ends: at stored state `fromId`, optionally followed by one more label (`finalLabel ≥ 0`). */
export interface TraceEnd {
  /** The last stored state of the trace, or -1 when the trace is the single initial state `initIndex`. */
  readonly fromId: number;
  /** A label taken from `fromId` whose successor was not stored (or whose action aborted), or -1. */
  readonly finalLabel: number;
  /** With `fromId = -1`: the index of the initial state. */
  readonly initIndex: number;
}

/**
 * Rebuilds the trace ending at `end` from the parent pointers of `table`. Throws {@link NondeterminismError} when
 * replay does not reach the stored states. A final label whose action raises an assertion or fails gives a trace
 * with `aborted` (the label and the message).
 */
export function reconstructTrace(compiled: CompiledModel, table: StateTable, end: TraceEnd, core = new SuccessorCore(compiled)): Trace<unknown> {
  const initial = compiled.initialStates();
  if (end.fromId < 0) return { steps: [{ label: null, state: initial[end.initIndex] }] };
  const W = compiled.codec.words;
  const exp = core.createExpansion();
  const ids: number[] = [];
  for (let id = end.fromId; id >= 0; id = table.parents.get(id)) ids.push(id);
  ids.reverse();
  const rootIndex = table.label(ids[0]!);
  let state = initial[rootIndex];
  if (state === undefined) throw new NondeterminismError(`initial state ${rootIndex + 1} no longer exists`);
  let words = new Uint32Array(W);
  try {
    compiled.codec.encode(state, words, 0);
  } catch {
    throw new NondeterminismError(`initial state ${rootIndex + 1} is no longer the one explored`);
  }
  if (!table.isStoredAs(ids[0]!, canonical(compiled, state, words), 0)) throw new NondeterminismError(`initial state ${rootIndex + 1} is no longer the one explored`);
  const steps: TraceStep<unknown>[] = [{ label: null, state }];
  for (let k = 1; k < ids.length; k += 1) {
    const storedLabel = table.label(ids[k]!);
    let labelIndex = storedLabel;
    const leadsToStored = (candidate: number): boolean => {
      exp.reset();
      core.examineLabel(state, words, 0, candidate, exp);
      return exp.count > 0 && exp.kind[0] === EntryKind.step && table.isStoredAs(ids[k]!, canonical(compiled, exp.states[0], exp.encodings.subarray(0, W)), 0);
    };
    if (!leadsToStored(storedLabel)) {
      // With a symmetry the stored label was taken from the orbit's representative, not from this concrete state:
      // take the first label that leads to a member of the stored orbit (as TLC rebuilds symmetric traces).
      labelIndex = compiled.symmetry === undefined ? -1 : findLabel(compiled, leadsToStored);
      if (labelIndex < 0) {
        const label = compiled.labels[storedLabel]!;
        exp.reset();
        core.examineLabel(state, words, 0, storedLabel, exp);
        if (exp.count === 0 || exp.kind[0] !== EntryKind.step) throw new NondeterminismError(`replaying step ${k} (${label.action}) did not give a successor this time`);
        throw new NondeterminismError(`replaying step ${k} (${label.action}) reached a different state`);
      }
    }
    const label = compiled.labelOf(labelIndex, state);
    const next = new Uint32Array(W);
    next.set(exp.encodings.subarray(0, W));
    state = exp.states[0];
    words = next;
    const result = exp.results[0];
    steps.push(result === undefined ? { label, state } : { label, result, state });
  }
  if (end.finalLabel < 0) return { steps };
  const finalLabel = compiled.symmetry === undefined ? end.finalLabel : matchingFinalLabel(compiled, table, core, end, state, words);
  const label = compiled.labelOf(finalLabel, state);
  exp.reset();
  core.examineLabel(state, words, 0, finalLabel, exp);
  if (exp.count === 0) throw new NondeterminismError(`replaying the last step (${label.action}): the action is no longer enabled`);
  if (exp.kind[0] !== EntryKind.step) return { steps, aborted: { label, message: exp.messages[0]!.message } };
  const result = exp.results[0];
  steps.push(result === undefined ? { label, state: exp.states[0] } : { label, result, state: exp.states[0] });
  return { steps };
}

/** `words` (the encoding of `state`) as stored: canonicalised under the model's symmetry, when it has one. */
function canonical(compiled: CompiledModel, state: unknown, words: Uint32Array): Uint32Array {
  if (compiled.symmetry === undefined) return words;
  const copy = words.slice();
  compiled.symmetry.canonicalize(state, copy, 0);
  return copy;
}

/** The first label (in label order) for which `accepts` holds, or -1. */
function findLabel(compiled: CompiledModel, accepts: (label: number) => boolean): number {
  for (let label = 0; label < compiled.labels.length; label += 1) if (accepts(label)) return label;
  return -1;
}

/**
 * With a symmetry: the label that does, from concrete `state`, what `end.finalLabel` did from the stored
 * representative of `end.fromId` — the same kind of entry (a step to the same orbit, the same assertion, an error
 * with the same code). The stored label first, then the first in label order.
 */
function matchingFinalLabel(compiled: CompiledModel, table: StateTable, core: SuccessorCore, end: TraceEnd, state: unknown, words: Uint32Array): number {
  const W = compiled.codec.words;
  const exp = core.createExpansion();
  const stored = new Uint32Array(W);
  table.copyEncoding(end.fromId, stored, 0);
  const representative = compiled.codec.decode(stored, 0);
  core.examineLabel(representative, stored, 0, end.finalLabel, exp);
  if (exp.count === 0) return end.finalLabel; // the caller reports it
  const kind = exp.kind[0];
  const property = exp.messages[0]?.property;
  const code = exp.messages[0]?.code;
  const target = kind === EntryKind.step ? canonical(compiled, exp.states[0], exp.encodings.slice(0, W)) : undefined;
  const same = (label: number): boolean => {
    exp.reset();
    core.examineLabel(state, words, 0, label, exp);
    if (exp.count === 0 || exp.kind[0] !== kind) return false;
    if (target !== undefined) {
      const got = canonical(compiled, exp.states[0], exp.encodings.slice(0, W));
      return got.every((w, i) => w === target[i]);
    }
    return exp.messages[0]?.property === property && exp.messages[0]?.code === code;
  };
  if (same(end.finalLabel)) return end.finalLabel;
  const found = findLabel(compiled, same);
  return found < 0 ? end.finalLabel : found;
}

/** One step along a path of stored states: the label taken and the id of the state it must lead to. */
export interface PathStep {
  readonly label: number;
  readonly target: number;
}

/**
 * Rebuilds a lasso: the trace to stored state `start`, then `steps`, then the `loop` steps, the last of which must
 * lead back to the state the loop starts from (the last state before the loop); an empty loop is stuttering there;
 * without a loop, a plain trace.
 * Every step is replayed through the successor core and checked against the stored states (LC207 otherwise).
 */
export function reconstructLasso(
  compiled: CompiledModel,
  table: StateTable,
  start: number,
  steps: readonly PathStep[],
  loop: readonly PathStep[] | undefined,
  core = new SuccessorCore(compiled),
): Trace<unknown> {
  const prefix = reconstructTrace(compiled, table, { fromId: start, finalLabel: -1, initIndex: -1 }, core);
  const out: TraceStep<unknown>[] = [...prefix.steps];
  const W = compiled.codec.words;
  let state = out[out.length - 1]!.state;
  let words = new Uint32Array(W);
  table.copyEncoding(start, words, 0);
  const exp = core.createExpansion();
  const take = (step: PathStep, k: number): TraceStep<unknown> => {
    const label = compiled.labelOf(step.label, state);
    exp.reset();
    core.examineLabel(state, words, 0, step.label, exp);
    if (exp.count === 0 || exp.kind[0] !== EntryKind.step) {
      throw new NondeterminismError(`replaying step ${k} of a lasso (${label.action}) did not give a successor this time`);
    }
    const next = exp.encodings.slice(0, W);
    if (!table.isStoredAs(step.target, next, 0)) throw new NondeterminismError(`replaying step ${k} of a lasso (${label.action}) reached a different state`);
    state = exp.states[0];
    words = next;
    const result = exp.results[0];
    return result === undefined ? { label, state } : { label, result, state };
  };
  for (const step of steps) out.push(take(step, out.length));
  if (loop === undefined) return { steps: out };
  const loopStart = out.length - 1;
  if (loop.length === 0) return { steps: out, loop: loopStart };
  for (let k = 0; k < loop.length - 1; k += 1) out.push(take(loop[k]!, out.length));
  const closing = loop[loop.length - 1]!;
  const closed = take(closing, out.length);
  return { steps: out, loop: loopStart, loopLabel: closed.label! };
}
