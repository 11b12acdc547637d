/**
 * `graphLevels`: a small model whose levels are full of what the recorded state graph must get right, for the
 * parallel graph tests (`test/checker/parallel/parallelGraph.test.ts`; workers load it from
 * `dist/test/models/graphLevels.js`). A state is (a, b) with a in 0..63, b in 0..31, from three initial states:
 * - `step(p)`, p in 1..3: a := (a + p) mod 64 — states of a level reached from several parents (duplicates within
 *   the level), and, wrapping round, edges back to earlier levels;
 * - `fold`: b := b div 2 — a self-loop (a stuttering step, not an edge) when b = 0, and duplicates (2k, 2k + 1);
 * - `grow(q)`, q in 0..1: b := min(31, 2b + q) — a self-loop at b = 31, and two labels of one state to one target
 *   when b = 31 is reached either way;
 * - `stay`: the state itself (a stuttering step from every state; so no deadlock).
 * The constraint a + b ≤ 80 leaves successors out of the graph. Properties: `origin` (alwaysReachable (0, 0):
 * holds), `bFull` (eventually b = 31 under weak fairness of `step`: violated, with a lasso), and the invariant
 * `aBelow60` (violated at a known level, so that with `continueAfterViolation` that level is redone sequentially
 * and the levels after it go on in parallel).
 */
import { alwaysReachable, defineModel, defineSpec, eventually, t, weakFairness, type Infer } from '../../checker/engine/index.js';

const schema = t.record({ a: t.int(0, 63), b: t.int(0, 31) });
type State = Infer<typeof schema>;
type None = Record<string, never>;

/** The model (see the module comment). */
export const graphLevels = defineModel<State, None>({
  name: 'graphLevels',
  constants: { default: {} },
  spec: defineSpec<State, None>({
    name: 'graphLevels',
    schema: () => schema,
    init: () => [
      { a: 0, b: 0 },
      { a: 1, b: 3 },
      { a: 2, b: 0 },
    ],
    actions: {
      step: { params: [1, 2, 3], next: (s, p) => ({ ...s, a: (s.a + (p as number)) % 64 }) },
      fold: { next: (s) => ({ ...s, b: s.b >> 1 }) },
      grow: { params: [0, 1], next: (s, q) => ({ ...s, b: Math.min(31, s.b * 2 + (q as number)) }) },
      stay: { next: (s) => s },
    },
  }),
  constraint: (s) => s.a + s.b <= 80,
  fairness: [weakFairness('step')],
  properties: {
    aBelow60: { kind: 'invariant', holds: (s) => s.a < 60 },
    origin: alwaysReachable<State, None>((s) => s.a === 0 && s.b === 0),
    bFull: eventually<State, None>((s) => s.b === 31),
  },
});
