/**
 * `check` / `checkSync` semantics on tiny hand models: limits end in `incomplete` with properties `unknown`, an
 * aborted signal ends in `interrupted`, `continueAfterViolation` reports every violated property with a shortest
 * trace, deadlock detection on and off, and TLC's CONSTRAINT semantics (counted, invariant-checked, not stored).
 */
import { describe, expect, it } from 'vitest';
import { assertThat, check, checkSync, defineModel, defineSpec, t, type CheckResult } from '../../checker/engine/index.js';
import { binaryClock } from '../models/binaryClock.js';
import { grid, GRID_SHORTEST } from '../models/grid.js';

const statuses = (r: CheckResult): Record<string, string> => Object.fromEntries(r.properties.map((p) => [p.name, p.status]));

describe('limits', () => {
  it('binaryClock explores its whole cycle when unlimited', () => {
    const r = checkSync(binaryClock(6));
    expect(r.status).toBe('ok');
    expect(r.complete).toBe(true);
    expect(r.stats).toMatchObject({ distinctStates: 64, statesGenerated: 65, depth: 64, queueLeft: 0 });
    expect(statuses(r)).toEqual({ belowLimit: 'holds', deadlock: 'holds' });
  });

  it('maxStates ends in incomplete, with every property unknown', () => {
    const r = checkSync(binaryClock(10), { maxStates: 100 });
    expect(r.status).toBe('incomplete');
    expect(r.complete).toBe(false);
    expect(r.incompleteReason).toBe('maxStates');
    expect(r.stats.distinctStates).toBe(100);
    expect(statuses(r)).toEqual({ belowLimit: 'unknown', deadlock: 'unknown' });
  });

  it('maxDepth ends in incomplete at that depth, with every property unknown', () => {
    const r = checkSync(binaryClock(10), { maxDepth: 5 });
    expect(r.status).toBe('incomplete');
    expect(r.incompleteReason).toBe('maxDepth');
    expect(r.stats.depth).toBe(5);
    expect(r.stats.distinctStates).toBe(5);
    expect(statuses(r)).toEqual({ belowLimit: 'unknown', deadlock: 'unknown' });
  });

  it('maxDepth at the exact depth of the graph is still incomplete (the last level was not expanded)', () => {
    expect(checkSync(binaryClock(2), { maxDepth: 4 }).status).toBe('incomplete');
    expect(checkSync(binaryClock(2), { maxDepth: 5 }).status).toBe('ok');
  });

  it('a violation found before a limit is still reported as violated', () => {
    const r = checkSync(binaryClock(10, 50), { maxStates: 1000 });
    expect(r.status).toBe('violated');
    expect(r.properties.find((p) => p.name === 'belowLimit')!.counterexample!.steps).toHaveLength(51);
  });

  it('an aborted AbortSignal ends in incomplete (interrupted), with every property unknown', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await check(binaryClock(20), { signal: controller.signal });
    expect(r.status).toBe('incomplete');
    expect(r.incompleteReason).toBe('interrupted');
    expect(r.stats.distinctStates).toBeLessThan(2 ** 20);
    expect(statuses(r)).toEqual({ belowLimit: 'unknown', deadlock: 'unknown' });
  });

  it('async check gives the same result as checkSync', async () => {
    const a = await check(grid(), { continueAfterViolation: true });
    const b = checkSync(grid(), { continueAfterViolation: true });
    expect({ ...a, stats: { ...a.stats, elapsedMs: 0 } }).toEqual({ ...b, stats: { ...b.stats, elapsedMs: 0 } });
  });
});

describe('violations', () => {
  it('stops at the first violation by default; the other properties are unknown', () => {
    const r = checkSync(grid());
    expect(r.status).toBe('violated');
    const violated = r.properties.filter((p) => p.status === 'violated');
    expect(violated).toHaveLength(1);
    expect(violated[0]!.counterexample!.steps).toHaveLength(GRID_SHORTEST[violated[0]!.name as keyof typeof GRID_SHORTEST]);
    expect(r.properties.filter((p) => p.status === 'holds')).toEqual([]);
  });

  it('continueAfterViolation reports every violated property with a shortest trace', () => {
    const r = checkSync(grid(), { continueAfterViolation: true });
    expect(r.status).toBe('violated');
    expect(statuses(r)).toEqual({
      sumBelow3: 'violated',
      notAt22: 'violated',
      notAt40: 'violated',
      noUpAtX3: 'violated',
      ceiling: 'violated',
      deadlock: 'violated',
    });
    for (const property of r.properties) {
      const trace = property.counterexample!;
      expect(trace.steps.length, property.name).toBe(GRID_SHORTEST[property.name as keyof typeof GRID_SHORTEST]);
      expect(trace.steps[0]!.state).toEqual({ x: 0, y: 0 });
      expect(property.message).toBeTruthy();
    }
    const byName = Object.fromEntries(r.properties.map((p) => [p.name, p.counterexample!]));
    expect(byName.notAt22!.steps.at(-1)!.state).toEqual({ x: 2, y: 2 });
    expect(byName.notAt40!.steps.map((s) => s.label?.action ?? null)).toEqual([null, 'right', 'right', 'right', 'right']);
    expect(byName.noUpAtX3!.steps.at(-1)).toMatchObject({ label: { action: 'up' }, state: { x: 3, y: 1 } });
    expect(byName.ceiling!.steps.at(-1)!.state).toEqual({ x: 0, y: 3 });
    expect(byName.ceiling!.aborted).toEqual({ label: { action: 'up', params: null }, message: 'moving up from (0, 3)' });
    expect(byName.deadlock!.steps.at(-1)!.state).toEqual({ x: 4, y: 4 });
  });

  it('with continueAfterViolation and nothing violated, the exploration is complete', () => {
    const r = checkSync(grid(false, false), { continueAfterViolation: true, properties: [] });
    expect(r.status).toBe('ok');
    expect(r.stats).toMatchObject({ distinctStates: 25, statesGenerated: 41, depth: 9 });
  });
});

