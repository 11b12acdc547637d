/**
 * State schemas: the declared shape of a spec's state, from which the engine builds a compact fixed-width binary
 * encoding (see `checker/engine/encoding/codec.ts`). Every value a schema admits has exactly one encoding, and two states
 * are the same state exactly when their encodings are equal.
 *
 * Build schemas with the `t` helpers; `Infer<typeof schema>` gives the TypeScript type of the states it admits.
 */

import { canonicalJson, isJsonValue, type Json } from './json.js';
import type { FnKey, SetMember } from './sets.js';

/** A schema node. Discriminated by `kind`. */
export type Schema =
  | BoolSchema
  | IntSchema
  | EnumSchema
  | NullableSchema
  | ArraySchema
  | ListSchema
  | RecordSchema
  | SetSchema
  | FnSchema;

/** `true` or `false`. */
export interface BoolSchema { readonly kind: 'bool' }
/**
 * An integer in `min..max` (both inclusive). `threadId: true` (made by `t.threadId`) marks a value that names a thread
 * of a `defineThreads` program: thread symmetry renames it (`api/threadSymmetry.ts`); the encoding is the same.
 */
export interface IntSchema { readonly kind: 'int'; readonly min: number; readonly max: number; readonly threadId?: true }
/** One of a fixed list of strings (TLA+ model values). */
export interface EnumSchema<V extends string = string> { readonly kind: 'enum'; readonly values: readonly V[] }
/** `null` or a value of `inner`. */
export interface NullableSchema<I extends Schema = Schema> { readonly kind: 'nullable'; readonly inner: I }
/** A fixed-length array (a TLA+ function over `0..length-1`). */
export interface ArraySchema<E extends Schema = Schema> {
  readonly kind: 'array';
  readonly element: E;
  readonly length: number;
}
/** A variable-length array of at most `maxLength` elements (a bounded TLA+ sequence). */
export interface ListSchema<E extends Schema = Schema> {
  readonly kind: 'list';
  readonly element: E;
  readonly maxLength: number;
}
/** A record with fixed fields. Field order in the encoding is the declaration order. */
export interface RecordSchema<F extends { readonly [k: string]: Schema } = { readonly [k: string]: Schema }> {
  readonly kind: 'record';
  readonly fields: F;
}

/**
 * A subset of a fixed universe (TLA+ `SUBSET Universe`), encoded as a bitset (one bit per member). The members are
 * model values (strings), integers, booleans, or records and arrays of those (`t.set([1, 2, 3])`, a set of
 * ⟨ballot, value⟩ pairs `t.set(pairs)`); two members are one when their canonical JSON is. In a state a set is an
 * array of distinct members sorted in universe order (`['r1', 'r3']` for `{r1, r3}` over `['r1', 'r2', 'r3']`): a
 * plain JSON value, so states stay serialisable, and equal sets are deep-equal arrays. Build and change sets with the
 * helpers of `sets.ts` (`setOf`, `setAdd`, `setUnion`, …), which keep that order; the codec refuses an unsorted
 * array, a repeated member or a value outside the universe.
 */
export interface SetSchema<V extends SetMember = SetMember> { readonly kind: 'set'; readonly universe: readonly V[] }
/**
 * A function from a fixed domain of model values or integers to values of `range` (TLA+ `[Domain -> Range]`). In a
 * state it is a record with one field per domain member (`{c1: 0, c2: 3}`; over `[1, 2]`, `{1: 0, 2: 3}`, whose keys
 * JavaScript writes `"1"` and `"2"`), encoded field by field in domain order, like a record.
 */
export interface FnSchema<V extends FnKey = FnKey, R extends Schema = Schema> {
  readonly kind: 'fn';
  readonly domain: readonly V[];
  readonly range: R;
}

/** The TypeScript type of the values a schema admits. */
export type Infer<S> = S extends BoolSchema
  ? boolean
  : S extends IntSchema
    ? number
    : S extends EnumSchema<infer V>
      ? V
      : S extends NullableSchema<infer I>
        ? Infer<I> | null
        : S extends ArraySchema<infer E>
          ? Infer<E>[]
          : S extends ListSchema<infer E>
            ? Infer<E>[]
            : S extends RecordSchema<infer F>
              ? { [K in keyof F]: Infer<F[K]> }
              : S extends SetSchema<infer V>
                ? V[]
                : S extends FnSchema<infer V, infer R>
                  ? { [K in V]: Infer<R> }
                  : never;

/**
 * Checks a set's universe: JSON values (no `undefined`, functions, `NaN` or infinities), distinct by canonical JSON,
 * and returns a deep-frozen copy (decoded states share its members).
 */
