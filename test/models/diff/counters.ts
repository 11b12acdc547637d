/**
 * Tiny models for `lifecheck diff` tests: a bounded counter with a read call, written three ways.
 * - `counterInt` (A): an integer 0..3; `inc` (refused at 3) returns the new value, `dec` (refused at 0) returns
 *   the new value, `read` returns the value, `set(v)` for v in {0, 1} returns 0.
 * - `counterBits` (equivalent to A): the same counter as a thermometer code of 3 booleans; every call returns what
 *   A returns, so the joint exploration finds no difference (4 joint states).
 * - `counterChanged` (differs from A in four known ways): `inc` allowed up to 4; `read` at 2 returns "two";
 *   `dec` from 3 raises the assertion `noDecFromThree`; no `set` action.
 */
import { assertThat, defineModel, defineSpec, t, withResult, type Infer } from '../../../checker/engine/index.js';

const intSchema = t.record({ n: t.int(0, 4) });
type IntState = Infer<typeof intSchema>;
const bitsSchema = t.record({ bits: t.array(t.bool(), 3) });
type BitsState = Infer<typeof bitsSchema>;
type NoConstants = Record<string, never>;

/** A: the counter as an integer. */
export const counterInt = defineModel<IntState, NoConstants>({
  name: 'counter-int',
  spec: defineSpec<IntState, NoConstants>({
    name: 'CounterInt',
    schema: () => intSchema,
    init: () => [{ n: 0 }],
    actions: {
      inc: { enabled: (s) => s.n < 3, next: (s) => withResult({ n: s.n + 1 }, s.n + 1) },
      dec: { enabled: (s) => s.n > 0, next: (s) => withResult({ n: s.n - 1 }, s.n - 1) },
      read: { next: (s) => withResult(s, s.n) },
      set: { params: [0, 1], next: (_s, v) => withResult({ n: v as number }, 0) },
    },
  }),
  constants: { default: {} },
  properties: {
    belowThree: { kind: 'invariant', summary: 'n < 3', holds: (s) => s.n < 3 },
    atMostThree: { kind: 'invariant', summary: 'n ≤ 3', holds: (s) => s.n <= 3 },
  },
  deadlock: false,
});

const count = (s: BitsState): number => s.bits.filter(Boolean).length;

/** Equivalent to A: the counter as a thermometer code. */
export const counterBits = defineModel<BitsState, NoConstants>({
  name: 'counter-bits',
  spec: defineSpec<BitsState, NoConstants>({
    name: 'CounterBits',
    schema: () => bitsSchema,
    init: () => [{ bits: [false, false, false] }],
    actions: {
      inc: {
        enabled: (s) => count(s) < 3,
        next: (s) => withResult({ bits: s.bits.with(count(s), true) }, count(s) + 1),
      },
      dec: {
        enabled: (s) => count(s) > 0,
        next: (s) => withResult({ bits: s.bits.with(count(s) - 1, false) }, count(s) - 1),
      },
      read: { next: (s) => withResult(s, count(s)) },
      set: { params: [0, 1], next: (_s, v) => withResult({ bits: [v === 1, false, false] }, 0) },
    },
  }),
  constants: { default: {} },
  properties: {
    atMostThree: { kind: 'invariant', summary: 'n ≤ 3', holds: (s) => count(s) <= 3 },
  },
  deadlock: false,
});

/** Differs from A: inc up to 4, read at 2 says "two", dec from 3 asserts, no set. */
export const counterChanged = defineModel<IntState, NoConstants>({
  name: 'counter-changed',
  spec: defineSpec<IntState, NoConstants>({
    name: 'CounterChanged',
    schema: () => intSchema,
    init: () => [{ n: 0 }],
    actions: {
      inc: { enabled: (s) => s.n < 4, next: (s) => withResult({ n: s.n + 1 }, s.n + 1) },
      dec: {
        enabled: (s) => s.n > 0,
        next: (s) => {
          assertThat(s.n !== 3, 'noDecFromThree', 'dec: n == 3');
          return withResult({ n: s.n - 1 }, s.n - 1);
        },
      },
      read: { next: (s) => withResult(s, s.n === 2 ? 'two' : s.n) },
    },
  }),
  constants: { default: {} },
  properties: {
    atMostThree: { kind: 'invariant', summary: 'n ≤ 3', holds: (s) => s.n <= 3 },
    noDecFromThree: { kind: 'assertion', summary: 'dec is never taken from 3' },
  },
  deadlock: false,
});

/** The abstraction shared by the counters: the count, and for `counter-changed` capped views are not needed. */
export const counterAbstraction = {
  'counter-int': (s: IntState) => ({ n: s.n }),
  'counter-bits': (s: BitsState) => ({ n: count(s) }),
  'counter-changed': (s: IntState) => ({ n: s.n }),
};

/** Refinement mapping counter-bits → counter-int (holds). */
export const bitsToInt = (s: BitsState): IntState => ({ n: count(s) });

/** Refinement mapping counter-changed → counter-int: fails at the step 3 → 4 (A has no n = 4). */
export const changedToInt = (s: IntState): IntState => ({ n: s.n });
