/**
 * Symmetry reduction (TLC's SYMMETRY): a model declares sets of interchangeable model values — processes, resource
 * managers, acceptors — whose elements appear in its states as indices 0..size-1, and how a renaming of them acts on
 * a state. The engine then stores one canonical representative per orbit (the least encoding over every renaming, so
 * the count is the number of orbits reached, whichever member is found first) while traces stay concrete: they are
 * rebuilt from real initial states with real labels.
 *
 * Soundness is the model's promise: every invariant, action property and constraint must give the same answer on a
 * state and on each of its renamings, and the initial states and the next-state relation must be closed under
 * renaming. As TLC says, symmetry and temporal properties do not mix (fairness names particular labels); the engine
 * refuses a check that has both.
 */
import type { JsonRecord } from './json.js';

/** One set of interchangeable values: its name (for reports) and its size (its elements are 0..size-1). */
export interface SymmetricSet {
  readonly name: string;
  readonly size: number;
}

/**
 * How a model is symmetric. `permute(state, perms)` renames, for each set k, element i to `perms[k][i]`; it must be
 * pure, give a state of the same schema, and be a group action (the identity renaming gives back an equal state).
 */
export interface Symmetry<S, C> {
  /** The symmetric sets at constants `constants`, in the order `permute` receives their renamings. */
  sets(constants: C): readonly SymmetricSet[];
  permute(state: S, perms: readonly (readonly number[])[], constants: C): S;
  /**
   * Whether the reduction is used only when asked for (`--symmetry`, compile option `symmetry: true`), not by
   * default: for models whose default checks include properties symmetry does not combine with (temporal ones), or
   * whose unreduced counts are the ones recorded (the lock-level VFIO models). @defaultValue false: used unless
   * turned off (`--no-symmetry`)
   */
  readonly optIn?: boolean;
}

/** The symmetry of any model, as the engine sees it. */
export type AnySymmetry = Symmetry<unknown, JsonRecord>;

/*
 * Sets and functions over a symmetric set's members (`t.set(universe)`, `t.fn(domain, range)`, with the members in
 * the set's element order) are renamed by `setPermute` and `fnPermute` (`sets.ts`); the engine cannot tell which
 * universe a symmetric set is, so `permute` must call them. A renaming that leaves a set out of universe order is
 * caught: the state is then outside its schema (LC202).
 */

/**
 * `values` re-indexed by the renaming `perm`: element `i` moves to position `perm[i]` (for arrays indexed by a
 * symmetric set, such as `rmState[rm]`). Guarantees a new array; `values` is not changed.
 */
export function permuteIndexed<T>(values: readonly T[], perm: readonly number[]): T[] {
  const out = new Array<T>(values.length);
  for (let i = 0; i < values.length; i += 1) out[perm[i]!] = values[i]!;
  return out;
}
