/**
 * 2PCwithBTM (tlaplus/Examples `specifications/transaction_commit/2PCwithBTM.tla` and `2PCwithBTM.cfg`): two-phase
 * commit in PlusCal with a transaction manager (TM) that may fail ("hidden") and a backup TM (BTM) that then takes
 * over. Written from the PlusCal translation: the processes are RManager(self) for self in RM, TManager (pid 0) and
 * BTManager (pid 10); `pc` holds each process's PlusCal label.
 *
 * Counting. TLC splits the guard-level disjunctions and ∃ inside each process's body into separate successors:
 * RS(self) is `Prepare \/ DecideCommit \/ DecideAbort \/ Fail` (Fail is an `IF … ELSE UNCHANGED`, one successor,
 * possibly the state itself) or, once the RM has left working/prepared, the step to Done; DecideAbort's guard
 * `working \/ tmState = "abort"` is split again; TS and BTS are each two disjuncts, whose guards canCommit and
 * canAbort are split too (see canCommitVia). Each process is one {@link either} action whose branches are the
 * disjuncts and whose witnesses are the ways a guard holds, so the engine generates exactly what TLC generates.
 * Written as one successor per disjunct, without the witnesses, the model generates 4851 states, 990 short.
 *
 * Fairness: `\A self \in RM : WF_vars(RManager(self))`, `WF_vars(TManager)`, `WF_vars(BTManager)`: weak fairness
 * of each process's whole body (every branch), per RM.
 *
 * TLC with RM = {rm1, rm2, rm3}, RMMAYFAIL = TMMAYFAIL = TRUE: 1245 distinct states, 5841 generated, depth 15;
 * TypeOK and Consistency hold, and so does Termination (`<>(\A self \in ProcSet: pc[self] = "Done")`).
 */
import { defineModel, defineSpec, either, eventually, t, weakFairness, type Infer, type Json } from '../../checker/engine/index.js';

/** The constants: the resource managers (model values) and whether an RM, or the TM, may fail. */
export type TwoPhaseBtmConstants = { readonly RM: readonly string[]; readonly RMMAYFAIL: boolean; readonly TMMAYFAIL: boolean };

const RM_STATES = ['working', 'prepared', 'committed', 'aborted', 'failed'] as const;
const TM_STATES = ['init', 'commit', 'abort', 'hidden'] as const;
const schemaFor = (c: TwoPhaseBtmConstants) =>
  t.record({
    rmState: t.array(t.enum(...RM_STATES), c.RM.length),
    tmState: t.enum(...TM_STATES),
    /** pc, by process: the RMs (pc[rm]), the TM (pc[0]) and the BTM (pc[10]). */
    pc: t.record({
      rm: t.array(t.enum('RS', 'Done'), c.RM.length),
      tm: t.enum('TS', 'TC', 'F1', 'TA', 'F2', 'Done'),
      btm: t.enum('BTS', 'BTC', 'BTA', 'Done'),
    }),
  });

/** A state of 2PCwithBTM. */
export type TwoPhaseBtmState = Infer<ReturnType<typeof schemaFor>>;
type State = TwoPhaseBtmState;
type Constants = TwoPhaseBtmConstants;

const at = (c: Constants, rm: string): number => c.RM.indexOf(rm);
/**
 * canCommit, as TLC reads it. The module writes `\A rmc \in RM: rmState[rmc] \in {"prepared"}` and, on the next
 * line, `\/ \E rm \in RM : rmState[rm] \in {"committed"}`; `\A` extends as far right as it can, so the operator is
 * `\A rmc \in RM: (rmState[rmc] = "prepared" \/ \E rm \in RM: rmState[rm] = "committed")`, and TLC, evaluating it
 * inside an action, splits the disjunction and the ∃ of every instance of the ∀: one successor per choice, for
 * each rmc, of "prepared" or of a committed rm. A witness is that choice: an array giving, for each RM in order,
 * `"prepared"` or the name of a committed RM.
 */
