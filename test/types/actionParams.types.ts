/**
 * Type-level tests of typed action parameters, compiled (never run) by typeLevel.test.ts with the project's strict
 * options: every line below must type-check, and every `@ts-expect-error` must meet an error (an unused one is an
 * error too, so a regression that accepts a wrong type fails the test).
 */
import { action, defineModel, defineSpec, t, type Infer, type Spec } from '../../checker/engine/index.js';

const schema = t.record({ pos: t.array(t.int(0, 9), 3), mode: t.enum('a', 'b') });
type State = Infer<typeof schema>;
type Constants = { readonly slots: readonly string[] };

export const typed = defineSpec<State, Constants>({
  name: 'typed',
  schema: () => schema,
  init: () => [{ pos: [0, 0, 0], mode: 'a' }],
  actions: {
    // params from a function of the constants: destructured, typed, no casts
    Move: action({
      params: (c) => c.slots.map((slot, p) => ({ p, slot })),
      enabled: (s, { p, slot }) => s.pos[p] === 0 && slot.length > 0,
      next: (s, { p, slot }) => ({ ...s, pos: s.pos.with(p, slot.length) }),
    }),
    // params as an array literal
    Jump: action({ params: [0, 1, 2], next: (s, i) => ({ ...s, pos: s.pos.with(i, 9) }) }),
    // no params: the parameter is null
    Flip: action({
      next: (s, none) => {
        const n: null = none;
        return n === null ? { ...s, mode: 'b' } : s;
      },
    }),
    // a plain action: parameters are Json, state and constants typed
    Reset: { next: (s, _p, c) => ({ ...s, pos: s.pos.map(() => c.slots.length % 10) }) },
  },
});

export const wrong = defineSpec<State, Constants>({
  name: 'wrong',
  schema: () => schema,
  init: () => [{ pos: [0, 0, 0], mode: 'a' }],
  actions: {
    // a typed action whose next expects another parameter type than params gives
    // @ts-expect-error number is not assignable to string
    A: action({ params: [1, 2], next: (s, p: string) => (p.length > 0 ? s : s) }),
    B: action({
      params: (c) => c.slots,
      // @ts-expect-error the parameter is a string: it has no property p
      next: (s, { p }) => ({ ...s, pos: s.pos.with(p, 1) }),
    }),
    // a plain action cannot narrow Json by annotation (no method bivariance)
    // @ts-expect-error Json is not assignable to { fd: number }
    C: { params: [{ fd: 3 }], next: (s, p: { fd: number }) => (p.fd === 3 ? s : s) },
    D: {
      params: [{ fd: 3 }],
      // @ts-expect-error a plain action's parameter is Json: destructuring needs action()
      next: (s, { fd }) => (fd === 3 ? s : s),
    },
    // an enabled() that disagrees with params
    E: action({
      // @ts-expect-error boolean is not assignable to number (P is inferred from the annotation, and params disagree)
      params: [true, false],
      enabled: (_s, n: number) => n > 0,
      next: (s) => s,
    }),
  },
});

// S and C also come from where the spec is used: defineModel<State, Constants>({ spec: defineSpec({ … }) })
export const model = defineModel<State, Constants>({
  name: 'inferred',
  constants: { default: { slots: ['x', 'y'] } },
  spec: defineSpec({
    name: 'inferred',
    schema: () => schema,
    init: () => [{ pos: [0, 0, 0], mode: 'a' }],
    actions: { Step: action({ params: (c) => c.slots.map((_, i) => i), next: (s, i) => ({ ...s, pos: s.pos.with(i, 1) }) }) },
  }),
  properties: { small: { kind: 'invariant', holds: (s) => s.pos.every((x) => x < 9) } },
});

// every typed spec is still an ordinary Spec, and every model an AnyModel-compatible value
export const asSpec: Spec<State, Constants> = typed;
