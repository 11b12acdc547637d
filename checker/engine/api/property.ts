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

/** A named property of a model. */
export type Property<S, C> = InvariantProperty<S, C> | ActionProperty<S, C> | AssertionProperty;

/** The kinds of property a check reports on; `deadlock` is the built-in one (a state with no successor). */
export type PropertyKind = Property<unknown, unknown>['kind'] | 'deadlock';

/** The name under which deadlocks are reported. */
export const DEADLOCK_PROPERTY = 'deadlock';
