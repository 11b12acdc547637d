/**
 * The counters model (`spec/examples/counters.ts`) in Promela, for SPIN: one `d_step` per (counter, direction), so
 * that one transition is one action and the states SPIN stores are exactly the model's ((max + 1)^counters; SPIN's
 * "transitions" also counts the initial state, like lifecheck's "states generated").
 */

/** The Promela source for `counters` counters in 0..`max` (deterministic: the same text for the same arguments). */
export function countersPromela(counters: number, max: number): string {
  if (!Number.isInteger(counters) || counters < 1) throw new RangeError(`countersPromela: counters must be an integer >= 1 (got ${counters})`);
  if (!Number.isInteger(max) || max < 1 || max > 255) throw new RangeError(`countersPromela: max must be an integer in 1..255 (got ${max})`);
  const out = [`byte x[${counters}];`, 'active proctype main() {', '  do'];
  for (let i = 0; i < counters; i += 1) {
    out.push(`  :: d_step { x[${i}] < ${max} -> x[${i}]++ }`, `  :: d_step { x[${i}] > 0 -> x[${i}]-- }`);
  }
  out.push('  od', '}');
  return `${out.join('\n')}\n`;
}
