/**
 * State-dependent parameters (`stateParams`): the same model written over a fixed universe with an `enabled` test and
 * over the state's own sets gives the same counts, verdicts and output bytes — sequentially, with 2 workers, under
 * symmetry, for liveness with fairness of whole actions, in simulation — and its counterexamples rebuild and replay
 * with the values themselves in the labels. What cannot work with them refuses with one LC line.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import {
  canonicalJson,
  check,
  checkSync,
  compileModel,
  defineModel,
  defineSpec,
  simulate,
  t,
  weakFairness,
  type AnyModel,
  type Json,
  type Trace,
} from '../../../checker/engine/index.js';
import { renderCheckResultJson } from '../../../checker/cli/renderCheckResult.js';
import { diffModels } from '../../../checker/diff/diffModels.js';
import { replayCalls } from '../../../traces/replay.js';
import { readItf, writeItf } from '../../../traces/itf.js';
import { poolModel } from './fixtures/tokenPool.js';

const fixture = fileURLToPath(new URL('./fixtures/tokenPool.ts', import.meta.url));
const counts = (r: ReturnType<typeof checkSync>) => ({ distinct: r.stats.distinctStates, generated: r.stats.statesGenerated, depth: r.stats.depth });

/** Every step of `trace`, applied to the previous state with the model's own labels (looked up in that state), gives the next. */
function expectReplays(model: AnyModel, trace: Trace<unknown>, constantSet?: string): void {
  const compiled = compileModel(model, { ...(constantSet !== undefined ? { constantSet } : {}), symmetry: false });
  const report = replayCalls(compiled, trace.steps.slice(1).map((s) => ({ label: s.label! })), trace.steps[0]!.state);
  expect(report.divergence).toBeUndefined();
  expect(report.conforming.map((c) => canonicalJson(c.state))).toEqual(trace.steps.slice(1).map((s) => canonicalJson(s.state)));
}

