/**
 * The trace renderers as `lifecheck diff`'s Markdown report embeds them: the Markdown trace (with the property's
 * documentation and a reproduce command) and the syscall-style presentation of each model. The report itself is
 * rendered by the engine's diff renderer, which receives these two functions, so the engine never imports `traces/`.
 */
import type { AnyModel, Presentation, Trace } from '../checker/engine/index.js';
import { renderTraceMarkdown } from './markdown.js';
import { presentationFor } from './presentationFor.js';
import { traceContextFor } from './traceContext.js';

/** What the diff report says about an embedded trace (structurally the engine's `DiffTraceContext`). */
export interface DiffTraceInfo {
  readonly model: AnyModel;
  readonly modelRef: string;
  readonly propertyName?: string;
  readonly message?: string;
  readonly reproduceCommand: string;
}

/**
 * Renders one trace of a diff report with the Markdown trace renderer, its headings moved two levels down (they sit
 * under the report's `####` headings). Deterministic.
 */
export function renderDiffTraceMarkdown(trace: Trace<unknown>, info: DiffTraceInfo): string {
  const markdown = renderTraceMarkdown(
    trace,
    traceContextFor(info.model, trace, {
      modelRef: info.modelRef,
      reproduceCommand: info.reproduceCommand,
      ...(info.propertyName !== undefined ? { propertyName: info.propertyName } : {}),
      ...(info.message !== undefined ? { message: info.message } : {}),
    }),
  );
  return markdown.replace(/^(#{1,4}) /gm, (_, hashes: string) => `${'#'.repeat(Math.min(hashes.length + 2, 6))} `);
}

/** How `model`'s calls are written in a diff report: its own presentation, or the VFIO syscall one. */
export function diffPresentation(model: AnyModel): Presentation | undefined {
  return presentationFor({ steps: [] }, model);
}
