/**
 * SimplifiedFastPaxos's Paxos (`spec/examples/simplifiedPaxos.ts`), the second tlaplus/Examples golden for symmetry:
 * TLC's 1,207 states / 13,290 generated / depth 22 with `SYMMETRY PaxosSymmetry` (from `tlcManifest.json`, also checked
 * by `tlcCounts.test.ts`), the counts without symmetry against the naive reference checker, the number of orbits
 * against a brute-force count, the port's symmetry checked to commute with its next-state relation, and the refusal
 * of symmetry together with a temporal property.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, checkSync, defineModel, eventually, UsageError, type Json } from '../../../checker/engine/index.js';
import { NONE, paxosSymmetry, simplifiedPaxos, type SimplifiedPaxosConstants, type SimplifiedPaxosState } from '../../../spec/examples/simplifiedPaxos.js';
import { naiveCheck } from '../../oracle/naiveChecker.js';
import { tlcRecord } from './tlcManifest.js';

type S = SimplifiedPaxosState;
type C = SimplifiedPaxosConstants;

const counts = (r: ReturnType<typeof checkSync>) => ({ distinctStates: r.stats.distinctStates, statesGenerated: r.stats.statesGenerated, depth: r.stats.depth });

/** Every permutation of 0..n-1. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

/** Every renaming of the model's symmetric sets (the product group). */
function renamings(c: C): number[][][] {
  return paxosSymmetry.sets(c).reduce<number[][][]>((acc, set) => acc.flatMap((prefix) => permutations(set.size).map((p) => [...prefix, p])), [[]]);
}

/** Every successor of `s`, one per enabled (action, parameters) binding, straight from the spec's functions. */
function successors(s: S, c: C): S[] {
  const out: S[] = [];
  for (const def of Object.values(simplifiedPaxos.spec.actions)) {
    const params = def.params === undefined ? [null] : typeof def.params === 'function' ? def.params(c as never) : def.params;
    for (const p of params) {
      if (def.enabled && !def.enabled(s as never, p as never, c as never)) continue;
      out.push(def.next(s as never, p as never, c as never) as S);
    }
  }
  return out;
}

