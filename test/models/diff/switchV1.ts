/**
 * Version 1 of a light switch, for source-diff tests (`switchV2.ts` is version 2): `toggle` flips `on`, `press`
 * counts presses up to 2, property `boundedPresses`.
 */
import { defineModel, defineSpec, t, withResult, type Infer } from '../../../checker/engine/index.js';

const schema = t.record({ on: t.bool(), presses: t.int(0, 2) });
type State = Infer<typeof schema>;
type NoConstants = Record<string, never>;

export const switchV1 = defineModel<State, NoConstants>({
  name: 'switch-v1',
  spec: defineSpec<State, NoConstants>({
    name: 'Switch',
    schema: () => schema,
    init: () => [{ on: false, presses: 0 }],
    actions: {
      toggle: { next: (s) => withResult({ ...s, on: !s.on }, 0) },
      press: { enabled: (s) => s.presses < 2, next: (s) => withResult({ ...s, presses: s.presses + 1 }, s.presses + 1) },
    },
  }),
  constants: { default: {} },
  properties: {
    boundedPresses: { kind: 'invariant', summary: 'at most 2 presses', holds: (s) => s.presses <= 2 },
  },
  deadlock: false,
});
