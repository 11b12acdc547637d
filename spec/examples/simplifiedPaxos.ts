/**
 * Paxos from SimplifiedFastPaxos (tlaplus/Examples `specifications/SimplifiedFastPaxos/Paxos.tla` and `Paxos.cfg`,
 * commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9), by Lim Ngian Xin Terry and Gaurav Gandhi: Paxos without explicit
 * leaders or learners — Prepare (1a), Promise (1b), Accept (2a), Accepted (2b) — plus a `decision` variable set by
 * PaxosDecide when a quorum accepted the same ballot.
 *
 * Paxos.cfg: Replicas = {r1, r2, r3, r4}, Values = {v1, v2, v3}, Ballots = {0, 1, 2}, Quorums = the four 3-subsets
 * of Replicas, INVARIANTS PaxosTypeOK PaxosNontriviality, PROPERTY PaxosConsistency (`[][decision = none]_decision`,
 * an action property here), `SYMMETRY PaxosSymmetry` with `PaxosSymmetry == Permutations(Values) \union
 * Permutations(Replicas)`. TLC records 1,207 distinct states, 13,290 generated, depth 22 — with symmetry. The model
 * `simplifiedPaxos` declares the same symmetric sets; the engine reduces by their whole product group (3! × 4! = 144
 * renamings, where TLC's set lists 6 + 24 − 1 = 29), which gives TLC's numbers here (docs/warts.md). PaxosSpec's
 * `SF(PaxosDecide)` matters only to temporal properties, and the .cfg checks none.
 *
 * State: `maxBallot`, `maxVBallot`, `maxValue` are functions over Replicas (`t.fn`); `decision` and `maxValue` are a
 * value or `none`; `messages`, the set of every message sent, is split by type and by the fields other than a
 * value into sets of values (`t.set`), ballots by their position in Ballots: `p1a[bal]` (a flag),
 * `p1b[bal][acceptor][maxVBallot]` (the maxValues, `none` included), `p2a[bal]` and `p2b[bal][acceptor]` (the
 * values). P2a's `any` (a FastPaxos value) is never sent by Paxos, so it has no place.
 *
 * Actions, one per disjunct of PaxosNext, with the bindings TLC enumerates as parameters (one generated state per
 * binding, `spec/examples/README.md`):
 * - PaxosPrepare `b` ∈ Ballots \ {0}; PaxosPromise `a`, `b` (the P1a message); PaxosAccepted `a`, `b`, `v` (the P2a
 *   message);
 * - PaxosAccept `b`, `q`, `v`. Its `\A a \in q : \E m \in M : m.acceptor = a` is split by TLC into one binding per
 *   P1b message of `a` at `b`; an acceptor sends at most one (Promise raises maxBallot[a] to b), so it adds no
 *   multiplicity (`oneP1bPerBallot`, checked by the test). `\/ \A m \in M : m.maxValue = none \/ v = ForcedValue(M)`
 *   has exclusive disjuncts (ForcedValue is `none` when the first holds), so it adds none either;
 * - PaxosDecide `b`, `q` and the message of its `\E m \in M : decision' = m.value` (acceptor `a` ∈ q and value `v`);
 *   its `\A a \in q : \E m \in M` binds one P2b per acceptor, since a ballot has at most one P2a (`oneP2aPerBallot`).
 */
import { defineModel, defineSpec, fnOf, fnPermute, setAdd, setHas, t, type Infer, type Symmetry } from '../../checker/engine/index.js';

/** The constants, as Paxos.cfg gives them (model values as strings; Ballots distinct naturals including 0). */
export type SimplifiedPaxosConstants = {
  readonly Replicas: readonly string[];
  readonly Values: readonly string[];
  readonly Ballots: readonly number[];
  readonly Quorums: readonly (readonly string[])[];
};

/** The model value `none` (no value accepted or decided yet). */
export const NONE = 'none';

/** Values ∪ {none}, the universe of a P1b message's maxValue. */
const valuesAndNone = (c: SimplifiedPaxosConstants): string[] => [...c.Values, NONE];

const schemaFor = (c: SimplifiedPaxosConstants) => {
  const B = c.Ballots.length;
  const maxB = Math.max(...c.Ballots);
  const valueOrNone = t.enum(...c.Values, NONE);
  return t.record({
    messages: t.record({
      p1a: t.array(t.bool(), B),
      p1b: t.array(t.fn(c.Replicas, t.array(t.set(valuesAndNone(c)), B)), B),
      p2a: t.array(t.set(c.Values), B),
      p2b: t.array(t.fn(c.Replicas, t.set(c.Values)), B),
    }),
    decision: valueOrNone,
    maxBallot: t.fn(c.Replicas, t.int(0, maxB)),
    maxVBallot: t.fn(c.Replicas, t.int(0, maxB)),
    maxValue: t.fn(c.Replicas, valueOrNone),
  });
};

