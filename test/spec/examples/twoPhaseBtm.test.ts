/**
 * 2PCwithBTM against TLC's numbers for 2PCwithBTM.cfg (1245 distinct, 5841 generated, depth 15; TypeOK and
 * Consistency hold), its Termination property under the module's fairness, a mutant whose Termination fails as a
 * lasso, and the counting rule of `either`: without the witnesses of the split guards the model is 990 short.
 */
import { describe, expect, it } from 'vitest';
import { checkSync, compileModel, either, type AnyModel } from '../../../checker/engine/index.js';
import { allDone, twoPhaseBtm, type TwoPhaseBtmState } from '../../../spec/examples/twoPhaseBtm.js';
import { checkLasso, unfairConditions } from './lasso.js';

const counts = (model: AnyModel) => {
  const r = checkSync(model);
  return { complete: r.complete, distinct: r.stats.distinctStates, generated: r.stats.statesGenerated, depth: r.stats.depth, result: r };
};

describe('2PCwithBTM (tlaplus/Examples transaction_commit, 2PCwithBTM.cfg)', () => {
  it("gives TLC's counts, and TypeOK, Consistency and Termination hold", () => {
    const { result, ...c } = counts(twoPhaseBtm);
    expect(c).toEqual({ complete: true, distinct: 1245, generated: 5841, depth: 15 });
    expect(result.properties.map((p) => [p.name, p.status])).toEqual([
      ['TypeOK', 'holds'],
      ['Consistency', 'holds'],
      ['Termination', 'holds'],
      ['deadlock', 'holds'],
    ]);
  });

  it('has one weak fairness condition per RM (over all its branches), and one per manager', () => {
    const compiled = compileModel(twoPhaseBtm);
    expect(compiled.fairness.map((f) => f.name)).toEqual([
      'WF(RManager {"self":"rm1"})',
      'WF(RManager {"self":"rm2"})',
      'WF(RManager {"self":"rm3"})',
      'WF(TManager)',
      'WF(BTManager)',
    ]);
    // rm1's condition covers its five branches (decideAbort twice: two witnesses) and nothing else.
    const rm1 = compiled.fairness[0]!;
    const covered = compiled.labels.filter((_, i) => rm1.labels[i] === 1);
    expect(covered.map((l) => (l.params as { branch: string }).branch)).toEqual(['prepare', 'decideCommit', 'decideAbort', 'decideAbort', 'fail', 'done']);
    expect(covered.every((l) => (l.params as { self: string }).self === 'rm1')).toBe(true);
  });

  it('mutant: without WF(BTManager), a hidden TM leaves the RMs undecided for ever (Termination fails as a lasso)', () => {
    const mutant = { ...twoPhaseBtm, fairness: twoPhaseBtm.fairness!.filter((f) => f.action !== 'BTManager') };
    const result = checkSync(mutant);
    const termination = result.properties.find((p) => p.name === 'Termination')!;
    expect(termination.status).toBe('violated');
    const lasso = checkLasso(mutant, termination.counterexample);
    const loop = lasso.loopStates as TwoPhaseBtmState[];
    expect(loop.some(allDone)).toBe(false);
    expect(loop.every((s) => s.tmState === 'hidden' && s.pc.btm === 'BTS')).toBe(true);
    // The loop is fair to what is left, and would be unfair to the backup TM.
    expect(unfairConditions(twoPhaseBtm, lasso)).toEqual(['WF(BTManager)']);
  });

  it('counts 990 fewer generated states when the split guards lose their witnesses (the plain rule)', () => {
    const plainActions = { ...twoPhaseBtm.spec.actions };
    const enabledOf = (name: string) => plainActions[name]!;
    const manager = (name: 'TManager' | 'BTManager') => {
      const original = enabledOf(name);
      // One label per branch: the branch enabled when any of its witnesses is.
      const compiled = compileModel(twoPhaseBtm);
      const byBranch = new Map<string, unknown[]>();
      for (const l of compiled.labels.filter((l) => l.action === name)) {
        const branch = typeof l.params === 'string' ? l.params : (l.params as { branch: string }).branch;
        byBranch.set(branch, [...(byBranch.get(branch) ?? []), l.params]);
      }
      return either<TwoPhaseBtmState, never>({
        branches: Object.fromEntries(
          [...byBranch].map(([branch, labels]) => [
            branch,
            {
              enabled: (s: TwoPhaseBtmState) => labels.some((p) => original.enabled!(s, p as never, compiled.constants as never)),
              next: (s: TwoPhaseBtmState) => original.next(s, labels[0] as never, compiled.constants as never) as TwoPhaseBtmState,
            },
          ]),
        ),
      });
    };
    const rm = enabledOf('RManager');
    const plain = {
      ...twoPhaseBtm,
      spec: {
        ...twoPhaseBtm.spec,
        actions: {
          TManager: manager('TManager'),
          BTManager: manager('BTManager'),
          // decideAbort once, enabled by either disjunct of its guard.
          RManager: {
            ...rm,
            params: (c: never) => (rm.params as (c: never) => { branch: string; via?: string }[])(c).filter((p) => p.via !== 'tmAbort').map(({ via: _via, ...p }) => p),
            enabled: (s: never, p: { branch: string }, c: never) =>
              p.branch === 'decideAbort' ? ['working', 'tmAbort'].some((via) => rm.enabled!(s, { ...p, via }, c)) : rm.enabled!(s, p, c),
          },
          Terminating: enabledOf('Terminating'),
        },
      },
    } as unknown as AnyModel;
    const { result: _r, ...c } = counts(plain);
    expect(c).toEqual({ complete: true, distinct: 1245, generated: 5841 - 990, depth: 15 });
  });
});
