/**
 * `warnThat`, a check the system survives (a kernel WARN_ON): the step violates the named assertion property and
 * goes on, so exploration continues past it, where `assertThat` ends the step. Tiny hand models: a counter that warns
 * when it leaves 1, the path taken after a warning, replay, selection, and a warning that names no property.
 */
import { describe, expect, it } from 'vitest';
import { assertThat, checkSync, compileModel, defineModel, defineSpec, Replayer, t, warnThat } from '../../../checker/engine/index.js';

type S = { n: number };
/** n goes 0 → 1 → 2 → 3; leaving 1 raises `leavesOne`, as a warning (`soft`) or as an assertion. */
function counter(soft: boolean, declared = true) {
  return defineModel<S, Record<string, never>>({
    name: 'warnsAtOne',
    spec: defineSpec<S, Record<string, never>>({
      name: 'warnsAtOne',
      schema: () => t.record({ n: t.int(0, 3) }),
      init: () => [{ n: 0 }],
      actions: {
        inc: {
          enabled: (s) => s.n < 3,
          next: (s) => {
            if (soft) warnThat(s.n !== 1, 'leavesOne', 'WARN_ON(n == 1)');
            else assertThat(s.n !== 1, 'leavesOne', 'BUG_ON(n == 1)');
            return { n: s.n + 1 };
          },
        },
      },
    }),
    constants: { default: {} },
    properties: declared ? { leavesOne: { kind: 'assertion', summary: 'n never leaves 1' } } : {},
    deadlock: false,
  });
}

describe('warnThat', () => {
  it('violates the assertion and goes on: the successor is stored and explored, the trace ends in it', () => {
    const soft = checkSync(counter(true), { continueAfterViolation: true, exhaustive: true });
    expect(soft.stats.distinctStates).toBe(4); // 0, 1, 2, 3: exploration went past the warning
    const p = soft.properties.find((x) => x.name === 'leavesOne')!;
    expect(p.status).toBe('violated');
    expect(p.counterexample!.steps.map((s) => (s.state as S).n)).toEqual([0, 1, 2]);
    expect(p.counterexample!.aborted).toBeUndefined();
    expect(p.message).toBe('WARN_ON(n == 1) (a warning: the step goes on)');
    // the same check as an assertion ends the step: state 2 is never reached
    const hard = checkSync(counter(false), { continueAfterViolation: true, exhaustive: true });
    expect(hard.stats.distinctStates).toBe(2);
    expect(hard.properties.find((x) => x.name === 'leavesOne')!.counterexample!.aborted?.label.action).toBe('inc');
  });

  it('returns the condition, so that the action can take the path the system takes after the warning', () => {
    const model = defineModel<S, Record<string, never>>({
      name: 'skipsAfterWarning',
      spec: defineSpec<S, Record<string, never>>({
        name: 'skipsAfterWarning',
        schema: () => t.record({ n: t.int(0, 3) }),
        init: () => [{ n: 0 }],
        actions: { inc: { enabled: (s) => s.n < 2, next: (s) => (warnThat(s.n !== 1, 'leavesOne', 'WARN_ON') ? { n: s.n + 1 } : { n: 3 }) } },
      }),
      constants: { default: {} },
      properties: { leavesOne: { kind: 'assertion' } },
      deadlock: false,
    });
    const r = checkSync(model, { continueAfterViolation: true, exhaustive: true });
    expect(r.stats.distinctStates).toBe(3); // 0, 1 and 3 (the warning's path), never 2
    expect(r.properties.find((x) => x.name === 'leavesOne')!.counterexample!.steps.map((s) => (s.state as S).n)).toEqual([0, 1, 3]);
  });

  it('replay reports the warning as a violation of the step, and the step is taken', () => {
    const compiled = compileModel(counter(true));
    const replayer = new Replayer(compiled);
    const one = replayer.step(replayer.start(), 0);
    expect(one.kind).toBe('step');
    if (one.kind !== 'step') return;
    const two = replayer.step(one.position, 0);
    expect(two.kind).toBe('step');
    if (two.kind !== 'step') return;
    expect(two.violated).toEqual(['leavesOne']);
    expect((two.position.state as S).n).toBe(2);
  });

  it('a warning for a property that is not selected is not reported; one the model does not declare is an error', () => {
    const unselected = checkSync(counter(true), { properties: [] });
    expect(unselected.properties).toEqual([]);
    expect(unselected.stats.distinctStates).toBe(4);
    const undeclared = checkSync(counter(true, false));
    expect(undeclared.status).toBe('error');
    expect(undeclared.error?.message).toMatch(/raised a warning for leavesOne, which is not an assertion property/);
  });
});
