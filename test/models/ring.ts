/**
 * `ring`: a counter 0..3 that `inc`s and, at 3, `reset`s to 0 — the smallest model with every kind of graph
 * property and a known answer under each fairness: without fairness every `eventually` fails by stuttering at 0;
 * with `WF(inc)` the counter reaches 3, but `eventuallyAlways(n = 3)` still fails on the loop through `reset`.
 */
import {
  alwaysEventually,
  alwaysReachable,
  defineModel,
  defineSpec,
  eventually,
  eventuallyAlways,
  leadsTo,
  t,
  type Fairness,
  type Model,
} from '../../checker/engine/index.js';

type Ring = { readonly n: number };

/** The ring model with the given fairness. */
export function ring(fairness: readonly Fairness[] = []): Model<Ring, Record<string, never>> {
  return defineModel<Ring, Record<string, never>>({
    name: 'ring',
    constants: { default: {} },
    deadlock: false,
    fairness,
    spec: defineSpec<Ring, Record<string, never>>({
      name: 'ring',
      schema: () => t.record({ n: t.int(0, 3) }),
      init: () => [{ n: 0 }],
      actions: {
        inc: { enabled: (s) => s.n < 3, next: (s) => ({ n: s.n + 1 }) },
        reset: { enabled: (s) => s.n === 3, next: () => ({ n: 0 }) },
      },
    }),
    properties: {
      reachesThree: eventually((s) => s.n === 3),
      zeroLeadsToTwo: leadsTo((s) => s.n === 0, (s) => s.n === 2),
      canReturnToZero: alwaysReachable((s) => s.n === 0),
      threeInfinitelyOften: alwaysEventually((s) => s.n === 3),
      staysAtThree: eventuallyAlways((s) => s.n === 3),
    },
  });
}
