/**
 * The one unit of trace length: **steps**, the transitions a trace takes, an aborted last step (one that hit an
 * assertion or made the spec throw) counted as a step. DieHard's 7-state solution is 6 steps; a trace of 5 completed
 * transitions that ends in an aborted step is 6 steps. The matrix, the diff (text, Markdown, JSON), the check
 * report, the trace headings and `spec/vfio/expected.json` all count in steps.
 */
import type { Trace } from '../checker/engine/index.js';

/** The number of steps of `trace`: states after the initial one, plus one for an aborted last step. Pure. */
export function traceStepCount(trace: Pick<Trace<unknown>, 'steps' | 'aborted'>): number {
  return Math.max(trace.steps.length - 1, 0) + (trace.aborted ? 1 : 0);
}

/** `1 step`, `6 steps`. */
export function stepsText(steps: number): string {
  return `${steps} step${steps === 1 ? '' : 's'}`;
}
