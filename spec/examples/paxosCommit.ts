/**
 * PaxosCommit (tlaplus/Examples `specifications/transaction_commit/PaxosCommit.tla` and `PaxosCommit.cfg`, commit
 * 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9): Gray and Lamport's Paxos Commit, safety only. Each resource manager
 * (RM) runs one instance of Paxos consensus on prepared/aborted; a leader decides Commit when every instance chose
 * "prepared" and Abort when one chose "aborted".
 *
 * State: `rmState[rm]`, `aState[ins][acc]` = {mbal, bal, val}, and `msgs`, the set of all messages ever sent. The
 * message universe is finite, so `msgs` is kept as one boolean per possible message, grouped by type and indexed by
 * the message's fields (ballots by their position in `Ballot`; a `bal` of -1 by position 0 of the phase 1b `bal`
 * index):
 * - `phase1a[ins][bal]` (bal ≠ 0), `phase1b[ins][acc][mbal][bal + 1][val]` (val: prepared, aborted, none),
 * - `phase2a[ins][bal][val]` and `phase2b[ins][acc][bal][val]` (val: prepared, aborted), `commit`, `abort`.
 *
 * Actions, one per disjunct of PCNext (TLC counts one generated state per disjunct and ∃-binding that is enabled;
 * see `spec/examples/README.md`):
 * - RMPrepare, RMChooseToAbort, RMRcvCommitMsg, RMRcvAbortMsg, parameter `rm`;
 * - Phase1a and Phase2a, parameters `bal` ∈ Ballot \ {0} and `rm`; Phase2a also `MS` (its `\E MS \in Majority`);
 *   its `\A ac \in MS : \E m \in mset : m.acc = ac` binds at most one message per acceptor (an acceptor sends one
 *   phase 1b message per instance and mbal), so it adds no multiplicity;
 * - Decide's two disjuncts: DecideCommit, whose `\A rm \in RM : Decided(rm, "prepared")` is a conjunction of one
 *   `\E b \in Ballot, MS \in Majority` per RM — one binding per RM, so its parameter is a witness (bal, MS) for every
 *   RM —, and DecideAbort, parameters `rm`, `bal` and `MS` (`\E rm : Decided(rm, "aborted")`);
 * - Phase1b and Phase2b, parameter `acc` and the message `m` they react to (their `\E m \in msgs`).
 *
 * TLC with PaxosCommit.cfg (RM = {r1, r2}, three acceptors, the three two-acceptor majorities, Ballot = {0, 1};
 * constant set `tlc`): 1,321,761 distinct states, 16,959,159 states generated, depth 28 (invariant PCTypeOK holds).
 * The `default` set has one RM (the same acceptors and ballots), small enough for tests.
 */
import { defineModel, defineSpec, t, type Infer } from '../../checker/engine/index.js';

/** The constants (TLA+ model values become strings; `Ballot` lists distinct naturals and includes 0). */
export type PaxosCommitConstants = {
  readonly RM: readonly string[];
  readonly Acceptor: readonly string[];
  readonly Majority: readonly (readonly string[])[];
  readonly Ballot: readonly number[];
};

const RM_STATES = ['working', 'prepared', 'committed', 'aborted'] as const;
/** Values of an acceptor's `val` and of phase 1b messages, in index order. */
const ACCEPTOR_VALUES = ['prepared', 'aborted', 'none'] as const;
/** Values of phase 2a/2b messages, in index order. */
const VALUES = ['prepared', 'aborted'] as const;
const PREPARED = 0;
const ABORTED = 1;

