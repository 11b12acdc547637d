/**
 * Abstract states reachable in one model and not in the other, under an abstraction both models share — computed
 * with ordinary checks: an observer property collects the abstract value of every state a check meets, and the
 * shortest trace to a state with a given abstract value is the counterexample of the invariant "the abstract value
 * is not v" (one invariant per value, checked together).
 */
import type { AnyModel, CheckResult, CompileOptions, InvariantProperty, Json, JsonRecord, Trace } from '../engine/index.js';
import { canonicalJson, checkSync } from '../engine/index.js';

/** An abstract state reachable in one model only, with a shortest trace (in that model) reaching it. */
export interface AbstractOnlyIn {
  readonly abstract: Json;
  readonly trace: Trace<unknown>;
}

/** The result of {@link compareAbstractStates}. */
export interface AbstractStateComparison {
  /** Distinct abstract values reached in A, in B, and in both. */
  readonly countA: number;
  readonly countB: number;
  readonly common: number;
  /** Abstract values reachable in A and not in B (at most `maxWitnesses`, in A's BFS order). */
  readonly onlyInA: readonly AbstractOnlyIn[];
  readonly onlyInB: readonly AbstractOnlyIn[];
  /** How many more were found than listed. */
  readonly omittedA: number;
  readonly omittedB: number;
  /** Whether both explorations were exhaustive (otherwise "only in" may be an artefact of a limit). */
  readonly complete: boolean;
}

type AbstractFn = (state: unknown, constants: JsonRecord) => Json;

/** The abstract values a check met, in the order it met them (BFS order): canonical JSON → value. */
export type AbstractValues = Map<string, Json>;

/** An observer property (an invariant that always holds) recording the abstract value of every state checked. */
export function abstractValueObserver(abstract: AbstractFn, into: AbstractValues): InvariantProperty<unknown, JsonRecord> {
  return {
    kind: 'invariant',
    summary: 'records the abstract value of every state (never violated)',
    holds: (state, constants) => {
      const value = abstract(state, constants);
      const key = canonicalJson(value);
      if (!into.has(key)) into.set(key, value);
      return true;
    },
  };
}

/** The name under which a model's checks carry the observer; it never appears in results shown to people. */
export const OBSERVER_PROPERTY = '(abstraction)';

/** Shortest traces, in `model`, to a state with each of `values` (in order), from one check. */
function witnesses(
  model: AnyModel,
  options: Pick<CompileOptions, 'constantSet' | 'constantOverrides'> & { readonly maxStates?: number },
  abstract: AbstractFn,
  values: readonly Json[],
): AbstractOnlyIn[] {
  if (values.length === 0) return [];
  const properties: Record<string, InvariantProperty<unknown, JsonRecord>> = {};
  values.forEach((value, k) => {
    const key = canonicalJson(value);
    properties[`abstract ${k}`] = { kind: 'invariant', holds: (s, c) => canonicalJson(abstract(s, c)) !== key };
  });
  const result: CheckResult = checkSync({ ...model, properties, deadlock: false }, { ...options, continueAfterViolation: true });
  const out: AbstractOnlyIn[] = [];
  values.forEach((value, k) => {
    const trace = result.properties.find((p) => p.name === `abstract ${k}`)?.counterexample;
    if (trace !== undefined) out.push({ abstract: value, trace });
  });
  return out;
}

/**
 * Compares the abstract values two checks met. Guarantees: every abstract value listed as only in A is the
 * abstraction of a reachable state of A (its trace was replayed by the engine) and of no state met in B; the trace
 * is a shortest one to a state with that abstract value.
 */
export function compareAbstractStates(
  a: { readonly model: AnyModel; readonly values: AbstractValues; readonly abstract: AbstractFn; readonly complete: boolean },
  b: { readonly model: AnyModel; readonly values: AbstractValues; readonly abstract: AbstractFn; readonly complete: boolean },
  options: Pick<CompileOptions, 'constantSet' | 'constantOverrides'> & { readonly maxStates?: number },
  maxWitnesses = 50,
): AbstractStateComparison {
  const only = (mine: AbstractValues, theirs: AbstractValues): { values: Json[]; omitted: number } => {
    const values: Json[] = [];
    let omitted = 0;
    for (const [key, value] of mine) {
      if (theirs.has(key)) continue;
      if (values.length >= maxWitnesses) omitted += 1;
      else values.push(value);
    }
    return { values, omitted };
  };
  const inA = only(a.values, b.values);
  const inB = only(b.values, a.values);
  let common = 0;
  for (const key of a.values.keys()) if (b.values.has(key)) common += 1;
  return {
    countA: a.values.size,
    countB: b.values.size,
    common,
    onlyInA: witnesses(a.model, options, a.abstract, inA.values),
    onlyInB: witnesses(b.model, options, b.abstract, inB.values),
    omittedA: inA.omitted,
    omittedB: inB.omitted,
    complete: a.complete && b.complete,
  };
}
