import type { Json, JsonRecord } from './json.js';
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
 * One named action of a spec: a finite set of parameters (the ∃ of Next), an enabling condition and a
 * deterministic successor.
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
  readonly params?: readonly P[] | ParamsOf<C, P>;
  /** Whether the action can be taken in `state` with `params`. @defaultValue always enabled */
  enabled?(state: S, params: P, constants: C): boolean;
  /**
   * The successor state (or {@link withResult} for a step with an observable result). May throw an
   * {@link AssertionFailure} (see {@link assertThat}), which is reported as a violation of the named property.
   */
  next(state: S, params: P, constants: C): S | StepWithResult<S>;
  /** One line describing the action, for `lifecheck list`. */
  readonly summary?: string;
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
  readonly actions: { readonly [name: string]: ActionDef<S, C, Json> };
  /** A message saying why `constants` are unusable (and how to fix them), or `undefined` when they are fine. */
  validate?(constants: C): string | undefined;
  /** One paragraph describing the spec. */
  readonly summary?: string;
}

/** Defines a spec. Identity at run time; gives type inference and a place to document the spec. */
export function defineSpec<S, C extends JsonRecord>(spec: Spec<S, C>): Spec<S, C> {
  return spec;
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
