/**
 * Reading what `lifecheck replay` replays: our JSON trace file, an ITF file, or a recording in another format (for
 * VFIO, the text of a strace log), which only the model's `presentation.recordingReader` can read. JSON is
 * recognised by its first character (`{`); anything else is handed over as text. An empty file is refused.
 */
import type { JsonRecord, Schema } from '../checker/engine/index.js';
import type { RecordedCall, RecordedState } from './replay.js';
import { normaliseSets, schemaNeedsNormalising } from './schemaValues.js';
import { readTraceDocument, type TraceDocument } from './traceFile.js';
import { TraceInputError } from './traceInputError.js';

/** A recording: recorded calls (from a JSON/ITF trace) with what the file says about itself, or foreign text. */
export type Recording =
  | {
      readonly kind: 'trace';
      readonly format: TraceDocument['format'];
      readonly calls: readonly RecordedCall[];
      /** The initial state the file records, when it does. */
      readonly initialState?: unknown;
      readonly model?: string;
      /** The constants the file was produced with (our JSON files from `check --out` record them). */
      readonly constants?: JsonRecord;
      /** Every state the file records (none in a call-only file), to check against the model's schema. */
      readonly states: readonly RecordedState[];
    }
  | { readonly kind: 'foreign'; readonly text: string };

/**
 * Reads a recording from `text`. Throws `TraceInputError` (with the line) for input it cannot read, an empty file
 * included. Each call carries the index of its entry in the file (`step`), for messages.
 */
export function readRecording(text: string, source = 'input'): Recording {
  if (text.trim() === '') {
    throw new TraceInputError(undefined, 'the file is empty: nothing to replay (expected our JSON trace, an ITF trace, or a recording the model reads)', source);
  }
  if (text.trimStart().startsWith('{')) {
    const doc = readTraceDocument(text, source);
    const calls: RecordedCall[] = [];
    const states: RecordedState[] = [];
    doc.steps.forEach((s, step) => {
      const line = s.line !== undefined ? { line: s.line } : {};
      if (s.hasState) states.push({ step, state: s.state, ...line });
      if (s.label === null) return;
      calls.push({ label: s.label, ...(s.result !== undefined ? { result: s.result } : {}), ...line, step });
    });
    if (doc.aborted) calls.push({ label: doc.aborted.label, expectAssertion: doc.aborted.message });
    const first = doc.steps[0];
    const constants = doc.constants;
    return {
      kind: 'trace',
      format: doc.format,
      calls,
      ...(first && first.label === null && first.hasState ? { initialState: first.state } : {}),
      ...(doc.model !== undefined ? { model: doc.model } : {}),
      ...(constants ? { constants } : {}),
      states,
    };
  }
  return { kind: 'foreign', text };
}

/**
 * `recording` with the sets of its states (initial state included) put in universe order by {@link normaliseSets}, so
 * that an ITF file whose `#set` lists members in another order replays. Foreign recordings, and recordings of a
 * schema without sets, are returned as they are. Labels are not touched (their parameters have no schema).
 */
export function normaliseRecordingSets(recording: Recording, schema: Schema | undefined): Recording {
  if (recording.kind !== 'trace' || !schemaNeedsNormalising(schema)) return recording;
  return {
    ...recording,
    ...(recording.initialState !== undefined ? { initialState: normaliseSets(schema, recording.initialState) } : {}),
    states: recording.states.map((s) => ({ ...s, state: normaliseSets(schema, s.state) })),
  };
}