const schemaFor = (c: PaxosCommitConstants) => {
  const R = c.RM.length;
  const A = c.Acceptor.length;
  const B = c.Ballot.length;
  const maxBallot = Math.max(...c.Ballot);
  const bools = (n: number) => t.array(t.bool(), n);
  return t.record({
    rmState: t.array(t.enum(...RM_STATES), R),
    aState: t.array(
      t.array(t.record({ mbal: t.int(0, maxBallot), bal: t.int(-1, maxBallot), val: t.enum(...ACCEPTOR_VALUES) }), A),
      R,
    ),
    msgs: t.record({
      phase1a: t.array(bools(B), R),
      phase1b: t.array(t.array(t.array(t.array(bools(3), B + 1), B), A), R),
      phase2a: t.array(t.array(bools(2), B), R),
      phase2b: t.array(t.array(t.array(bools(2), B), A), R),
      commit: t.bool(),
      abort: t.bool(),
    }),
  });
};

/** A state of PaxosCommit (see the module comment for the layout of `msgs`). */
export type PaxosCommitState = Infer<ReturnType<typeof schemaFor>>;
type Msgs = PaxosCommitState['msgs'];

/** A witness that an instance chose a value: a ballot and a majority whose acceptors all voted for it in that ballot. */
export type Witness = { readonly bal: number; readonly MS: readonly string[] };

const rmAt = (c: PaxosCommitConstants, rm: string): number => c.RM.indexOf(rm);
const accAt = (c: PaxosCommitConstants, acc: string): number => c.Acceptor.indexOf(acc);
const balAt = (c: PaxosCommitConstants, bal: number): number => c.Ballot.indexOf(bal);

/** `a` with element `i` replaced by `f(a[i])` (copy-on-write, the rest shared). */
const update = <T>(a: readonly T[], i: number, f: (x: T) => T): T[] => a.with(i, f(a[i]!));

/** Send(m): `msgs` with one message added (the path of indices leads to its boolean). */
const send = (s: PaxosCommitState, msgs: Msgs): PaxosCommitState => ({ rmState: s.rmState, aState: s.aState, msgs });

/** Decided(rm, v) with the binding `w`: every acceptor of `w.MS` sent a phase 2b message for (rm, w.bal, v). */
function decidedWith(s: PaxosCommitState, c: PaxosCommitConstants, ins: number, w: Witness, v: number): boolean {
  const b = balAt(c, w.bal);
  const votes = s.msgs.phase2b[ins]!;
  for (const ac of w.MS) if (!votes[accAt(c, ac)]![b]![v]) return false;
  return true;
}

/** Every (bal, MS) pair, in TLC's enumeration order of `\E b \in Ballot, MS \in Majority`. */
const witnesses = (c: PaxosCommitConstants): Witness[] => c.Ballot.flatMap((bal) => c.Majority.map((MS) => ({ bal, MS })));

/** Every combination of one witness per RM (the bindings of `\A rm \in RM : Decided(rm, "prepared")`). */
function witnessTuples(c: PaxosCommitConstants): Witness[][] {
  let tuples: Witness[][] = [[]];
  for (let r = 0; r < c.RM.length; r += 1) tuples = tuples.flatMap((tuple) => witnesses(c).map((w) => [...tuple, w]));
  return tuples;
}

const nonZeroBallots = (c: PaxosCommitConstants): number[] => c.Ballot.filter((b) => b !== 0);

