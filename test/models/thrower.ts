/**
 * `thrower`: a counter 0, 1, 2, … whose `step` action throws a plain Error (not an assertion) when the counter
 * reaches `throwAt`. The check must end with status `error`, the error's message, and the trace up to the throwing
 * step (its last state is `throwAt`, and `aborted` names the step).
 */
import { defineModel, defineSpec, t, type Model } from '../../checker/engine/index.js';

/** The message of the error `step` throws. */
export const THROWER_MESSAGE = 'thrower: spec bug at the throwing state';

/** A counter that throws when stepping from `throwAt` (below `max`). */
export function thrower(throwAt = 3, max = 10): Model<{ n: number }, { throwAt: number; max: number }> {
  const spec = defineSpec<{ n: number }, { throwAt: number; max: number }>({
    name: 'thrower',
    schema: (c) => t.record({ n: t.int(0, c.max) }),
    init: () => [{ n: 0 }],
    actions: {
      step: {
        enabled: (s, _p, c) => s.n < c.max,
        next: (s, _p, c) => {
          if (s.n === c.throwAt) throw new Error(THROWER_MESSAGE);
          return { n: s.n + 1 };
        },
      },
    },
  });
  return defineModel({ name: 'thrower', spec, constants: { default: { throwAt, max } }, deadlock: false, properties: {} });
}
