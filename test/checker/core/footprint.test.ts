/** Footprints (`core/footprint.ts`): what the tracking proxy sees read, what the diff sees written, and overlaps. */
import { describe, expect, it } from 'vitest';
import { compileModel, defineModel, defineSpec, t } from '../../../checker/engine/index.js';
import {
  conflicts,
  diffInto,
  invariantReads,
  labelFootprint,
  overlaps,
  TrackingProxy,
  within,
  type Footprint,
} from '../../../checker/engine/core/footprint.js';

type S = { a: number; b: { c: number; d: number }; list: number[] };
const state: S = { a: 1, b: { c: 2, d: 3 }, list: [4, 5] };

function run(f: (s: S) => S): Footprint {
  const view = new TrackingProxy(state);
  const next = f(view.root as S);
  const writes = new Set<string>();
  diffInto(view, state, next, '', writes);
  return { reads: view.reads, writes, unknown: false };
}

describe('footprints', () => {
  it('records primitive reads and the writes of a spread update', () => {
    const f = run((s) => ({ ...s, a: s.b.c + 1 }));
    // the spread enumerates the root's keys and reads its primitive fields; the body reads b.c
    expect([...f.reads].sort()).toEqual(['#keys', 'a', 'b/c']);
    expect(f.reads.has('b/c')).toBe(true);
    expect(f.reads.has('b/d')).toBe(false);
    expect([...f.writes]).toEqual(['a']);
  });

  it('an untouched part kept in the successor is neither read nor written', () => {
    const f = run((s) => ({ ...s, a: 7 }));
    expect(f.reads.has('b/c')).toBe(false);
    expect(f.reads.has('b/d')).toBe(false);
    expect([...f.writes]).toEqual(['a']);
  });

  it('a part moved to another path counts as read whole', () => {
    const f = run((s) => ({ ...s, b: { c: s.b.d, d: s.b.c } }));
    expect(f.reads.has('b/c') && f.reads.has('b/d')).toBe(true);
    expect([...f.writes].sort()).toEqual(['b/c', 'b/d']);
    const moved = run((s) => ({ ...s, list: s.list.slice(1) }));
    expect(moved.writes.has('list/length')).toBe(true);
    expect(moved.reads.has('list/length')).toBe(true);
  });

  it('array methods read through the proxy', () => {
    const f = run((s) => ({ ...s, a: s.list.every((x) => x > 4) ? 1 : 0 }));
    expect(f.reads.has('list/0')).toBe(true); // every stops at the first false
    expect(f.writes.size).toBe(1);
  });

  it('the proxy refuses writes (an action that mutates its input fails on it)', () => {
    const view = new TrackingProxy(state);
    expect(() => {
      'use strict';
      (view.root as S).a = 2;
    }).toThrow(TypeError);
    expect(state.a).toBe(1);
  });

  it('overlap, conflict and containment', () => {
    expect(overlaps('a/b', 'a')).toBe(true);
    expect(overlaps('a', 'a/b')).toBe(true);
    expect(overlaps('a/b', 'a/bc')).toBe(false);
    expect(overlaps('', 'x')).toBe(true);
    const r = (reads: string[], writes: string[]): Footprint => ({ reads: new Set(reads), writes: new Set(writes), unknown: false });
    expect(conflicts(r(['x'], []), r(['x'], []))).toBe(false);
    expect(conflicts(r(['x'], []), r([], ['x']))).toBe(true);
    expect(conflicts(r([], ['threads/0']), r([], ['threads/1']))).toBe(false);
    expect(within(r(['threads/0/pc'], ['threads/0/local/n']), ['threads/0'])).toBe(true);
    expect(within(r(['shared/x'], ['threads/0/pc']), ['threads/0'])).toBe(false);
  });

  it('labelFootprint runs enabled and next through the model\'s dispatch; invariantReads tracks invariants', () => {
    const model = defineModel<{ x: number; y: number }, Record<string, never>>({
      name: 'Two',
      spec: defineSpec({
        name: 'Two',
        schema: () => t.record({ x: t.int(0, 3), y: t.int(0, 3) }),
        init: () => [{ x: 0, y: 0 }],
        actions: {
          IncX: { enabled: (s: { x: number; y: number }) => s.x < 3, next: (s: { x: number; y: number }) => ({ ...s, x: s.x + 1 }) },
          IncY: { enabled: (s: { x: number; y: number }) => s.y < 0, next: (s: { x: number; y: number }) => ({ ...s, y: s.y + 1 }) },
        },
      }),
      constants: { default: {} },
      properties: { small: { kind: 'invariant', holds: (s) => s.y <= 3 } },
    });
    const compiled = compileModel(model);
    const s0 = { x: 0, y: 0 };
    const x = labelFootprint(compiled, s0, 0);
    expect(x.enabled).toBe(true);
    expect(x.outcome).toBe('step');
    expect(x.footprint.reads.has('x')).toBe(true);
    expect([...x.footprint.writes]).toEqual(['x']);
    const y = labelFootprint(compiled, s0, 1);
    expect(y.enabled).toBe(false);
    expect([...y.footprint.reads]).toEqual(['y']);
    const reads = new Set<string>();
    expect(invariantReads(compiled, s0, reads)).toBe(true);
    expect([...reads]).toEqual(['y']);
  });
});
