/**
 * Symmetry reduction (`api/symmetry.ts`, `core/symmetry.ts`): the engine stores one state per orbit, so its distinct
 * count must equal the number of orbits of the reachable states — computed here independently, by a plain BFS over
 * the spec's own functions with no encoding, grouping states by the least JSON text over every renaming. TLC's own
 * numbers with SYMMETRY are in `test/spec/examples/tlcCounts.test.ts` (MCVoting: 77 states, 451 generated). Traces
 * of a symmetric model are concrete: they start at a real initial state and every step is a real transition.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalJson, check, checkSync, defineModel, Replayer, compileModel, type AnyModel, type Json, type JsonRecord } from '../../checker/engine/index.js';
import { mcVoting } from '../../spec/examples/mcVoting.js';
import { twoPhase, twoPhaseSymmetric } from '../../spec/examples/twoPhase.js';
import { ring } from '../models/ring.js';

/** Every permutation of 0..n-1. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

/** The reachable states of `model` by a plain BFS on its spec (no codec, no engine), and their number of orbits. */
function orbitsByBrute(model: AnyModel, constantSet: string): { states: number; orbits: number } {
  const c = model.constants[constantSet] as JsonRecord;
  const spec = model.spec;
  const seen = new Map<string, unknown>();
  let frontier = [...spec.init(c)];
  for (const s of frontier) seen.set(canonicalJson(s as Json), s);
  while (frontier.length > 0) {
    const next: unknown[] = [];
    for (const s of frontier) {
      for (const def of Object.values(spec.actions)) {
        const params = def.params === undefined ? [null] : typeof def.params === 'function' ? def.params(c) : def.params;
        for (const p of params) {
          if (def.enabled && !def.enabled(s, p, c)) continue;
          const raw = def.next(s, p, c) as unknown;
          const t = raw !== null && typeof raw === 'object' && 'state' in (raw as object) && 'result' in (raw as object) ? (raw as { state: unknown }).state : raw;
          const key = canonicalJson(t as Json);
          if (!seen.has(key)) {
            seen.set(key, t);
            next.push(t);
          }
        }
      }
    }
    frontier = next;
  }
  const symmetry = model.symmetry!;
  const renamings = symmetry.sets(c).reduce<number[][][]>((acc, set) => acc.flatMap((prefix) => permutations(set.size).map((p) => [...prefix, p])), [[]]);
  const orbits = new Set<string>();
  for (const s of seen.values()) {
    let least: string | undefined;
    for (const r of renamings) {
      const key = canonicalJson(symmetry.permute(s, r, c) as Json);
      if (least === undefined || key < least) least = key;
    }
    orbits.add(least!);
  }
  return { states: seen.size, orbits: orbits.size };
}

describe('symmetry reduction counts orbits', () => {
  it.each([
    ['TwoPhase, RM = 5', twoPhaseSymmetric, 'rm5'],
    ['TwoPhase, RM = 3', twoPhaseSymmetric, 'default'],
    ['MCVoting', mcVoting, 'default'],
  ] as const)('%s: distinct states = orbits of the reachable states (brute force)', (_, model, set) => {
    const brute = orbitsByBrute(model, set);
    const reduced = checkSync(model, { constantSet: set });
    const full = checkSync(model, { constantSet: set, symmetry: false });
    expect(full.stats.distinctStates).toBe(brute.states);
    expect(reduced.stats.distinctStates).toBe(brute.orbits);
    expect(reduced.stats.depth).toBe(full.stats.depth);
    expect(reduced.status).toBe('ok');
    expect(reduced.symmetry?.renamings).toBe(model === mcVoting ? 12 : set === 'rm5' ? 120 : 6);
    expect(full.symmetry).toBeUndefined();
  });

  it('TwoPhase with RM = 5 has 8,832 states without symmetry (TLC)', () => {
    const r = checkSync(twoPhase, { constantSet: 'rm5' });
    expect(r.stats.distinctStates).toBe(8832);
  });

  it('the same counts with 2 workers (a symmetric model is explored on one thread)', async () => {
    const moduleUrl = pathToFileURL(path.resolve('dist/spec/examples/twoPhase.js')).href;
    const counts = async (workers: number) => {
      const r = await check(twoPhaseSymmetric, { constantSet: 'rm5', workers, modelSource: { moduleUrl, exportName: 'twoPhaseSymmetric' } });
      const { statesGenerated, distinctStates, depth, coverage } = r.stats;
      return { statesGenerated, distinctStates, depth, coverage, status: r.status };
    };
    expect(await counts(2)).toEqual(await counts(1));
  });
});

