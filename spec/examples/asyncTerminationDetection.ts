/**
 * AsyncTerminationDetection (tlaplus/Examples `specifications/ewd998/AsyncTerminationDetection.tla` and
 * `AsyncTerminationDetection.cfg`, commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9): the abstract termination
 * detection problem in a ring with asynchronous messages (the spec EWD998 refines).
 *
 * Next is `(\E i \in Node : RcvMsg(i) \/ Terminate(i)) \/ (\E i, j \in Node : SendMsg(i, j)) \/ DetectTermination`.
 * Terminate has `terminationDetected' \in {terminationDetected, terminated'}`, which TLC enumerates as a set: its
 * parameter is the new value v, enabled only when v is in that set (one successor when both members are equal, two
 * otherwise). Init likewise has `terminationDetected \in {FALSE, terminated}`: 17 initial states for N = 4.
 * The CONSTRAINT `\A n \in Node : pending[n] <= 3` is the model's constraint; states with a 4th pending message are
 * counted and checked but not stored, so the schema admits pending counts up to 4.
 *
 * TLC with N = 4: 4097 distinct states, 53271 states generated, depth 14 (TypeOK and Safe hold).
 */
import { action, defineModel, defineSpec, t, type Infer } from '../../checker/engine/index.js';

/** The constants: the number of nodes. */
export type AsyncTerminationDetectionConstants = { readonly N: number };

/** The bound in the module's StateConstraint (`pending[n] <= 3`). */
export const PENDING_BOUND = 3;

const schemaFor = (c: AsyncTerminationDetectionConstants) =>
  t.record({
    active: t.array(t.bool(), c.N),
    pending: t.array(t.int(0, PENDING_BOUND + 1), c.N),
    terminationDetected: t.bool(),
  });

/** A state: node activity, pending message counts, and whether termination was detected. */
export type AsyncTerminationDetectionState = Infer<ReturnType<typeof schemaFor>>;
type State = AsyncTerminationDetectionState;
type Constants = AsyncTerminationDetectionConstants;

/** Node = 0..N-1. */
const nodes = (c: Constants): number[] => Array.from({ length: c.N }, (_, i) => i);
/** All nodes are inactive and no message is pending. */
const terminated = (s: Pick<State, 'active' | 'pending'>): boolean =>
  s.active.every((a) => !a) && s.pending.every((p) => p === 0);

/** Parameters of Terminate: the node and the new value of terminationDetected. */
type TerminateParams = { readonly i: number; readonly detected: boolean };
/** Parameters of SendMsg: sender and receiver. */
type SendParams = { readonly i: number; readonly j: number };

const terminateNext = (s: State, i: number, detected: boolean): State => ({
  ...s,
  active: s.active.with(i, false),
  terminationDetected: detected,
});

/** The AsyncTerminationDetection spec: Init and the four disjuncts of Next. */
export const asyncTerminationDetectionSpec = defineSpec<State, Constants>({
  name: 'AsyncTerminationDetection',
  summary: 'Abstract termination detection: nodes send messages, go idle, and termination is eventually noticed.',
  schema: schemaFor,
  validate: (c) => (Number.isInteger(c.N) && c.N >= 1 ? undefined : 'N must be a positive integer'),
  init: (c) => {
    const states: State[] = [];
    for (let mask = 0; mask < 2 ** c.N; mask += 1) {
      const active = nodes(c).map((n) => ((mask >> n) & 1) === 1);
      const pending = nodes(c).map(() => 0);
      // terminationDetected \in {FALSE, terminated}: a set, so one value when terminated is FALSE.
      const values = terminated({ active, pending }) ? [false, true] : [false];
      for (const terminationDetected of values) states.push({ active, pending, terminationDetected });
    }
    return states;
  },
  actions: {
    RcvMsg: action({
      summary: 'node i receives a pending message and becomes active',
      params: nodes,
      enabled: (s, i) => s.pending[i]! > 0,
      next: (s, i) => ({ ...s, active: s.active.with(i, true), pending: s.pending.with(i, s.pending[i]! - 1) }),
    }),
    Terminate: action({
      summary: "node i becomes inactive; terminationDetected' is chosen from {terminationDetected, terminated'}",
      params: (c) => nodes(c).flatMap((i): TerminateParams[] => [{ i, detected: false }, { i, detected: true }]),
      enabled: (s, { i, detected }) => {
        if (!s.active[i]) return false;
        return detected === s.terminationDetected || detected === terminated(terminateNext(s, i, detected));
      },
      next: (s, { i, detected }) => terminateNext(s, i, detected),
    }),
    SendMsg: action({
      summary: 'active node i sends a message to node j',
      params: (c) => nodes(c).flatMap((i): SendParams[] => nodes(c).map((j) => ({ i, j }))),
      enabled: (s, { i }) => s.active[i] === true,
      next: (s, { j }) => ({ ...s, pending: s.pending.with(j, s.pending[j]! + 1) }),
    }),
    DetectTermination: {
      summary: 'termination is detected once every node is inactive with nothing pending',
      enabled: (s) => terminated(s),
      next: (s) => ({ ...s, terminationDetected: true }),
    },
  },
});

/**
 * AsyncTerminationDetection.cfg: N = 4, invariants TypeOK and Safe, CONSTRAINT StateConstraint (pending[n] <= 3),
 * deadlock checked. StableActionInvariant (`terminated => terminated'`, defined in the module for Apalache) is added
 * as an action property; it does not change the counts.
 */
export const asyncTerminationDetection = defineModel<State, Constants>({
  name: 'AsyncTerminationDetection',
  spec: asyncTerminationDetectionSpec,
  constants: { default: { N: 4 } },
  constraint: (s) => s.pending.every((p) => p <= PENDING_BOUND),
  properties: {
    TypeOK: {
      kind: 'invariant',
      summary: 'active \\in [Node -> BOOLEAN], pending \\in [Node -> Nat], terminationDetected \\in BOOLEAN',
      reference: 'AsyncTerminationDetection.tla TypeOK',
      holds: (s, c) =>
        s.active.length === c.N &&
        s.pending.length === c.N &&
        s.pending.every((p) => Number.isInteger(p) && p >= 0) &&
        typeof s.terminationDetected === 'boolean',
    },
    Safe: {
      kind: 'invariant',
      summary: 'termination is detected only when the system has terminated',
      reference: 'AsyncTerminationDetection.tla Safe',
      holds: (s) => !s.terminationDetected || terminated(s),
    },
    StableActionInvariant: {
      kind: 'action',
      summary: 'once terminated, the system stays terminated',
      reference: 'AsyncTerminationDetection.tla StableActionInvariant (not in the .cfg)',
      holds: (s, _label, next) => !terminated(s) || terminated(next),
    },
  },
});
