/**
 * DieHard (tlaplus/Examples `specifications/DieHard/DieHard.tla`): a 3-gallon and a 5-gallon jug; find a way to
 * measure 4 gallons. The invariant NotSolved (big ≠ 4) is violated, and the shortest counterexample is the puzzle's
 * solution: 7 states, 6 steps.
 */
import { defineModel, defineSpec, t, type Infer } from '../../checker/engine/index.js';

const schema = t.record({ big: t.int(0, 5), small: t.int(0, 3) });
type State = Infer<typeof schema>;
type Constants = Record<string, never>;

/** The DieHard spec: two jugs and six actions (fill, empty, pour either way). */
export const dieHardSpec = defineSpec<State, Constants>({
  name: 'DieHard',
  schema: () => schema,
  init: () => [{ big: 0, small: 0 }],
  actions: {
    FillSmallJug: { next: (s) => ({ ...s, small: 3 }) },
    FillBigJug: { next: (s) => ({ ...s, big: 5 }) },
    EmptySmallJug: { next: (s) => ({ ...s, small: 0 }) },
    EmptyBigJug: { next: (s) => ({ ...s, big: 0 }) },
    SmallToBig: {
      next: (s) => {
        const poured = Math.min(s.big + s.small, 5) - s.big;
        return { big: s.big + poured, small: s.small - poured };
      },
    },
    BigToSmall: {
      next: (s) => {
        const poured = Math.min(s.big + s.small, 3) - s.small;
        return { big: s.big - poured, small: s.small + poured };
      },
    },
  },
});

/** The DieHard model: TypeOK holds; NotSolved (big ≠ 4) is violated in 6 steps, which solves the puzzle. */
export const dieHard = defineModel<State, Constants>({
  name: 'DieHard',
  spec: dieHardSpec,
  constants: { default: {} },
  properties: {
    TypeOK: { kind: 'invariant', holds: (s) => s.small >= 0 && s.small <= 3 && s.big >= 0 && s.big <= 5 },
    NotSolved: { kind: 'invariant', summary: 'the big jug never holds 4 gallons', holds: (s) => s.big !== 4 },
  },
});
