/**
 * How a step is written, the same in every renderer: the text and Markdown traces, the Mermaid diagram, the replay
 * report, the check report and the diff. A model's `presentation` decides when it has the hook
 * (`formatStep`, `formatResult`); otherwise the generic form is `Action` for a label without parameters,
 * `Action(<params as canonical JSON>)` otherwise, then ` = <result>` with the result written as state values are
 * (`NULL`, strings bare, records as `{kind: group, obj: 0}`).
 */
import { canonicalJson, type Json, type Label, type Presentation } from '../checker/engine/index.js';
import { formatLeafValue } from './flattenState.js';

/** A result (or any value) in the generic form: as state leaves are written (`NULL`, `-EBUSY`, `{a: 1}`). */
export function formatValue(value: Json): string {
  return formatLeafValue(value);
}

/** The call alone: `presentation.formatStep(label, undefined)`, else `Action` / `Action(params)`. Deterministic. */
export function formatCall(label: Label, presentation?: Presentation): string {
  if (presentation?.formatStep) return presentation.formatStep(label, undefined);
  return label.params === null ? label.action : `${label.action}(${canonicalJson(label.params)})`;
}

/** The result alone, as {@link formatStep} writes it after the call: `presentation.formatResult`, else the generic value. */
export function formatResult(label: Label, result: Json, presentation?: Presentation): string {
  return presentation?.formatResult ? presentation.formatResult(label, result) : formatValue(result);
}

/**
 * The whole step: `presentation.formatStep(label, result)`, else `<call> = <result>` (the call alone when `result`
 * is undefined). Guarantees: with `result` undefined, equal to {@link formatCall}; deterministic.
 */
export function formatStep(label: Label, result: Json | undefined, presentation?: Presentation): string {
  if (presentation?.formatStep) return presentation.formatStep(label, result);
  const call = formatCall(label);
  return result === undefined ? call : `${call} = ${formatResult(label, result, presentation)}`;
}

/**
 * The sentence that ends a lasso (a counterexample of a temporal property) in every trace form: where the last
 * state goes back to, and by which call, or that it stutters for ever. `base` is the form's first state number
 * (1 in text, 0 in Markdown and Mermaid). Undefined for a trace without a loop.
 */
export function loopSentence(
  trace: { readonly steps: readonly unknown[]; readonly loop?: number; readonly loopLabel?: Label },
  base: number,
  presentation?: Presentation,
): string | undefined {
  if (trace.loop === undefined) return undefined;
  if (trace.loopLabel === undefined) return `Then it stays in state ${trace.loop + base} for ever (stuttering: nothing else happens).`;
  return `Then ${formatCall(trace.loopLabel, presentation)} leads back to state ${trace.loop + base}, and the loop from there repeats for ever.`;
}