/** The PaxosCommit spec: PCInit and the disjuncts of PCNext (see the module comment). */
export const paxosCommitSpec = defineSpec<PaxosCommitState, PaxosCommitConstants>({
  name: 'PaxosCommit',
  summary: 'Paxos Commit (Gray and Lamport): one Paxos consensus instance per RM decides prepared or aborted.',
  schema: schemaFor,
  validate: (c) => {
    if (c.RM.length === 0 || c.Acceptor.length === 0) return 'RM and Acceptor must not be empty';
    if (!c.Ballot.includes(0) || !c.Ballot.every((b) => Number.isInteger(b) && b >= 0) || new Set(c.Ballot).size !== c.Ballot.length) {
      return 'Ballot must list distinct naturals including 0';
    }
    if (!c.Majority.every((MS) => MS.every((a) => c.Acceptor.includes(a)))) return 'every majority must be a set of acceptors';
    if (!c.Majority.every((m1) => c.Majority.every((m2) => m1.some((a) => m2.includes(a))))) return 'any two majorities must intersect';
    return undefined;
  },
  init: (c) => {
    const B = c.Ballot.length;
    const falses = (n: number): boolean[] => new Array<boolean>(n).fill(false);
    const perRm = <T>(f: () => T): T[] => c.RM.map(f);
    const perAcc = <T>(f: () => T): T[] => c.Acceptor.map(f);
    return [
      {
        rmState: c.RM.map(() => 'working' as const),
        aState: perRm(() => perAcc(() => ({ mbal: 0, bal: -1, val: 'none' as const }))),
        msgs: {
          phase1a: perRm(() => falses(B)),
          phase1b: perRm(() => perAcc(() => Array.from({ length: B }, () => Array.from({ length: B + 1 }, () => falses(3))))),
          phase2a: perRm(() => Array.from({ length: B }, () => falses(2))),
          phase2b: perRm(() => perAcc(() => Array.from({ length: B }, () => falses(2)))),
          commit: false,
          abort: false,
        },
      },
    ];
  },
  actions: {
    RMPrepare: {
      summary: 'rm prepares: it sends a phase 2a message for ballot 0 with value "prepared"',
      params: (c) => c.RM,
      enabled: (s, rm, c) => s.rmState[rmAt(c, rm as string)] === 'working',
      next: (s, rm, c) => {
        const r = rmAt(c, rm as string);
        const b0 = balAt(c, 0);
        const msgs = { ...s.msgs, phase2a: update(s.msgs.phase2a, r, (byBal) => update(byBal, b0, (v) => v.with(PREPARED, true))) };
        return { rmState: s.rmState.with(r, 'prepared'), aState: s.aState, msgs };
      },
    },
    RMChooseToAbort: {
      summary: 'rm decides to abort: it sends a phase 2a message for ballot 0 with value "aborted"',
      params: (c) => c.RM,
      enabled: (s, rm, c) => s.rmState[rmAt(c, rm as string)] === 'working',
      next: (s, rm, c) => {
        const r = rmAt(c, rm as string);
        const b0 = balAt(c, 0);
        const msgs = { ...s.msgs, phase2a: update(s.msgs.phase2a, r, (byBal) => update(byBal, b0, (v) => v.with(ABORTED, true))) };
        return { rmState: s.rmState.with(r, 'aborted'), aState: s.aState, msgs };
      },
    },
    RMRcvCommitMsg: {
      summary: 'rm is told to commit (a stuttering step when it has committed already)',
      params: (c) => c.RM,
      enabled: (s) => s.msgs.commit,
      next: (s, rm, c) => ({ ...s, rmState: s.rmState.with(rmAt(c, rm as string), 'committed') }),
    },
    RMRcvAbortMsg: {
      summary: 'rm is told to abort',
      params: (c) => c.RM,
      enabled: (s) => s.msgs.abort,
      next: (s, rm, c) => ({ ...s, rmState: s.rmState.with(rmAt(c, rm as string), 'aborted') }),
    },
    Phase1a: {
      summary: 'a leader starts ballot bal of instance rm (sending a phase 1a message again changes nothing)',
      params: (c) => nonZeroBallots(c).flatMap((bal) => c.RM.map((rm) => ({ bal, rm }))),
      next: (s, p, c) => {
        const { bal, rm } = p as { bal: number; rm: string };
        const r = rmAt(c, rm);
        return send(s, { ...s.msgs, phase1a: update(s.msgs.phase1a, r, (byBal) => byBal.with(balAt(c, bal), true)) });
      },
    },
    Phase2a: {
      summary: 'a leader that has phase 1b messages for bal from every acceptor of MS sends a phase 2a message',
      params: (c) => nonZeroBallots(c).flatMap((bal) => c.RM.flatMap((rm) => c.Majority.map((MS) => ({ bal, rm, MS })))),
      enabled: (s, p, c) => {
        const { bal, rm, MS } = p as { bal: number; rm: string; MS: readonly string[] };
        const r = rmAt(c, rm);
        const b = balAt(c, bal);
        // ~\E m \in msgs : m.type = "phase2a" /\ m.bal = bal /\ m.ins = rm
        const sent = s.msgs.phase2a[r]![b]!;
        if (sent[PREPARED] || sent[ABORTED]) return false;
        // \A ac \in MS : \E m \in mset : m.acc = ac
        const replies = s.msgs.phase1b[r]!;
        for (const ac of MS) if (!replies[accAt(c, ac)]![b]!.some((byVal) => byVal.includes(true))) return false;
        return true;
      },
      next: (s, p, c) => {
        const { bal, rm, MS } = p as { bal: number; rm: string; MS: readonly string[] };
        const r = rmAt(c, rm);
        const b = balAt(c, bal);
        // maxbal == Maximum({m.bal : m \in mset}); val == the value of a message with m.bal = maxbal (or "aborted")
        let maxbal = -1;
        let val = ABORTED;
        const replies = s.msgs.phase1b[r]!;
        for (const ac of MS) {
          const byBal = replies[accAt(c, ac)]![b]!;
          for (let k = 1; k < byBal.length; k += 1) {
            const replyBal = c.Ballot[k - 1]!;
            for (let v = 0; v < 2; v += 1) {
              if (byBal[k]![v] && replyBal > maxbal) {
                maxbal = replyBal;
                val = v;
              }
            }
          }
        }
        return send(s, { ...s.msgs, phase2a: update(s.msgs.phase2a, r, (byBal) => update(byBal, b, (vs) => vs.with(val, true))) });
      },
    },
    DecideCommit: {
      summary: 'Decide, first disjunct: every instance chose "prepared" (one witness per RM); send Commit',
      params: (c) => witnessTuples(c).map((witness) => ({ witness })),
      enabled: (s, p, c) => {
        const { witness } = p as { witness: readonly Witness[] };
        for (let r = 0; r < witness.length; r += 1) if (!decidedWith(s, c, r, witness[r]!, PREPARED)) return false;
        return true;
      },
      next: (s) => send(s, { ...s.msgs, commit: true }),
    },
    DecideAbort: {
      summary: 'Decide, second disjunct: instance rm chose "aborted" (witness bal, MS); send Abort',
      params: (c) => c.RM.flatMap((rm) => witnesses(c).map((w) => ({ rm, bal: w.bal, MS: w.MS }))),
      enabled: (s, p, c) => {
        const { rm, bal, MS } = p as { rm: string; bal: number; MS: readonly string[] };
        return decidedWith(s, c, rmAt(c, rm), { bal, MS }, ABORTED);
      },
      next: (s) => send(s, { ...s.msgs, abort: true }),
    },
    Phase1b: {
      summary: 'acceptor acc answers the phase 1a message (ins, bal) with a higher ballot than it has seen',
      params: (c) => c.Acceptor.flatMap((acc) => c.RM.flatMap((ins) => nonZeroBallots(c).map((bal) => ({ acc, m: { ins, bal } })))),
      enabled: (s, p, c) => {
        const { acc, m } = p as { acc: string; m: { ins: string; bal: number } };
        const r = rmAt(c, m.ins);
        return s.msgs.phase1a[r]![balAt(c, m.bal)]! && s.aState[r]![accAt(c, acc)]!.mbal < m.bal;
      },
      next: (s, p, c) => {
        const { acc, m } = p as { acc: string; m: { ins: string; bal: number } };
        const r = rmAt(c, m.ins);
        const a = accAt(c, acc);
        const mine = s.aState[r]![a]!;
        const balIndex = mine.bal === -1 ? 0 : balAt(c, mine.bal) + 1;
        const phase1b = update(s.msgs.phase1b, r, (byAcc) =>
          update(byAcc, a, (byMbal) => update(byMbal, balAt(c, m.bal), (byBal) => update(byBal, balIndex, (byVal) => byVal.with(ACCEPTOR_VALUES.indexOf(mine.val), true)))),
        );
        return {
          rmState: s.rmState,
          aState: update(s.aState, r, (byAcc) => byAcc.with(a, { mbal: m.bal, bal: mine.bal, val: mine.val })),
          msgs: { ...s.msgs, phase1b },
        };
      },
    },
    Phase2b: {
      summary: 'acceptor acc accepts the phase 2a message (ins, bal, val) unless it promised a higher ballot',
      params: (c) =>
        c.Acceptor.flatMap((acc) => c.RM.flatMap((ins) => c.Ballot.flatMap((bal) => VALUES.map((val) => ({ acc, m: { ins, bal, val } }))))),
      enabled: (s, p, c) => {
        const { acc, m } = p as { acc: string; m: { ins: string; bal: number; val: (typeof VALUES)[number] } };
        const r = rmAt(c, m.ins);
        return s.msgs.phase2a[r]![balAt(c, m.bal)]![VALUES.indexOf(m.val)]! && s.aState[r]![accAt(c, acc)]!.mbal <= m.bal;
      },
      next: (s, p, c) => {
        const { acc, m } = p as { acc: string; m: { ins: string; bal: number; val: (typeof VALUES)[number] } };
        const r = rmAt(c, m.ins);
        const a = accAt(c, acc);
        const b = balAt(c, m.bal);
        const v = VALUES.indexOf(m.val);
        const phase2b = update(s.msgs.phase2b, r, (byAcc) => update(byAcc, a, (byBal) => update(byBal, b, (byVal) => byVal.with(v, true))));
        return {
          rmState: s.rmState,
          aState: update(s.aState, r, (byAcc) => byAcc.with(a, { mbal: m.bal, bal: m.bal, val: m.val })),
          msgs: { ...s.msgs, phase2b },
        };
      },
    },
  },
});

