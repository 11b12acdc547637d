/**
 * `mutator`: a spec that breaks the rule "never mutate the state you are given". State `{a, b}` from (0, 0);
 * `bumpA` increments `a` **in place** and returns the same object; `copyAToB` returns a fresh `{...s, b: s.a}`.
 *
 * What happens (pinned by `test/checker/specFaults.test.ts`): after expanding a state the engine encodes the object
 * it handed to the actions again; it differs from the stored encoding, so the check ends with status `error`, the
 * message names `bumpA` (found by applying each label to a fresh copy), and the trace leads to the state it mutated.
 */
import { defineModel, defineSpec, t, type Infer, type Model } from '../../checker/engine/index.js';

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
