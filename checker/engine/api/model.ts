import type { Json, JsonRecord } from './json.js';
import type { Label } from './label.js';
import type { Property } from './property.js';
import type { Spec } from './spec.js';

/**
 * A model: a spec bound to named constant sets and properties, like a TLC .cfg file.
 *
 * Guarantees: property names are unique (they are record keys); the constant set named by `defaultConstants` exists.
 */
export interface Model<S, C extends JsonRecord> {
  readonly name: string;
  readonly spec: Spec<S, C>;
  /** Named constant sets, e.g. `small`, `default`, `large`. */
  readonly constants: { readonly [setName: string]: C };
  /** The constant set used when none is named. @defaultValue `'default'` */
  readonly defaultConstants?: string;
  /** The properties to check, by name. */
  readonly properties: { readonly [name: string]: Property<S, C> };
  /**
   * TLC's CONSTRAINT: a state failing it is counted and checked against invariants but neither stored nor expanded.
   */
  constraint?(state: S, constants: C): boolean;
  /** Whether a state with no enabled action is reported as a deadlock (TLC's default is yes). @defaultValue true */
  readonly deadlock?: boolean;
  /** One paragraph describing the model. */
  readonly summary?: string;
  /** How traces of this model are shown to people (optional; renderers fall back to generic forms). */
  readonly presentation?: Presentation;
}

/**
 * Model-specific rendering hints used by trace renderers. Pure functions of their arguments.
 */
export interface Presentation {
  /** One line for a step, as the system's user would write it (e.g. `close(3) = 0`). */
  formatStep?(label: Label, result: Json | undefined): string;
}

/** Defines a model. Identity at run time; checks nothing until the model is compiled. */
export function defineModel<S, C extends JsonRecord>(model: Model<S, C>): Model<S, C> {
  return model;
}

/**
 * A model of any state and constants type: what registries, the CLI and renderers handle. Spec callbacks are
 * methods, so any `Model<S, C>` is assignable to it; code holding one only passes states back to the same model.
 */
export type AnyModel = Model<unknown, JsonRecord>;
