/**
 * Independent counters, the benchmark's pure-engine model (no expression evaluation to speak of): `counters`
 * counters x[i] ∈ 0..max, each with its own `inc` (x[i] < max) and `dec` (x[i] > 0) action, all starting at 0.
 * Every combination of values is reachable and no state is a deadlock, so the numbers follow from a formula:
 *
 * - distinct states (max + 1)^counters;
 * - transitions counters · 2·max · (max + 1)^(counters − 1) (each counter can move up in max of its max + 1 values and
 *   down in max of them); TLC's "states generated" adds the one initial state;
 * - depth counters · max + 1 (init = 1).
 *
 * With 7 counters 0..9 (constant set `bench`): 10,000,000 states, 126,000,000 transitions, depth 64; 7 × 4 bits fit
 * one word of the encoding. The same model is written in Promela (`bench/peers/makeCountersPromela.ts`), Murphi
 * (`bench/peers/countersMurphi.ts`) and as a hand-packed JavaScript loop (`bench/handPackedCounters.ts`).
 */
import { action, defineModel, defineSpec, t, type Infer } from '../../checker/engine/index.js';

/** The constants: how many counters, and the largest value of each. */
export type CountersConstants = { readonly counters: number; readonly max: number };

const schemaFor = (c: CountersConstants) => t.record({ x: t.array(t.int(0, c.max), c.counters) });

/** A state: the value of every counter. */
export type CountersState = Infer<ReturnType<typeof schemaFor>>;

const indices = (c: CountersConstants): number[] => Array.from({ length: c.counters }, (_, i) => i);

/** The named constant sets: `small` (2 counters, 100 states), `default` (3, 1,000), `bench` (7, 10,000,000). */
export const countersConstantSets = {
  small: { counters: 2, max: 9 },
  default: { counters: 3, max: 9 },
  bench: { counters: 7, max: 9 },
} as const satisfies Record<string, CountersConstants>;

/** The counters spec; the parameter of both actions is the counter's index. */
export const countersSpec = defineSpec<CountersState, CountersConstants>({
  name: 'Counters',
  summary: 'Independent counters x[i] in 0..max, each incremented and decremented by its own actions.',
  schema: schemaFor,
  validate: (c) =>
    !Number.isInteger(c.counters) || c.counters < 1 || c.counters > 16
      ? `counters must be an integer in 1..16 (got ${String(c.counters)})`
      : !Number.isInteger(c.max) || c.max < 1 || c.max > 1000
        ? `max must be an integer in 1..1000 (got ${String(c.max)})`
        : undefined,
  init: (c) => [{ x: new Array<number>(c.counters).fill(0) }],
  actions: {
    inc: action({
      summary: 'counter i goes up by one',
      params: indices,
      enabled: (s, i, c) => s.x[i]! < c.max,
      next: (s, i) => ({ x: s.x.with(i, s.x[i]! + 1) }),
    }),
    dec: action({
      summary: 'counter i goes down by one',
      params: indices,
      enabled: (s, i) => s.x[i]! > 0,
      next: (s, i) => ({ x: s.x.with(i, s.x[i]! - 1) }),
    }),
  },
});

/**
 * The counters model: no invariant beyond the deadlock check (which holds: some counter can always move); constant
 * sets as in {@link countersConstantSets}.
 */
export const counters = defineModel<CountersState, CountersConstants>({
  name: 'Counters',
  spec: countersSpec,
  summary: 'Independent counters: every combination of values is reachable, and there is no deadlock.',
  constants: countersConstantSets,
  properties: {},
});

/** The counts the formula gives (see the module comment): distinct states, transitions, TLC's generated, depth. */
export function countersCounts(c: CountersConstants): {
  readonly distinctStates: number;
  readonly transitions: number;
  readonly statesGenerated: number;
  readonly depth: number;
} {
  const distinctStates = (c.max + 1) ** c.counters;
  const transitions = c.counters * 2 * c.max * (c.max + 1) ** (c.counters - 1);
  return { distinctStates, transitions, statesGenerated: transitions + 1, depth: c.counters * c.max + 1 };
}
