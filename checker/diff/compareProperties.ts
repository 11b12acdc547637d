/**
 * Properties side by side: every property of either model, with what an exhaustive check of each model found.
 */
import type { CheckResult, PropertyOutcome } from '../engine/api/result.js';
import type { PropertyKind } from '../engine/api/property.js';
import type { Trace } from '../engine/api/trace.js';

/** One model's verdict on one property; `absent` when the model does not declare it (n/a). */
export interface PropertyVerdict {
  readonly status: PropertyOutcome['status'] | 'absent';
  /** For a violation: the number of calls in the shortest counterexample (an aborted last call included). */
  readonly calls?: number;
  /** For a violation: the number of states in the shortest counterexample (TLC's length). */
  readonly states?: number;
  readonly message?: string;
  readonly counterexample?: Trace<unknown>;
}

/** A property of either model with both verdicts; `changed` when the statuses differ. */
export interface PropertyRow {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly a: PropertyVerdict;
  readonly b: PropertyVerdict;
  readonly changed: boolean;
}

/** Number of calls in a trace: its steps after the initial state, plus the aborted call if any. */
export function traceCalls(trace: Trace<unknown>): number {
  return trace.steps.length - 1 + (trace.aborted ? 1 : 0);
}

function verdictOf(outcome: PropertyOutcome | undefined): PropertyVerdict {
  if (outcome === undefined) return { status: 'absent' };
  if (outcome.status !== 'violated' || outcome.counterexample === undefined) return { status: outcome.status };
  const trace = outcome.counterexample;
  return {
    status: 'violated',
    calls: traceCalls(trace),
    states: trace.steps.length,
    ...(outcome.message !== undefined ? { message: outcome.message } : {}),
    counterexample: trace,
  };
}

/**
 * Pairs the property outcomes of two check results by name: A's properties in A's order, then B's new ones in B's
 * order. Guarantees: each name appears once; a property a model lacks is `absent` for it, never `holds`.
 */
export function compareProperties(a: CheckResult, b: CheckResult): PropertyRow[] {
  const names: string[] = [];
  const kinds = new Map<string, PropertyKind>();
  for (const p of [...a.properties, ...b.properties]) {
    if (!kinds.has(p.name)) {
      names.push(p.name);
      kinds.set(p.name, p.kind);
    }
  }
  return names.map((name) => {
    const va = verdictOf(a.properties.find((p) => p.name === name));
    const vb = verdictOf(b.properties.find((p) => p.name === name));
    return { name, kind: kinds.get(name)!, a: va, b: vb, changed: va.status !== vb.status };
  });
}
