/**
 * Replaying a recording in a foreign format (for VFIO, strace output) with the model's own reader
 * (`Presentation.recordingReader`). The reader decodes the recording; every step goes through {@link replayTarget},
 * that is through the same `replayStep` that replays our JSON and ITF traces, so a call means the same thing
 * whatever format it was recorded in.
 */
import type { CompiledModel, Label, Presentation } from '../checker/engine/index.js';
import { viewOfRecordingReplay, type ReplayView } from './renderReplay.js';
import { replayStep } from './replay.js';
import { TraceInputError } from './traceInputError.js';

/** What a recording reader is given to replay on (the `target` of `RecordingReader.replay`). */
export type ReplayTarget = Parameters<NonNullable<Presentation['recordingReader']>['replay']>[1];

/**
 * The replay target of `compiled`: its labels, `initialState` (default: its first initial state), and a `step` that
 * applies one label with {@link replayStep} and reports the model's result (no recorded result is compared: the
 * reader compares in its own terms, such as real fds against model fds).
 */
export function replayTarget(compiled: CompiledModel, initialState?: unknown): ReplayTarget {
  const cache = new Map<string, number>();
  return {
    // the fixed labels only: a label of an action with state-dependent parameters is known in a state, by `step`
    labels: compiled.stateParams.length === 0 ? compiled.labels : compiled.labels.filter((_, i) => !compiled.stateParams.some((b) => i >= b.start && i < b.end)),
    initialState: initialState ?? compiled.initialStates()[0],
    step(state: unknown, label: Label) {
      const outcome = replayStep(compiled, state, { label }, cache);
      if (outcome.ok) return outcome.result === undefined ? { ok: true, state: outcome.state } : { ok: true, state: outcome.state, result: outcome.result };
      // without a recorded result, replayStep never reports 'result'
      return { ok: false, kind: outcome.kind === 'result' ? 'notAllowed' : outcome.kind, message: outcome.message };
    },
  };
}

/**
 * Replays the foreign recording `text` on `compiled` with `reader`, for the replay report. Throws
 * {@link TraceInputError} (with the line) when the reader cannot read the input.
 */
export function replayRecordingText(
  compiled: CompiledModel,
  reader: NonNullable<Presentation['recordingReader']>,
  text: string,
  source = 'input',
): ReplayView {
  const replay = reader.replay(text, replayTarget(compiled));
  if ('inputError' in replay) throw new TraceInputError(replay.inputError.line, replay.inputError.reason, source);
  return viewOfRecordingReplay(replay);
}
