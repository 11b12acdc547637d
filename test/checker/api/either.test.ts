/**
 * `either`: the labels it makes (bindings × branches × witnesses, in order), the guards it combines, and that the
 * split action behaves alike under every driver — sequential BFS, the parallel driver, `simulate` and `replay` —
 * since they all examine labels through the one successor core (none has its own copy of the rules).
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, check, checkSync, compileModel, defineModel, defineSpec, either, Replayer, simulate, t } from '../../../checker/engine/index.js';
import { loadModel, resolveModelSource } from '../../../checker/cli/loadModel.js';
import { renderCheckResultJson } from '../../../checker/cli/renderCheckResult.js';

type S = { readonly x: number; readonly y: number };
type C = { readonly max: number };

/** x and y count up to max; Bump(who) is `x' = x + 1 \/ y' = y + 1` (when below max), the second split by a witness. */
const tiny = defineModel<S, C>({
  name: 'Tiny',
  spec: defineSpec<S, C>({
    name: 'Tiny',
    schema: (c) => t.record({ x: t.int(0, c.max), y: t.int(0, c.max) }),
    init: () => [{ x: 0, y: 0 }],
    actions: {
      Bump: either<S, C, { who: string }>({
        params: [{ who: 'a' }, { who: 'b' }],
        enabled: (_s, { who }) => who === 'a' || who === 'b',
        branches: {
          x: { enabled: (s, _p, c) => s.x < c.max, next: (s) => ({ ...s, x: s.x + 1 }) },
          // y' = y + 1 when y < max by way of "low" (y < 1) or "any": two successors when y = 0.
          y: {
            witnesses: ['low', 'any'],
            enabled: (s, _p, c, w) => (w === 'low' ? s.y < 1 : s.y < c.max),
            next: (s) => ({ ...s, y: s.y + 1 }),
          },
        },
      }),
      Reset: either<S, C>({ branches: { toZero: { enabled: (s) => s.x === 2 && s.y === 2, next: () => ({ x: 0, y: 0 }) } } }),
    },
  }),
  constants: { default: { max: 2 } },
  properties: {},
  deadlock: false,
});

describe('either', () => {
  it('makes one label per binding, branch and witness, in declaration order', () => {
    const labels = compileModel(tiny).labels.map((l) => canonicalJson(l));
    expect(labels).toEqual([
      '{"action":"Bump","params":{"branch":"x","who":"a"}}',
      '{"action":"Bump","params":{"branch":"y","via":"low","who":"a"}}',
      '{"action":"Bump","params":{"branch":"y","via":"any","who":"a"}}',
      '{"action":"Bump","params":{"branch":"x","who":"b"}}',
      '{"action":"Bump","params":{"branch":"y","via":"low","who":"b"}}',
      '{"action":"Bump","params":{"branch":"y","via":"any","who":"b"}}',
      '{"action":"Reset","params":"toZero"}',
    ]);
  });

  it('counts one generated state per enabled (binding, branch, witness), as TLC does', () => {
    const r = checkSync(tiny);
    // 9 states (x, y in 0..2). Per state and per who: x < 2 gives 1; y = 0 gives 2, y = 1 gives 1; plus Reset at (2, 2).
    let generated = 1;
    for (let x = 0; x <= 2; x += 1) for (let y = 0; y <= 2; y += 1) generated += 2 * ((x < 2 ? 1 : 0) + (y === 0 ? 2 : y === 1 ? 1 : 0)) + (x === 2 && y === 2 ? 1 : 0);
    expect({ distinct: r.stats.distinctStates, generated: r.stats.statesGenerated }).toEqual({ distinct: 9, generated });
  });

  it('passes the binding without the branch and witness keys, and refuses bindings that have them', () => {
    const seen: unknown[] = [];
    const probe = either<S, C, { who: string }>({
      params: [{ who: 'a' }],
      branches: { only: { enabled: (_s, p, _c, w) => (seen.push([p, w]), true), next: (s) => s } },
    });
    probe.enabled!({ x: 0, y: 0 }, { who: 'a', branch: 'only' }, { max: 1 });
    expect(seen).toEqual([[{ who: 'a' }, null]]);
    const clash = either<S, C, { branch: string }>({ params: [{ branch: 'x' }], branches: { only: { next: (s) => s } } });
    expect(() => (clash.params as (c: C) => unknown)({ max: 1 })).toThrow(/branch key|branchKey/);
    expect(() => either<S, C>({ branches: {} })).toThrow(/at least one branch/);
  });

  it('sequential BFS, simulate and replay agree on the successors of the split action', () => {
    const compiled = compileModel(tiny);
    const bfs = checkSync(compiled);
    // Replay: a BFS of our own through Replayer.step over every label gives the same counts.
    const replayer = new Replayer(compiled);
    const seen = new Map<string, unknown>([[canonicalJson(compiled.initialStates()[0]), compiled.initialStates()[0]]]);
    let frontier = [...seen.values()];
    let generated = frontier.length;
    while (frontier.length > 0) {
      const next: unknown[] = [];
      for (const state of frontier) {
        for (let i = 0; i < compiled.labels.length; i += 1) {
          const outcome = replayer.step(replayer.start(state), i);
          if (outcome.kind !== 'step') continue;
          generated += 1;
          const key = canonicalJson(outcome.position.state);
          if (!seen.has(key)) {
            seen.set(key, outcome.position.state);
            next.push(outcome.position.state);
          }
        }
      }
      frontier = next;
    }
    expect({ distinct: seen.size, generated }).toEqual({ distinct: bfs.stats.distinctStates, generated: bfs.stats.statesGenerated });
    // Simulate visits only reachable states, and reaches all of them.
    const visited = new Set<string>();
    const sim = simulate(compileModel(tiny), { seed: 7, runs: 50, maxSteps: 30, onState: (s) => visited.add(canonicalJson(s)) });
    expect(sim.status).toBe('ok');
    expect([...visited].every((k) => seen.has(k))).toBe(true);
    expect(visited.size).toBe(seen.size);
  });

  it('the parallel driver (2 workers) gives the sequential result byte for byte on 2PCwithBTM', async () => {
    const model = await loadModel('2pc-btm');
    const sequential = renderCheckResultJson(checkSync(compileModel(model)));
    const parallel = await check(compileModel(model), { workers: 2, minParallelLevel: 1, modelSource: await resolveModelSource('2pc-btm') });
    expect(renderCheckResultJson(parallel)).toBe(sequential);
    expect(JSON.parse(sequential)).toMatchObject({ stats: { distinctStates: 1245, statesGenerated: 5841, depth: 15 } });
  });
});
