/**
 * TwoPhase (tlaplus/Examples `specifications/transaction_commit/TwoPhase.tla` and `TwoPhase.cfg`, commit
 * 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9): the two-phase commit protocol, in which a transaction manager (TM)
 * collects Prepared messages from the resource managers (RMs) and broadcasts Commit or Abort.
 *
 * TPNext is `TMCommit \/ TMAbort \/ \E rm \in RM : TMRcvPrepared(rm) \/ RMPrepare(rm) \/ RMChooseToAbort(rm)
 * \/ RMRcvCommitMsg(rm) \/ RMRcvAbortMsg(rm)`: seven actions, the last five with the parameter `rm`. The message
 * set `msgs` (messages are never removed) is a record of flags: one Prepared flag per RM, one Commit, one Abort.
 *
 * TLC with RM = {r1, r2, r3} (deadlock checked): 288 distinct states, 1146 states generated, depth 11 (invariant
 * TPTypeOK holds).
 */
import { action, defineModel, defineSpec, permuteIndexed, t, type Infer, type Symmetry } from '../../checker/engine/index.js';

/** The constants: the resource managers (TLA+ model values). */
export type TwoPhaseConstants = { readonly RM: readonly string[] };

const RM_STATES = ['working', 'prepared', 'committed', 'aborted'] as const;
const TM_STATES = ['init', 'committed', 'aborted'] as const;
const schemaFor = (c: TwoPhaseConstants) =>
  t.record({
    rmState: t.array(t.enum(...RM_STATES), c.RM.length),
    tmState: t.enum(...TM_STATES),
    /** tmPrepared as a set: `tmPrepared[i]` iff `RM[i]` is in it. */
    tmPrepared: t.array(t.bool(), c.RM.length),
    /** msgs as a set of messages: a Prepared message per RM, the Commit message, the Abort message. */
    msgs: t.record({ prepared: t.array(t.bool(), c.RM.length), commit: t.bool(), abort: t.bool() }),
  });

/** A state of TwoPhase. */
export type TwoPhaseState = Infer<ReturnType<typeof schemaFor>>;

const at = (c: TwoPhaseConstants, rm: string): number => c.RM.indexOf(rm);

/** The TwoPhase spec: TPInit and the seven disjuncts of TPNext. */
export const twoPhaseSpec = defineSpec<TwoPhaseState, TwoPhaseConstants>({
  name: 'TwoPhase',
  summary: 'Two-phase commit: RMs send Prepared, the TM commits when all are prepared or aborts spontaneously.',
  schema: schemaFor,
  validate: (c) => (c.RM.length === 0 ? 'RM must name at least one resource manager' : undefined),
  init: (c) => [
    {
      rmState: c.RM.map(() => 'working' as const),
      tmState: 'init',
      tmPrepared: c.RM.map(() => false),
      msgs: { prepared: c.RM.map(() => false), commit: false, abort: false },
    },
  ],
  actions: {
    TMCommit: {
      summary: 'the TM commits once every RM has sent Prepared',
      enabled: (s) => s.tmState === 'init' && s.tmPrepared.every(Boolean),
      next: (s) => ({ ...s, tmState: 'committed', msgs: { ...s.msgs, commit: true } }),
    },
    TMAbort: {
      summary: 'the TM spontaneously aborts',
      enabled: (s) => s.tmState === 'init',
      next: (s) => ({ ...s, tmState: 'aborted', msgs: { ...s.msgs, abort: true } }),
    },
    TMRcvPrepared: action({
      summary: "the TM receives rm's Prepared message",
      params: (c) => c.RM,
      enabled: (s, rm, c) => s.tmState === 'init' && s.msgs.prepared[at(c, rm)] === true,
      next: (s, rm, c) => ({ ...s, tmPrepared: s.tmPrepared.with(at(c, rm), true) }),
    }),
    RMPrepare: action({
      summary: 'rm prepares and sends Prepared',
      params: (c) => c.RM,
      enabled: (s, rm, c) => s.rmState[at(c, rm)] === 'working',
      next: (s, rm, c) => {
        const i = at(c, rm);
        return {
          ...s,
          rmState: s.rmState.with(i, 'prepared'),
          msgs: { ...s.msgs, prepared: s.msgs.prepared.with(i, true) },
        };
      },
    }),
    RMChooseToAbort: action({
      summary: 'rm spontaneously aborts (sending nothing)',
      params: (c) => c.RM,
      enabled: (s, rm, c) => s.rmState[at(c, rm)] === 'working',
      next: (s, rm, c) => ({ ...s, rmState: s.rmState.with(at(c, rm), 'aborted') }),
    }),
    RMRcvCommitMsg: action({
      summary: 'rm receives the Commit message',
      params: (c) => c.RM,
      enabled: (s) => s.msgs.commit,
      next: (s, rm, c) => ({ ...s, rmState: s.rmState.with(at(c, rm), 'committed') }),
    }),
    RMRcvAbortMsg: action({
      summary: 'rm receives the Abort message',
      params: (c) => c.RM,
      enabled: (s) => s.msgs.abort,
      next: (s, rm, c) => ({ ...s, rmState: s.rmState.with(at(c, rm), 'aborted') }),
    }),
  },
});

