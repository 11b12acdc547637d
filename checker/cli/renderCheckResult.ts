/**
 * Rendering a check result for people (TLC's words and counting) and for programs (JSON). Deterministic: timings
 * appear only when asked for.
 */
import type { CheckResult, PropertyOutcome } from '../engine/api/result.js';
import type { AnyModel } from '../engine/api/model.js';
import { canonicalJson } from '../engine/api/json.js';
import { renderTraceText } from '../../traces/text.js';
import { stepsText, traceStepCount } from '../../traces/traceSteps.js';

/** Options of {@link renderCheckResultText}. */
export interface RenderCheckOptions {
  readonly color?: boolean;
  readonly timing?: boolean;
  readonly full?: boolean;
  /** The model, for its presentation (how its steps are written). */
  readonly model?: AnyModel;
  /** The command that reproduces a counterexample of `property`. */
  readonly reproduce?: (property: string) => string;
}

const n = (x: number): string => x.toLocaleString('en-US');

function headline(p: PropertyOutcome): string {
  switch (p.kind) {
    case 'invariant':
      return `Error: Invariant ${p.name} is violated.`;
    case 'action':
      return `Error: Action property ${p.name} is violated.`;
    case 'assertion':
      return `Error: Assertion ${p.name} failed: ${p.message ?? ''}`;
    case 'deadlock':
      return 'Error: Deadlock reached.';
    case 'eventually':
    case 'alwaysEventually':
    case 'eventuallyAlways':
    case 'leadsTo':
      return `Error: Temporal property ${p.name} is violated${p.message ? `: ${p.message.replace(/^\w+ is violated: /, '')}` : '.'}`;
    case 'alwaysReachable':
      return `Error: Recoverability property ${p.name} is violated${p.message ? `: ${p.message.replace(/^\w+ is violated: /, '')}` : '.'}`;
  }
}

/** The human-readable report of `result`. */
export function renderCheckResultText(result: CheckResult, options: RenderCheckOptions = {}): string {
  const out: string[] = [];
  const constants = canonicalJson(result.constants);
  out.push(`Model ${result.model}, constants ${constants}`);
  const violated = result.properties.filter((p) => p.status === 'violated');
  for (const p of violated) {
    out.push('', headline(p), 'The behavior up to this point is:');
    if (p.counterexample) {
      const presentation = options.model?.presentation;
      out.push(
        renderTraceText(p.counterexample, {
          color: options.color ?? false,
          full: options.full ?? false,
          ...(presentation ? { presentation } : {}),
        }).trimEnd(),
      );
    }
    if (options.reproduce) out.push(`Reproduce: ${options.reproduce(p.name)}`);
  }
  if (result.error) {
    out.push('', `Error [${result.error.code}]: ${result.error.message}`);
    if (result.error.trace) {
      const presentation = options.model?.presentation;
      out.push(
        'The behavior up to this point is:',
        renderTraceText(result.error.trace, { color: options.color ?? false, ...(presentation ? { presentation } : {}) }).trimEnd(),
      );
    }
  }
  const s = result.stats;
  out.push(
    '',
    `${n(s.statesGenerated)} states generated, ${n(s.distinctStates)} distinct states found, ${n(s.queueLeft)} states left on queue.`,
    `The depth of the complete state graph search is ${s.depth}.`,
  );
  if (result.symmetry !== undefined) {
    const sets = result.symmetry.sets.map((set) => `${set.name} (${set.size})`).join(' and ');
    out.push(`Symmetry reduction: one state stored per orbit under renamings of ${sets}, ${n(result.symmetry.renamings)} renamings; --no-symmetry counts every state.`);
  }
  if (result.partialOrder !== undefined) {
    const po = result.partialOrder;
    out.push(
      `Partial-order reduction: ${n(po.ampleStates)} states expanded by one thread's ample set, ${n(po.fullStates)} fully` +
        `${po.runs > 1 ? ` (searched ${po.runs} times: the invariants read more than first seen)` : ''}; --no-por explores every interleaving.`,
    );
    if (po.baseline !== undefined) {
      const timing = options.timing ? ` (${(po.baseline.elapsedMs / 1000).toFixed(2)} s without, ${(s.elapsedMs / 1000).toFixed(2)} s with)` : '';
      out.push(
        `Without the reduction: ${n(po.baseline.distinctStates)} distinct states and ${n(po.baseline.statesGenerated)} generated; with it: ${n(po.distinctStates)} and ${n(po.statesGenerated)}${timing}.`,
      );
    }
    if (po.unsound !== undefined) out.push(`The reduction was abandoned and every interleaving explored: ${po.unsound}.`);
  }
  if (result.collisionProbability !== undefined) {
    out.push(`The probability of a fingerprint collision is estimated at ${result.collisionProbability.toExponential(1)} (n·(g−n)/2^64).`);
  }
  out.push('Coverage (action: generated / distinct):');
  for (const c of s.coverage) out.push(`  ${c.action}: ${n(c.statesGenerated)} / ${n(c.distinctStates)}`);
  out.push('Properties:');
  for (const p of result.properties) {
    const detail = p.status === 'violated' && p.counterexample ? ` (counterexample of ${stepsText(traceStepCount(p.counterexample))})` : '';
    out.push(`  ${p.status.padEnd(8)} ${p.name} [${p.kind}]${detail}`);
  }
  if (options.timing) out.push(`Finished in ${(s.elapsedMs / 1000).toFixed(2)} s.`);
  const verdict =
    result.status === 'ok'
      ? 'Model checking completed. No error has been found.'
      : result.status === 'violated'
        ? `Result: VIOLATED (${violated.map((p) => p.name).join(', ')})${result.complete ? '' : ' — the state space was not fully explored'}`
        : result.status === 'error'
          ? `Result: ERROR (${result.error?.code ?? 'LC201'}: the spec is faulty; see docs/errors.md)`
          : `Result: INCOMPLETE (${result.incompleteReason ?? 'stopped'}) — properties not violated so far are unknown, not proven`;
  out.push(verdict);
  return `${out.join('\n')}\n`;
}

/** The JSON form of `result`: the result data, without `elapsedMs` and `storeBytes` unless `timing`. Deterministic bytes. */
export function renderCheckResultJson(result: CheckResult, timing = false): string {
  const { elapsedMs, storeBytes, ...stats } = result.stats;
  const po = result.partialOrder;
  const partialOrder =
    po?.baseline !== undefined && !timing
      ? { partialOrder: { ...po, baseline: { distinctStates: po.baseline.distinctStates, statesGenerated: po.baseline.statesGenerated } } }
      : {};
  const data = { ...result, stats: timing ? { ...stats, elapsedMs, storeBytes } : stats, ...partialOrder };
  return `${JSON.stringify(data, null, 2)}\n`;
}
