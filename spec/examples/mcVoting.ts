/**
 * MCVoting (tlaplus/Examples `specifications/Paxos/Voting.tla`, `MCVoting.tla` and `MCVoting.cfg`, commit
 * 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9): the voting algorithm underlying Paxos, by Lamport — acceptors vote for
 * values in numbered ballots, and a value is chosen when a quorum votes for it in one ballot.
 *
 * MCVoting.cfg: Acceptor = {a1, a2, a3}, Value = {v1, v2}, Quorum = the three 2-subsets of Acceptor, Ballot = 0..1,
 * INVARIANT Inv, PROPERTY ConsensusSpecBar (the refinement of Consensus: `chosen` only goes from {} to one value),
 * and `SYMMETRY MCSymmetry` with `MCSymmetry == Permutations(MCAcceptor) \cup Permutations(MCValue)`. TLC records 77
 * distinct states, 451 generated, depth 11 — with symmetry. The model `mcVoting` here declares the same symmetry
 * (acceptors and values interchangeable).
 *
 * Next is `\E a \in Acceptor, b \in Ballot : IncreaseMaxBal(a, b) \/ \E v \in Value : VoteFor(a, b, v)`: two
 * actions, with parameters (a, b) and (a, b, v, q, c, x); TLC generates one successor per disjunct and binding, and
 * also per binding of the ∃ inside VoteFor (`\E Q \in Quorum : ShowsSafeAt(Q, b, v)`, and ShowsSafeAt's
 * `\E c \in -1..(b-1)`, and for c ≠ -1 the `\E a \in Q : VotedFor(a, c, v)` after `=>`), so the quorum `q`, the
 * witness ballot `c` and the witness voter `x` are parameters too. States:
 * `votes[a]` is the set of ⟨ballot, value⟩ pairs a voted for (`t.set` over Ballot × Value, pairs `[b, v]`);
 * `maxBal[a]` is in -1..max ballot.
 */
import { defineModel, defineSpec, permuteIndexed, setAdd, setHas, setOf, t, type Infer } from '../../checker/engine/index.js';

/** The constants: numbers of acceptors and values, the highest ballot, and the quorums (lists of acceptors). */
export type VotingConstants = {
  readonly acceptors: number;
  readonly values: number;
  readonly maxBallot: number;
  readonly quorums: readonly (readonly number[])[];
};

/** Ballot \X Value, ballot-major: the universe of an acceptor's votes. */
const ballotValues = (c: VotingConstants): [number, number][] => range(0, c.maxBallot).flatMap((b) => range(0, c.values - 1).map((v): [number, number] => [b, v]));

const schemaFor = (c: VotingConstants) =>
  t.record({
    votes: t.array(t.set(ballotValues(c)), c.acceptors),
    maxBal: t.array(t.int(-1, c.maxBallot), c.acceptors),
  });

/** A state of Voting. */
export type VotingState = Infer<ReturnType<typeof schemaFor>>;

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

const votedFor = (s: VotingState, _c: VotingConstants, a: number, b: number, v: number): boolean => setHas(s.votes[a]!, [b, v]);
const didNotVoteAt = (s: VotingState, c: VotingConstants, a: number, b: number): boolean => range(0, c.values - 1).every((v) => !votedFor(s, c, a, b, v));
const cannotVoteAt = (s: VotingState, c: VotingConstants, a: number, b: number): boolean => s.maxBal[a]! > b && didNotVoteAt(s, c, a, b);
const noneOtherChoosableAt = (s: VotingState, c: VotingConstants, b: number, v: number): boolean =>
  c.quorums.some((q) => q.every((a) => votedFor(s, c, a, b, v) || cannotVoteAt(s, c, a, b)));
const safeAt = (s: VotingState, c: VotingConstants, b: number, v: number): boolean => range(0, b - 1).every((d) => noneOtherChoosableAt(s, c, d, v));
const chosenAt = (s: VotingState, c: VotingConstants, b: number, v: number): boolean => c.quorums.some((q) => q.every((a) => votedFor(s, c, a, b, v)));
/** `chosen`, as the list of chosen values. */
const chosen = (s: VotingState, c: VotingConstants): number[] => range(0, c.values - 1).filter((v) => range(0, c.maxBallot).some((b) => chosenAt(s, c, b, v)));
const forAll = (c: VotingConstants, p: (a: number, b: number, v: number) => boolean): boolean =>
  range(0, c.acceptors - 1).every((a) => range(0, c.maxBallot).every((b) => range(0, c.values - 1).every((v) => p(a, b, v))));