const canCommitVia = (s: State, c: Constants, witness: Json): boolean =>
  (witness as string[]).every((w, i) => (w === 'prepared' ? s.rmState[i] === 'prepared' : s.rmState[at(c, w)] === 'committed'));
const canCommitWitnesses = (c: Constants): Json[] =>
  c.RM.reduce<string[][]>((acc) => acc.flatMap((prefix) => ['prepared', ...c.RM].map((w) => [...prefix, w])), [[]]);
/** canAbort == \E rm \in RM : (rmState[rm] \in {"aborted","failed"} /\ ~\E rmc \in RM : rmState[rmc] = "committed"), split by TLC per rm: the witness. */
const canAbortVia = (s: State, c: Constants, rm: Json): boolean => {
  const r = s.rmState[at(c, rm as string)];
  return (r === 'aborted' || r === 'failed') && !s.rmState.includes('committed');
};
/** Whether every process is at Done. */
export const allDone = (s: State): boolean => s.pc.rm.every((p) => p === 'Done') && s.pc.tm === 'Done' && s.pc.btm === 'Done';
const looping = (s: State, i: number): boolean => s.rmState[i] === 'working' || s.rmState[i] === 'prepared';
const setRm = (s: State, i: number, value: State['rmState'][number]): State => ({ ...s, rmState: s.rmState.with(i, value) });

type Self = { readonly self: string };

/** The 2PCwithBTM spec: Init and Next = TManager \/ BTManager \/ (\E self \in RM: RManager(self)) \/ Terminating. */
export const twoPhaseBtmSpec = defineSpec<State, Constants>({
  name: '2PCwithBTM',
  summary: 'Two-phase commit in PlusCal with a TM that may fail and a backup TM that takes over.',
  schema: schemaFor,
  validate: (c) => (c.RM.length === 0 ? 'RM must name at least one resource manager' : undefined),
  init: (c) => [{ rmState: c.RM.map(() => 'working' as const), tmState: 'init', pc: { rm: c.RM.map(() => 'RS' as const), tm: 'TS', btm: 'BTS' } }],
  actions: {
    TManager: either<State, Constants>({
      summary: 'the TM: decide commit or abort (TS), announce it (TC, TA), then perhaps fail (F1, F2)',
      branches: {
        'TS.commit': { witnesses: canCommitWitnesses, enabled: (s, _, c, w) => s.pc.tm === 'TS' && canCommitVia(s, c, w), next: (s) => ({ ...s, pc: { ...s.pc, tm: 'TC' } }) },
        'TS.abort': { witnesses: (c) => c.RM, enabled: (s, _, c, w) => s.pc.tm === 'TS' && canAbortVia(s, c, w), next: (s) => ({ ...s, pc: { ...s.pc, tm: 'TA' } }) },
        TC: { enabled: (s) => s.pc.tm === 'TC', next: (s) => ({ ...s, tmState: 'commit', pc: { ...s.pc, tm: 'F1' } }) },
        F1: { enabled: (s) => s.pc.tm === 'F1', next: (s, _, c) => ({ ...s, tmState: c.TMMAYFAIL ? 'hidden' : s.tmState, pc: { ...s.pc, tm: 'Done' } }) },
        TA: { enabled: (s) => s.pc.tm === 'TA', next: (s) => ({ ...s, tmState: 'abort', pc: { ...s.pc, tm: 'F2' } }) },
        F2: { enabled: (s) => s.pc.tm === 'F2', next: (s, _, c) => ({ ...s, tmState: c.TMMAYFAIL ? 'hidden' : s.tmState, pc: { ...s.pc, tm: 'Done' } }) },
      },
    }),
    BTManager: either<State, Constants>({
      summary: 'the backup TM: once the TM is hidden, decide commit or abort (BTS) and announce it (BTC, BTA)',
      branches: {
        'BTS.commit': { witnesses: canCommitWitnesses, enabled: (s, _, c, w) => s.pc.btm === 'BTS' && canCommitVia(s, c, w) && s.tmState === 'hidden', next: (s) => ({ ...s, pc: { ...s.pc, btm: 'BTC' } }) },
        'BTS.abort': { witnesses: (c) => c.RM, enabled: (s, _, c, w) => s.pc.btm === 'BTS' && canAbortVia(s, c, w) && s.tmState === 'hidden', next: (s) => ({ ...s, pc: { ...s.pc, btm: 'BTA' } }) },
        BTC: { enabled: (s) => s.pc.btm === 'BTC', next: (s) => ({ ...s, tmState: 'commit', pc: { ...s.pc, btm: 'Done' } }) },
        BTA: { enabled: (s) => s.pc.btm === 'BTA', next: (s) => ({ ...s, tmState: 'abort', pc: { ...s.pc, btm: 'Done' } }) },
      },
    }),
    RManager: either<State, Constants, Self>({
      summary: 'RM self at RS: prepare, decide (commit or abort), or fail; once decided, go to Done',
      params: (c) => c.RM.map((self) => ({ self })),
      enabled: (s, { self }, c) => s.pc.rm[at(c, self)] === 'RS',
      branches: {
        prepare: {
          enabled: (s, { self }, c) => looping(s, at(c, self)) && s.rmState[at(c, self)] === 'working',
          next: (s, { self }, c) => setRm(s, at(c, self), 'prepared'),
        },
        decideCommit: {
          enabled: (s, { self }, c) => looping(s, at(c, self)) && s.tmState === 'commit',
          next: (s, { self }, c) => setRm(s, at(c, self), 'committed'),
        },
        /** await rmState[p] = "working" \/ tmState = "abort": a guard-level disjunction, split by TLC. */
        decideAbort: {
          witnesses: ['working', 'tmAbort'],
          enabled: (s, { self }, c, w) => looping(s, at(c, self)) && (w === 'working' ? s.rmState[at(c, self)] === 'working' : s.tmState === 'abort'),
          next: (s, { self }, c) => setRm(s, at(c, self), 'aborted'),
        },
        /** Fail: IF RMMAYFAIL /\ no RM has failed THEN fail ELSE UNCHANGED — one successor either way. */
        fail: {
          enabled: (s, { self }, c) => looping(s, at(c, self)),
          next: (s, { self }, c) => (c.RMMAYFAIL && !s.rmState.includes('failed') ? setRm(s, at(c, self), 'failed') : s),
        },
        done: {
          enabled: (s, { self }, c) => !looping(s, at(c, self)),
          next: (s, { self }, c) => ({ ...s, pc: { ...s.pc, rm: s.pc.rm.with(at(c, self), 'Done') } }),
        },
      },
      branchKey: 'branch',
    }),
    Terminating: {
      summary: 'every process is Done: stutter (so that termination is no deadlock)',
      enabled: (s) => allDone(s),
      next: (s) => s,
    },
  },
});

