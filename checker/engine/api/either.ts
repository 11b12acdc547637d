/**
 * TLC's splitting of an action body, stated explicitly. TLC does not treat an action as one successor function: a
 * disjunction `A \/ B` at guard level inside an operator body (PlusCal's `either … or …`) gives one successor per
 * disjunct that is enabled, and counts each of them as a generated state. {@link either} writes such an action as
 * named branches; the engine tries every (parameter, branch) pair as a label of its own, so a model counts exactly
 * what TLC counts: **one generated state per enabled (binding, branch) pair**, a branch whose successor is the
 * state itself (an `IF` whose `ELSE` is `UNCHANGED`) included. `IF … THEN … ELSE` is not split (one branch, one
 * successor), exactly as in TLC.
 *
 * The branch is part of the label, under the key `branch` (or the key chosen with `branchKey`): the label names the
 * PlusCal label and disjunct taken (`RManager {"self":"rm1","branch":"decideCommit"}`), so a trace says which
 * alternative was taken and replays it exactly. For an action without parameters the label's params are the branch
 * name alone (`TManager "TS.commit"`).
 */
import type { Json, JsonRecord } from './json.js';
import type { StepWithResult, TypedAction } from './spec.js';

/** One alternative of an {@link either} action: its guard and its successor. */
export interface Branch<S, C, P> {
  /**
   * The ways the branch's guard can hold, when the guard itself is a disjunction or an ∃ (TLC splits those too:
   * `canCommit == A \/ \E rm: B(rm)` in a guard gives one successor for `A` and one per `rm` with `B(rm)`, all
   * equal). The branch is tried once per witness, in this order, and `enabled` receives it; the label holds it
   * under `witnessKey`. @defaultValue one way, no witness (`null`)
   */
  readonly witnesses?: readonly Json[] | ((constants: C) => readonly Json[]);
  /** Whether this alternative can be taken (by way of `witness`, when there are witnesses). @defaultValue always */
  readonly enabled?: (state: S, params: P, constants: C, witness: Json) => boolean;
  /** The successor, as an action's `next`. */
  readonly next: (state: S, params: P, constants: C) => S | StepWithResult<S>;
}

/** What {@link either} accepts. */
export interface EitherDef<S, C, P extends JsonRecord | null> {
  /**
   * The ∃ bindings, as an action's `params` (records, so that the branch can be added as a key).
   * @defaultValue `[null]`: no parameters
   */
  readonly params?: readonly P[] | ((constants: C) => readonly P[]);
  /** Guard common to every branch (the conjuncts before the disjunction, e.g. `pc[self] = "RS"`). @defaultValue always */
  readonly enabled?: (state: S, params: P, constants: C) => boolean;
  /** The alternatives, by name, in the order their successors are generated. At least one. */
  readonly branches: { readonly [name: string]: Branch<S, C, P> };
  /** The key of the label's params that holds the branch name. @defaultValue `'branch'` */
  readonly branchKey?: string;
  /** The key of the label's params that holds a branch's witness (see {@link Branch.witnesses}). @defaultValue `'via'` */
  readonly witnessKey?: string;
  readonly summary?: string;
}

/**
 * An action split as TLC splits it (see the module comment). Guarantees: labels are, for each binding of `params`
 * in order, one per branch in declaration order; the label `{...binding, [branchKey]: name}` (or `name` when the
 * binding is `null`) is enabled exactly when the common guard and the branch's guard hold, and its successor is the
 * branch's `next`. Throws a `RangeError` at definition time for no branches, or a binding that already has the
 * branch key.
 */
export function either<S, C, P extends JsonRecord | null = null>(def: EitherDef<S, C, P>): TypedAction<S, C> {
  const names = Object.keys(def.branches);
  if (names.length === 0) throw new RangeError('either(): at least one branch is needed');
  const key = def.branchKey ?? 'branch';
  const wkey = def.witnessKey ?? 'via';
  const split = (label: Json): { binding: P; branch: Branch<S, C, P>; witness: Json } => {
    if (typeof label === 'string') return { binding: null as P, branch: def.branches[label]!, witness: null };
    const { [key]: name, [wkey]: witness, ...rest } = label as JsonRecord;
    const binding = (Object.keys(rest).length === 0 && def.params === undefined ? null : rest) as P;
    return { binding, branch: def.branches[name as string]!, witness: witness ?? null };
  };
  const bindings = (c: C): readonly P[] => (def.params === undefined ? [null as P] : typeof def.params === 'function' ? def.params(c) : def.params);
  const witnessesOf = (branch: Branch<S, C, P>, c: C): readonly Json[] | undefined =>
    typeof branch.witnesses === 'function' ? branch.witnesses(c) : branch.witnesses;
  const common = def.enabled;
  const action = {
    summary: def.summary,
    params: (c: C): Json[] =>
      bindings(c).flatMap((binding) => {
        if (binding !== null && (Object.prototype.hasOwnProperty.call(binding, key) || Object.prototype.hasOwnProperty.call(binding, wkey))) {
          throw new RangeError(`either(): a binding already has the key ${JSON.stringify(key)} or ${JSON.stringify(wkey)}; choose another branchKey or witnessKey`);
        }
        return names.flatMap((name): Json[] => {
          const witnesses = witnessesOf(def.branches[name]!, c);
          if (witnesses === undefined) return [binding === null ? name : { ...binding, [key]: name }];
          return witnesses.map((w): Json => ({ ...(binding ?? {}), [key]: name, [wkey]: w }));
        });
      }),
    enabled: (s: S, label: Json, c: C): boolean => {
      const { binding, branch, witness } = split(label);
      return (common === undefined || common(s, binding, c)) && (branch.enabled === undefined || branch.enabled(s, binding, c, witness));
    },
    next: (s: S, label: Json, c: C): S | StepWithResult<S> => {
      const { binding, branch } = split(label);
      return branch.next(s, binding, c);
    },
  };
  return action as unknown as TypedAction<S, C>;
}
