/**
 * State-dependent parameters (`ActionDef.stateParams`, TLA+'s `\E x \in S : A(x)` with `S` depending on the state).
 * Such an action owns a block of `maxParams` consecutive label indices; the step taken with the `k`-th value the
 * action gives in a state has label index `start + k`. So the label stored in a parent pointer stays a small integer
 * (the action and an ordinal), the same whatever the worker count, and the value itself is recomputed from the
 * parent state whenever a label is shown (trace reconstruction, replay): {@link labelOf}, {@link labelIndexOf}.
 *
 * Guarantees: {@link bindingsIn} returns the values of one state, checked (an array of at most `maxParams`
 * distinct JSON values) or throws a {@link ParamsFault} whose message names the action and what is wrong; the
 * successor core reports it as an LC201 error.
 */
import { canonicalJson, isJsonValue, type Json, type JsonRecord } from '../api/json.js';
import type { Label } from '../api/label.js';
import { messageOf } from '../api/errors.js';
import type { ActionDef } from '../api/spec.js';
import { describeValue } from '../encoding/describeValue.js';

/** The label indices `start .. end - 1` of one action with state-dependent parameters. */
export interface StateParamsBlock {
  readonly action: string;
  readonly start: number;
  /** `start + maxParams`. */
  readonly end: number;
  /** The state's values, checked (see {@link bindingsIn}). */
  readonly bindings: (state: unknown) => readonly Json[];
}

/** A faulty `stateParams` (it threw, or gave something that is not a list of distinct JSON values within bounds). */
export class ParamsFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParamsFault';
  }
}

/** The values `def.stateParams` gives in `state`, checked (see the module comment). */
export function bindingsIn(
  name: string,
  def: ActionDef<unknown, JsonRecord, Json>,
  state: unknown,
  constants: JsonRecord,
  maxParams: number,
): readonly Json[] {
  let values: unknown;
  try {
    values = def.stateParams!.call(def, state, constants);
  } catch (error) {
    throw new ParamsFault(`stateParams() of action ${name} threw: ${messageOf(error)}`);
  }
  if (!Array.isArray(values)) throw new ParamsFault(`stateParams() of action ${name} gave ${describeValue(values)}, not an array of parameter values`);
  if (values.length > maxParams) {
    throw new ParamsFault(`stateParams() of action ${name} gave ${values.length} values in one state, more than its maxParams (${maxParams}); raise maxParams`);
  }
  const seen = values.length > 1 ? new Set<string>() : undefined;
  for (const v of values as unknown[]) {
    if (!isJsonValue(v)) throw new ParamsFault(`stateParams() of action ${name} gave ${describeValue(v)}; parameters must be JSON (labels are printed and sent to workers)`);
    if (seen !== undefined) {
      const key = canonicalJson(v as Json);
      if (seen.has(key)) throw new ParamsFault(`stateParams() of action ${name} gave ${key} twice in one state; the values of an ∃ are a set`);
      seen.add(key);
    }
  }
  return values as readonly Json[];
}

/** The block holding label `index`, or undefined for a label with fixed parameters. */
export function blockOf(blocks: readonly StateParamsBlock[], index: number): StateParamsBlock | undefined {
  for (const b of blocks) if (index >= b.start && index < b.end) return b;
  return undefined;
}

/**
 * Label `index` taken in `state`: the fixed label, or the action with the state's value at that position. A
 * position the state has no value for (or a `stateParams` that fails) gives the action with `null` parameters, which
 * only an error message can show (the step itself is then an error).
 */
export function labelOf(labels: readonly Label[], blocks: readonly StateParamsBlock[], index: number, state: unknown): Label {
  const fixed = labels[index]!;
  const block = blockOf(blocks, index);
  if (block === undefined) return fixed;
  let values: readonly Json[];
  try {
    values = block.bindings(state);
  } catch {
    return fixed;
  }
  const value = values[index - block.start];
  return value === undefined ? fixed : { action: block.action, params: value };
}

/** The index of `label` among the state-dependent labels of `state` (by canonical JSON), or -1. */
export function stateLabelIndexOf(blocks: readonly StateParamsBlock[], label: Label, state: unknown): number {
  const key = canonicalJson(label.params);
  for (const b of blocks) {
    if (b.action !== label.action) continue;
    const values = b.bindings(state);
    for (let k = 0; k < values.length; k += 1) if (canonicalJson(values[k]!) === key) return b.start + k;
  }
  return -1;
}
