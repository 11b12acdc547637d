/**
 * The Markdown trace renderer as `lifecheck diff`'s Markdown report embeds it (with the property's documentation
 * and a reproduce command). The report itself is rendered by the diff's renderer, which receives this function.
 */
import type { AnyModel, Trace } from '../checker/engine/index.js';
import { renderTraceMarkdown } from './markdown.js';
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
    traceContextFor(info.model, {
      modelRef: info.modelRef,
      reproduceCommand: info.reproduceCommand,
      ...(info.propertyName !== undefined ? { propertyName: info.propertyName } : {}),
      ...(info.message !== undefined ? { message: info.message } : {}),
    }),
  );
  return markdown.replace(/^(#{1,4}) /gm, (_, hashes: string) => `${'#'.repeat(Math.min(hashes.length + 2, 6))} `);
}

