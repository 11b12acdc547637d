/**
 * Peterson's filter lock for N processes in Promela, for SPIN: one `d_step` per (process, step), so that the states
 * SPIN stores are exactly the model's states (the same model as `filter.m` and `spec/examples/peterson.ts`;
 * N = 5 → 344,805 states stored). Build with `spin -a filter.pml; cc -O2 -DSAFETY -DNOREDUCE -DNOCLAIM -o pan pan.c`
 * and run `./pan -m100000000 -w26`.
 */

/** The Promela source of the filter lock for `n` processes (deterministic: the same text for the same `n`). */
export function makePromela(n: number): string {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`makePromela: N must be an integer >= 2 (got ${n})`);
  const out = [`#define N ${n}`, 'byte pc[N]; byte cur[N]; byte level[N]; byte victim[N];', 'active proctype main() {', '  do'];
  for (let i = 0; i < n; i += 1) {
    const others: string[] = [];
    for (let k = 0; k < n; k += 1) if (k !== i) others.push(`level[${k}] >= cur[${i}]`);
    out.push(
      `  :: d_step { pc[${i}] == 0 -> cur[${i}] = 1; pc[${i}] = 1 }`,
      `  :: d_step { pc[${i}] == 1 -> level[${i}] = cur[${i}]; pc[${i}] = 2 }`,
      `  :: d_step { pc[${i}] == 2 -> victim[cur[${i}]] = ${i}; pc[${i}] = 3 }`,
      `  :: d_step { (pc[${i}] == 3 && !((${others.join(' || ')}) && victim[cur[${i}]] == ${i})) ->` +
        ` if :: cur[${i}] == N-1 -> pc[${i}] = 4 :: else -> cur[${i}]++; pc[${i}] = 1 fi }`,
      `  :: d_step { pc[${i}] == 4 -> level[${i}] = 0; cur[${i}] = 0; pc[${i}] = 0 }`,
    );
  }
  out.push('  od', '}');
  return `${out.join('\n')}\n`;
}
