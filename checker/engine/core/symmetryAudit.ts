/**
 * The symmetry audit: a declared symmetry is the model's promise (`api/symmetry.ts`), and a broken promise — a value
 * naming a thread that `permute` forgets to rename, or "interchangeable" threads that behave differently — makes the
 * reduced count and the verdicts wrong without any error. The audit tests the promise on sampled states: for a state
 * `s` and renamings `π` (every renaming when there are at most {@link AUDITED_RENAMINGS}, else that many spread over
 * the group), the successors of `π(s)` must be exactly the renamings of the successors of `s` (the same multiset of
 * encodings, results, constraint outcomes and assertion failures), and every selected invariant, and the target of
 * every selected recoverability property (`alwaysReachable P`: AG EF P on the orbits equals AG EF P on the states
 * exactly when P is symmetric), must give the same verdict on `s` and on `π(s)`.
 *
 * Guarantees: `auditSymmetry` does not change `exp`; it returns undefined when the promise holds on this state and
 * a one-line explanation (for LC210) when it does not; a renaming that throws or leaves the schema is a SpecError
 * (LC201, LC202), as in canonicalisation. It expands `π(s)` through the successor core, so it must not
 * run while the core is in the middle of another expansion.
 */
import { SpecError } from '../api/errors.js';
import { canonicalJson } from '../api/json.js';
import { SchemaError, SchemaMismatch } from '../encoding/codec.js';
import type { CompiledModel } from './compileModel.js';
import type { SuccessorCore } from './examine.js';
import { EntryFlag, EntryKind, type Expansion } from './expansion.js';

/** The most renamings audited per sampled state. */
export const AUDITED_RENAMINGS = 6;

/** The renamings the audit tries (indices into the canonicalizer's renamings), deterministic. */
function auditedRenamings(count: number): number[] {
  if (count <= AUDITED_RENAMINGS) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: AUDITED_RENAMINGS }, (_, i) => Math.floor((i * count) / AUDITED_RENAMINGS));
}

/**
 * Checks the symmetry's promise on `parent` and its entries `exp[from .. to-1]` (see the module comment). Returns
 * undefined when it holds (or when the entries end in an error, which the caller reports), else the explanation.
 */
export function auditSymmetry(compiled: CompiledModel, core: SuccessorCore, parent: unknown, exp: Expansion, from: number, to: number): string | undefined {
  const symmetry = compiled.symmetry;
  if (symmetry === undefined) return undefined;
  for (let e = from; e < to; e += 1) if (exp.kind[e] === EntryKind.error) return undefined;
  const codec = compiled.codec;
  const W = codec.words;
  const scratch = new Uint32Array(W);
  const encode = (state: unknown, into: Uint32Array): void => {
    try {
      codec.encode(state, into, 0);
    } catch (error) {
      if (error instanceof SchemaError || error instanceof SchemaMismatch) throw new SpecError('LC202', `symmetry.permute() gave a state outside the schema: ${error.message}`);
      throw error;
    }
  };
  const wordsOf = (state: unknown): string => {
    encode(state, scratch);
    return Array.from(scratch, (w) => w.toString(36)).join('.');
  };
  const stepKey = (words: string, flags: number, result: unknown): string =>
    `S${flags & EntryFlag.outsideConstraint ? 'c' : ''}:${words}:${result === undefined ? '' : canonicalJson(result as never)}`;
  const keyOf = (x: Expansion, e: number, self: unknown, rename: (state: unknown) => unknown): string => {
    if (x.kind[e] === EntryKind.assertion) return `A:${x.messages[e]?.property ?? ''}`;
    const flags = x.flags[e]!;
    const successor = flags & EntryFlag.sameAsParent ? self : (x.states[e] ?? codec.decode(x.encodings, e * W));
    return stepKey(wordsOf(rename(successor)), flags, x.results[e]);
  };
  const recoverability = compiled.graphProperties.flatMap((g) => (g.property.kind === 'alwaysReachable' ? [g.property] : []));
  const verdicts = (state: unknown): string => {
    const failures: number[] = [];
    const fault = compiled.invariantChecks(state, compiled.constants, compiled.properties.map(() => false), failures);
    if (fault !== undefined) return 'threw';
    let targets = '';
    for (const p of recoverability) {
      try {
        targets += p.holds(state, compiled.constants) ? '1' : '0';
      } catch {
        return 'threw';
      }
    }
    return `${failures.join()}|${targets}`;
  };
  const describe = (renaming: readonly (readonly number[])[]): string =>
    symmetry.sets.map((set, k) => `${set.name} → [${renaming[k]!.join(',')}]`).join(', ');
  const labelText = (label: number): string => {
    const l = compiled.labels[label];
    return l === undefined ? 'a label' : l.params === null ? l.action : `${l.action} ${canonicalJson(l.params)}`;
  };

  const parentVerdicts = verdicts(parent);
  const again = core.createExpansion();
  for (const r of auditedRenamings(symmetry.renamings.length)) {
    const renaming = symmetry.renamings[r]!;
    const rename = (state: unknown): unknown => symmetry.renamed(state, renaming);
    const renamedParent = rename(parent);
    if (verdicts(renamedParent) !== parentVerdicts) {
      return `renaming ${describe(renaming)} changes which invariants (or recoverability targets) hold on this state`;
    }
    const expected = new Map<string, number>();
    for (let e = from; e < to; e += 1) {
      const key = keyOf(exp, e, parent, rename);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const words = new Uint32Array(W);
    encode(renamedParent, words);
    again.reset();
    core.expandState(renamedParent, words, 0, again);
    for (let e = 0; e < again.count; e += 1) {
      if (again.kind[e] === EntryKind.error) return undefined; // the renamed state's own error: reported when reached
      const key = keyOf(again, e, renamedParent, (s) => s);
      const left = expected.get(key) ?? 0;
      if (left === 0) {
        return `renaming ${describe(renaming)} of this state gives a successor (by ${labelText(again.label[e]!)}) that is no renaming of a successor of the state`;
      }
      expected.set(key, left - 1);
    }
    for (const left of expected.values()) {
      if (left > 0) return `renaming ${describe(renaming)} of this state loses a successor: the renamed state has fewer successors`;
    }
  }
  return undefined;
}
