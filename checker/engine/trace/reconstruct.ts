/**
 * Rebuilding traces: walk parent pointers from a stored state back to an initial state, then replay the labels
 * from that initial state with the model's own successor function, checking at every step that the replayed state
 * is the stored one (so a spec that is not a pure function of its state is caught, not silently mis-traced).
 */
import { NondeterminismError } from '../api/errors.js';
import type { Trace, TraceStep } from '../api/trace.js';
import type { CompiledModel } from '../core/compileModel.js';
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

/** Rebuilds the trace ending at `end`. Throws {@link NondeterminismError} when replay does not match the store. */
export function reconstructTrace(compiled: CompiledModel, table: StateTable, end: TraceEnd): Trace<unknown> {
  const initial = compiled.initialStates();
  const scratch = new Uint32Array(compiled.codec.words);
  const expectId = (state: unknown, id: number, what: string): void => {
    compiled.codec.encode(state, scratch, 0);
    if (table.find(scratch, 0) !== id) throw new NondeterminismError(`replaying ${what} reached a different state`);
  };
  if (end.fromId < 0) {
    return { steps: [{ label: null, state: initial[end.initIndex] }] };
  }
  const ids: number[] = [];
  for (let id = end.fromId; id >= 0; id = table.parents.get(id)) ids.push(id);
  ids.reverse();
  const rootIndex = table.labels.get(ids[0]!);
  let state = initial[rootIndex];
  if (state === undefined) throw new NondeterminismError(`initial state ${rootIndex} no longer exists`);
  expectId(state, ids[0]!, `initial state ${rootIndex}`);
  const steps: TraceStep<unknown>[] = [{ label: null, state }];
  for (let k = 1; k < ids.length; k += 1) {
    const labelIndex = table.labels.get(ids[k]!);
    const label = compiled.labels[labelIndex]!;
    const successor = compiled.apply(state, labelIndex);
    if (successor === undefined) {
      throw new NondeterminismError(`replaying step ${k} (${label.action}): the action is no longer enabled`);
    }
    expectId(successor.state, ids[k]!, `step ${k} (${label.action})`);
    state = successor.state;
    steps.push(
      successor.result === undefined ? { label, state } : { label, result: successor.result, state },
    );
  }
  if (end.finalLabel < 0) return { steps };
  const label = compiled.labels[end.finalLabel]!;
  try {
    const successor = compiled.apply(state, end.finalLabel);
    if (successor === undefined) {
      throw new NondeterminismError(`replaying the last step (${label.action}): the action is no longer enabled`);
    }
    steps.push(
      successor.result === undefined
        ? { label, state: successor.state }
        : { label, result: successor.result, state: successor.state },
    );
    return { steps };
  } catch (error) {
    if (error instanceof NondeterminismError) throw error;
    return { steps, aborted: { label, message: (error as Error).message } };
  }
}
