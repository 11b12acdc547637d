/**
 * One call as a line of text: the model's own `presentation.formatStep` when it has one (e.g. `close(3) = 0`), else
 * `action(params) = result`.
 */
import { canonicalJson, type Json } from '../../engine/api/json.js';
import type { Label } from '../../engine/api/label.js';
import type { Presentation } from '../../engine/api/model.js';

/** A result value as text: strings bare, everything else as canonical JSON. */
export function formatValue(value: Json): string {
  return typeof value === 'string' ? value : canonicalJson(value);
}

/** The call `label` with its result (none when `result` is undefined). Deterministic. */
export function formatCall(label: Label, result: Json | undefined, presentation?: Presentation): string {
  if (presentation?.formatStep) return presentation.formatStep(label, result);
  const params = label.params === null ? '' : canonicalJson(label.params);
  return `${label.action}(${params})${result === undefined ? '' : ` = ${formatValue(result)}`}`;
}
