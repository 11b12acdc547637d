import type { Json } from './json.js';
import type { Label } from './label.js';

/** One step of a trace: the label taken (null for the initial state), its observable result, and the state reached. */
export interface TraceStep<S> {
  readonly label: Label | null;
  /** The step's observable result (e.g. a syscall's return value); absent when the action reports none. */
  readonly result?: Json;
  readonly state: S;
}

/**
 * A trace: the initial state and the steps taken from it. When the last attempted step did not complete (an
 * assertion failed or the spec threw), `aborted` holds its label and the message.
 */
export interface Trace<S> {
  readonly steps: readonly TraceStep<S>[];
  /**
   * For lassos (counterexamples of temporal properties): the index of the step whose state the last state goes back
   * to, for ever — by `loopLabel`, or by stuttering when it is absent (then `loop` is the last index).
   */
  readonly loop?: number;
  /** For lassos: the label of the transition from the last state back to `steps[loop]` (absent: stuttering). */
  readonly loopLabel?: Label;
  readonly aborted?: { readonly label: Label; readonly message: string };
}
