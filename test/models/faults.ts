/**
 * Faulty specs, one per way a spec can be wrong, each exported as a model instance so that worker threads can load
 * it from its compiled module (`dist/test/models/faults.js`): the engine must report every one of them as what it is
 * (a violation, or a spec error with its stable code) — never "holds", never a crash — and identically for any
 * number of workers (`test/checker/parallel/faultParity.test.ts`).
 *
 * Every spec here counts `n` up from 0 (`step`) with a second action `other`, so that each fault happens at a known
 * depth after honest states.
 */
import { alwaysReachable, assertThat, defineModel, defineSpec, t, withResult, type Model, type Schema } from '../../checker/engine/index.js';

type Counter = { readonly n: number; readonly active: boolean };
type None = Record<string, never>;
const schema = t.record({ n: t.int(0, 6), active: t.bool() });

/** A counter model whose `step` from `n` is `step(n, s)`, with `other` toggling `active`; invariant `belowFive`. */
function counter(
  name: string,
  step: (s: Counter) => unknown,
  extra: Partial<Model<Counter, None>> = {},
  schemaOf: () => Schema = () => schema,
  init: () => Counter[] = () => [{ n: 0, active: false }],
): Model<Counter, None> {
  return defineModel<Counter, None>({
    name,
    constants: { default: {} },
    deadlock: false,
    spec: defineSpec<Counter, None>({
      name,
      schema: schemaOf,
      init,
      actions: {
        step: { enabled: (s) => s.n < 6, next: (s) => step(s) as Counter },
        other: { next: (s) => ({ ...s, active: !s.active }) },
      },
    }),
    properties: { belowFive: { kind: 'invariant', holds: (s) => s.n < 5 } },
    ...extra,
  });
}

/** `step` from n = 2 returns a record with a misspelled field (`actve`): LC202 naming `state.actve`, never "holds". */
export const misspelledField = counter('misspelledField', (s) => (s.n === 2 ? { ...s, actve: true, n: s.n + 1 } : { ...s, n: s.n + 1 }));

/** `step` from n = 2 returns a state holding itself under an extra key: LC202 (the key is not a field). */
export const cyclicSelfKey = counter('cyclicSelfKey', (s) => {
  const next: Record<string, unknown> = { ...s, n: s.n + 1 };
  if (s.n === 2) next.self = next;
  return next;
});

/** `step` from n = 2 gives n = NaN: LC202, with "NaN" in the message (JSON would print null). */
export const nanField = counter('nanField', (s) => ({ ...s, n: s.n === 2 ? Number.NaN : s.n + 1 }));

/** `step` is async: LC203 "returned a Promise". */
export const asyncNext = counter('asyncNext', async (s) => ({ ...s, n: s.n + 1 }));

/** `step` from n = 2 returns nothing: LC203. */
export const returnsNothing = counter('returnsNothing', (s) => (s.n === 2 ? undefined : { ...s, n: s.n + 1 }));

/** `step` from n = 3 throws a plain Error: LC201 with the trace up to that step. */
export const thrower = counter('thrower', (s) => {
  if (s.n === 3) throw new Error('step: spec bug at n = 3');
  return { ...s, n: s.n + 1 };
});

/** `step` increments `n` in place and returns its input: LC208 blaming `step`. */
export const mutator = counter('mutator', (s) => {
  (s as { n: number }).n += 1;
  return s;
});

/** A schema with a node of an unknown kind: LC206 at compile time (every state would otherwise encode alike). */
export const unknownSchemaKind = counter('unknownSchemaKind', (s) => ({ ...s, n: s.n + 1 }), {}, () =>
  ({ kind: 'record', fields: { n: { kind: 'integer', min: 0, max: 6 }, active: t.bool() } }) as unknown as Schema,
);

/** `init` gives no state: LC205 (nothing to check is no proof). */
export const noInitialState = counter('noInitialState', (s) => s, {}, () => schema, () => []);

/** `params()` of `step` throws: LC201 at compile time, not an internal error. */
export const throwingParams = defineModel<Counter, None>({
  ...counter('throwingParams', (s) => s),
  spec: {
    ...counter('throwingParams', (s) => s).spec,
    actions: {
      step: {
        params: () => {
          throw new Error('params: no such table');
        },
        next: (s) => s,
      },
    },
  },
});

/**
 * Impure in a way that is the same in every thread: the first call of `step` for a state is honest, the second for
 * the same state jumps by two. The purity sample re-expands the initial state and sees the difference: LC207.
 * (`init` forgets the calls, so that every check — in this thread or in a fresh worker — starts alike.)
 */