function setUniverse(values: readonly unknown[]): SetMember[] {
  if (!Array.isArray(values)) throw new RangeError('t.set(): the universe must be an array');
  const seen = new Set<string>();
  return values.map((v, i) => {
    if (!isJsonValue(v)) throw new RangeError(`t.set(): member ${i} is not a JSON value (a string, number, boolean, or a record or array of those)`);
    const key = canonicalJson(v);
    if (seen.has(key)) throw new RangeError(`t.set(): the members must be distinct (${key} is listed twice)`);
    seen.add(key);
    return deepFreeze(structuredClone(v));
  });
}

/** Checks a function's domain: distinct model values (strings) or safe integers, distinct as record keys. */
function fnDomain(values: readonly unknown[]): FnKey[] {
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string' || Number.isSafeInteger(v))) {
    throw new RangeError('t.fn(): the domain members must be strings (model values) or integers');
  }
  const keys = values.map(String);
  if (new Set(keys).size !== keys.length) throw new RangeError('t.fn(): the domain members must be distinct (as record keys: 1 and "1" are one key)');
  if (keys.includes('__proto__')) throw new RangeError("t.fn(): a member may not be named '__proto__'");
  return [...(values as FnKey[])];
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const inner of Object.values(v)) deepFreeze(inner);
    Object.freeze(v);
  }
  return v;
}

/**
 * Whether `schema` or any schema inside it (a nullable's inner, an array's or list's element, a record's fields, a
 * function's range; a set's universe is values, not schemas) satisfies `test`. Stops at the first that does.
 */
export function schemaSome(schema: Schema, test: (node: Schema) => boolean): boolean {
  if (test(schema)) return true;
  switch (schema.kind) {
    case 'nullable':
      return schemaSome(schema.inner, test);
    case 'array':
    case 'list':
      return schemaSome(schema.element, test);
    case 'record':
      return Object.values(schema.fields).some((f) => schemaSome(f, test));
    case 'fn':
      return schemaSome(schema.range, test);
    default:
      return false;
  }
}

/** Schema builders. Each returns a plain, JSON-printable schema node. */
export const t = {
  /** A boolean. */
  bool: (): BoolSchema => ({ kind: 'bool' }),
  /** An integer in `min..max`, both inclusive. */
  int: (min: number, max: number): IntSchema => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`t.int(${min}, ${max}): bounds must be integers with min <= max`);
    }
    return { kind: 'int', min, max };
  },
  /**
   * An integer in `min..max` that names a thread (a lock holder, the context a deferred job runs in): encoded as
   * `t.int(min, max)`, and renamed by the thread symmetry of `defineThreads` (`interchangeable`). Values that are not
   * threads of a symmetric class (e.g. -1 for "no thread") are left as they are.
   */
  threadId: (min: number, max: number): IntSchema => ({ ...t.int(min, max), threadId: true }),
  /** One of the given strings. */
  enum: <const V extends string>(...values: V[]): EnumSchema<V> => {
    if (values.length === 0) throw new RangeError('t.enum(): at least one value is needed');
    return { kind: 'enum', values };
  },
  /** `null` or a value of `inner`. */
  nullable: <I extends Schema>(inner: I): NullableSchema<I> => ({ kind: 'nullable', inner }),
  /** An array of exactly `length` elements. */
  array: <E extends Schema>(element: E, length: number): ArraySchema<E> => {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`t.array(): bad length ${length}`);
    return { kind: 'array', element, length };
  },
  /** An array of 0 to `maxLength` elements. */
  list: <E extends Schema>(element: E, maxLength: number): ListSchema<E> => {
    if (!Number.isInteger(maxLength) || maxLength < 0) throw new RangeError(`t.list(): bad maxLength ${maxLength}`);
    return { kind: 'list', element, maxLength };
  },
  /** A record of the given fields. */
  record: <F extends { readonly [k: string]: Schema }>(fields: F): RecordSchema<F> => {
    if (Object.prototype.hasOwnProperty.call(fields, '__proto__')) {
      throw new RangeError("t.record(): a field may not be named '__proto__'");
    }
    return { kind: 'record', fields };
  },
  /**
   * A subset of `universe` (distinct model values, integers, or records/arrays of those), stored as a sorted array
   * of members and encoded as a bitset of `universe.length` bits. See {@link SetSchema}.
   */
  set: <const V extends SetMember>(universe: readonly V[]): SetSchema<V> => ({ kind: 'set', universe: setUniverse(universe) as V[] }),
  /**
   * A function from `domain` (distinct model values or integers) to `range`, stored as a record keyed by the domain
   * members. See {@link FnSchema}.
   */
  fn: <const V extends FnKey, R extends Schema>(domain: readonly V[], range: R): FnSchema<V, R> => ({ kind: 'fn', domain: fnDomain(domain) as V[], range }),
};