describe('traces of a symmetric model are concrete', () => {
  // Symmetric invariants (they do not name a particular RM), each violated at some depth.
  const violated = defineModel({
    ...twoPhaseSymmetric,
    name: 'TwoPhaseSymmetricViolated',
    properties: {
      notTwoPrepared: { kind: 'invariant', holds: (s) => s.rmState.filter((r) => r === 'prepared').length < 2 },
      notOneAbortedTwoPrepared: {
        kind: 'invariant',
        holds: (s) => !(s.rmState.filter((r) => r === 'prepared').length >= 2 && s.rmState.includes('aborted')),
      },
      notAllCommitted: { kind: 'invariant', holds: (s) => !s.rmState.every((r) => r === 'committed') },
    },
  });

  it.each(['default', 'rm5'])('every counterexample replays from a real initial state, label by label (%s)', (set) => {
    const reduced = checkSync(violated, { constantSet: set, continueAfterViolation: true });
    const full = checkSync(violated, { constantSet: set, continueAfterViolation: true, symmetry: false });
    const compiled = compileModel(violated, { constantSet: set });
    const initial = canonicalJson(compiled.initialStates()[0] as Json);
    const named = reduced.properties.filter((p) => p.name !== 'deadlock');
    expect(named).toHaveLength(3);
    for (const p of named) {
      expect(p.status, p.name).toBe('violated');
      const steps = p.counterexample!.steps;
      // as short as without symmetry (BFS on orbits keeps depths)
      expect(steps.length).toBe(full.properties.find((q) => q.name === p.name)!.counterexample!.steps.length);
      expect(canonicalJson(steps[0]!.state as Json)).toBe(initial);
      const replayer = new Replayer(compiled);
      let position = replayer.start(steps[0]!.state);
      for (const step of steps.slice(1)) {
        const index = compiled.labels.findIndex((l) => canonicalJson(l as unknown as Json) === canonicalJson(step.label as unknown as Json));
        const outcome = replayer.step(position, index);
        expect(outcome.kind).toBe('step');
        if (outcome.kind !== 'step') return;
        expect(canonicalJson(outcome.position.state as Json)).toBe(canonicalJson(step.state as Json));
        position = outcome.position;
      }
    }
  });
});

describe('symmetry is refused where it is unsound or broken', () => {
  it('with temporal or recoverability properties: a usage error naming them (TLC warns the same)', () => {
    const symmetricRing = defineModel({ ...ring(), symmetry: { sets: () => [{ name: 'Nothing', size: 2 }], permute: (s) => s } });
    expect(() => checkSync(symmetricRing)).toThrow(/symmetry reduction with them is unsound .*--no-symmetry/);
    expect(checkSync(symmetricRing, { symmetry: false }).status).toBe('violated');
  });

  it('a renaming that leaves the schema is the spec\'s fault (LC202)', () => {
    const broken = defineModel({
      ...twoPhaseSymmetric,
      name: 'BrokenSymmetry',
      symmetry: { ...twoPhaseSymmetric.symmetry!, permute: (s) => ({ ...s, tmState: 'lost' as never }) },
    });
    const r = checkSync(broken);
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'LC202' });
    expect(r.error!.message).toMatch(/^symmetry.permute\(\) gave a state outside the schema/);
  });
});
