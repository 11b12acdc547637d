/**
 * SyncTerminationDetection (tlaplus/Examples `specifications/ewd840/SyncTerminationDetection.tla` and
 * `SyncTerminationDetection.cfg`, commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9): the abstract termination
 * detection problem in a ring with synchronous communication, which EWD840 refines. Active nodes wake other nodes
 * up or terminate; once every node is inactive, termination may be detected.
 *
 * Next is `(\E i \in Node : Terminate(i)) \/ (\E i, j \in Node : Wakeup(i, j)) \/ DetectTermination`. Terminate has
 * `terminationDetected' \in {terminationDetected, terminated'}`, which TLC enumerates as a set: its parameter is the
 * node and the new value, enabled only when the value is in that set (two successors when the last active node
 * terminates while termination is undetected, one otherwise). Init has `active \in [Node -> BOOLEAN]` and
 * `terminationDetected \in {FALSE, terminated}`: 2^N + 1 initial states, and every reachable state is one of them
 * (TLC's depth is 1).
 *
 * Fairness: `Spec == Init /\ [][Next]_vars /\ WF_vars(DetectTermination)`.
 *
 * TLC with N = 7: 129 distinct states, 3722 states generated, depth 1; the invariants TypeOK and TDCorrect and the
 * properties Quiescence and Liveness hold.
 */
import { defineModel, defineSpec, leadsTo, t, weakFairness, type Fairness, type Infer } from '../../checker/engine/index.js';

/** The constants: the number of nodes (Node = 0..N-1). */
export type SyncTerminationDetectionConstants = { readonly N: number };

const schemaFor = (c: SyncTerminationDetectionConstants) => t.record({ active: t.array(t.bool(), c.N), terminationDetected: t.bool() });

/** A state: which nodes are active, and whether termination has been detected. */
export type SyncTerminationDetectionState = Infer<ReturnType<typeof schemaFor>>;
type State = SyncTerminationDetectionState;
type Constants = SyncTerminationDetectionConstants;

/** Node == 0 .. N-1. */
const nodes = (c: Constants): number[] => Array.from({ length: c.N }, (_, i) => i);
/** terminated == \A n \in Node : ~ active[n]. */
export const terminated = (s: Pick<State, 'active'>): boolean => s.active.every((a) => !a);

/** Parameters of Terminate: the node, and the value of terminationDetected' chosen. */
type TerminateParams = { readonly i: number; readonly detected: boolean };
/** Parameters of Wakeup: node i activates node j. */
type WakeupParams = { readonly i: number; readonly j: number };

/** The SyncTerminationDetection spec: Init and the three disjuncts of Next. */
export const syncTerminationDetectionSpec = defineSpec<State, Constants>({
  name: 'SyncTerminationDetection',
  summary: 'Abstract termination detection with synchronous communication: nodes wake each other or go idle.',
  schema: schemaFor,
  validate: (c) => (Number.isInteger(c.N) && c.N >= 1 && c.N <= 20 ? undefined : 'N must be an integer in 1..20'),
  init: (c) => {
    const states: State[] = [];
    for (let mask = 0; mask < 2 ** c.N; mask += 1) {
      const active = nodes(c).map((n) => ((mask >> n) & 1) === 1);
      // terminationDetected \in {FALSE, terminated}: a set, so one value when terminated is FALSE.
      for (const terminationDetected of terminated({ active }) ? [false, true] : [false]) states.push({ active, terminationDetected });
    }
    return states;
  },
  actions: {
    Terminate: {
      summary: "active node i terminates; terminationDetected' is chosen from {terminationDetected, terminated'}",
      params: (c) => nodes(c).flatMap((i): TerminateParams[] => [{ i, detected: false }, { i, detected: true }]),
      enabled: (s, p) => {
        const { i, detected } = p as TerminateParams;
        return s.active[i] === true && (detected === s.terminationDetected || detected === terminated({ active: s.active.with(i, false) }));
      },
      next: (s, p) => {
        const { i, detected } = p as TerminateParams;
        return { active: s.active.with(i, false), terminationDetected: detected };
      },
    },
    Wakeup: {
      summary: 'active node i activates node j',
      params: (c) => nodes(c).flatMap((i): WakeupParams[] => nodes(c).map((j) => ({ i, j }))),
      enabled: (s, p) => s.active[(p as WakeupParams).i] === true,
      next: (s, p) => ({ ...s, active: s.active.with((p as WakeupParams).j, true) }),
    },
    DetectTermination: {
      summary: 'termination is detected once every node is inactive',
      enabled: (s) => terminated(s),
      next: (s) => ({ ...s, terminationDetected: true }),
    },
  },
});

/** The spec's fairness: `WF_vars(DetectTermination)`. */
export const SYNC_TERMINATION_FAIRNESS: readonly Fairness[] = [weakFairness('DetectTermination')];

/**
 * SyncTerminationDetection.cfg: N = 7, SPECIFICATION Spec (with `WF_vars(DetectTermination)`), invariants TypeOK and
 * TDCorrect, properties Quiescence (`[](terminated => []terminated)`, which is the action property
 * `terminated => terminated'`: both say no step leaves a terminated state) and Liveness (`terminated ~>
 * terminationDetected`). Deadlock checked.
 */
export const syncTerminationDetection = defineModel<State, Constants>({
  name: 'SyncTerminationDetection',
  spec: syncTerminationDetectionSpec,
  constants: { default: { N: 7 } },
  fairness: SYNC_TERMINATION_FAIRNESS,
  properties: {
    TypeOK: {
      kind: 'invariant',
      summary: 'active \\in [Node -> BOOLEAN], terminationDetected \\in BOOLEAN',
      reference: 'SyncTerminationDetection.tla TypeOK',
      holds: (s, c) => s.active.length === c.N && s.active.every((a) => typeof a === 'boolean') && typeof s.terminationDetected === 'boolean',
    },
    TDCorrect: {
      kind: 'invariant',
      summary: 'termination is detected only when every node is inactive',
      reference: 'SyncTerminationDetection.tla TDCorrect',
      holds: (s) => !s.terminationDetected || terminated(s),
    },
    Quiescence: {
      kind: 'action',
      summary: 'once every node is inactive, they stay inactive ([](terminated => []terminated))',
      reference: 'SyncTerminationDetection.tla Quiescence',
      holds: (s, _label, next) => !terminated(s) || terminated(next),
    },
    Liveness: leadsTo<State, Constants>(terminated, (s) => s.terminationDetected, {
      summary: 'once every node is inactive, termination is eventually detected (terminated ~> terminationDetected)',
      reference: 'SyncTerminationDetection.tla Liveness',
    }),
  },
});