describe('stateParams: a state-dependent ∃', () => {
  it('gives the counts, verdict and bytes of the same model over a fixed universe (hand count: 4 tokens, 2 processes)', () => {
    for (const continueAfterViolation of [false, true]) {
      const fixed = checkSync(compileModel(poolModel('fixed')), { continueAfterViolation });
      const dynamic = checkSync(compileModel(poolModel('stateParams')), { continueAfterViolation });
      expect(renderCheckResultJson(dynamic)).toBe(renderCheckResultJson(fixed));
      expect(dynamic.properties.find((p) => p.name === 'NoHoarder')!.status).toBe('violated');
    }
    // Every token is free or held by one of 2 processes: 3^4 = 81 states, all reachable.
    const all = checkSync(compileModel(poolModel('stateParams'), { properties: [] }));
    expect(all.stats.distinctStates).toBe(81);
    // Generated, by hand: in a state with f free tokens and h = 4 - f held, Take gives 2·(f + C(f,2)) successors,
    // Give h, Swap h·f; summed over the 2^h ways to place the held tokens among C(4,h) choices.
    let generated = 0;
    for (let f = 0; f <= 4; f += 1) {
      const h = 4 - f;
      const states = [1, 4, 6, 4, 1][h]! * 2 ** h;
      generated += states * (2 * (f + (f * (f - 1)) / 2) + h + h * f);
    }
    expect(all.stats.statesGenerated).toBe(generated + 1); // and the initial state
    expect(renderCheckResultJson(all)).toBe(renderCheckResultJson(checkSync(compileModel(poolModel('fixed'), { properties: [] }))));
  });

  it('with 2 workers gives the fixed universe\'s sequential result byte for byte', async () => {
    // workers load the TypeScript fixture through the built module hooks (dist/, which tests run after building)
    const { resolveModelSource } = (await import('../../../dist/checker/cli/loadModel.js')) as typeof import('../../../checker/cli/loadModel.js');
    const modelSource = await resolveModelSource(`${fixture}#poolStateParams`);
    for (const continueAfterViolation of [false, true]) {
      const sequential = renderCheckResultJson(checkSync(compileModel(poolModel('fixed')), { continueAfterViolation }));
      const parallel = await check(compileModel(poolModel('stateParams')), { continueAfterViolation, workers: 2, minParallelLevel: 1, modelSource });
      expect(renderCheckResultJson(parallel)).toBe(sequential);
    }
  }, 120_000);

  it("rebuilds a counterexample whose steps are state-dependent bindings, with the values in the labels, and it replays", () => {
    const result = checkSync(compileModel(poolModel('stateParams')));
    const trace = result.properties.find((p) => p.name === 'NoHoarder')!.counterexample!;
    expect(trace.steps.map((s) => (s.label === null ? null : canonicalJson(s.label)))).toEqual([
      null,
      '{"action":"Take","params":{"S":["a","b"],"p":"p1"}}',
      '{"action":"Take","params":{"S":["c","d"],"p":"p1"}}',
    ]);
    expectReplays(poolModel('stateParams'), trace);
    // through an ITF file: written, read back and replayed, the labels still name the bindings
    const compiled = compileModel(poolModel('stateParams'));
    const read = readItf(writeItf(trace, { modelName: 'token-pool', propertyName: 'NoHoarder', schema: compiled.model.spec.schema(compiled.constants) })).trace;
    expect(read.steps.map((s) => s.label)).toEqual(trace.steps.map((s) => s.label));
    expectReplays(poolModel('stateParams'), read);
    // a binding the state does not give is a divergence, not an unknown call
    const report = replayCalls(compileModel(poolModel('stateParams')), [{ label: { action: 'Take', params: { p: 'p1', S: ['a'] } } }, { label: { action: 'Give', params: { p: 'p2', x: 'a' } } }]);
    expect(report.conforming.length).toBe(1);
    expect(report.divergence?.kind).toBe('notAllowed');
  });

  it('under symmetry gives the orbit counts of the fixed universe, and concrete traces that replay', () => {
    for (const constantSet of ['default', 'three']) {
      const fixed = checkSync(compileModel(poolModel('fixed', { symmetric: true }), { constantSet }));
      const dynamic = checkSync(compileModel(poolModel('stateParams', { symmetric: true }), { constantSet }));
      expect(counts(dynamic)).toEqual(counts(fixed));
      expect(dynamic.properties.map((p) => p.status)).toEqual(fixed.properties.map((p) => p.status));
      const trace = dynamic.properties.find((p) => p.name === 'NoHoarder')!.counterexample;
      if (trace !== undefined) expectReplays(poolModel('stateParams'), trace, constantSet);
    }
    const orbits = checkSync(compileModel(poolModel('stateParams', { symmetric: true }), { properties: [] }));
    expect(orbits.stats.distinctStates).toBeLessThan(81);
  });

  it('checks liveness with fairness of the whole action: the same verdicts and lasso as the fixed universe', () => {
    const fixed = checkSync(compileModel(poolModel('fixed', { liveness: true }), { properties: ['P1Returns', 'CanEmpty'] }));
    const dynamic = checkSync(compileModel(poolModel('stateParams', { liveness: true }), { properties: ['P1Returns', 'CanEmpty'] }));
    expect(renderCheckResultJson(dynamic)).toBe(renderCheckResultJson(fixed));
    expect(dynamic.properties.map((p) => [p.name, p.status])).toEqual([
      ['P1Returns', 'violated'],
      ['CanEmpty', 'holds'],
    ]);
    const lasso = dynamic.properties[0]!.counterexample!;
    expect(lasso.loop).toBeDefined();
    expectReplays(poolModel('stateParams', { liveness: true }), lasso);
  });

  it('simulates: the same walks as the fixed universe', () => {
    const walk = (way: 'fixed' | 'stateParams') => {
      const visited: string[] = [];
      const r = simulate(compileModel(poolModel(way), { properties: [] }), { seed: 3, runs: 20, maxSteps: 15, onState: (s) => visited.push(canonicalJson(s)) });
      return { visited, generated: r.statesGenerated, distinct: r.distinctStates };
    };
    expect(walk('stateParams')).toEqual(walk('fixed'));
  });
});