/** The Voting spec: Init and the two disjuncts of Next. */
export const votingSpec = defineSpec<VotingState, VotingConstants>({
  name: 'Voting',
  summary: 'Acceptors vote in numbered ballots; a value is chosen when a quorum votes for it in one ballot.',
  schema: schemaFor,
  init: (c) => [{ votes: Array.from({ length: c.acceptors }, () => []), maxBal: Array.from({ length: c.acceptors }, () => -1) }],
  actions: {
    IncreaseMaxBal: {
      summary: 'acceptor a promises not to vote in ballots below b',
      params: (c) => range(0, c.acceptors - 1).flatMap((a) => range(0, c.maxBallot).map((b) => ({ a, b }))),
      enabled: (s, p) => {
        const { a, b } = p as { a: number; b: number };
        return b > s.maxBal[a]!;
      },
      next: (s, p) => {
        const { a, b } = p as { a: number; b: number };
        return { ...s, maxBal: s.maxBal.with(a, b) };
      },
    },
    VoteFor: {
      summary: 'acceptor a votes for v in ballot b (quorum q, through ballot c, shows it safe)',
      // TLC splits the ∃ inside the action: one successor per quorum Q, witness ballot c of `ShowsSafeAt(Q, b, v)` and,
      // for c ≠ -1, voter x ∈ Q of `\E a \in Q : VotedFor(a, c, v)` (TLC enumerates the ∃ on the right of `=>`)
      params: (c) =>
        range(0, c.acceptors - 1).flatMap((a) =>
          range(0, c.maxBallot).flatMap((b) =>
            range(0, c.values - 1).flatMap((v) =>
              c.quorums.flatMap((quorum, q) => range(-1, b - 1).flatMap((w) => (w === -1 ? [-1] : quorum).map((x) => ({ a, b, v, q, c: w, x })))),
            ),
          ),
        ),
      enabled: (s, p, c) => {
        const { a, b, v, q, c: w, x: voter } = p as { a: number; b: number; v: number; q: number; c: number; x: number };
        const quorum = c.quorums[q]!;
        return (
          s.maxBal[a]! <= b &&
          didNotVoteAt(s, c, a, b) &&
          range(0, c.acceptors - 1).every((o) => o === a || range(0, c.values - 1).every((x) => !votedFor(s, c, o, b, x) || x === v)) &&
          quorum.every((x) => s.maxBal[x]! >= b) &&
          (w === -1 || votedFor(s, c, voter, w, v)) &&
          range(w + 1, b - 1).every((d) => quorum.every((x) => didNotVoteAt(s, c, x, d)))
        );
      },
      next: (s, p, c) => {
        const { a, b, v } = p as { a: number; b: number; v: number };
        return { votes: s.votes.with(a, setAdd(ballotValues(c), s.votes[a]!, [b, v])), maxBal: s.maxBal.with(a, b) };
      },
    },
  },
});

const MC_CONSTANTS: VotingConstants = { acceptors: 3, values: 2, maxBallot: 1, quorums: [[0, 1], [0, 2], [1, 2]] };

/**
 * MCVoting.cfg with its symmetry: acceptors and values are interchangeable (the quorums, all 2-subsets, are closed
 * under renaming acceptors). Properties: Inv (TypeOK ∧ VotesSafe ∧ OneValuePerBallot) and ConsensusSpecBar as an
 * action property (`chosen` stays, or goes from {} to a single value).
 */
export const mcVoting = defineModel<VotingState, VotingConstants>({
  name: 'MCVoting',
  spec: votingSpec,
  constants: { default: MC_CONSTANTS },
  deadlock: false, // CHECK_DEADLOCK FALSE
  symmetry: {
    sets: (c) => [
      { name: 'Acceptor', size: c.acceptors },
      { name: 'Value', size: c.values },
    ],
    permute: (s, [acceptors, values], c) => ({
      votes: permuteIndexed(
        s.votes.map((voted) => setOf(ballotValues(c), voted.map(([b, v]): [number, number] => [b, values![v]!]))),
        acceptors!,
      ),
      maxBal: permuteIndexed(s.maxBal, acceptors!),
    }),
  },
  properties: {
    Inv: {
      kind: 'invariant',
      summary: 'TypeOK ∧ VotesSafe ∧ OneValuePerBallot',
      reference: 'Voting.tla Inv',
      holds: (s, c) =>
        forAll(c, (a, b, v) => !votedFor(s, c, a, b, v) || safeAt(s, c, b, v)) &&
        forAll(c, (a1, b, v1) => !votedFor(s, c, a1, b, v1) || forAll(c, (a2, b2, v2) => b2 !== b || !votedFor(s, c, a2, b2, v2) || v1 === v2)),
    },
    ConsensusSpecBar: {
      kind: 'action',
      summary: 'the refinement of Consensus: chosen stays, or goes from {} to one value',
      reference: 'MCVoting.tla ConsensusSpecBar == C!Spec',
      holds: (s, _label, next, c) => {
        const before = chosen(s, c);
        const after = chosen(next, c);
        return (before.length === after.length && before.every((v, i) => after[i] === v)) || (before.length === 0 && after.length === 1);
      },
    },
  },
});
