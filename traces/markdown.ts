/**
 * The Markdown renderer, for a code-review comment: a heading naming the property and the model version, the
 * property's text and kernel rationale, a table of steps (call | result | what changed), the final state in a
 * collapsible block, and the command that reproduces the trace.
 */
import type { Trace } from '../checker/engine/index.js';
import { diffStates, flattenState, formatLeafValue } from './flattenState.js';
import { formatCall, formatResult, loopSentence } from './formatStep.js';
import { displayTrace } from './schemaValues.js';
import { stepsText, traceStepCount } from './traceSteps.js';
import type { TraceContext } from './traceContext.js';
import { laneStepName, laneSteps, type ThreadLanesInfo } from './threadLanes.js';

/** A table cell: pipes escaped, newlines folded, wrapped in a code span when `code`. */
function cell(text: string, code = false): string {
  const flat = text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  if (!code || flat === '') return flat;
  const fence = flat.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${flat}${fence.length > 1 ? ' ' : ''}${fence}`;
}

/** Renders `trace` as Markdown, ending in a newline. Deterministic; calls and results as {@link formatCall} and {@link formatResult} write them. */
export function renderTraceMarkdown(original: Trace<unknown>, context: TraceContext): string {
  const trace = displayTrace(original, context.schema);
  const out: string[] = [];
  const what = context.propertyName !== undefined ? `\`${context.propertyName}\` violated` : 'Trace';
  out.push(`### ${what} in \`${context.modelName}\` (${stepsText(traceStepCount(trace))})`, '');
  const doc = context.property;
  if (doc?.summary) out.push(`**Property:** ${doc.summary}`, '');
  if (doc?.rationale) out.push(`**Why it should hold:** ${doc.rationale}`, '');
  if (doc?.reference) out.push(`**Reference:** ${doc.reference}`, '');
  if (context.message) out.push(`**Checker:** ${context.message}`, '');
  if (context.threads !== undefined) out.push(...laneTable(trace, context.threads));
  else out.push(...stepTable(trace, context));
  const loop = loopSentence(trace, 0, context.presentation);
  if (loop !== undefined) out.push('', loop);
  const stateBlock = (title: string, state: unknown): void => {
    out.push('', `<details><summary>${title}</summary>`, '', '```text');
    for (const leaf of flattenState(state)) out.push(`${leaf.path} = ${formatLeafValue(leaf.value)}`);
    out.push('```', '', '</details>');
  };
  const first = trace.steps[0];
  if (first) stateBlock('Initial state', first.state);
  const last = trace.steps[trace.steps.length - 1];
  if (last && trace.steps.length > 1) stateBlock(trace.aborted ? 'Final state (before the failing step)' : 'Final state', last.state);
  if (context.reproduceCommand) out.push('', 'Reproduce:', '', '```sh', context.reproduceCommand, '```');
  return `${out.join('\n')}\n`;
}

/** The table of steps: call, result, what changed. */
function stepTable(trace: Trace<unknown>, context: TraceContext): string[] {
  const out: string[] = [];
  out.push('| # | call | result | what changed |', '|---:|---|---|---|');
  trace.steps.forEach((step, i) => {
    if (step.label === null) {
      out.push(`| ${i} | *initial state* |  | ${cell(flattenState(step.state).length === 0 ? '(empty)' : 'see the state below the table')} |`);
      return;
    }
    const call = formatCall(step.label, context.presentation);
    const result = step.result === undefined ? '' : formatResult(step.label, step.result, context.presentation);
    const changes = diffStates(trace.steps[i - 1]!.state, step.state)
      .map((c) => cell(`${c.path}: ${formatLeafValue(c.before)} → ${formatLeafValue(c.after)}`, true))
      .join('<br>');
    out.push(`| ${i} | ${cell(call, true)} | ${cell(result, true)} | ${changes === '' ? '(no change)' : changes} |`);
  });
  if (trace.aborted) {
    const call = formatCall(trace.aborted.label, context.presentation);
    out.push(`| ${trace.steps.length} | ${cell(call, true)} | ✗ | ${cell(trace.aborted.message)} |`);
  }
  return out;
}

/**
 * The steps of a threaded trace as lanes: a column per thread holding its steps (the step, its result, the pc change,
 * the locks taken and released, its locals' changes), and a column for the shared state's changes.
 */
function laneTable(trace: Trace<unknown>, info: ThreadLanesInfo): string[] {
  const threads = Array.from({ length: info.threads }, (_, k) => k);
  const out: string[] = [`| # | ${threads.map((k) => `thread ${k}`).join(' | ')} | shared |`, `|---:|${threads.map(() => '---|').join('')}---|`];
  out.push(`| 0 | ${threads.map(() => '').join(' | ')} | *initial state* |`);
  for (const step of laneSteps(trace, info)) {
    const aborted = trace.aborted !== undefined && step.index === trace.steps.length;
    const lines = [cell(laneStepName(step.label), true)];
    if (aborted) lines.push(cell(`✗ ${trace.aborted!.message}`));
    else if (step.result !== undefined && step.result !== null) lines.push(cell(`= ${formatLeafValue(step.result as never)}`));
    if (step.pcBefore !== undefined && step.pcAfter !== undefined && step.pcBefore !== step.pcAfter) lines.push(cell(`pc: ${step.pcBefore} → ${step.pcAfter}`, true));
    for (const l of step.locks) lines.push(`**${cell(l)}**`);
    for (const l of step.local) lines.push(cell(l, true));
    const text = lines.join('<br>');
    const columns = threads.map((k) => (k === step.thread ? text : ''));
    const shared = [...(step.thread === undefined ? [text] : []), ...step.shared.map((c) => cell(c, true))].join('<br>');
    out.push(`| ${step.index} | ${columns.join(' | ')} | ${shared} |`);
  }
  return out;
}
