/**
 * Peterson's filter lock for N processes, the benchmark anchor model (the same algorithm as the Murphi model
 * `bench/peers/filter.m` and the Promela model `bench/peers/makePromela.ts` generates, which Rumur and SPIN check).
 *
 * Per process i, five atomic steps: `enter` (cur := 1), `setLevel` (level[i] := cur[i]), `setVictim`
 * (victim[cur[i]] := i), `pass` (when no other process k has level[k] ≥ cur[i], or victim[cur[i]] ≠ i: go one level
 * up, or into the critical section at level N − 1) and `exit` (level[i] := 0, cur[i] := 0). All variables start at 0.
 * Invariant `mutex`: at most one process is in the critical section (pc = 4).
 *
 * Distinct reachable states (as Rumur counts them): N = 3 → 705; N = 4 → 14,844; N = 5 → 344,805 (SPIN agrees);
 * N = 6 → 8,786,754.
 */
import { action, defineModel, defineSpec, t, type Infer } from '../../checker/engine/index.js';

/** The constants: the number of processes. */
export type PetersonConstants = { readonly N: number };

const schemaFor = (n: number) =>
  t.record({
    pc: t.array(t.int(0, 4), n),
    cur: t.array(t.int(0, n - 1), n),
    level: t.array(t.int(0, n - 1), n),
    victim: t.array(t.int(0, n - 1), n),
  });

/** A state of the filter lock: program counters, the level each process is trying, the published levels, victims. */
export type PetersonState = Infer<ReturnType<typeof schemaFor>>;

/** Program counter values. */
const ENTER = 0;
const SET_LEVEL = 1;
const SET_VICTIM = 2;
const WAIT = 3;
const CRITICAL = 4;

const pids = (c: PetersonConstants): number[] => Array.from({ length: c.N }, (_, i) => i);

/** Whether process `i` may pass the wait at its current level: no other process at or above it, or not the victim. */
function canPass(s: PetersonState, i: number, n: number): boolean {
  const l = s.cur[i]!;
  if (s.victim[l] !== i) return true;
  const level = s.level;
  for (let k = 0; k < n; k += 1) if (k !== i && level[k]! >= l) return false;
  return true;
}

/** The spec of Peterson's filter lock; the parameter of every action is the process id. */
export const petersonSpec = defineSpec<PetersonState, PetersonConstants>({
  name: 'Peterson',
  summary: "Peterson's filter lock for N processes, each step one atomic action (as in the Murphi model filter.m).",
  schema: (c) => schemaFor(c.N),
  validate: (c) =>
    Number.isInteger(c.N) && c.N >= 2 && c.N <= 16 ? undefined : `N must be an integer in 2..16 (got ${String(c.N)})`,
  init: (c) => {
    const zeros = new Array<number>(c.N).fill(0);
    return [{ pc: zeros, cur: zeros, level: zeros, victim: zeros }];
  },
  actions: {
    enter: action({
      summary: 'process i starts at level 1',
      params: pids,
      enabled: (s, i) => s.pc[i] === ENTER,
      next: (s, i) => ({ ...s, pc: s.pc.with(i, SET_LEVEL), cur: s.cur.with(i, 1) }),
    }),
    setLevel: action({
      summary: 'process i publishes its level',
      params: pids,
      enabled: (s, i) => s.pc[i] === SET_LEVEL,
      next: (s, i) => ({ ...s, pc: s.pc.with(i, SET_VICTIM), level: s.level.with(i, s.cur[i]!) }),
    }),
    setVictim: action({
      summary: 'process i makes itself the victim of its level',
      params: pids,
      enabled: (s, i) => s.pc[i] === SET_VICTIM,
      next: (s, i) => ({ ...s, pc: s.pc.with(i, WAIT), victim: s.victim.with(s.cur[i]!, i) }),
    }),
    pass: action({
      summary: 'process i passes its level: one level up, or into the critical section from level N-1',
      params: pids,
      enabled: (s, i, c) => s.pc[i] === WAIT && canPass(s, i, c.N),
      next: (s, i, c) =>
        s.cur[i] === c.N - 1
          ? { ...s, pc: s.pc.with(i, CRITICAL) }
          : { ...s, pc: s.pc.with(i, SET_LEVEL), cur: s.cur.with(i, s.cur[i]! + 1) },
    }),
    exit: action({
      summary: 'process i leaves the critical section',
      params: pids,
      enabled: (s, i) => s.pc[i] === CRITICAL,
      next: (s, i) => ({ pc: s.pc.with(i, ENTER), cur: s.cur.with(i, 0), level: s.level.with(i, 0), victim: s.victim }),
    }),
  },
});

/**
 * The Peterson model: invariant `mutex`; constant sets `small` (N = 3), `default` (N = 5, the benchmark: 344,805
 * distinct states) and `large` (N = 6).
 */
export const peterson = defineModel<PetersonState, PetersonConstants>({
  name: 'Peterson',
  spec: petersonSpec,
  summary: "Peterson's filter lock; mutual exclusion holds for every N.",
  constants: { small: { N: 3 }, default: { N: 5 }, large: { N: 6 } },
  properties: {
    mutex: {
      kind: 'invariant',
      summary: 'at most one process is in the critical section',
      holds: (s) => {
        let inside = 0;
        for (const pc of s.pc) if (pc === CRITICAL) inside += 1;
        return inside <= 1;
      },
    },
  },
});
