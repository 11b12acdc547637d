/**
 * Sets and functions, as states hold them (see `t.set` and `t.fn` in `schema.ts`).
 *
 * A set is a plain array of distinct members sorted in universe order, not a class instance: states must stay
 * JSON values that `canonicalJson`, the codec, trace files and structured clone (the parallel workers) all handle
 * alike, and with one order per set, equal sets are deep-equal arrays. Every helper here is pure, never changes its
 * arguments, and returns a set in universe order when its inputs are sets in universe order. Helpers that must place a
 * member (`setOf`, `setAdd`, `setUnion`, `setPermute`) take the universe; the others need only the sets.
 *
 * A function is a record with one field per domain member (`{c1: 0, c2: 3}`): read it as `f[x]`, change it with
 * `{ ...f, [x]: v }`.
 */

import { canonicalJson, type Json } from './json.js';

/**
 * What a set may hold: model values (strings), integers, booleans, or records and arrays of those — any JSON value;
 * two members are the same when their canonical JSON is (`{b: 0, v: 1}` and `{v: 1, b: 0}` are one member).
 */
export type SetMember = Json;

/** What a function's domain may hold: model values (strings) or integers (TLA+ `[1..N -> R]`). */
export type FnKey = string | number;

/** The position of `x` in `list` (-1 if absent), comparing records and arrays by value. */
export function memberIndex<V extends SetMember>(list: readonly V[], x: V): number {
  if (typeof x !== 'object' || x === null) return list.indexOf(x);
  const key = canonicalJson(x);
  for (let i = 0; i < list.length; i += 1) {
    const m = list[i]!;
    if (typeof m === 'object' && m !== null && canonicalJson(m) === key) return i;
  }
  return -1;
}

/** The text of a member in messages and traces: a model value bare, anything else as JSON. */
export function memberText(m: SetMember): string {
  return typeof m === 'string' ? m : canonicalJson(m);
}

/** `{x \in universe : x \in members}`: the members, sorted in universe order. Throws `RangeError` for a non-member. */
export function setOf<V extends SetMember>(universe: readonly V[], members: Iterable<V>): V[] {
  const wanted = new Array<boolean>(universe.length).fill(false);
  for (const m of members) {
    const i = memberIndex(universe, m);
    if (i < 0) throw new RangeError(`setOf(): ${JSON.stringify(m)} is not in the universe {${universe.map(memberText).join(', ')}}`);
    wanted[i] = true;
  }
  return universe.filter((_, i) => wanted[i]);
}

/** `x \in set`. */
export function setHas<V extends SetMember>(set: readonly V[], x: V): boolean {
  return memberIndex(set, x) >= 0;
}

/** `Cardinality(set)`. */
export function setSize(set: readonly SetMember[]): number {
  return set.length;
}

/** `set \cup {x}`, in universe order (a new array). Throws `RangeError` when `x` is not in the universe. */
export function setAdd<V extends SetMember>(universe: readonly V[], set: readonly V[], x: V): V[] {
  return setOf(universe, [...set, x]);
}

/** `set \ {x}` (a new array). */
export function setRemove<V extends SetMember>(set: readonly V[], x: V): V[] {
  const i = memberIndex(set, x);
  return i < 0 ? [...set] : set.filter((_, k) => k !== i);
}

/** `a \cup b`, in universe order. */
export function setUnion<V extends SetMember>(universe: readonly V[], a: readonly V[], b: readonly V[]): V[] {
  return universe.filter((u) => setHas(a, u) || setHas(b, u));
}

/** `a \cap b` (in `a`'s order, so universe order). */
export function setIntersect<V extends SetMember>(a: readonly V[], b: readonly V[]): V[] {
  return a.filter((m) => setHas(b, m));
}

/** `a \ b` (in `a`'s order, so universe order). */
export function setMinus<V extends SetMember>(a: readonly V[], b: readonly V[]): V[] {
  return a.filter((m) => !setHas(b, m));
}

/** `a \subseteq b`. */
export function setSubset<V extends SetMember>(a: readonly V[], b: readonly V[]): boolean {
  return a.every((m) => setHas(b, m));
}

/** Set equality (for sets in universe order, the same as deep equality of the arrays). */
export function setEquals<V extends SetMember>(a: readonly V[], b: readonly V[]): boolean {
  return a.length === b.length && a.every((m) => setHas(b, m));
}

/**
 * `SUBSET of`: every subset of `of` (default: the whole universe), each in universe order. Deterministic order: by
 * the binary counter over `of`'s members, so `{}` first and `of` itself last. For action parameters (`\E S \in SUBSET
 * R`). At most 2^20 subsets (throws `RangeError` beyond).
 */
export function subsets<V extends SetMember>(universe: readonly V[], of: readonly V[] = universe): V[][] {
  const members = universe.filter((u) => setHas(of, u));
  if (members.length > 20) throw new RangeError(`subsets(): ${members.length} members give more than 2^20 subsets`);
  const out: V[][] = [];
  for (let mask = 0; mask < 2 ** members.length; mask += 1) out.push(members.filter((_, k) => ((mask >> k) & 1) === 1));
  return out;
}

/**
 * The set renamed by a symmetry permutation of its universe: member `universe[i]` becomes `universe[perm[i]]`, for a
 * symmetric set whose elements 0..n-1 are the universe members in order (see `Symmetry.permute`). In universe order.
 */
export function setPermute<V extends SetMember>(universe: readonly V[], set: readonly V[], perm: readonly number[]): V[] {
  const renamed = new Array<boolean>(universe.length).fill(false);
  for (const m of set) renamed[perm[memberIndex(universe, m)]!] = true;
  return universe.filter((_, i) => renamed[i]);
}

/**
 * `[x \in domain |-> value(x)]`: the function as a record keyed by the domain members, in domain order (an integer
 * member `1` is the key `"1"`, as JavaScript writes it).
 */
export function fnOf<V extends FnKey, R>(domain: readonly V[], value: (x: V) => R): { [K in V]: R } {
  const out = {} as { [K in V]: R };
  for (const x of domain) out[x] = value(x);
  return out;
}

/**
 * The function renamed by a symmetry permutation of its domain: the value at `domain[i]` moves to `domain[perm[i]]`
 * (values themselves are not renamed; rename them as well when they are members of a symmetric set).
 */
export function fnPermute<V extends FnKey, R>(domain: readonly V[], fn: { readonly [K in V]: R }, perm: readonly number[]): { [K in V]: R } {
  // new[domain[perm[i]]] = fn[domain[i]], built in domain order: new[domain[j]] = fn[domain[perm⁻¹(j)]].
  return fnOf(domain, (x) => fn[domain[perm.indexOf(domain.indexOf(x))]!]);
}