describe('deadlock', () => {
  it('is checked by default and reported with the trace to the stuck state', () => {
    const r = checkSync(grid(true, false), { properties: ['deadlock'] });
    expect(statuses(r)).toEqual({ deadlock: 'violated' });
    expect(r.properties[0]!.kind).toBe('deadlock');
    expect(r.properties[0]!.counterexample!.steps).toHaveLength(GRID_SHORTEST.deadlock);
  });

  it('is off when the model says so, or when the check options say so', () => {
    expect(checkSync(grid(false, false), { properties: ['deadlock'] }).status).toBe('ok');
    expect(checkSync(grid(true, false), { properties: ['deadlock'], deadlock: false }).status).toBe('ok');
    expect(checkSync(grid(false, false), { properties: [], deadlock: true }).status).toBe('violated');
  });

  it('is checked only when selected, once properties are selected by name', () => {
    expect(checkSync(grid(true, false), { properties: [] }).status).toBe('ok');
    expect(statuses(checkSync(grid(true, false), { properties: ['deadlock'] }))).toEqual({ deadlock: 'violated' });
  });

  it('counts a step aborted by an assertion as enabled: a state whose only action aborts is no deadlock', () => {
    const model = defineModel<{ n: number }, Record<string, never>>({
      name: 'abortsAtTwo',
      spec: defineSpec<{ n: number }, Record<string, never>>({
        name: 'abortsAtTwo',
        schema: () => t.record({ n: t.int(0, 2) }),
        init: () => [{ n: 0 }],
        actions: {
          step: {
            next: (s) => {
              assertThat(s.n < 2, 'bounded', 'stepping from 2');
              return { n: s.n + 1 };
            },
          },
        },
      }),
      constants: { default: {} },
      properties: { bounded: { kind: 'assertion' } },
    });
    const r = checkSync(model, { continueAfterViolation: true });
    expect(statuses(r)).toEqual({ bounded: 'violated', deadlock: 'holds' });
    expect(r.stats).toMatchObject({ distinctStates: 3, statesGenerated: 3 });
  });

  it('reports an assertion raised in an action even when it is not among the selected properties', () => {
    const r = checkSync(grid(false, true), { properties: [] });
    expect(statuses(r)).toEqual({ ceiling: 'violated' });
  });
});

describe('constraint (TLC CONSTRAINT semantics)', () => {
  type S = { n: number };
  const counter = (initial: number[], invariantBad: number[]) =>
    defineModel<S, Record<string, never>>({
      name: 'constrainedCounter',
      spec: defineSpec<S, Record<string, never>>({
        name: 'constrainedCounter',
        schema: () => t.record({ n: t.int(0, 5) }),
        init: () => initial.map((n) => ({ n })),
        actions: { inc: { enabled: (s) => s.n < 5, next: (s) => ({ n: s.n + 1 }) } },
      }),
      constants: { default: {} },
      deadlock: false,
      constraint: (s) => s.n <= 2,
      properties: { good: { kind: 'invariant', holds: (s) => !invariantBad.includes(s.n) } },
    });

  it('counts a state failing the constraint, but neither stores nor expands it', () => {
    const r = checkSync(counter([0], []));
    expect(r.status).toBe('ok');
    // Stored: 0, 1, 2. Generated: init 0, then 1, 2 and 3 (3 fails the constraint and is never expanded, so 4 is
    // never generated).
    expect(r.stats).toMatchObject({ distinctStates: 3, statesGenerated: 4, depth: 3 });
    expect(r.stats.coverage).toEqual([{ action: 'inc', statesGenerated: 3, distinctStates: 2 }]);
  });

  it('checks invariants on a state failing the constraint', () => {
    const r = checkSync(counter([0], [3]));
    expect(r.status).toBe('violated');
    expect(r.properties[0]!.counterexample!.steps.map((s) => s.state)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('never reaches what lies beyond a state failing the constraint', () => {
    expect(checkSync(counter([0], [4, 5])).status).toBe('ok');
  });

  it('treats initial states the same way: counted and checked, not stored', () => {
    const ok = checkSync(counter([4, 0], []));
    expect(ok.stats).toMatchObject({ distinctStates: 3, statesGenerated: 5, depth: 3 });
    const bad = checkSync(counter([4, 0], [4]));
    expect(bad.status).toBe('violated');
    expect(bad.properties[0]!.counterexample!.steps).toEqual([{ label: null, state: { n: 4 } }]);
  });
});
