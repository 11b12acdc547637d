/**
 * The steps of a trace of a threaded spec (compiled by `defineThreads`) as lanes: which thread took each step, its
 * program counter before and after, the locks it acquired and released, and what else the step changed (its own
 * locals, the shared state). The Markdown renderer draws a column per thread from these, the Mermaid renderer a
 * participant per thread.
 *
 * Threadedness is not guessed from field names: the renderers use lanes only when the trace's context carries the
 * thread layout that `defineThreads` attaches to the specs it compiles (`threadsLayoutOf`, filled in by
 * `traceContextFor`). The state then has `defineThreads`' documented shape, and a step's thread is its label's
 * `thread` parameter (`ThreadStepParams`).
 */
import type { Label, Trace } from '../checker/engine/index.js';
import { diffStates, formatLeafValue } from './flattenState.js';

/** What a trace renderer knows about the threads of a threaded trace. */
export interface ThreadLanesInfo {
  /** The number of threads. */
  readonly threads: number;
  /** The lock names, in the order of the state's `locks`. */
  readonly locks: readonly string[];
}

/** One step of one thread. */
export interface LaneStep {
  /** Index of the step in the trace (the initial state is 0). */
  readonly index: number;
  /** The thread that took it, or undefined for a step of no thread (`Terminating`). */
  readonly thread: number | undefined;
  readonly label: Label;
  readonly result: unknown;
  readonly pcBefore?: string;
  readonly pcAfter?: string;
  /** E.g. `lock m`, `unlock m`, `lock m (read)`. */
  readonly locks: readonly string[];
  /** Changes to the thread's own locals, as `path: before → after` (path without `threads[i].local.`). */
  readonly local: readonly string[];
  /** Other changes (the shared state, other threads), as `path: before → after`. */
  readonly shared: readonly string[];
}

interface ThreadsShape {
  readonly threads: readonly { readonly pc: string }[];
  readonly locks: readonly { readonly writer: number | null; readonly readers: readonly boolean[] }[];
}

function threadOf(label: Label): number | undefined {
  const p = label.params;
  if (p !== null && typeof p === 'object' && !Array.isArray(p) && typeof (p as { thread?: unknown }).thread === 'number') return (p as { thread: number }).thread;
  return undefined;
}

function lockChanges(before: ThreadsShape, after: ThreadsShape, thread: number, names: readonly string[]): string[] {
  const out: string[] = [];
  after.locks.forEach((l, i) => {
    const b = before.locks[i];
    if (b === undefined) return;
    const name = names[i] ?? `lock ${i}`;
    if (b.writer !== thread && l.writer === thread) out.push(`lock ${name}`);
    if (b.writer === thread && l.writer !== thread) out.push(`unlock ${name}`);
    if (!b.readers[thread] && l.readers[thread]) out.push(`lock ${name} (read)`);
    if (b.readers[thread] && !l.readers[thread]) out.push(`unlock ${name} (read)`);
  });
  return out;
}

/** The lane steps of `trace` (every step but the initial state, then the aborted step when there is one). Pure. */
export function laneSteps(trace: Trace<unknown>, info: ThreadLanesInfo): LaneStep[] {
  const out: LaneStep[] = [];
  trace.steps.forEach((step, i) => {
    if (step.label === null || i === 0) return;
    const before = trace.steps[i - 1]!.state as ThreadsShape;
    const after = step.state as ThreadsShape;
    const thread = threadOf(step.label);
    const own = thread === undefined ? undefined : `threads[${thread}].`;
    const local: string[] = [];
    const shared: string[] = [];
    for (const c of diffStates(before, after)) {
      if (/^(locks|lockOrder)\b/.test(c.path)) continue;
      if (own !== undefined && c.path === `${own}pc`) continue;
      if (own !== undefined && c.path.startsWith(`${own}stack`)) continue;
      const text = (p: string): string => `${p}: ${formatLeafValue(c.before)} → ${formatLeafValue(c.after)}`;
      if (own !== undefined && c.path.startsWith(`${own}local.`)) local.push(text(c.path.slice(`${own}local.`.length)));
      else shared.push(text(c.path.replace(/^shared\./, '')));
    }
    out.push({
      index: i,
      thread,
      label: step.label,
      result: step.result,
      ...(thread !== undefined ? { pcBefore: before.threads[thread]?.pc ?? '?', pcAfter: after.threads[thread]?.pc ?? '?' } : {}),
      locks: thread === undefined ? [] : lockChanges(before, after, thread, info.locks),
      local,
      shared,
    });
  });
  if (trace.aborted) {
    const thread = threadOf(trace.aborted.label);
    const last = trace.steps[trace.steps.length - 1]!.state as ThreadsShape;
    out.push({
      index: trace.steps.length,
      thread,
      label: trace.aborted.label,
      result: undefined,
      ...(thread !== undefined ? { pcBefore: last.threads[thread]?.pc ?? '?' } : {}),
      locks: [],
      local: [],
      shared: [],
    });
  }
  return out;
}

/** The step's name without its thread: the action, and the argument when the step has one (`{thread, arg}`). */
export function laneStepName(label: Label): string {
  const p = label.params;
  if (p !== null && typeof p === 'object' && !Array.isArray(p) && 'arg' in p) return `${label.action}(${JSON.stringify((p as { arg: unknown }).arg)})`;
  return label.action;
}
