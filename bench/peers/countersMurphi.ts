/**
 * The counters model (`spec/examples/counters.ts`) in Murphi, for Rumur: one rule per (counter, direction) in a
 * ruleset over the counters; Rumur's "rules fired" is the number of transitions (lifecheck's states generated − 1).
 */

/** The Murphi source for `counters` counters in 0..`max` (deterministic: the same text for the same arguments). */
export function countersMurphi(counters: number, max: number): string {
  if (!Number.isInteger(counters) || counters < 1) throw new RangeError(`countersMurphi: counters must be an integer >= 1 (got ${counters})`);
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`countersMurphi: max must be an integer >= 1 (got ${max})`);
  return [
    '-- Independent counters x[i] in 0..MAX with inc/dec (the same model as spec/examples/counters.ts).',
    `const N: ${counters}; const MAX: ${max};`,
    'type idx: 0..N-1; val: 0..MAX;',
    'var x: array[idx] of val;',
    'startstate begin for i: idx do x[i] := 0; end; end;',
    'ruleset i: idx do',
    '  rule "inc" x[i] < MAX ==> begin x[i] := x[i] + 1; end;',
    '  rule "dec" x[i] > 0 ==> begin x[i] := x[i] - 1; end;',
    'end;',
    '',
  ].join('\n');
}
