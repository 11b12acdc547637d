import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../../checker/engine/index.js';
import { compareObservable } from '../../../../checker/diff/observable/compareObservable.js';
import { ObservableSpace } from '../../../../checker/diff/observable/observableSpace.js';
import { counter, mapping } from './fixtures/counter.js';

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