/** A state of Paxos (see the module comment for the layout of `messages`). */
export type SimplifiedPaxosState = Infer<ReturnType<typeof schemaFor>>;
type Messages = SimplifiedPaxosState['messages'];

const balAt = (c: SimplifiedPaxosConstants, b: number): number => c.Ballots.indexOf(b);

/** `a` with element `i` replaced by `f(a[i])` (copy-on-write). */
const update = <T>(a: readonly T[], i: number, f: (x: T) => T): T[] => a.with(i, f(a[i]!));

/** The P1b messages of acceptor `a` at ballot slot `bi`, as (maxVBallot, maxValue) pairs. */
function p1bOf(m: Messages, c: SimplifiedPaxosConstants, bi: number, a: string): { mvb: number; mv: string }[] {
  return m.p1b[bi]![a]!.flatMap((values, k) => values.map((mv) => ({ mvb: c.Ballots[k]!, mv })));
}

/** PaxosSpec's variables and the five disjuncts of PaxosNext. */
export const simplifiedPaxosSpec = defineSpec<SimplifiedPaxosState, SimplifiedPaxosConstants>({
  name: 'SimplifiedPaxos',
  summary: 'Paxos without leaders or learners (SimplifiedFastPaxos/Paxos.tla): prepare, promise, accept, accepted, decide.',
  schema: schemaFor,
  validate: (c) => {
    if (c.Replicas.length === 0 || c.Values.length === 0) return 'Replicas and Values must not be empty';
    if (c.Values.includes(NONE)) return `Values must not contain ${NONE}`;
    if (!c.Ballots.includes(0) || !c.Ballots.every((b) => Number.isInteger(b) && b >= 0) || new Set(c.Ballots).size !== c.Ballots.length) {
      return 'Ballots must list distinct naturals including 0';
    }
    if (!c.Quorums.every((q) => q.every((a) => c.Replicas.includes(a)) && 2 * q.length > c.Replicas.length)) return 'every quorum must be a majority of Replicas';
    return undefined;
  },
  init: (c) => {
    const B = c.Ballots.length;
    const falses = (n: number): boolean[] => new Array<boolean>(n).fill(false);
    return [
      {
        messages: {
          p1a: falses(B),
          p1b: Array.from({ length: B }, () => fnOf(c.Replicas, () => Array.from({ length: B }, (): string[] => []))),
          p2a: Array.from({ length: B }, (): string[] => []),
          p2b: Array.from({ length: B }, () => fnOf(c.Replicas, (): string[] => [])),
        },
        decision: NONE,
        maxBallot: fnOf(c.Replicas, () => 0),
        maxVBallot: fnOf(c.Replicas, () => 0),
        maxValue: fnOf(c.Replicas, () => NONE),
      },
    ];
  },
  actions: {
    PaxosPrepare: {
      summary: 'a proposer sends Prepare (P1a) for ballot b (again: a stuttering step)',
      params: (c) => c.Ballots.filter((b) => b !== 0).map((b) => ({ b })),
      next: (s, p, c) => {
        const { b } = p as { b: number };
        return { ...s, messages: { ...s.messages, p1a: s.messages.p1a.with(balAt(c, b), true) } };
      },
    },
    PaxosPromise: {
      summary: 'acceptor a answers the P1a of ballot b > maxBallot[a] with a Promise (P1b) carrying its last vote',
      params: (c) => c.Replicas.flatMap((a) => c.Ballots.filter((b) => b !== 0).map((b) => ({ a, b }))),
      enabled: (s, p, c) => {
        const { a, b } = p as { a: string; b: number };
        return s.messages.p1a[balAt(c, b)]! && s.maxBallot[a]! < b;
      },
      next: (s, p, c) => {
        const { a, b } = p as { a: string; b: number };
        const mvb = balAt(c, s.maxVBallot[a]!);
        const p1b = update(s.messages.p1b, balAt(c, b), (byAcc) => ({ ...byAcc, [a]: update(byAcc[a]!, mvb, (mvs) => setAdd(valuesAndNone(c), mvs, s.maxValue[a]!)) }));
        return { ...s, messages: { ...s.messages, p1b }, maxBallot: { ...s.maxBallot, [a]: b } };
      },
    },
    PaxosAccept: {
      summary: 'with Promises for ballot b from every acceptor of quorum q, a proposer sends Accept (P2a) for v (forced by the highest vote reported, if any)',
      params: (c) => c.Ballots.flatMap((b) => c.Quorums.flatMap((q) => c.Values.map((v) => ({ b, q, v })))),
      enabled: (s, p, c) => {
        const { b, q, v } = p as { b: number; q: readonly string[]; v: string };
        const bi = balAt(c, b);
        if (s.messages.p2a[bi]!.length > 0) return false; // \A m \in p2aMessages : ~(m.ballot = b)
        const M = q.flatMap((a) => p1bOf(s.messages, c, bi, a));
        if (!q.every((a) => p1bOf(s.messages, c, bi, a).length > 0)) return false;
        if (M.every((m) => m.mv === NONE)) return true;
        // ForcedValue(M): the maxValue of a message with the highest maxVBallot (all such messages carry one value)
        const top = Math.max(...M.map((m) => m.mvb));
        const forced = new Set(M.filter((m) => m.mvb === top).map((m) => m.mv));
        if (forced.size !== 1) throw new Error(`ForcedValue: the P1b messages of ballot ${b} with maxVBallot ${top} carry ${forced.size} values`);
        return [...forced][0] === v;
      },
      next: (s, p, c) => {
        const { b, v } = p as { b: number; v: string };
        return { ...s, messages: { ...s.messages, p2a: update(s.messages.p2a, balAt(c, b), (vs) => setAdd(c.Values, vs, v)) } };
      },
    },
    PaxosAccepted: {
      summary: 'acceptor a with maxBallot[a] <= b accepts the Accept (P2b) of ballot b for v and announces it',
      params: (c) => c.Replicas.flatMap((a) => c.Ballots.flatMap((b) => c.Values.map((v) => ({ a, b, v })))),
      enabled: (s, p, c) => {
        const { a, b, v } = p as { a: string; b: number; v: string };
        return setHas(s.messages.p2a[balAt(c, b)]!, v) && s.maxBallot[a]! <= b;
      },
      next: (s, p, c) => {
        const { a, b, v } = p as { a: string; b: number; v: string };
        const p2b = update(s.messages.p2b, balAt(c, b), (byAcc) => ({ ...byAcc, [a]: setAdd(c.Values, byAcc[a]!, v) }));
        return {
          ...s,
          messages: { ...s.messages, p2b },
          maxBallot: { ...s.maxBallot, [a]: b },
          maxVBallot: { ...s.maxVBallot, [a]: b },
          maxValue: { ...s.maxValue, [a]: v },
        };
      },
    },
    PaxosDecide: {
      summary: "every acceptor of quorum q accepted ballot b; decision' = the value of acceptor a's P2b (a in q)",
      params: (c) => c.Ballots.flatMap((b) => c.Quorums.flatMap((q) => q.flatMap((a) => c.Values.map((v) => ({ b, q, a, v }))))),
      enabled: (s, p, c) => {
        const { b, q, a, v } = p as { b: number; q: readonly string[]; a: string; v: string };
        const bi = balAt(c, b);
        const accepted = s.messages.p2b[bi]!;
        return setHas(accepted[a]!, v) && q.every((x) => accepted[x]!.length > 0);
      },
      next: (s, p) => ({ ...s, decision: (p as { v: string }).v }),
    },
  },
});

