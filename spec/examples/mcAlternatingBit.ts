/**
 * MCAlternatingBit (tlaplus/Examples `specifications/SpecifyingSystems/TLC/MCAlternatingBit.tla`, which extends
 * `AlternatingBit.tla`, and `MCAlternatingBit.cfg`, commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9): the
 * alternating bit protocol from chapter 14 of Specifying Systems. A sender sends (bit, data) messages over a lossy
 * FIFO queue msgQ, the receiver acknowledges bits over a lossy queue ackQ.
 *
 * ABNext has the disjuncts `\E d \in Data : SndNewValue(d)`, ReSndMsg, RcvMsg, SndAck, RcvAck, LoseMsg and LoseAck;
 * Lose(q) contains `\E i \in 1..Len(q)`, so LoseMsg and LoseAck take the position i as their parameter (TLC counts
 * one successor per position, even when two positions hold equal messages).
 * The CONSTRAINT SeqConstraint (`Len(msgQ) <= msgQLen /\ Len(ackQ) <= ackQLen`) is the model's constraint; states
 * with one message more are counted and checked but not stored, so the schema admits one element more.
 *
 * TLC with Data = {d1, d2}, msgQLen = ackQLen = 2: 240 distinct states, 1392 states generated, depth 10
 * (invariant ABTypeInv holds).
 */
import { action, defineModel, defineSpec, t, type Infer } from '../../checker/engine/index.js';

/** The constants: the data values (TLA+ model values) and the queue bounds of SeqConstraint. */
export type MCAlternatingBitConstants = {
  readonly Data: readonly string[];
  readonly msgQLen: number;
  readonly ackQLen: number;
};
type Constants = MCAlternatingBitConstants;

const schemaFor = (c: Constants) => {
  const data = t.enum(...c.Data);
  const bit = t.int(0, 1);
  return t.record({
    msgQ: t.list(t.record({ bit, data }), c.msgQLen + 1),
    ackQ: t.list(bit, c.ackQLen + 1),
    sBit: bit,
    sAck: bit,
    rBit: bit,
    sent: data,
    rcvd: data,
  });
};

/** A state of the protocol; a message `<<b, d>>` is the record `{bit: b, data: d}`. */
export type MCAlternatingBitState = Infer<ReturnType<typeof schemaFor>>;
type State = MCAlternatingBitState;

/** `[j \in 1..(Len(q)-1) |-> IF j < i THEN q[j] ELSE q[j+1]]`: q without its i-th element (1-based). */
const without = <E>(q: readonly E[], i: number): E[] => q.filter((_, k) => k !== i - 1);
/** 1..n. */
const upTo = (n: number): number[] => Array.from({ length: n }, (_, k) => k + 1);

/** The AlternatingBit spec: ABInit and the seven disjuncts of ABNext. */
export const mcAlternatingBitSpec = defineSpec<State, Constants>({
  name: 'MCAlternatingBit',
  summary: 'The alternating bit protocol over lossy FIFO queues (Specifying Systems, chapter 14).',
  schema: schemaFor,
  validate: (c) =>
    c.Data.length === 0
      ? 'Data must name at least one value'
      : !Number.isInteger(c.msgQLen) || !Number.isInteger(c.ackQLen) || c.msgQLen < 0 || c.ackQLen < 0
        ? 'msgQLen and ackQLen must be natural numbers'
        : undefined,
  init: (c) => {
    const states: State[] = [];
    for (const sBit of [0, 1]) {
      for (const sent of c.Data) {
        for (const rcvd of c.Data) states.push({ msgQ: [], ackQ: [], sBit, sAck: sBit, rBit: sBit, sent, rcvd });
      }
    }
    return states;
  },
  actions: {
    SndNewValue: action({
      summary: 'once the last value is acknowledged, the sender flips its bit and sends d',
      params: (c) => c.Data,
      enabled: (s) => s.sAck === s.sBit,
      next: (s, d) => {
        const sBit = 1 - s.sBit;
        return { ...s, sent: d, sBit, msgQ: [...s.msgQ, { bit: sBit, data: d }] };
      },
    }),
    ReSndMsg: {
      summary: 'the sender resends the unacknowledged message',
      enabled: (s) => s.sAck !== s.sBit,
      next: (s) => ({ ...s, msgQ: [...s.msgQ, { bit: s.sBit, data: s.sent }] }),
    },
    RcvMsg: {
      summary: 'the receiver takes the head of msgQ',
      enabled: (s) => s.msgQ.length > 0,
      next: (s) => ({ ...s, msgQ: s.msgQ.slice(1), rBit: s.msgQ[0]!.bit, rcvd: s.msgQ[0]!.data }),
    },
    SndAck: {
      summary: 'the receiver acknowledges its bit',
      next: (s) => ({ ...s, ackQ: [...s.ackQ, s.rBit] }),
    },
    RcvAck: {
      summary: 'the sender takes the head of ackQ',
      enabled: (s) => s.ackQ.length > 0,
      next: (s) => ({ ...s, ackQ: s.ackQ.slice(1), sAck: s.ackQ[0]! }),
    },
    LoseMsg: action({
      summary: 'the i-th message of msgQ is lost',
      // Only states satisfying SeqConstraint are expanded, so msgQ has at most msgQLen messages here.
      params: (c) => upTo(c.msgQLen),
      enabled: (s, i) => i <= s.msgQ.length,
      next: (s, i) => ({ ...s, msgQ: without(s.msgQ, i) }),
    }),
    LoseAck: action({
      summary: 'the i-th acknowledgement of ackQ is lost',
      params: (c) => upTo(c.ackQLen),
      enabled: (s, i) => i <= s.ackQ.length,
      next: (s, i) => ({ ...s, ackQ: without(s.ackQ, i) }),
    }),
  },
});

