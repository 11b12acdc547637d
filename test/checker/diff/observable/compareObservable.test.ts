import { describe, expect, it } from 'vitest';
import { compileModel, defineModel, defineThreads, t, type Label } from '../../../../checker/engine/index.js';
import { compareObservable } from '../../../../checker/diff/observable/compareObservable.js';
import type { ObservableMapping } from '../../../../checker/diff/observable/observableMapping.js';
import { ObservableSpace } from '../../../../checker/diff/observable/observableSpace.js';

type Shared = { x: number };
type Local = { v: number; calls: number };
type C = { threads: number };

/** Two threads each increment a counter once and return the value they wrote: atomically, or as a read then a write. */
function counter(name: string, atomic: boolean) {
  const spec = defineThreads<Shared, Local, C>({
    name,
    threads: (c) => c.threads,
    shared: { schema: () => t.record({ x: t.int(0, 2) }), init: () => ({ x: 0 }) },
    locals: { schema: () => t.record({ v: t.int(0, 2), calls: t.int(0, 1) }), init: () => ({ v: 0, calls: 0 }) },
    procedures: {
      user: {
        call: { await: (v) => v.local.calls < 1, run: (k) => { k.local.calls += 1; k.call('inc', 'back'); } },
        back: { run: (k) => k.done() },
      },
      inc: atomic
        ? { only: { run: (k) => { k.shared.x += 1; k.result(k.shared.x); k.ret(); } } }
        : {
            read: { run: (k) => { k.local.v = k.shared.x; } },
            write: { run: (k) => { k.shared.x = k.local.v + 1; k.result(k.shared.x); k.ret(); } },
          },
    },
    start: () => 'user',
  });
  return defineModel({ name, spec: spec.spec, constants: { default: { threads: 2 } }, properties: {} });
}

const mapping: ObservableMapping = {
  thread: (l: Label) => (l.params as { thread?: number } | null)?.thread,
  classify: (l: Label) => (l.action === 'user.call' ? 'call' : l.action === 'user.back' ? 'return' : 'internal'),
  call: () => 'inc',
  formatCall: () => 'inc()',
  formatResult: (r) => String(r),
};

describe('compareObservable', () => {
  it('finds the lost update of a read-then-write counter as a return only it allows, with a shortest interleaving', () => {
    const atomic = new ObservableSpace(compileModel(counter('atomic', true)), mapping);
    const racy = new ObservableSpace(compileModel(counter('racy', false)), mapping);
    const c = compareObservable(atomic, racy);
    expect(c.complete).toBe(true);
    expect(c.equivalent).toBe(false);
    // After both calls and one return of 1, only the racy counter lets the other thread return 1 too.
    const lost = c.divergences.find((d) => d.only === 'b' && d.event.kind === 'return' && d.event.result === 1 && d.prefix.some((e) => e.kind === 'return'));
    expect(lost).toBeDefined();
    expect(lost!.prefix.filter((e) => e.kind === 'call')).toHaveLength(2);
    const trace = racy.witness([...lost!.prefix, lost!.event])!;
    // Both reads happen before either write: the interleaving of the lost update.
    const actions = trace.steps.slice(1).map((s) => s.label!.action);
    expect(actions.filter((a) => a === 'inc.read')).toHaveLength(2);
    expect(actions.indexOf('inc.write')).toBeGreaterThan(actions.lastIndexOf('inc.read'));
    expect(atomic.witness([...lost!.prefix, lost!.event])).toBeUndefined();
  });

  it('proves a version equivalent to itself, and the internal steps are stuttering', () => {
    const a = new ObservableSpace(compileModel(counter('racy', false)), mapping);
    const b = new ObservableSpace(compileModel(counter('racy', false)), mapping);
    const c = compareObservable(a, b);
    expect(c).toMatchObject({ equivalent: true, complete: true, divergences: [] });
    // Calls, returns: 2 threads × (call, return); the deepest pair is after all four events.
    expect(c.depth).toBe(5);
  });

  it('says incomplete when the pair limit stops the walk', () => {
    const a = new ObservableSpace(compileModel(counter('atomic', true)), mapping);
    const b = new ObservableSpace(compileModel(counter('racy', false)), mapping);
    const c = compareObservable(a, b, { maxPairs: 2 });
    expect(c.complete).toBe(false);
    expect(c.equivalent).toBe(false);
  });
});
