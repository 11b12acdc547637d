/**
 * SimpleAllocator against TLC's record (tlcManifest.json: success, 400 distinct, 1633 generated, depth 6, for
 * SimpleAllocator.cfg with ClientsWillReturn, ClientsWillObtain and InfOftenSatisfied under
 * `\A c : WF_vars(Return(c, alloc[c]))` and `\A c : SF_vars(\E S : Allocate(c, S))`); the module's own weaker
 * SimpleAllocator2, of which it says ClientsWillObtain and InfOftenSatisfied do not hold; and mutants of the
 * fairness that must fail, each with a counterexample replayed on the model.
 */
import { describe, expect, it } from 'vitest';
import { checkSync, compileModel, strongFairness, weakFairness, type PropertyOutcome } from '../../../checker/engine/index.js';
import {
  SIMPLE_ALLOCATOR_CONSTANTS,
  allocateAction,
  simpleAllocator,
  simpleAllocatorModel,
  type SimpleAllocatorState,
} from '../../../spec/examples/simpleAllocator.js';
import { checkLasso, unfairConditions } from './lasso.js';
import { tlcRecord } from './tlcManifest.js';

const tlc = tlcRecord('simpleAllocator');
type State = SimpleAllocatorState;
const { Clients, Resources } = SIMPLE_ALLOCATOR_CONSTANTS;
/** The .cfg property a lifecheck property is (a conjunct of). */
const cfgName = (name: string): string => name.replace(/_.*$/, '');
const counts = (r: ReturnType<typeof checkSync>) => ({ distinct: r.stats.distinctStates, generated: r.stats.statesGenerated, depth: r.stats.depth });
const byCfgName = (outcomes: readonly PropertyOutcome[]): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const p of outcomes) (out[cfgName(p.name)] ??= []).push(p.status);
  return out;
};

