/**
 * `mutator`: a spec that breaks the rule "never mutate the state you are given". State `{a, b}` from (0, 0);
 * `bumpA` increments `a` **in place** and returns the same object; `copyAToB` returns a fresh `{...s, b: s.a}`.
 *
 * What happens (pinned by `test/checker/specFaults.test.ts`): the engine decodes a fresh object for every state it
 * expands, so stored states are never corrupted; but the actions after `bumpA` in the same expansion see the mutated
 * object. From (0, 0), `copyAToB` therefore yields (1, 1) instead of the stuttering step to (0, 0), so the state
 * graph explored is not the spec's; and any counterexample through such a step fails replay (the replay applies one
 * label to a fresh state) with a NondeterminismError naming the likely causes, mutation among them. With
 * `withInvariant`, the invariant `notOneOne` (not a = b = 1) is violated at depth 2 by that wrong step, so the check
 * ends in that NondeterminismError rather than in a wrong trace.
 */
import { defineModel, defineSpec, t, type Infer, type Model } from '../../checker/index.js';

const schema = t.record({ a: t.int(0, 3), b: t.int(0, 3) });
/** A state of the mutator. */
export type MutatorState = Infer<typeof schema>;

const mutatorSpec = defineSpec<MutatorState, Record<string, never>>({
  name: 'mutator',
  schema: () => schema,
  init: () => [{ a: 0, b: 0 }],
  actions: {
    bumpA: {
      summary: 'a := a + 1, by mutating the given state (a spec bug)',
      enabled: (s) => s.a < 3,
      next: (s) => {
        s.a += 1;
        return s;
      },
    },
    copyAToB: { summary: 'b := a', next: (s) => ({ ...s, b: s.a }) },
  },
});

/** The mutator model; with `withInvariant`, it checks `notOneOne`. */
export function mutator(withInvariant = false): Model<MutatorState, Record<string, never>> {
  return defineModel({
    name: 'mutator',
    spec: mutatorSpec,
    constants: { default: {} },
    deadlock: false,
    properties: withInvariant
      ? { notOneOne: { kind: 'invariant', summary: 'not (a = 1 and b = 1)', holds: (s) => !(s.a === 1 && s.b === 1) } }
      : {},
  });
}
