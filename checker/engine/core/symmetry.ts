/**
 * The canonical representative of a state's orbit under a model's symmetry (`api/symmetry.ts`): the least encoding,
 * word by word, over every renaming in the product of the symmetric groups of its sets (n1! × n2! × … renamings, the
 * identity included). Because it is the least over the whole group, it is the same for every member of an orbit, so
 * the visited set counts orbits — independent of which member exploration meets first.
 *
 * Guarantees: `canonicalize` rewrites the words in place and never changes them for a model without symmetry; a
 * renaming that gives a state outside the schema, or that throws, is the spec's fault (a SpecError, LC202/LC201).
 */
import { SpecError, messageOf } from '../api/errors.js';
import type { JsonRecord } from '../api/json.js';
import type { AnySymmetry, SymmetricSet } from '../api/symmetry.js';
import { SchemaError, SchemaMismatch, type StateCodec } from '../encoding/codec.js';

/** The most renamings a symmetry may have (8! = 40,320: more makes every state cost that many encodings). */
export const MAX_RENAMINGS = 40_320;

/** Every permutation of 0..n-1, in lexicographic order (the identity first). */
function permutations(n: number): number[][] {
  const out: number[][] = [];
  const walk = (prefix: number[], rest: number[]): void => {
    if (rest.length === 0) {
      out.push(prefix);
      return;
    }
    for (let i = 0; i < rest.length; i += 1) walk([...prefix, rest[i]!], [...rest.slice(0, i), ...rest.slice(i + 1)]);
  };
  walk([], Array.from({ length: n }, (_, i) => i));
  return out;
}

/** A compiled symmetry: its sets, its renamings (the identity excluded) and the canonicalisation. */
export class Canonicalizer {
  readonly sets: readonly SymmetricSet[];
  /** Every renaming but the identity: one permutation per set. */
  readonly renamings: readonly (readonly (readonly number[])[])[];
  private readonly scratch: Uint32Array;
  private readonly best: Uint32Array;

  constructor(
    private readonly symmetry: AnySymmetry,
    private readonly codec: StateCodec<unknown>,
    private readonly constants: JsonRecord,
  ) {
    let sets: readonly SymmetricSet[];
    try {
      sets = symmetry.sets(constants);
    } catch (error) {
      throw new SpecError('LC201', `symmetry.sets() threw: ${messageOf(error)}`);
    }
    if (!Array.isArray(sets) || sets.some((s) => !Number.isInteger(s?.size) || s.size < 0 || typeof s.name !== 'string')) {
      throw new SpecError('LC201', 'symmetry.sets() must give a list of {name, size} with whole sizes');
    }
    this.sets = sets;
    let product: number[][][] = [[]];
    let count = 1;
    for (const set of sets) {
      const perms = permutations(set.size);
      count *= perms.length;
      if (count > MAX_RENAMINGS) {
        throw new SpecError('LC201', `the symmetry has more than ${MAX_RENAMINGS.toLocaleString('en-US')} renamings (${sets.map((s) => `${s.name}: ${s.size}`).join(', ')}); declare smaller symmetric sets`);
      }
      product = product.flatMap((prefix) => perms.map((p) => [...prefix, p]));
    }
    this.renamings = product.slice(1); // the identity is first
    this.scratch = new Uint32Array(codec.words);
    this.best = new Uint32Array(codec.words);
  }

  /** How many renamings the symmetry has, the identity included. */
  get groupSize(): number {
    return this.renamings.length + 1;
  }

  /** `state` under `renaming` (one permutation per set), through the model's `permute` (a SpecError, LC201, when it throws). */
  renamed(state: unknown, renaming: readonly (readonly number[])[]): unknown {
    try {
      return this.symmetry.permute(state, renaming, this.constants);
    } catch (error) {
      throw new SpecError('LC201', `symmetry.permute() threw: ${messageOf(error)}`);
    }
  }

  /** Rewrites `words[offset ..]`, the encoding of `state`, to the least encoding over every renaming of `state`. */
  canonicalize(state: unknown, words: Uint32Array, offset: number): void {
    const W = this.codec.words;
    const best = this.best;
    best.set(words.subarray(offset, offset + W));
    let changed = false;
    for (const renaming of this.renamings) {
      let renamed: unknown;
      try {
        renamed = this.symmetry.permute(state, renaming, this.constants);
      } catch (error) {
        throw new SpecError('LC201', `symmetry.permute() threw: ${messageOf(error)}`);
      }
      try {
        this.codec.encode(renamed, this.scratch, 0);
      } catch (error) {
        if (error instanceof SchemaError || error instanceof SchemaMismatch) throw new SpecError('LC202', `symmetry.permute() gave a state outside the schema: ${error.message}`);
        throw error;
      }
      if (lessThan(this.scratch, best, W)) {
        best.set(this.scratch);
        changed = true;
      }
    }
    if (changed) words.set(best, offset);
  }
}

function lessThan(a: Uint32Array, b: Uint32Array, n: number): boolean {
  for (let i = 0; i < n; i += 1) {
    if (a[i] !== b[i]) return a[i]! < b[i]!;
  }
  return false;
}
