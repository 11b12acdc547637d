/**
 * Barrier (tlaplus/Examples `specifications/barriers/Barrier.tla` and `Barrier.cfg`, commit
 * 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9): an abstract barrier. Each process p in 1..N moves from "b0" to "b1"
 * (action b0(p)); when all are at "b1", all are released back to "b0" at once (action b1).
 *
 * The action property BarrierProperty (`[][\A p, q \in ProcSet : pc[p] = "b0" /\ pc[q] = "b1" => pc'[q] = "b1"]_vars`:
 * no process leaves the barrier while another has yet to enter it) is checked on every transition, as TLC checks
 * it as an implied action.
 *
 * TLC with N = 6: 64 distinct states, 194 states generated, depth 7 (TypeOK and BarrierProperty hold).
 */
import { action, defineModel, defineSpec, t, type Infer } from '../../checker/engine/index.js';

/** The constants: the number of processes. */
export type BarrierConstants = { readonly N: number };

const schemaFor = (c: BarrierConstants) => t.record({ pc: t.array(t.enum('b0', 'b1'), c.N) });

/** A state: `pc[p - 1]` is the program counter of process p. */
export type BarrierState = Infer<ReturnType<typeof schemaFor>>;

/** ProcSet = 1..N. */
const procSet = (c: BarrierConstants): number[] => Array.from({ length: c.N }, (_, i) => i + 1);

/** The Barrier spec: Init, and Next = (\E p \in ProcSet : b0(p)) \/ b1. */
export const barrierSpec = defineSpec<BarrierState, BarrierConstants>({
  name: 'Barrier',
  summary: 'An abstract barrier: processes enter one by one and are released together.',
  schema: schemaFor,
  validate: (c) => (Number.isInteger(c.N) && c.N >= 1 ? undefined : 'N must be a positive integer'),
  init: (c) => [{ pc: procSet(c).map(() => 'b0' as const) }],
  actions: {
    b0: action({
      summary: 'process p enters the barrier',
      params: procSet,
      enabled: (s, p) => s.pc[p - 1] === 'b0',
      next: (s, p) => ({ pc: s.pc.with(p - 1, 'b1') }),
    }),
    b1: {
      summary: 'all processes are in the barrier: release them all',
      enabled: (s) => s.pc.every((x) => x === 'b1'),
      next: (s) => ({ pc: s.pc.map(() => 'b0' as const) }),
    },
  },
});

/** Barrier.cfg: N = 6, invariant TypeOK, property BarrierProperty (an action property), deadlock checked. */
export const barrier = defineModel<BarrierState, BarrierConstants>({
  name: 'Barrier',
  spec: barrierSpec,
  constants: { default: { N: 6 } },
  properties: {
    TypeOK: {
      kind: 'invariant',
      summary: 'pc \\in [ProcSet -> {"b0", "b1"}]',
      reference: 'Barrier.tla TypeOK',
      holds: (s, c) => s.pc.length === c.N && s.pc.every((x) => x === 'b0' || x === 'b1'),
    },
    BarrierProperty: {
      kind: 'action',
      summary: 'a process in the barrier stays there while another process has not entered it',
      reference: 'Barrier.tla BarrierProperty',
      holds: (s, _label, next) => {
        const unchanged = s.pc.every((x, i) => next.pc[i] === x);
        if (unchanged) return true;
        const someOutside = s.pc.includes('b0');
        return !someOutside || s.pc.every((x, q) => x !== 'b1' || next.pc[q] === 'b1');
      },
    },
  },
});
