import { describe, expect, it } from 'vitest';
import { checkSync, compileModel } from '../../../checker/engine/index.js';
import { peterson } from '../../../spec/examples/peterson.js';

/**
 * Reference counts from Rumur 2022.08.20 on bench/peers/filter.m (one thread): "N states, R rules fired". lifecheck
 * counts the initial state as generated too (TLC's rule), so statesGenerated = R + 1.
 */
const RUMUR = {
  3: { states: 705, rulesFired: 1725 },
  4: { states: 14_844, rulesFired: 44_120 },
} as const;

describe('Peterson filter lock', () => {
  it('has the constant sets small (N=3), default (N=5) and large (N=6), and 5 actions per process', () => {
    expect(peterson.constants).toEqual({ small: { N: 3 }, default: { N: 5 }, large: { N: 6 } });
    const compiled = compileModel(peterson, { constantSet: 'small' });
    expect(compiled.actionNames).toEqual(['enter', 'setLevel', 'setVictim', 'pass', 'exit']);
    expect(compiled.labels).toHaveLength(15);
    expect(compiled.labels[4]).toEqual({ action: 'setLevel', params: 1 });
  });

  for (const n of [3, 4] as const) {
    it(`N = ${n}: distinct states and rules fired equal Rumur's, mutex holds, no deadlock`, () => {
      const result = checkSync(peterson, { constantOverrides: { N: n } });
      expect(result.status).toBe('ok');
      expect(result.stats.distinctStates).toBe(RUMUR[n].states);
      expect(result.stats.statesGenerated).toBe(RUMUR[n].rulesFired + 1);
      expect(result.properties.map((p) => [p.name, p.status])).toEqual([
        ['mutex', 'holds'],
        ['deadlock', 'holds'],
      ]);
    });
  }

  it('reports a mutex violation when the wait is removed (the invariant can fail)', () => {
    const broken = {
      ...peterson,
      spec: { ...peterson.spec, actions: { ...peterson.spec.actions, pass: { ...peterson.spec.actions.pass!, enabled: (s: { pc: readonly number[] }, i: number) => s.pc[i] === 3 } } },
    };
    const result = checkSync(broken as typeof peterson, { constantSet: 'small' });
    expect(result.status).toBe('violated');
    expect(result.properties.find((p) => p.name === 'mutex')?.status).toBe('violated');
  });

  it('[slow] N = 5 (default): 344,805 distinct states, as Rumur and SPIN count', () => {
    const result = checkSync(peterson);
    expect(result.status).toBe('ok');
    expect(result.stats.distinctStates).toBe(344_805);
    expect(result.stats.statesGenerated).toBe(1_205_325 + 1);
  }, 60_000);
});