const cvarsEqual = (a: State, b: State): boolean =>
  a.sBit === b.sBit && a.sAck === b.sAck && a.rBit === b.rBit && a.sent === b.sent && a.rcvd === b.rcvd;

/** ABCorrectness's ABCNext, over the variables sBit, sAck, rBit, sent, rcvd. */
const abcNext = (s: State, n: State, c: Constants): boolean => {
  const cSndNewValue = c.Data.some(
    (d) => s.sAck === s.sBit && n.sent === d && n.sBit === 1 - s.sBit && n.sAck === s.sAck && n.rBit === s.rBit && n.rcvd === s.rcvd,
  );
  const cRcvMsg =
    s.rBit !== s.sBit && n.rBit === s.sBit && n.rcvd === s.sent && n.sBit === s.sBit && n.sAck === s.sAck && n.sent === s.sent;
  const cRcvAck =
    s.rBit !== s.sAck && n.sAck === s.rBit && n.sBit === s.sBit && n.rBit === s.rBit && n.sent === s.sent && n.rcvd === s.rcvd;
  return cSndNewValue || cRcvMsg || cRcvAck;
};

/**
 * MCAlternatingBit.cfg: Data = {d1, d2}, msgQLen = ackQLen = 2, invariant ABTypeInv, CONSTRAINT SeqConstraint.
 * The .cfg's temporal properties are liveness properties, which lifecheck does not check; the safety part of the
 * refinement ABSpec => ABCSpec (`[][ABCNext]_cvars`, the module's ImpliedAction) is checked as an action property.
 */
export const mcAlternatingBit = defineModel<State, Constants>({
  name: 'MCAlternatingBit',
  spec: mcAlternatingBitSpec,
  constants: { default: { Data: ['d1', 'd2'], msgQLen: 2, ackQLen: 2 } },
  constraint: (s, c) => s.msgQ.length <= c.msgQLen && s.ackQ.length <= c.ackQLen,
  properties: {
    ABTypeInv: {
      kind: 'invariant',
      summary: 'msgQ \\in Seq({0,1} \\X Data), ackQ \\in Seq({0,1}), bits in {0,1}, sent and rcvd in Data',
      reference: 'AlternatingBit.tla ABTypeInv',
      holds: (s, c) => {
        const isBit = (b: number): boolean => b === 0 || b === 1;
        return (
          s.msgQ.every((m) => isBit(m.bit) && c.Data.includes(m.data)) &&
          s.ackQ.every(isBit) &&
          isBit(s.sBit) &&
          isBit(s.sAck) &&
          isBit(s.rBit) &&
          c.Data.includes(s.sent) &&
          c.Data.includes(s.rcvd)
        );
      },
    },
    ImpliedAction: {
      kind: 'action',
      summary: 'every step is an ABCNext step or leaves sBit, sAck, rBit, sent, rcvd unchanged',
      reference: 'MCAlternatingBit.tla ImpliedAction == [ABCNext]_cvars (the safety part of ABCSpec)',
      holds: (s, _label, n, c) => cvarsEqual(s, n) || abcNext(s, n, c),
    },
  },
});
