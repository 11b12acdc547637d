/**
 * Abstractions and refinement mappings that a model author supplies next to the models (a named export), for the
 * state-space and refinement sections of a diff.
 */
import type { Json, JsonRecord } from '../engine/api/json.js';
import type { AnyModel } from '../engine/api/model.js';

/**
 * A function from a model's state to an abstract JSON value that two models share (e.g. `{opened: true}` from
 * `old`'s `opened` and from `new`'s `opened_file !== null`). Must be a pure function. (Declared through a method so
 * that a function typed on a model's own state is accepted.)
 */
export type AbstractionFunction = { bivarianceHack(state: never, constants: JsonRecord): Json }['bivarianceHack'];

/**
 * What a module exports as an abstraction: one function for every model, or one per model name (`vfio-old`, …).
 */
export type DiffAbstraction = AbstractionFunction | { readonly [modelName: string]: AbstractionFunction };

/**
 * A refinement mapping from the states of a model B to the states of a model A (TLA+'s refinement mapping): a pure
 * function whose value must be a state A's schema admits.
 */
export type RefinementMapping = { bivarianceHack(state: never, constants: JsonRecord): unknown }['bivarianceHack'];

/** A refinement mapping with the names of the two models it maps between, as a module exports it. */
export interface RefinementDef {
  /** Name of the refined (abstract) model A. */
  readonly from: string;
  /** Name of the refining (concrete) model B. */
  readonly to: string;
  /** B's state → A's state. */
  readonly map: RefinementMapping;
  readonly summary?: string;
}

/** Whether `value` has the shape of a {@link DiffAbstraction}. */
export function isDiffAbstraction(value: unknown): value is DiffAbstraction {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).every((v) => typeof v === 'function');
}

/** The abstraction function for `model`, or `undefined` when `abstraction` has none for it. */
export function abstractionFor(abstraction: DiffAbstraction, model: AnyModel): ((state: unknown, constants: JsonRecord) => Json) | undefined {
  const fn = typeof abstraction === 'function' ? abstraction : abstraction[model.name];
  return fn as ((state: unknown, constants: JsonRecord) => Json) | undefined;
}
