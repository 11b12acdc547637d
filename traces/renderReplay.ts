/**
 * Text of a replay report, for `lifecheck replay`: one line per conforming call, then the first divergence with the
 * value the model expected and the model's state where it happened, then a one-line verdict.
 */
import type { Json, Label, Presentation, Schema } from '../checker/engine/index.js';
import { flattenState, formatLeafValue } from './flattenState.js';
import type { ReplayReport } from './replay.js';
import { formatResult, formatStep } from './formatStep.js';
import { displayValue } from './schemaValues.js';

/** A replayed foreign recording (the result of `Presentation.recordingReader.replay`). */
export type RecordingReplay = Exclude<ReturnType<NonNullable<Presentation['recordingReader']>['replay']>, { readonly inputError: unknown }>;

/** A replay report in the form the text renderer prints (common to trace files and foreign recordings). */
export interface ReplayView {
  readonly rows: readonly {
    readonly line?: number;
    readonly label: Label;
    readonly result: Json | undefined;
    readonly original?: string;
    /** The kernel assertion the call hits, as recorded and as the model predicts. */
    readonly assertion?: string;
  }[];
  readonly divergence?: {
    readonly line?: number;
    readonly label: Label;
    readonly recorded: Json | undefined;
    readonly expected?: Json;
    readonly message: string;
    readonly state: unknown;
    readonly original?: string;
  };
  /** Lines printed before the verdict, joined by `; ` (e.g. what a recording reader skipped). */
  readonly notes?: readonly string[];
}

/** The view of a replay of a JSON/ITF trace. */
export function viewOfReplay(report: ReplayReport): ReplayView {
  const d = report.divergence;
  return {
    rows: report.conforming.map((c) => ({
      ...(c.call.line !== undefined ? { line: c.call.line } : {}),
      label: c.call.label,
      result: c.call.result ?? c.result,
      ...(c.assertion !== undefined ? { assertion: c.assertion } : {}),
    })),
    ...(d
      ? {
          divergence: {
            ...(d.call.line !== undefined ? { line: d.call.line } : {}),
            label: d.call.label,
            recorded: d.call.result,
            ...(d.expected !== undefined ? { expected: d.expected } : {}),
            message: d.message,
            state: d.state,
          },
        }
      : {}),
  };
}

/** The view of a foreign recording replayed by the model's recording reader. */
export function viewOfRecordingReplay(replay: RecordingReplay): ReplayView {
  const d = replay.divergence;
  return {
    rows: replay.calls.map((c) => ({
      ...(c.line !== undefined ? { line: c.line } : {}),
      label: c.label,
      result: c.result,
      ...(c.original !== undefined ? { original: c.original } : {}),
    })),
    ...(d
      ? {
          divergence: {
            ...(d.line !== undefined ? { line: d.line } : {}),
            label: d.label,
            recorded: d.recorded,
            ...(d.expected !== undefined ? { expected: d.expected } : {}),
            message: d.message,
            state: d.state,
            ...(d.original !== undefined ? { original: d.original } : {}),
          },
        }
      : {}),
    notes: replay.notes,
  };
}

/** Renders `view` as text ending in a newline. Deterministic. With `schema`, sets in the state are written `{a, b}`. */
export function renderReplayText(
  view: ReplayView,
  options: { readonly presentation?: Presentation; readonly color?: boolean; readonly modelName: string; readonly schema?: Schema },
): string {
  const paint = (code: string, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const where = (line: number | undefined): string => (line === undefined ? '' : `line ${line}`).padEnd(10);
  const out: string[] = [];
  view.rows.forEach((row, i) => {
    const call = formatStep(row.label, row.result, options.presentation);
    if (row.assertion !== undefined) {
      out.push(`${String(i + 1).padStart(4)}  ${where(row.line)}${call}  ${paint('32', 'ok')}: kernel assertion ${row.assertion}, as recorded`);
    } else out.push(`${String(i + 1).padStart(4)}  ${where(row.line)}${call}  ${paint('32', 'ok')}`);
  });
  const skipped = view.notes ?? [];
  const d = view.divergence;
  if (d) {
    const n = view.rows.length + 1;
    out.push(`${String(n).padStart(4)}  ${where(d.line)}${formatStep(d.label, d.recorded, options.presentation)}  ${paint('31', 'DIVERGES')}`);
    if (d.original !== undefined) out.push(`      recorded: ${d.original}`);
    out.push(`      ${d.message}`);
    if (d.expected !== undefined) out.push(`      the model expected: ${formatResult(d.label, d.expected, options.presentation)}`);
    out.push('      model state before this call:');
    for (const leaf of flattenState(displayValue(options.schema, d.state))) out.push(`        ${leaf.path} = ${formatLeafValue(leaf.value)}`);
    if (skipped.length > 0) out.push(skipped.join('; '));
    out.push(paint('31', `Diverges from ${options.modelName} at call ${n}${d.line !== undefined ? ` (line ${d.line})` : ''}.`));
  } else {
    if (skipped.length > 0) out.push(skipped.join('; '));
    out.push(paint('32', `Conforms to ${options.modelName}: ${view.rows.length} call(s) replayed, every result as the model predicts.`));
  }
  return `${out.join('\n')}\n`;
}