describe('stateParams: refusals and faults', () => {
  it('--por refuses it in one line', () => {
    const base = poolModel('stateParams');
    const model = { ...base, spec: { ...base.spec, processes: { processOf: () => 0, owned: () => [] } } };
    expect(() => checkSync(compileModel(model), { partialOrder: true })).toThrow(/--por: .*action Take has state-dependent parameters \(stateParams\): drop --por/);
  });

  it('diff refuses it in one line (LC104)', () => {
    expect(() => diffModels(poolModel('fixed'), poolModel('stateParams'))).toThrow(
      expect.objectContaining({ code: 'LC104', message: expect.stringMatching(/^diff matches .* action Take has state-dependent parameters/) }),
    );
  });

  it('fairness per parameter of it is LC209; fairness of the whole action compiles', () => {
    const base = poolModel('stateParams');
    expect(() => compileModel({ ...base, fairness: [weakFairness('Give', { perParams: true })] })).toThrow(
      expect.objectContaining({ code: 'LC209', message: expect.stringMatching(/WF\(Give\) is per parameter, but Give's parameters depend on the state/) }),
    );
    expect(() => compileModel({ ...base, fairness: [weakFairness('Give', { perParams: true, groupBy: 'p' })] })).toThrow(expect.objectContaining({ code: 'LC209' }));
    expect(compileModel({ ...base, fairness: [weakFairness('Give')] }).fairness.map((f) => f.name)).toEqual(['WF(Give)']);
  });

  const faulty = (stateParams: (s: { n: number }) => unknown, extra: { params?: Json[]; maxParams?: number } = {}) =>
    defineModel<{ n: number }, Record<string, never>>({
      name: 'faulty',
      spec: defineSpec<{ n: number }, Record<string, never>>({
        name: 'faulty',
        schema: () => t.record({ n: t.int(0, 3) }),
        init: () => [{ n: 0 }],
        actions: { Step: { stateParams: stateParams as (s: { n: number }) => Json[], ...extra, next: (s) => ({ n: Math.min(3, s.n + 1) }) } },
      }),
      constants: { default: {} },
      properties: {},
      deadlock: false,
    });

  it.each([
    ['throws', (s: { n: number }) => (s.n === 1 ? (() => { throw new Error('boom'); })() : [0]), {}, /^stateParams\(\) of action Step threw: boom$/],
    ['is not an array', (s: { n: number }) => (s.n === 1 ? 'x' : [0]), {}, /^stateParams\(\) of action Step gave .*not an array/],
    ['repeats a value', (s: { n: number }) => (s.n === 1 ? [{ a: 1 }, { a: 1 }] : [0]), {}, /gave \{"a":1\} twice in one state/],
    ['gives more than maxParams', (s: { n: number }) => (s.n === 1 ? [1, 2, 3] : [0]), { maxParams: 2 }, /gave 3 values in one state, more than its maxParams \(2\)/],
    ['gives a value that is not JSON', (s: { n: number }) => (s.n === 1 ? [new Map()] : [0]), {}, /parameters must be JSON/],
  ] as const)('a stateParams that %s is an LC201 error with a trace to the state', (_what, fn, extra, message) => {
    const result = checkSync(compileModel(faulty(fn, extra)));
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('LC201');
    expect(result.error?.message).toMatch(message);
    expect(result.error?.trace?.steps.map((s) => (s.state as { n: number }).n)).toEqual([0, 1]);
  });

  it('params with stateParams, or a maxParams out of range, is refused at compile time (LC201)', () => {
    expect(() => compileModel(faulty(() => [0], { params: [0] }))).toThrow(expect.objectContaining({ code: 'LC201', message: expect.stringMatching(/either params or a stateParams function, not both/) }));
    expect(() => compileModel(faulty(() => [0], { maxParams: 0 }))).toThrow(expect.objectContaining({ code: 'LC201', message: expect.stringMatching(/maxParams of action Step is 0/) }));
  });
});
