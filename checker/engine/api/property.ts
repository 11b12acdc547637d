import type { Json } from './json.js';
import type { Label } from './label.js';

/** Documentation carried by every property, shown in listings, matrices and review reports. */
export interface PropertyDoc {
  /** What the property says, in one line. */
  readonly summary?: string;
  /** Why it should hold (for the VFIO models: the kernel rationale). */
  readonly rationale?: string;
  /** Where it comes from (a section of a document, a commit message, a TLA+ module). */
  readonly reference?: string;
}

/** A state invariant: must hold in every reachable state (TLC INVARIANT). */
export interface InvariantProperty<S, C> extends PropertyDoc {
  readonly kind: 'invariant';
  holds(state: S, constants: C): boolean;
}

/**
 * An action property: must hold for every transition (state, label, next state), including transitions into states
 * already seen (TLC's implied-action properties, `[][A]_vars`). `result` is the step's observable result, if any.
 */
export interface ActionProperty<S, C> extends PropertyDoc {
  readonly kind: 'action';
  holds(state: S, label: Label, next: S, constants: C, result: Json | undefined): boolean;
}

/**
 * An assertion raised inside actions with `assertThat(cond, name, message)`. Declaring it makes it a named property
 * that holds when no reachable transition raises it.
 */
export interface AssertionProperty extends PropertyDoc {
  readonly kind: 'assertion';
}

/**
 * A temporal property of one state predicate, checked on the whole reachable graph after exploration, over the
 * model's fair behaviours (see `Model.fairness`; behaviours may stutter for ever, as in TLA+):
 * - `eventually`: every behaviour reaches a state where `holds` (TLA+ `<>P`);
 * - `alwaysEventually`: `holds` is true infinitely often (`[]<>P`);
 * - `eventuallyAlways`: from some point on `holds` stays true (`<>[]P`).
 * A violation is a lasso: a prefix and a loop the behaviour repeats for ever.
 */
export interface TemporalProperty<S, C> extends PropertyDoc {
  readonly kind: 'eventually' | 'alwaysEventually' | 'eventuallyAlways';
  holds(state: S, constants: C): boolean;
}

/** `from ~> to` (TLA+ leads-to): whenever `from` holds, `to` holds then or later, on every fair behaviour. */
export interface LeadsToProperty<S, C> extends PropertyDoc {
  readonly kind: 'leadsTo';
  from(state: S, constants: C): boolean;
  to(state: S, constants: C): boolean;
}

/**
 * Recoverability (`AG EF P`, which TLC and SPIN cannot state directly): from every reachable state, some state where
 * `holds` can still be reached. A violation is a shortest trace to a state from which none can.
 */
export interface RecoverabilityProperty<S, C> extends PropertyDoc {
  readonly kind: 'alwaysReachable';
  holds(state: S, constants: C): boolean;
}

/** A property checked on the reachable graph after exploration (temporal or recoverability). */
export type GraphProperty<S, C> = TemporalProperty<S, C> | LeadsToProperty<S, C> | RecoverabilityProperty<S, C>;

/** A named property of a model. */
export type Property<S, C> = InvariantProperty<S, C> | ActionProperty<S, C> | AssertionProperty | GraphProperty<S, C>;

/** `<>P` (see {@link TemporalProperty}). */
export function eventually<S, C>(holds: (state: S, constants: C) => boolean, doc: PropertyDoc = {}): TemporalProperty<S, C> {
  return { ...doc, kind: 'eventually', holds };
}

/** `[]<>P` (see {@link TemporalProperty}). */
export function alwaysEventually<S, C>(holds: (state: S, constants: C) => boolean, doc: PropertyDoc = {}): TemporalProperty<S, C> {
  return { ...doc, kind: 'alwaysEventually', holds };
}

/** `<>[]P` (see {@link TemporalProperty}). */
export function eventuallyAlways<S, C>(holds: (state: S, constants: C) => boolean, doc: PropertyDoc = {}): TemporalProperty<S, C> {
  return { ...doc, kind: 'eventuallyAlways', holds };
}

/** `P ~> Q` (see {@link LeadsToProperty}). */
export function leadsTo<S, C>(
  from: (state: S, constants: C) => boolean,
  to: (state: S, constants: C) => boolean,
  doc: PropertyDoc = {},
): LeadsToProperty<S, C> {
  return { ...doc, kind: 'leadsTo', from, to };
}

/** `AG EF P` (see {@link RecoverabilityProperty}). */
export function alwaysReachable<S, C>(holds: (state: S, constants: C) => boolean, doc: PropertyDoc = {}): RecoverabilityProperty<S, C> {
  return { ...doc, kind: 'alwaysReachable', holds };
}

/** The kinds of property a check reports on; `deadlock` is the built-in one (a state with no successor). */
export type PropertyKind = Property<unknown, unknown>['kind'] | 'deadlock';

/** The name under which deadlocks are reported. */
export const DEADLOCK_PROPERTY = 'deadlock';
