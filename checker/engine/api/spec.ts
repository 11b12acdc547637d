import type { Json, JsonRecord } from './json.js';
import type { Processes } from './processes.js';
import type { Schema } from './schema.js';

/**
 * What an action returns when the step also has an observable result, such as the value a system call returns.
 * Build it with {@link withResult}; a plain state means "no observable result".
 */
export class StepWithResult<S> {
  constructor(
    /** The successor state. */
    readonly state: S,
    /** The observable result of the step (for example `0` or `"-EBUSY"`); JSON. */
    readonly result: Json,
  ) {}
}

/** Returns `state` as the successor of a step whose observable result is `result`. */
export function withResult<S>(state: S, result: Json): StepWithResult<S> {
  return new StepWithResult(state, result);
}

/**
 * A function giving an action's parameter values for some constants. (Declared through a method so that it is
 * bivariant in `C`, which lets any model be handled as an `AnyModel`.)
 */
export type ParamsOf<C, P> = { bivarianceHack(constants: C): readonly P[] }['bivarianceHack'];

/**
 * A function giving an action's parameter values in a state (see {@link ActionDef.stateParams}). Declared through a
 * method so that it is bivariant in `S` and `C`, as {@link ParamsOf}.
 */
export type StateParamsOf<S, C, P> = { bivarianceHack(state: S, constants: C): readonly P[] }['bivarianceHack'];

/** The most bindings {@link ActionDef.stateParams} may give in one state unless the action sets `maxParams`. */
export const DEFAULT_MAX_STATE_PARAMS = 1024;

/**
 * One named action of a spec, as its author writes it: a finite set of parameters (the ∃ of Next), an enabling
 * condition and a deterministic successor. `P` is the type of one parameter value; write the action with
 * {@link action} to have it inferred from `params`, so that `enabled` and `next` receive it typed
 * (`next: (s, { p, slot }) => …`). Written as a plain object in {@link defineSpec}'s `actions`, `P` is `Json`.
 *
 * Guarantees (type level): `enabled` and `next` are property function types, checked contravariantly, so a
 * function that expects another parameter type than `params` gives is a compile error, not an unsound cast.
 *
 * Obligations: `enabled` and `next` are pure functions of their arguments; `next` never mutates the state it is
 * given (states are shared with the engine) and returns the same successor every time for the same state and
 * parameters. The engine checks this when it rebuilds traces and reports a spec that is not a pure function.
 */
export interface ActionDef<S, C, P extends Json = Json> {
  /**
   * The parameter values, fixed for a given set of constants: the action is tried once per value, in this order.
   * @defaultValue `[null]`: the action has no parameters.
   */
  readonly params?: readonly P[] | ((constants: C) => readonly P[]);
  /**
   * The parameter values as a function of the state: TLA+'s `\E x \in S : A(x)` where `S` depends on the state (a
   * subset of what is available, the messages in flight). Given instead of `params` (not with it): in each state the
   * action is tried once per value, in this order, and each enabled one is a generated state of its own, exactly as
   * TLC counts the ∃. The values must be JSON and distinct within one state, and at most `maxParams` of them.
   *
   * Guarantees: the label of a step is `{action, params: value}`, as for fixed parameters; traces, replay and every
   * trace form show the value itself. The engine stores a step as (action, position of the value in the state's
   * list) and recomputes the value from the parent state when it rebuilds a trace, so this function must be a pure
   * function of its arguments (the same list, in the same order, every time). Drivers that need a label's identity
   * across states refuse such an action with one LC line: partial-order reduction, `diff`, and fairness
   * `perParams`/`groupBy` on it (fairness of the action as a whole is fine).
   */
  readonly stateParams?: (state: S, constants: C) => readonly P[];
  /**
   * With `stateParams`: the most values it gives in any one state (more is an LC201 error naming the state's
   * count). Steps are stored compactly as positions below this bound. @defaultValue {@link DEFAULT_MAX_STATE_PARAMS}
   */
  readonly maxParams?: number;
  /** Whether the action can be taken in `state` with `params`. @defaultValue always enabled */
  readonly enabled?: (state: S, params: P, constants: C) => boolean;
  /**
   * The successor state (or {@link withResult} for a step with an observable result). May throw an
   * {@link AssertionFailure} (see {@link assertThat}), which is reported as a violation of the named property.
   */
  readonly next: (state: S, params: P, constants: C) => S | StepWithResult<S>;
  /** One line describing the action, for `lifecheck list`. */
  readonly summary?: string;
}

/**
 * An action as the engine holds it in a {@link Spec}: its parameter type erased to `Json`. Its functions are
 * methods, hence bivariant, so that any `Spec<S, C>` is assignable to `Spec<unknown, JsonRecord>` (an `AnyModel`);
 * this is sound because the engine calls an action only with the values of its own `params`. Write actions as
 * {@link ActionDef}s (or with {@link action}) in {@link defineSpec}, which checks them strictly.
 */
export interface SpecAction<S, C> {
  readonly params?: readonly Json[] | ParamsOf<C, Json>;
  readonly stateParams?: StateParamsOf<S, C, Json>;
  readonly maxParams?: number;
  enabled?(state: S, params: Json, constants: C): boolean;
  next(state: S, params: Json, constants: C): S | StepWithResult<S>;
  readonly summary?: string;
}

/** The brand of {@link TypedAction}: exists only in types. */
declare const typedActionBrand: unique symbol;

/**
 * An action whose parameter type was checked by {@link action}: {@link defineSpec} accepts it as it is. The brand
 * exists only at the type level (the value is the definition itself), so that a plain object literal never passes
 * for a checked action.
 */