const seenCalls = new Map<string, number>();
export const impurePerState = counter(
  'impurePerState',
  (s) => {
    const key = `${s.n},${s.active}`;
    const calls = (seenCalls.get(key) ?? 0) + 1;
    seenCalls.set(key, calls);
    return { ...s, n: Math.min(6, s.n + (calls > 1 ? 2 : 1)) };
  },
  {},
  () => schema,
  () => {
    seenCalls.clear();
    return [{ n: 0, active: false }];
  },
);

/**
 * `step` uses Math.random (one of three increments): caught by the purity sample in every run (LC207), not by luck —
 * every one of its few states is in the sample, and each re-expansion differs with probability 2/3.
 */
export const usesRandom = counter('usesRandom', (s) => ({ ...s, n: Math.min(6, s.n + 1 + Math.floor(Math.random() * 3)) }), {
  properties: {},
});

/** In one state (n = 2) `step` raises an assertion and `other` throws: the assertion comes first in label order. */
export const assertAndThrow = defineModel<Counter, None>({
  ...counter('assertAndThrow', (s) => s),
  spec: defineSpec<Counter, None>({
    name: 'assertAndThrow',
    schema: () => schema,
    init: () => [{ n: 0, active: false }],
    actions: {
      step: {
        enabled: (s) => s.n < 6,
        next: (s) => {
          assertThat(s.n !== 2, 'noStepAtTwo', 'step: n == 2');
          return { ...s, n: s.n + 1 };
        },
      },
      other: {
        next: (s) => {
          if (s.n === 2) throw new Error('other: spec bug at n = 2');
          return { ...s, active: !s.active };
        },
      },
    },
  }),
});

/** The invariant throws at n = 3: LC204 with the trace to that state. */
export const throwingInvariant = counter('throwingInvariant', (s) => ({ ...s, n: s.n + 1 }), {
  properties: {
    belowFive: {
      kind: 'invariant',
      holds: (s) => {
        if (s.n === 3) throw new Error('belowFive: cannot evaluate at 3');
        return s.n < 5;
      },
    },
  },
});

/**
 * A recoverability property whose predicate throws at n = 3 (and the same for `eventually`): LC204 with the path to
 * that state, the property unknown (never "holds"), the invariant still checked.
 */
export const throwingGraphPredicate = counter('throwingGraphPredicate', (s) => ({ ...s, n: s.n + 1 }), {
  properties: {
    belowSeven: { kind: 'invariant', holds: (s) => s.n < 7 },
    canReachZero: alwaysReachable((s) => {
      if (s.n === 3) throw new Error('canReachZero: cannot evaluate at 3');
      return s.n === 0;
    }),
  },
});

/** An action property throws on the step from n = 2: LC204 with a trace ending in that step. */
export const throwingActionProperty = counter('throwingActionProperty', (s) => ({ ...s, n: s.n + 1 }), {
  properties: {
    monotone: {
      kind: 'action',
      holds: (s, label, next) => {
        if (label.action === 'step' && s.n === 2) throw new Error('monotone: cannot evaluate from 2');
        return label.action !== 'step' || next.n > s.n;
      },
    },
  },
});

/**
 * A constraint (n ≤ 3) and an invariant violated beyond it (n ≠ 4, reached only through n = 4 outside the
 * constraint): `check` reports the violation on the constrained state itself (TLC checks it) but never goes
 * beyond; `simulate` must agree, never walking into n = 4 and reporting nothing at n = 5 or 6.
 */
export const constrained = counter('constrained', (s) => withResult({ ...s, n: s.n + 1 }, s.n + 1), {
  constraint: (s) => s.n <= 3,
  properties: {
    belowFive: { kind: 'invariant', holds: (s) => s.n < 5 },
    notSix: { kind: 'invariant', holds: (s) => s.n !== 6 },
  },
});

/** A list field whose value is an array containing itself: LC202, a one-line message, no stack overflow. */
export const cyclicList = counter(
  'cyclicList',
  (s) => {
    const items: unknown[] = [1];
    if ((s as unknown as { items: unknown[] }).items.length > 0) items.push(items);
    return { ...s, n: s.n + 1, items };
  },
  {},
  () => t.record({ n: t.int(0, 6), active: t.bool(), items: t.list(t.int(0, 3), 3) }),
  () => [{ n: 0, active: false, items: [] } as Counter],
);