/**
 * `Permutations(Values) \union Permutations(Replicas)`, as the product of the two groups: renaming the replicas
 * (the quorums, all the 3-subsets, are closed under it) and the values (`none` stays); ballots are not renamed.
 */
export const paxosSymmetry: Symmetry<SimplifiedPaxosState, SimplifiedPaxosConstants> = {
  sets: (c) => [
    { name: 'Values', size: c.Values.length },
    { name: 'Replicas', size: c.Replicas.length },
  ],
  permute: (s, [values, replicas], c) => {
    // written for speed: the engine calls it for every renaming of every successor (143 × 13,290 times in Paxos.cfg)
    const rename = (v: string): string => (v === NONE ? NONE : c.Values[values![c.Values.indexOf(v)]!]!);
    // a set of values renamed, in universe order (Values, then none); the empty set, the common case, is kept
    const renameSet = (set: readonly string[]): string[] => {
      if (set.length === 0) return set as string[];
      const renamed = set.map(rename);
      return valuesAndNone(c).filter((u) => renamed.includes(u));
    };
    const m = s.messages;
    return {
      messages: {
        p1a: m.p1a,
        p1b: m.p1b.map((byAcc) => fnPermute(c.Replicas, byAcc, replicas!)).map((byAcc) => fnOf(c.Replicas, (a) => byAcc[a]!.map(renameSet))),
        p2a: m.p2a.map(renameSet),
        p2b: m.p2b.map((byAcc) => fnPermute(c.Replicas, byAcc, replicas!)).map((byAcc) => fnOf(c.Replicas, (a) => renameSet(byAcc[a]!))),
      },
      decision: rename(s.decision),
      maxBallot: fnPermute(c.Replicas, s.maxBallot, replicas!),
      maxVBallot: fnPermute(c.Replicas, s.maxVBallot, replicas!),
      maxValue: fnOf(c.Replicas, (a) => rename(s.maxValue[c.Replicas[replicas!.indexOf(c.Replicas.indexOf(a))]!]!)),
    };
  },
};