describe('SimpleAllocator (tlaplus/Examples allocator, SimpleAllocator.cfg)', () => {
  it("states the .cfg's invariants and properties, each quantified property as one property per binding", () => {
    const names = Object.keys(simpleAllocator.properties);
    expect([...new Set(names.map(cfgName))]).toEqual([...tlc.cfg!.invariants, ...tlc.cfg!.properties]);
    expect(names.filter((n) => cfgName(n) === 'ClientsWillReturn')).toEqual(Clients.map((c) => `ClientsWillReturn_${c}`));
    expect(names.filter((n) => cfgName(n) === 'ClientsWillObtain')).toEqual(Clients.flatMap((c) => Resources.map((r) => `ClientsWillObtain_${c}_${r}`)));
    expect(names.filter((n) => cfgName(n) === 'InfOftenSatisfied')).toEqual(Clients.map((c) => `InfOftenSatisfied_${c}`));
  });

  it('has the fairness of SPECIFICATION SimpleAllocator: WF of returning everything, SF of Allocate, per client', () => {
    expect(compileModel(simpleAllocator).fairness.map((f) => f.name)).toEqual([
      ...Clients.map((c) => `WF(ReturnAll ${JSON.stringify(c)})`),
      ...Clients.map((c) => `SF(${allocateAction(c)})`),
    ]);
  });

  it('refuses clients other than those its Allocate actions are built for', () => {
    expect(() => compileModel(simpleAllocator, { constantOverrides: { Clients: ['c1', 'c2'] } })).toThrow(/built for Clients = \{c1, c2, c3\}/);
    expect(compileModel(simpleAllocatorModel({ Clients: ['c1', 'c2'], Resources: ['r1'] })).actionNames).toEqual([
      'Request',
      allocateAction('c1'),
      allocateAction('c2'),
      'ReturnAll',
      'Return',
    ]);
  });

  it(`gives TLC's counts and verdict (${tlc.result}) with the graph fully explored`, () => {
    expect(tlc.result).toBe('success');
    const result = checkSync(simpleAllocator);
    expect(result.complete).toBe(true);
    expect(counts(result)).toEqual({ distinct: tlc.distinctStates, generated: tlc.totalStates, depth: tlc.stateDepth });
    expect(result.properties.length).toBe(2 + 3 + 6 + 3 + 1);
    for (const p of result.properties) expect(p.status, p.name).toBe('holds');
  });

  it('SimpleAllocator2 (the module: ClientsWillObtain and InfOftenSatisfied do not hold) fails them, with fair lassos', () => {
    const weaker = simpleAllocatorModel(SIMPLE_ALLOCATOR_CONSTANTS, 'SimpleAllocator2');
    const result = checkSync(weaker, { continueAfterViolation: true });
    expect(result.complete).toBe(true);
    // The same Next, so TLC's counts for SimpleAllocator.cfg.
    expect(counts(result)).toEqual({ distinct: tlc.distinctStates, generated: tlc.totalStates, depth: tlc.stateDepth });
    // The module's THEOREM SimpleAllocator2 => ClientsWillReturn, and its list of what does not hold. The spec is
    // symmetric in Clients and in Resources (its Symmetry), so a conjunct fails for one binding iff for every one.
    expect(byCfgName(result.properties)).toEqual({
      TypeInvariant: ['holds'],
      ResourceMutex: ['holds'],
      ClientsWillReturn: ['holds', 'holds', 'holds'],
      ClientsWillObtain: new Array(6).fill('violated'),
      InfOftenSatisfied: new Array(3).fill('violated'),
      deadlock: ['holds'],
    });
    for (const p of result.properties.filter((o) => o.status === 'violated')) {
      const lasso = checkLasso(weaker, p.counterexample);
      const k = Clients.indexOf(p.name.split('_')[1]!);
      const loop = lasso.loopStates as State[];
      // The client keeps an outstanding request for ever.
      expect(loop.every((s) => s.unsat[k]!.length > 0), p.name).toBe(true);
      if (lasso.loopSteps.length === 0) {
        // Stuttering is fair only in a circular wait: everything requested is held by someone, and whoever holds
        // something still waits for more (so SimpleAllocator2 does not make it return).
        const [s] = loop as [State];
        expect(s.unsat.every((u) => u.every((r) => s.alloc.some((a) => a.includes(r)))), p.name).toBe(true);
        expect(s.alloc.every((a, i) => a.length === 0 || s.unsat[i]!.length > 0), p.name).toBe(true);
      }
    }
  });

  it('mutant: weak instead of strong fairness of Allocate starves a client while its resource comes and goes', () => {
    const mutant = {
      ...simpleAllocator,
      fairness: [weakFairness('ReturnAll', { perParams: true }), ...Clients.map((c) => weakFairness(allocateAction(c)))],
    };
    const result = checkSync(mutant, { continueAfterViolation: true });
    const obtain = result.properties.find((p) => p.name === 'ClientsWillObtain_c1_r1')!;
    expect(obtain.status).toBe('violated');
    const lasso = checkLasso(mutant, obtain.counterexample);
    const loop = lasso.loopStates as State[];
    expect(loop.every((s) => s.unsat[0]!.includes('r1') && !s.alloc[0]!.includes('r1'))).toBe(true);
    // Allocate(c1, _) is enabled somewhere on the loop but not everywhere: weak fairness allows it, strong does not.
    expect(unfairConditions(simpleAllocator, lasso)).toEqual([`SF(${allocateAction('c1')})`]);
  });

  it('mutant: without the fairness of returning, a client may keep its resources for ever', () => {
    const mutant = { ...simpleAllocator, fairness: Clients.map((c) => strongFairness(allocateAction(c))) };
    const result = checkSync(mutant, { continueAfterViolation: true });
    const returns = result.properties.find((p) => p.name === 'ClientsWillReturn_c1')!;
    expect(returns.status).toBe('violated');
    const lasso = checkLasso(mutant, returns.counterexample);
    const loop = lasso.loopStates as State[];
    expect(loop.every((s) => s.unsat[0]!.length === 0 && s.alloc[0]!.length > 0)).toBe(true);
    expect(unfairConditions(simpleAllocator, lasso)).toContain('WF(ReturnAll "c1")');
  });
});