/** PaxosCommit.cfg's constants: two RMs, three acceptors, the two-acceptor majorities, ballots 0 and 1. */
const tlcConstants: PaxosCommitConstants = {
  RM: ['r1', 'r2'],
  Acceptor: ['a1', 'a2', 'a3'],
  Majority: [
    ['a1', 'a2'],
    ['a1', 'a3'],
    ['a2', 'a3'],
  ],
  Ballot: [0, 1],
};

/**
 * The PaxosCommit model: invariants PCTypeOK (the cfg's) and TCConsistent (TCommit's, which PaxosCommit implements);
 * constant sets `default` (RM = {r1}) and `tlc` (PaxosCommit.cfg: 1,321,761 distinct states).
 */
export const paxosCommit = defineModel<PaxosCommitState, PaxosCommitConstants>({
  name: 'PaxosCommit',
  spec: paxosCommitSpec,
  summary: 'Paxos Commit; with PaxosCommit.cfg TLC finds 1,321,761 distinct states.',
  constants: { default: { ...tlcConstants, RM: ['r1'] }, tlc: tlcConstants },
  properties: {
    PCTypeOK: {
      kind: 'invariant',
      summary: 'rmState, aState and msgs are of their types',
      reference: 'PaxosCommit.tla PCTypeOK',
      holds: (s, c) =>
        s.rmState.length === c.RM.length &&
        s.rmState.every((r) => RM_STATES.includes(r)) &&
        s.aState.every((byAcc) =>
          byAcc.every((a) => c.Ballot.includes(a.mbal) && (a.bal === -1 || c.Ballot.includes(a.bal)) && ACCEPTOR_VALUES.includes(a.val)),
        ),
    },
    TCConsistent: {
      kind: 'invariant',
      summary: 'no RM has aborted while another has committed (TCommit.tla TCConsistent, via TC == INSTANCE TCommit)',
      reference: 'TCommit.tla TCConsistent',
      holds: (s) => !(s.rmState.includes('aborted') && s.rmState.includes('committed')),
    },
  },
});
