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
  if (!table.isStoredAs(ids[0]!, words, 0)) throw new NondeterminismError(`initial state ${rootIndex + 1} is no longer the one explored`);
  const steps: TraceStep<unknown>[] = [{ label: null, state }];
  for (let k = 1; k < ids.length; k += 1) {
    const labelIndex = table.label(ids[k]!);
    const label = compiled.labels[labelIndex]!;
    exp.reset();
    core.examineLabel(state, words, 0, labelIndex, exp);
    if (exp.count === 0 || exp.kind[0] !== EntryKind.step) {
      throw new NondeterminismError(`replaying step ${k} (${label.action}) did not give a successor this time`);
    }
    const next = new Uint32Array(W);
    next.set(exp.encodings.subarray(0, W));
    if (!table.isStoredAs(ids[k]!, next, 0)) throw new NondeterminismError(`replaying step ${k} (${label.action}) reached a different state`);
    state = exp.states[0];
    words = next;
    const result = exp.results[0];
    steps.push(result === undefined ? { label, state } : { label, result, state });
  }
  if (end.finalLabel < 0) return { steps };
  const label = compiled.labels[end.finalLabel]!;
  exp.reset();
  core.examineLabel(state, words, 0, end.finalLabel, exp);
  if (exp.count === 0) throw new NondeterminismError(`replaying the last step (${label.action}): the action is no longer enabled`);
  if (exp.kind[0] !== EntryKind.step) return { steps, aborted: { label, message: exp.messages[0]!.message } };
  const result = exp.results[0];
  steps.push(result === undefined ? { label, state: exp.states[0] } : { label, result, state: exp.states[0] });
  return { steps };
}
