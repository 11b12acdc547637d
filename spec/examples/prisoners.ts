/**
 * Prisoners (tlaplus/Examples `specifications/Prisoners/Prisoners.tla` and `Prisoners.cfg`, commit
 * 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9): the Car Talk puzzle of the prisoners and the two switches. One prisoner,
 * the Counter, moves switch A down and counts; every other prisoner moves it up at most twice; whoever cannot move A
 * flips switch B. When the count reaches 2 · (prisoners − 1), every prisoner has been in the room.
 *
 * Next is `CounterStep \/ \E i \in OtherPrisoner : NonCounterStep(i)`: two actions, the second with the parameter
 * `i`. Each action's body is an IF-THEN-ELSE, which TLC does not split: one successor per action and binding, so
 * every state has 1 + |OtherPrisoner| successors. Init has `switchAUp \in BOOLEAN` and `switchBUp \in BOOLEAN`: four
 * initial states.
 *
 * Fairness (the module's `Fairness`): `WF_vars(CounterStep) /\ \A i \in OtherPrisoner : WF_vars(NonCounterStep(i))`
 * — every prisoner, not merely some prisoner, is brought into the room again and again: weak fairness of
 * `NonCounterStep` per parameter. Both actions always change a switch, so both are always enabled.
 *
 * TLC with Prisoner = {p1, p2, p3, p4}, Counter = p1: 214 distinct states, 860 states generated, depth 14; the
 * invariants TypeOK and CountInvariant and the properties Safety and Liveness (`<>Done`) hold.
 */
import { defineModel, defineSpec, eventually, t, weakFairness, type Fairness, type Infer } from '../../checker/engine/index.js';

/** The constants: the prisoners (model values) and the one who counts. */
export type PrisonersConstants = { readonly Prisoner: readonly string[]; readonly Counter: string };

/** OtherPrisoner == Prisoner \ {Counter}, in the order of `Prisoner`. */
const others = (c: PrisonersConstants): string[] => c.Prisoner.filter((p) => p !== c.Counter);

const schemaFor = (c: PrisonersConstants) =>
  t.record({
    switchAUp: t.bool(),
    switchBUp: t.bool(),
    /** timesSwitched[p] for p in OtherPrisoner, by position in {@link others}. */
    timesSwitched: t.array(t.int(0, 3), c.Prisoner.length - 1),
    /** One more than TypeOK's bound (2 · |Prisoner| − 1), so that TypeOK can fail. */
    count: t.int(0, 2 * c.Prisoner.length),
  });

/** A state of Prisoners. */
export type PrisonersState = Infer<ReturnType<typeof schemaFor>>;
type State = PrisonersState;
type Constants = PrisonersConstants;

/** The position of prisoner `i` in OtherPrisoner. */
const at = (c: Constants, i: string): number => others(c).indexOf(i);

/** Done == count = 2 * (Cardinality(Prisoner) - 1): the Counter knows every prisoner has been in the room. */
export const done = (s: State, c: Constants): boolean => s.count === 2 * (c.Prisoner.length - 1);

/** The Prisoners spec: Init and the two disjuncts of Next. */
export const prisonersSpec = defineSpec<State, Constants>({
  name: 'Prisoners',
  summary: 'The prisoners-and-switches puzzle: the Counter counts switch-A ups; the others raise it at most twice each.',
  schema: schemaFor,
  validate: (c) =>
    !c.Prisoner.includes(c.Counter)
      ? 'Counter must be one of Prisoner'
      : c.Prisoner.length <= 1
        ? 'Prisoner must have more than one element'
        : new Set(c.Prisoner).size !== c.Prisoner.length
          ? 'Prisoner must not repeat a value'
          : undefined,
  init: (c) => {
    const states: State[] = [];
    for (const switchAUp of [false, true]) {
      for (const switchBUp of [false, true]) states.push({ switchAUp, switchBUp, timesSwitched: others(c).map(() => 0), count: 0 });
    }
    return states;
  },
  actions: {
    CounterStep: {
      summary: 'the Counter moves switch A down and counts if it is up; otherwise flips switch B',
      next: (s) => (s.switchAUp ? { ...s, switchAUp: false, count: s.count + 1 } : { ...s, switchBUp: !s.switchBUp }),
    },
    NonCounterStep: {
      summary: 'prisoner i moves switch A up if it is down and i has done so fewer than twice; otherwise flips switch B',
      params: others,
      next: (s, i, c) => {
        const k = at(c, i as string);
        return !s.switchAUp && s.timesSwitched[k]! < 2
          ? { ...s, switchAUp: true, timesSwitched: s.timesSwitched.with(k, s.timesSwitched[k]! + 1) }
          : { ...s, switchBUp: !s.switchBUp };
      },
    },
  },
});

/** The module's `Fairness`: `WF_vars(CounterStep) /\ \A i \in OtherPrisoner : WF_vars(NonCounterStep(i))`. */
export const PRISONERS_FAIRNESS: readonly Fairness[] = [weakFairness('CounterStep'), weakFairness('NonCounterStep', { perParams: true })];

/**
 * Prisoners.cfg: Prisoner = {p1, p2, p3, p4}, Counter = p1, SPECIFICATION Spec (with `Fairness`), invariants TypeOK
 * and CountInvariant, properties Safety (an invariant: `[](Done => ...)`) and Liveness (`<>Done`). Deadlock checked.
 */
export const prisoners = defineModel<State, Constants>({
  name: 'Prisoners',
  spec: prisonersSpec,
  constants: { default: { Prisoner: ['p1', 'p2', 'p3', 'p4'], Counter: 'p1' } },
  fairness: PRISONERS_FAIRNESS,
  properties: {
    TypeOK: {
      kind: 'invariant',
      summary: 'timesSwitched is in 0..2 for every other prisoner, count in 0..2·|Prisoner|−1',
      reference: 'Prisoners.tla TypeOK',
      holds: (s, c) => s.timesSwitched.every((n) => n >= 0 && n <= 2) && s.count >= 0 && s.count <= 2 * c.Prisoner.length - 1,
    },
    CountInvariant: {
      kind: 'invariant',
      summary: 'count is the number of switch-A ups so far, less one while A is up (give or take the initial position)',
      reference: 'Prisoners.tla CountInvariant',
      holds: (s) => {
        const totalSwitched = s.timesSwitched.reduce((a, b) => a + b, 0);
        const oneIfUp = s.switchAUp ? 1 : 0;
        return s.count === totalSwitched - oneIfUp || s.count === totalSwitched - oneIfUp + 1;
      },
    },
    Safety: {
      kind: 'invariant',
      summary: 'when the Counter is Done, every other prisoner has moved switch A up at least once',
      reference: 'Prisoners.tla Safety, [](Done => \\A i \\in Prisoner \\ {Counter} : timesSwitched[i] > 0)',
      holds: (s, c) => !done(s, c) || s.timesSwitched.every((n) => n > 0),
    },
    Liveness: eventually<State, Constants>(done, {
      summary: 'the Counter is eventually Done, so the prisoners are released (<>Done)',
      reference: 'Prisoners.tla Liveness',
    }),
  },
});
