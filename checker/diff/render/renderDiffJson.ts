/**
 * The JSON renderer of a diff: the comparisons as data, with every trace in full. Deterministic bytes for the same
 * comparisons (no timings are recorded in a comparison).
 */
import type { ModelComparison } from '../diffModels.js';

/**
 * The document written by `lifecheck diff --format json`. Version 2: lengths are in steps (`steps` of a property
 * verdict and of a divergence; version 1 had `calls` and `states`).
 */
export interface DiffDocument {
  readonly format: 'lifecheck-diff';
  readonly version: 2;
  readonly comparisons: readonly ModelComparison[];
}

/** Renders `comparisons` as pretty-printed JSON ending in a newline. */
export function renderDiffJson(comparisons: readonly ModelComparison[]): string {
  const document: DiffDocument = { format: 'lifecheck-diff', version: 2, comparisons };
  return `${JSON.stringify(document, null, 2)}\n`;
}