/**
 * TwoPhase.cfg: RM = {r1, r2, r3}, invariant TPTypeOK, deadlock checked. TCConsistent (through the module's
 * `TC == INSTANCE TCommit` refinement) is added as a second invariant; it does not change the counts.
 */
export const twoPhase = defineModel<TwoPhaseState, TwoPhaseConstants>({
  name: 'TwoPhase',
  spec: twoPhaseSpec,
  constants: { default: { RM: ['r1', 'r2', 'r3'] }, rm5: { RM: ['r1', 'r2', 'r3', 'r4', 'r5'] } },
  properties: {
    TPTypeOK: {
      kind: 'invariant',
      summary: 'rmState, tmState, tmPrepared and msgs have their types',
      reference: 'TwoPhase.tla TPTypeOK',
      holds: (s, c) =>
        s.rmState.length === c.RM.length &&
        s.rmState.every((r) => RM_STATES.includes(r)) &&
        TM_STATES.includes(s.tmState) &&
        s.tmPrepared.length === c.RM.length &&
        s.msgs.prepared.length === c.RM.length,
    },
    TCConsistent: {
      kind: 'invariant',
      summary: 'no RM has aborted while another has committed (TC!TCConsistent)',
      reference: 'TwoPhase.tla THEOREM TPSpec => TC!TCSpec; TCommit.tla TCConsistent',
      holds: (s) => !(s.rmState.includes('aborted') && s.rmState.includes('committed')),
    },
  },
});

/** RM is a set of model values: renaming the resource managers maps behaviours to behaviours (TLC's Permutations(RM)). */
export const rmSymmetry: Symmetry<TwoPhaseState, TwoPhaseConstants> = {
  sets: (c) => [{ name: 'RM', size: c.RM.length }],
  permute: (s, [rm]) => ({
    rmState: permuteIndexed(s.rmState, rm!),
    tmState: s.tmState,
    tmPrepared: permuteIndexed(s.tmPrepared, rm!),
    msgs: { prepared: permuteIndexed(s.msgs.prepared, rm!), commit: s.msgs.commit, abort: s.msgs.abort },
  }),
};

/**
 * TwoPhase with `SYMMETRY Permutations(RM)`: one state per orbit of RM renamings. With RM = 5 (`rm5`): 8,832 states
 * without symmetry, and with it the number of orbits those states fall into.
 */
export const twoPhaseSymmetric = defineModel<TwoPhaseState, TwoPhaseConstants>({
  ...twoPhase,
  name: 'TwoPhaseSymmetric',
  symmetry: rmSymmetry,
});