/** The reachable states by a plain BFS with JSON keys (no codec, no engine). */
function reachable(c: C): Map<string, S> {
  const seen = new Map<string, S>();
  let frontier = simplifiedPaxos.spec.init(c as never) as S[];
  for (const s of frontier) seen.set(canonicalJson(s as Json), s);
  while (frontier.length > 0) {
    const next: S[] = [];
    for (const s of frontier) {
      for (const t of successors(s, c)) {
        const key = canonicalJson(t as Json);
        if (!seen.has(key)) {
          seen.set(key, t);
          next.push(t);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

let small: Map<string, S> | undefined;
/** The reachable states at constants `small` (6,353), computed once. */
const reachableSmall = (): Map<string, S> => (small ??= reachable(simplifiedPaxos.constants.small!));

const sortedKeys = (states: readonly S[]): string[] => states.map((s) => canonicalJson(s as Json)).sort();

describe('SimplifiedFastPaxos Paxos.cfg: symmetry', () => {
  it("with SYMMETRY: TLC's distinct and generated states and depth, every property holding", () => {
    const tlc = tlcRecord('simplifiedPaxos');
    const r = checkSync(simplifiedPaxos);
    expect(r.status).toBe('ok');
    expect(counts(r)).toEqual({ distinctStates: tlc.distinctStates, statesGenerated: tlc.totalStates, depth: tlc.stateDepth });
    expect(r.symmetry?.renamings).toBe(144);
    for (const p of r.properties) expect(p.status, p.name).toBe('holds');
  });

  it('without symmetry: 48,514 states, 491,173 generated, the same depth; constants small as the naive checker counts', () => {
    const full = checkSync(simplifiedPaxos, { symmetry: false });
    expect(full.status).toBe('ok');
    expect(full.symmetry).toBeUndefined();
    expect(counts(full)).toEqual({ distinctStates: 48_514, statesGenerated: 491_173, depth: 22 });
    // the naive reference checker (no symmetry, no codec) on the smaller constants, in seconds
    expect(naiveCheck(simplifiedPaxos, { constantSet: 'small' })).toEqual(counts(checkSync(simplifiedPaxos, { constantSet: 'small', symmetry: false })));
  });

  it('the symmetric count is the number of orbits of the reachable states (brute force, constants small)', () => {
    const c = simplifiedPaxos.constants.small!;
    const states = reachableSmall();
    const orbits = new Set<string>();
    for (const s of states.values()) {
      let least: string | undefined;
      for (const r of renamings(c)) {
        const key = canonicalJson(paxosSymmetry.permute(s, r, c) as Json);
        if (least === undefined || key < least) least = key;
      }
      orbits.add(least!);
    }
    const reduced = checkSync(simplifiedPaxos, { constantSet: 'small' });
    const full = checkSync(simplifiedPaxos, { constantSet: 'small', symmetry: false });
    expect(full.stats.distinctStates).toBe(states.size);
    expect(reduced.stats.distinctStates).toBe(orbits.size);
    expect(orbits.size).toBeLessThan(states.size);
    expect(reduced.stats.depth).toBe(full.stats.depth);
  });

  it('renaming commutes with the next-state relation and leaves every property unchanged (constants small)', () => {
    // the soundness promise of Model.symmetry: successors(π s) = π successors(s), as multisets (so the generated
    // count is the same whichever member of an orbit is explored), and each property agrees on s and π s
    const c = simplifiedPaxos.constants.small!;
    const all = renamings(c);
    const invariants = Object.entries(simplifiedPaxos.properties).flatMap(([name, p]) => (p.kind === 'invariant' ? [{ name, holds: p.holds }] : []));
    let k = 0;
    for (const s of reachableSmall().values()) {
      k += 1;
      if (k % 13 !== 0) continue; // one state in 13 (about 490), every renaming
      const after = successors(s, c);
      for (const r of all) {
        const renamed = paxosSymmetry.permute(s, r, c);
        expect(sortedKeys(successors(renamed, c))).toEqual(sortedKeys(after.map((t) => paxosSymmetry.permute(t, r, c))));
        for (const inv of invariants) expect(inv.holds(renamed, c), inv.name).toBe(inv.holds(s, c));
      }
    }
  });

  it('a symmetry that renames the replicas only is sound but coarser: more orbits (constants small)', () => {
    const replicasOnly = defineModel({
      ...simplifiedPaxos,
      name: 'SimplifiedPaxosReplicasOnly',
      symmetry: {
        sets: (c: C) => [{ name: 'Replicas', size: c.Replicas.length }],
        permute: (s: S, [replicas]: readonly (readonly number[])[], c: C) => paxosSymmetry.permute(s, [c.Values.map((_, i) => i), replicas!], c),
      },
    });
    const r = checkSync(replicasOnly, { constantSet: 'small' });
    expect(r.status).toBe('ok');
    expect(r.symmetry?.renamings).toBe(6);
    expect(r.stats.distinctStates).toBeGreaterThan(checkSync(simplifiedPaxos, { constantSet: 'small' }).stats.distinctStates);
    expect(r.stats.distinctStates).toBeLessThan(reachableSmall().size);
  });
});

describe('SimplifiedFastPaxos Paxos: symmetry with a temporal property is refused', () => {
  const withLiveness = defineModel({
    ...simplifiedPaxos,
    name: 'SimplifiedPaxosLiveness',
    properties: { ...simplifiedPaxos.properties, decides: eventually<S, C>((s) => s.decision !== NONE) },
  });

  it('a usage error (LC104) naming the property, telling the user to turn symmetry off', () => {
    let error: unknown;
    try {
      checkSync(withLiveness, { constantSet: 'small' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ code: 'LC104' });
    expect((error as Error).message).toMatch(/decides.*unsound.*--no-symmetry/);
  });

  it('with symmetry off it is checked: without fairness nothing forces a decision, a lasso', () => {
    const r = checkSync(withLiveness, { constantSet: 'small', symmetry: false });
    const decides = r.properties.find((p) => p.name === 'decides')!;
    expect(decides.status).toBe('violated');
    expect(decides.counterexample?.loop).toBeDefined();
  });

  it('selecting only the safety properties runs with symmetry', () => {
    const r = checkSync(withLiveness, { constantSet: 'small', properties: ['PaxosTypeOK', 'PaxosNontriviality', 'PaxosConsistency'] });
    expect(r.status).toBe('ok');
    expect(r.stats.distinctStates).toBe(checkSync(simplifiedPaxos, { constantSet: 'small' }).stats.distinctStates);
  });
});
