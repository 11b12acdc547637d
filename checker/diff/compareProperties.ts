/**
 * Properties side by side: every property of either model, with what an exhaustive check of each model found.
 */
import type { CheckResult, PropertyOutcome } from '../engine/api/result.js';
import type { PropertyKind } from '../engine/api/property.js';
import type { Trace } from '../engine/api/trace.js';
import { traceStepCount } from '../../traces/traceSteps.js';

/** One model's verdict on one property; `absent` when the model does not declare it (n/a). */
export interface PropertyVerdict {
  readonly status: PropertyOutcome['status'] | 'absent';
  /** For a violation: the length of the shortest counterexample in steps (an aborted last step included). */
  readonly steps?: number;
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

function verdictOf(outcome: PropertyOutcome | undefined): PropertyVerdict {
  if (outcome === undefined) return { status: 'absent' };
  if (outcome.status !== 'violated' || outcome.counterexample === undefined) return { status: outcome.status };
  const trace = outcome.counterexample;
  return {
    status: 'violated',
    steps: traceStepCount(trace),
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