const PAXOS_CFG: SimplifiedPaxosConstants = {
  Replicas: ['r1', 'r2', 'r3', 'r4'],
  Values: ['v1', 'v2', 'v3'],
  Ballots: [0, 1, 2],
  Quorums: [
    ['r1', 'r2', 'r3'],
    ['r1', 'r2', 'r4'],
    ['r1', 'r3', 'r4'],
    ['r2', 'r3', 'r4'],
  ],
};

/** A smaller model for tests: three replicas, two values, the same ballots, the three 2-subsets as quorums. */
const SMALL: SimplifiedPaxosConstants = {
  Replicas: ['r1', 'r2', 'r3'],
  Values: ['v1', 'v2'],
  Ballots: [0, 1, 2],
  Quorums: [
    ['r1', 'r2'],
    ['r1', 'r3'],
    ['r2', 'r3'],
  ],
};

/**
 * Paxos.cfg with its SYMMETRY: invariants PaxosTypeOK and PaxosNontriviality, the action property PaxosConsistency,
 * and the two facts the parameters rely on to count as TLC does (an acceptor sends one P1b per ballot; a ballot has
 * at most one P2a), which hold on every reachable state.
 */
export const simplifiedPaxos = defineModel<SimplifiedPaxosState, SimplifiedPaxosConstants>({
  name: 'SimplifiedPaxos',
  spec: simplifiedPaxosSpec,
  constants: { default: PAXOS_CFG, small: SMALL },
  symmetry: paxosSymmetry,
  properties: {
    PaxosTypeOK: {
      kind: 'invariant',
      summary: 'messages ⊆ Message, decision ∈ Values ∪ {none}, maxBallot and maxVBallot in Ballots',
      reference: 'Paxos.tla PaxosTypeOK',
      // the schema gives the rest; P1a messages have a ballot other than 0, and the ballots are in Ballots
      holds: (s, c) =>
        !s.messages.p1a[balAt(c, 0)] && c.Replicas.every((a) => c.Ballots.includes(s.maxBallot[a]!) && c.Ballots.includes(s.maxVBallot[a]!)),
    },
    PaxosNontriviality: {
      kind: 'invariant',
      summary: 'only a proposed value is decided; a P1b carries a value iff its maxVBallot is not 0',
      reference: 'Paxos.tla PaxosNontriviality',
      holds: (s, c) => {
        if (s.decision !== NONE && !s.messages.p2a.some((vs) => setHas(vs, s.decision))) return false;
        return c.Ballots.every((_, bi) => c.Replicas.every((a) => p1bOf(s.messages, c, bi, a).every((m) => (m.mv === NONE) === (m.mvb === 0))));
      },
    },
    PaxosConsistency: {
      kind: 'action',
      summary: 'decision changes only from none: at most one value is ever learnt',
      reference: 'Paxos.tla PaxosConsistency == [][decision = none]_<<decision>>',
      holds: (s, _label, next) => next.decision === s.decision || s.decision === NONE,
    },
    oneP1bPerBallot: {
      kind: 'invariant',
      summary: 'an acceptor sends at most one P1b message per ballot (the count of PaxosAccept relies on it)',
      reference: 'Paxos.tla PaxosPromise: maxBallot[a] < m.ballot, then maxBallot[a] = m.ballot',
      holds: (s, c) => c.Ballots.every((_, bi) => c.Replicas.every((a) => p1bOf(s.messages, c, bi, a).length <= 1)),
    },
    oneP2aPerBallot: {
      kind: 'invariant',
      summary: 'a ballot has at most one P2a message (the count of PaxosDecide relies on it)',
      reference: 'Paxos.tla PaxosAccept: \\A m \\in p2aMessages : ~(m.ballot = b)',
      holds: (s) => s.messages.p2a.every((vs) => vs.length <= 1),
    },
  },
});
