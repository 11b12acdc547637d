/**
 * `grid`: a walker on the 5×5 grid from (0, 0), moving `right` (x < 4) or `up` (y < 4); (4, 4) is a deadlock.
 * It has one property of each kind, each first violated at a known BFS depth (the number of states of its shortest
 * trace): `sumBelow3` (x + y < 3) at 4 states, `notAt22` at 5, `notAt40` at 5, the action property `noUpAtX3` (never
 * move up in column 3) at 5, the assertion `ceiling` raised by `up` from (0, 3) at 4 states (plus the aborted step),
 * and the deadlock at (4, 4) at 9 states. The engine reports a raised assertion even when it is not among the
 * selected properties, so `grid(…, false)` builds the walker without it.
 */
import { assertThat, defineModel, defineSpec, t, type Infer, type Model } from '../../checker/engine/index.js';

const schema = t.record({ x: t.int(0, 4), y: t.int(0, 4) });
/** A position on the grid. */
export type GridState = Infer<typeof schema>;

/** The constants: whether `up` raises the `ceiling` assertion. */
export type GridConstants = { readonly ceiling: boolean };

const gridSpec = defineSpec<GridState, GridConstants>({
  name: 'grid',
  schema: () => schema,
  init: () => [{ x: 0, y: 0 }],
  actions: {
    right: { enabled: (s) => s.x < 4, next: (s) => ({ ...s, x: s.x + 1 }) },
    up: {
      enabled: (s) => s.y < 4,
      next: (s, _p, c) => {
        if (c.ceiling) assertThat(!(s.x === 0 && s.y === 3), 'ceiling', 'moving up from (0, 3)');
        return { ...s, y: s.y + 1 };
      },
    },
  },
});

/** Shortest-trace lengths (in states) of each property's first violation. */
export const GRID_SHORTEST = { sumBelow3: 4, notAt22: 5, notAt40: 5, noUpAtX3: 5, ceiling: 4, deadlock: 9 } as const;

/** The grid model with all its properties (deadlock checked unless `deadlock` is false; `ceiling` raised or not). */
export function grid(deadlock = true, ceiling = true): Model<GridState, GridConstants> {
  return defineModel<GridState, GridConstants>({
    name: 'grid',
    spec: gridSpec,
    constants: { default: { ceiling } },
    deadlock,
    properties: {
      sumBelow3: { kind: 'invariant', holds: (s) => s.x + s.y < 3 },
      notAt22: { kind: 'invariant', holds: (s) => !(s.x === 2 && s.y === 2) },
      notAt40: { kind: 'invariant', holds: (s) => !(s.x === 4 && s.y === 0) },
      noUpAtX3: { kind: 'action', holds: (s, label) => !(label.action === 'up' && s.x === 3) },
      ceiling: { kind: 'assertion', summary: 'up is never taken from row 3' },
    },
  });
}
