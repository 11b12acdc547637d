/**
 * Version 2 of the light switch (see `switchV1.ts`): `toggle` now returns the new state, `press` is unchanged,
 * `reset` is new, the field `presses` becomes `count` with a wider range, and `boundedPresses` is replaced by
 * `boundedCount`.
 */
import { defineModel, defineSpec, t, withResult, type Infer } from '../../../checker/engine/index.js';

const schema = t.record({ on: t.bool(), count: t.int(0, 3) });
type State = Infer<typeof schema>;
type NoConstants = Record<string, never>;

export const switchV2 = defineModel<State, NoConstants>({
  name: 'switch-v2',
  spec: defineSpec<State, NoConstants>({
    name: 'Switch',
    schema: () => schema,
    init: () => [{ on: false, count: 0 }],
    actions: {
      toggle: { next: (s) => withResult({ ...s, on: !s.on }, s.on ? 0 : 1) },
      press: { enabled: (s) => s.count < 2, next: (s) => withResult({ ...s, count: s.count + 1 }, s.count + 1) },
      reset: { next: (s) => withResult({ ...s, count: 0 }, 0) },
    },
  }),
  constants: { default: {} },
  properties: {
    boundedCount: { kind: 'invariant', summary: 'at most 3 presses', holds: (s) => s.count <= 3 },
  },
  deadlock: false,
});
