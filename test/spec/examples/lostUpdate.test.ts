/**
 * The threads API (`defineThreads`, `checker/engine/api/threads.ts`) on the lost-update classic: exact counts
 * derived by hand (see the module comment of `spec/examples/lostUpdate.ts`), the race found as the shortest
 * interleaving, the lock closing it, and the naive oracle agreeing on the counts with three threads.
 */
import { describe, expect, it } from 'vitest';
import { checkSync, defineModel, defineThreads, t } from '../../../checker/engine/index.js';
import { lockedUpdate, lostUpdate } from '../../../spec/examples/lostUpdate.js';
import { naiveCheck } from '../../oracle/naiveChecker.js';

const labels = (steps: readonly { label: { action: string; params: unknown } | null }[]) =>
  steps.map((s) => (s.label === null ? 'init' : `${s.label.action}(${(s.label.params as { thread: number }).thread})`));

describe('lost update (two threads, read then write)', () => {
  it('13 distinct states, as counted by hand, and the race in 4 steps: both read before either writes', () => {
    const all = checkSync(lostUpdate, { exhaustive: true });
    expect(all.stats.distinctStates).toBe(13);
    const r = checkSync(lostUpdate);
    expect(r.status).toBe('violated');
    const trace = r.properties.find((p) => p.name === 'noLostUpdate')!.counterexample!;
    expect(labels(trace.steps)).toEqual(['init', 'read(0)', 'read(1)', 'write(0)', 'write(1)']);
    expect(trace.steps.at(-1)!.state).toEqual({ shared: { count: 1 }, threads: [{ pc: 2, local: { tmp: 0 } }, { pc: 2, local: { tmp: 0 } }] });
  });

  it('under the lock: 17 distinct states (by hand), mutual exclusion and no lost update', () => {
    const r = checkSync(lockedUpdate);
    expect(r.status).toBe('ok');
    expect(r.stats.distinctStates).toBe(17);
    expect(r.properties.map((p) => p.status)).toEqual(['holds', 'holds']);
  });

  it('three threads: the engine and the naive oracle count the same', () => {
    const engine = checkSync(lockedUpdate, { constantSet: 'three' });
    const naive = naiveCheck(lockedUpdate, { constantSet: 'three' });
    expect({ distinct: engine.stats.distinctStates, generated: engine.stats.statesGenerated }).toEqual({ distinct: naive.distinctStates, generated: naive.statesGenerated });
    expect(checkSync(lostUpdate, { constantSet: 'three' }).status).toBe('violated');
  });

  it('a goto to no step is the spec\'s fault (LC201), not a crash', () => {
    const spec = defineThreads<{ n: number }, null, Record<string, never>>({
      name: 'BadGoto',
      threads: () => 1,
      sharedSchema: () => t.record({ n: t.int(0, 1) }),
      localSchema: () => t.nullable(t.int(0, 0)),
      initShared: () => ({ n: 0 }),
      initLocal: () => null,
      steps: [{ name: 'jump', run: (g, l) => ({ shared: g, local: l, goto: 'nowhere' }) }],
    });
    const r = checkSync(defineModel({ name: 'BadGoto', spec, constants: { default: {} }, properties: {} }));
    expect(r.error).toMatchObject({ code: 'LC201' });
    expect(r.error!.message).toMatch(/goes to nowhere, which is not a step of BadGoto/);
  });
});
