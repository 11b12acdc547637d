/**
 * The text renderer: TLC's numbered states, each after the step that reached it written by {@link formatStep} (the
 * model's presentation, else `Action(params) = result`), then the state leaves that changed
 * (`group0.container: NULL → container0`); `full` prints whole states. Step n leads from state n to state n + 1, so
 * an aborted last step of a trace of n states is `Step n`. Colour only when asked (the CLI asks when stdout is a
 * terminal).
 */
import type { Presentation, Schema, Trace } from '../checker/engine/index.js';
import { diffStates, flattenState, formatLeafValue } from './flattenState.js';
import { formatCall, formatStep, loopSentence } from './formatStep.js';
import type { TraceContext } from './traceContext.js';
import { displayTrace } from './schemaValues.js';
import { stepsText, traceStepCount } from './traceSteps.js';

/** Options of {@link renderTraceText}. */
export interface TextTraceOptions {
  /** Print every state in full instead of the changes. @defaultValue false */
  readonly full?: boolean;
  /** ANSI colour. @defaultValue false */
  readonly color?: boolean;
  readonly presentation?: Presentation;
  /** The states' schema, so that sets are written `{a, b}` (see `displayValue`). */
  readonly schema?: Schema;
}

/** Renders `trace` as numbered text lines ending in a newline. Deterministic. */
export function renderTraceText(original: Trace<unknown>, options: TextTraceOptions = {}): string {
  const trace = displayTrace(original, options.schema);
  const paint = (code: string, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  trace.steps.forEach((step, i) => {
    const n = i + 1;
    if (step.label === null) {
      lines.push(paint('1', `State ${n}: initial state`));
      for (const leaf of flattenState(step.state)) lines.push(`    ${leaf.path} = ${formatLeafValue(leaf.value)}`);
      return;
    }
    lines.push(paint('1', `State ${n}: `) + paint('36', formatStep(step.label, step.result, options.presentation)));
    if (options.full) {
      for (const leaf of flattenState(step.state)) lines.push(`    ${leaf.path} = ${formatLeafValue(leaf.value)}`);
      return;
    }
    const changes = diffStates(trace.steps[i - 1]!.state, step.state);
    if (changes.length === 0) lines.push('    (no change)');
    for (const c of changes) {
      lines.push(`    ${c.path}: ${paint('31', formatLeafValue(c.before))} → ${paint('32', formatLeafValue(c.after))}`);
    }
  });
  if (trace.aborted) {
    lines.push(
      paint('1', `Step ${trace.steps.length}: `) +
        paint('36', formatCall(trace.aborted.label, options.presentation)) +
        paint('31', `  ✗ ${trace.aborted.message}`),
    );
  }
  const loop = loopSentence(trace, 1, options.presentation);
  if (loop !== undefined) lines.push(loop);
  return `${lines.join('\n')}\n`;
}

/**
 * The heading of a trace, as the text and Markdown forms write it (without Markdown): `NotSolved violated in
 * die-hard (6 steps)`, or `Trace in die-hard (6 steps)` when the trace violates no named property.
 */
export function traceHeading(trace: Trace<unknown>, context: Pick<TraceContext, 'modelName' | 'propertyName'>): string {
  const what = context.propertyName !== undefined ? `${context.propertyName} violated` : 'Trace';
  return `${what} in ${context.modelName} (${stepsText(traceStepCount(trace))})`;
}

/**
 * The text form of a trace file (`.txt`, `trace render --format text`): {@link traceHeading}, the checker's message
 * on the next line when the context has one, a blank line, the
 * trace as {@link renderTraceText} writes it, then `Reproduce: <command>` when the context has one. Deterministic.
 */
export function renderTraceTextDocument(trace: Trace<unknown>, context: TraceContext, options: Omit<TextTraceOptions, 'presentation'> = {}): string {
  const body = renderTraceText(trace, {
    ...options,
    ...(context.presentation ? { presentation: context.presentation } : {}),
    ...(context.schema ? { schema: context.schema } : {}),
  });
  const reproduce = context.reproduceCommand !== undefined ? `Reproduce: ${context.reproduceCommand}\n` : '';
  const message = context.message !== undefined ? `${context.message}\n` : '';
  return `${traceHeading(trace, context)}\n${message}\n${body}${reproduce}`;
}
