/**
 * The property checks of the successor core, as generated code: one unrolled call per property, so that every
 * call site sees a single function (monomorphic, inlinable) — the engine's second-hottest calls after the actions'.
 * They decide nothing but "held, failed, or could not be evaluated"; what a failure means is the core's and the
 * commit rules' business.
 */
import type { JsonRecord } from '../api/json.js';
import type { ActionProperty, InvariantProperty } from '../api/property.js';

/** A property that threw, or returned something other than a boolean. */
export interface PropertyFault {
  /** The property's index in the compiled model's property list. */
  readonly index: number;
  /** What was thrown; undefined when the property returned a non-boolean (then `returned` holds it). */
  readonly error?: unknown;
  readonly returned?: unknown;
}

/** Evaluates every action property on one step, calling `onFailure(index)` for each that fails, in order. */
export type ActionChecks = (
  parent: unknown,
  label: unknown,
  next: unknown,
  constants: JsonRecord,
  result: unknown,
  onFailure: (index: number) => void,
) => PropertyFault | undefined;

/** Evaluates every invariant not marked in `violated` on `state`, pushing the indices of failures, in order. */
export type InvariantChecks = (state: unknown, constants: JsonRecord, violated: readonly boolean[], failures: number[]) => PropertyFault | undefined;

function build<F>(kind: 'action' | 'invariant', properties: readonly { readonly index: number; readonly property: object }[]): F {
  const body: string[] = ['let h;'];
  properties.forEach(({ index }, k) => {
    const call = kind === 'action' ? `P[${k}].holds(parent, label, next, C, result)` : `P[${k}].holds(state, C)`;
    const fail = kind === 'action' ? `onFailure(${index})` : `failures.push(${index})`;
    const inner = [
      `try { h = ${call}; } catch (error) { return { index: ${index}, error }; }`,
      `if (h !== true) { if (h !== false) return { index: ${index}, returned: h }; ${fail}; }`,
    ];
    body.push(...(kind === 'invariant' ? [`if (!violated[${index}]) {`, ...inner, '}'] : inner));
  });
  body.push('return undefined;');
  const params = kind === 'action' ? 'parent, label, next, C, result, onFailure' : 'state, C, violated, failures';
  return new Function('P', `return function ${kind}Checks(${params}) {\n${body.join('\n')}\n};`)(properties.map((p) => p.property)) as F;
}

/** The action-property checks of `properties` (each with its index in the model's property list). */
export function buildActionChecks(
  properties: readonly { readonly index: number; readonly property: ActionProperty<unknown, JsonRecord> }[],
): ActionChecks {
  return build<ActionChecks>('action', properties);
}

/** The invariant checks of `properties` (each with its index in the model's property list). */
export function buildInvariantChecks(
  properties: readonly { readonly index: number; readonly property: InvariantProperty<unknown, JsonRecord> }[],
): InvariantChecks {
  return build<InvariantChecks>('invariant', properties);
}
