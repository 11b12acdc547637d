/**
 * `nondeterministic`: a spec that is not a pure function of its state. Its `step` action counts its calls in a
 * variable outside the state, and from call number `honestCalls + 1` on it jumps two instead of one. Exploration
 * reaches the violation of `belowThree` (n = 3) in `honestCalls` = 3 calls; rebuilding the counterexample replays the
 * labels, the replay takes the other branch, and the engine must report a NondeterminismError instead of a wrong
 * trace. Each call of this factory has its own call counter.
 */
import { defineModel, defineSpec, t, type Model } from '../../checker/engine/index.js';

/** A fresh nondeterministic model (its hidden call counter starts at 0). */
export function nondeterministic(honestCalls = 3): Model<{ n: number }, Record<string, never>> {
  let calls = 0;
  const spec = defineSpec<{ n: number }, Record<string, never>>({
    name: 'nondeterministic',
    schema: () => t.record({ n: t.int(0, 9) }),
    init: () => [{ n: 0 }],
    actions: {
      step: {
        enabled: (s) => s.n < 7,
        next: (s) => {
          calls += 1;
          return { n: s.n + (calls > honestCalls ? 2 : 1) };
        },
      },
    },
  });
  return defineModel({
    name: 'nondeterministic',
    spec,
    constants: { default: {} },
    deadlock: false,
    properties: { belowThree: { kind: 'invariant', holds: (s) => s.n < 3 } },
  });
}
