import { describe, expect, it } from 'vitest';
import { checkSync, compileModel } from '../../../checker/engine/index.js';
import { counters, countersCounts } from '../../../spec/examples/counters.js';

describe('counters', () => {
  it('the formula gives 10,000,000 states and 126,000,000 transitions for 7 counters 0..9 (the bench set)', () => {
    expect(counters.constants.bench).toEqual({ counters: 7, max: 9 });
    expect(countersCounts(counters.constants.bench)).toEqual({
      distinctStates: 10_000_000,
      transitions: 126_000_000,
      statesGenerated: 126_000_001,
      depth: 64,
    });
    expect(compileModel(counters, { constantSet: 'bench' }).codec.words).toBe(1);
  });

  it('3 counters 0..9 (default): 1,000 states, 5,400 transitions (+1 initial generated), depth 28, no deadlock', () => {
    const result = checkSync(counters);
    expect(result.status).toBe('ok');
    expect(result.stats.distinctStates).toBe(1_000);
    expect(result.stats.statesGenerated).toBe(5_400 + 1);
    expect(result.stats.depth).toBe(28);
    expect(result.properties.map((p) => [p.name, p.status])).toEqual([['deadlock', 'holds']]);
    expect(result.stats.coverage).toEqual([
      { action: 'inc', statesGenerated: 2_700, distinctStates: 999 },
      { action: 'dec', statesGenerated: 2_700, distinctStates: 0 },
    ]);
  });

  for (const c of [
    { counters: 1, max: 1 },
    { counters: 2, max: 9 },
    { counters: 4, max: 3 },
    { counters: 5, max: 2 },
  ]) {
    it(`${c.counters} counters 0..${c.max}: the formula's counts, on 1 worker and with fingerprints`, () => {
      const expected = countersCounts(c);
      for (const fingerprint of [false, true]) {
        const result = checkSync(counters, { constantOverrides: c, fingerprint });
        expect(result.status).toBe('ok');
        expect({ distinctStates: result.stats.distinctStates, statesGenerated: result.stats.statesGenerated, depth: result.stats.depth }).toEqual({
          distinctStates: expected.distinctStates,
          statesGenerated: expected.statesGenerated,
          depth: expected.depth,
        });
      }
    });
  }
});
