/**
 * Sets and functions over model values, as states hold them (see `t.set` and `t.fn` in `schema.ts`).
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

/** `{x \in universe : x \in members}`: the members, sorted in universe order. Throws `RangeError` for a non-member. */
export function setOf<V extends string>(universe: readonly V[], members: Iterable<V>): V[] {
  const wanted = new Set<string>(members);
  for (const m of wanted) {
    if (!universe.includes(m as V)) throw new RangeError(`setOf(): ${JSON.stringify(m)} is not in the universe {${universe.join(', ')}}`);
  }
  return universe.filter((u) => wanted.has(u));
}

/** `x \in set`. */
export function setHas<V extends string>(set: readonly V[], x: V): boolean {
  return set.includes(x);
}

/** `Cardinality(set)`. */
export function setSize(set: readonly string[]): number {
  return set.length;
}

/** `set \cup {x}`, in universe order (a new array). Throws `RangeError` when `x` is not in the universe. */
export function setAdd<V extends string>(universe: readonly V[], set: readonly V[], x: V): V[] {
  return setOf(universe, [...set, x]);
}

/** `set \ {x}` (a new array). */
export function setRemove<V extends string>(set: readonly V[], x: V): V[] {
  return set.filter((m) => m !== x);
}

/** `a \cup b`, in universe order. */
export function setUnion<V extends string>(universe: readonly V[], a: readonly V[], b: readonly V[]): V[] {
  return universe.filter((u) => a.includes(u) || b.includes(u));
}

/** `a \cap b` (in `a`'s order, so universe order). */
export function setIntersect<V extends string>(a: readonly V[], b: readonly V[]): V[] {
  return a.filter((m) => b.includes(m));
}

/** `a \ b` (in `a`'s order, so universe order). */
export function setMinus<V extends string>(a: readonly V[], b: readonly V[]): V[] {
  return a.filter((m) => !b.includes(m));
}

/** `a \subseteq b`. */
export function setSubset<V extends string>(a: readonly V[], b: readonly V[]): boolean {
  return a.every((m) => b.includes(m));
}

/** Set equality (for sets in universe order, the same as deep equality of the arrays). */
export function setEquals<V extends string>(a: readonly V[], b: readonly V[]): boolean {
  return a.length === b.length && a.every((m) => b.includes(m));
}

/**
 * `SUBSET of`: every subset of `of` (default: the whole universe), each in universe order. Deterministic order: by
 * the binary counter over `of`'s members, so `{}` first and `of` itself last. For action parameters (`\E S \in SUBSET
 * R`). At most 2^20 subsets (throws `RangeError` beyond).
 */
export function subsets<V extends string>(universe: readonly V[], of: readonly V[] = universe): V[][] {
  const members = universe.filter((u) => of.includes(u));
  if (members.length > 20) throw new RangeError(`subsets(): ${members.length} members give more than 2^20 subsets`);
  const out: V[][] = [];
  for (let mask = 0; mask < 2 ** members.length; mask += 1) out.push(members.filter((_, k) => ((mask >> k) & 1) === 1));
  return out;
}

/**
 * The set renamed by a symmetry permutation of its universe: member `universe[i]` becomes `universe[perm[i]]`, for a
 * symmetric set whose elements 0..n-1 are the universe members in order (see `Symmetry.permute`). In universe order.
 */
export function setPermute<V extends string>(universe: readonly V[], set: readonly V[], perm: readonly number[]): V[] {
  const renamed = new Set<string>(set.map((m) => universe[perm[universe.indexOf(m)]!]!));
  return universe.filter((u) => renamed.has(u));
}

/** `[x \in domain |-> value(x)]`: the function as a record keyed by the domain members, in domain order. */
export function fnOf<V extends string, R>(domain: readonly V[], value: (x: V) => R): { [K in V]: R } {
  const out = {} as { [K in V]: R };
  for (const x of domain) out[x] = value(x);
  return out;
}

/**
 * The function renamed by a symmetry permutation of its domain: the value at `domain[i]` moves to `domain[perm[i]]`
 * (values themselves are not renamed; rename them as well when they are members of a symmetric set).
 */
export function fnPermute<V extends string, R>(domain: readonly V[], fn: { readonly [K in V]: R }, perm: readonly number[]): { [K in V]: R } {
  // new[domain[perm[i]]] = fn[domain[i]], built in domain order: new[domain[j]] = fn[domain[perm⁻¹(j)]].
  return fnOf(domain, (x) => fn[domain[perm.indexOf(domain.indexOf(x))]!]);
}