export interface TypedAction<S, C> extends SpecAction<S, C> {
  readonly [typedActionBrand]: true;
}

/**
 * Defines one action with typed parameters: `P` is inferred from `params` (an array, or a function of the
 * constants), and `enabled` and `next` receive it typed, with no casts. `S` and `C` come from the spec the action
 * is written in (`defineSpec<State, Constants>({ actions: { Move: action({ … }) } })`).
 *
 * Guarantees: identity at run time; at compile time, a `next` or `enabled` whose parameter type is not what
 * `params` (or `stateParams`) gives is an error. Without either, `P` is `null` (the action is tried once, with `null`).
 *
 * @example
 * ```ts
 * Move: action({
 *   params: (c) => c.slots.map((slot, p) => ({ p, slot })),
 *   enabled: (s, { p }) => s.pos[p] === 0,
 *   next: (s, { p, slot }) => ({ ...s, pos: s.pos.with(p, slot.length) }),
 * }),
 * ```
 */
export function action<S, C, P extends Json = null>(definition: ActionDef<S, C, P>): TypedAction<S, C> {
  return definition as unknown as TypedAction<S, C>;
}

/**
 * What {@link defineSpec} accepts: a {@link Spec} whose actions are strictly checked {@link ActionDef}s (parameters
 * typed `Json`) or {@link action}s (parameters of their own type).
 */
export interface SpecDefinition<S, C extends JsonRecord> extends Omit<Spec<S, C>, 'actions'> {
  /** The actions, by name. Their order here is the order successors are generated in. */
  readonly actions: { readonly [name: string]: ActionDef<S, C, Json> | TypedAction<S, C> };
}

/**
 * A spec: a parametric transition system (TLA+ Init and Next), not yet bound to constants.
 *
 * Guarantees that the engine relies on: `schema(c)` admits every state reachable from `init(c)`; `init` is
 * deterministic (same states, same order).
 */
export interface Spec<S, C extends JsonRecord> {
  readonly name: string;
  /** The shape of every state for constants `c`, for the compact encoding. */
  schema(constants: C): Schema;
  /** The initial states (TLA+ Init), in a deterministic order. */
  init(constants: C): Iterable<S>;
  /** The actions, by name. Their order here is the order successors are generated in. */
  readonly actions: { readonly [name: string]: SpecAction<S, C> };
  /** A message saying why `constants` are unusable (and how to fix them), or `undefined` when they are fine. */
  validate?(constants: C): string | undefined;
  /** One paragraph describing the spec. */
  readonly summary?: string;
  /**
   * Which process each label belongs to, and what each process owns (`api/processes.ts`), for partial-order
   * reduction. @defaultValue none: `--por` refuses the spec
   */
  readonly processes?: Processes<C>;
}

/**
 * Defines a spec. Identity at run time. At compile time it checks every action strictly: a plain action's
 * functions take `Json` parameters (a function declaring another parameter type is an error), and an
 * {@link action} carries its own parameter type. `S` and `C` are given (`defineSpec<State, Constants>(…)`) or come
 * from where the spec is used (`defineModel<State, Constants>({ spec: defineSpec({ … }) })`).
 */
export function defineSpec<S, C extends JsonRecord>(spec: SpecDefinition<S, C>): Spec<S, C> {
  return spec as Spec<S, C>;
}

/** The brand every {@link AssertionFailure} carries, shared by every copy of lifecheck loaded in one process. */
const ASSERTION_FAILURE = Symbol.for('lifecheck.AssertionFailure');

/**
 * Thrown inside an action to report that a kernel assertion (a WARN_ON, a NULL dereference, a BUG_ON) would be hit.
 * The engine reports it as a violation of the property named `property`, with the trace that leads to it.
 * `instanceof AssertionFailure` recognises the failures of every copy of lifecheck in the process (a spec that
 * imports another installed copy than the CLI that loads it is still understood), by a brand, not by class identity.
 */
export class AssertionFailure extends Error {
  /** True for an assertion failure thrown by any copy of lifecheck. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [ASSERTION_FAILURE]?: unknown })[ASSERTION_FAILURE] === true;
  }
  readonly [ASSERTION_FAILURE] = true;
  constructor(
    /** The name of the assertion property that fails. */
    readonly property: string,
    message: string,
  ) {
    super(message);
    this.name = 'AssertionFailure';
  }
}

/** Throws an {@link AssertionFailure} for `property` with `message` unless `condition` holds. */
export function assertThat(condition: boolean, property: string, message: string): asserts condition {
  if (!condition) throw new AssertionFailure(property, message);
}

/** A warning raised by {@link warnThat} in the action being run, not yet collected by the engine. */
export interface RaisedWarning {
  readonly property: string;
  readonly message: string;
}

let raisedWarnings: RaisedWarning[] | undefined;

/**
 * A check the system survives (a kernel WARN_ON): unless `condition` holds, the step violates the assertion property
 * named `property` — declared in the model's properties with kind `'assertion'` — and, unlike {@link assertThat},
 * goes on: its successor is stored and explored as usual, and the counterexample ends in that successor. Returns
 * `condition`, so that the action can take the path the system takes after the warning
 * (`if (!warnThat(...)) return …`). Call it from an action's `next` (a thread step's `run`), not from `enabled`.
 */
export function warnThat(condition: boolean, property: string, message: string): boolean {
  if (!condition) (raisedWarnings ??= []).push({ property, message });
  return condition;
}

/**
 * The warnings raised since the last call, in the order raised, and forgets them (undefined when there are none).
 * @internal the successor core collects them after each action it runs.
 */
export function takeRaisedWarnings(): readonly RaisedWarning[] | undefined {
  const w = raisedWarnings;
  raisedWarnings = undefined;
  return w;
}