/** 2PCwithBTM.cfg: RM = {rm1, rm2, rm3}, RMMAYFAIL = TMMAYFAIL = TRUE, invariants TypeOK and Consistency; Termination. */
export const twoPhaseBtm = defineModel<State, Constants>({
  name: '2PCwithBTM',
  spec: twoPhaseBtmSpec,
  constants: { default: { RM: ['rm1', 'rm2', 'rm3'], RMMAYFAIL: true, TMMAYFAIL: true } },
  properties: {
    TypeOK: {
      kind: 'invariant',
      summary: 'rmState and tmState have their types',
      reference: '2PCwithBTM.tla TypeOK',
      holds: (s, c) => s.rmState.length === c.RM.length && s.rmState.every((r) => RM_STATES.includes(r)) && TM_STATES.includes(s.tmState),
    },
    Consistency: {
      kind: 'invariant',
      summary: 'no RM has aborted while another has committed',
      reference: '2PCwithBTM.tla Consistency',
      holds: (s) => !(s.rmState.includes('aborted') && s.rmState.includes('committed')),
    },
    Termination: eventually<State, Constants>(allDone, { summary: 'every process eventually reaches Done', reference: '2PCwithBTM.tla Termination' }),
  },
  fairness: [weakFairness('RManager', { perParams: true, groupBy: 'self' }), weakFairness('TManager'), weakFairness('BTManager')],
});
