/**
 * `jsonEquals` agrees with comparing `canonicalJson` texts on every pair of a varied set of JSON values (key order,
 * undefined-valued keys, nesting, arrays against records, null against missing), and on the VFIO states it is used
 * for: the initial state and a state one syscall away.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, compileModel, defineModel, defineSpec, isJsonValue, jsonEquals, t } from '../../../checker/engine/index.js';
import { runSyscall } from '../../../spec/vfio/spec.js';
import { initialState, type VfioConstants } from '../../../spec/vfio/state.js';

const values: unknown[] = [
  null,
  undefined,
  0,
  1,
  -0,
  'a',
  '0',
  true,
  false,
  [],
  [null],
  [undefined],
  [1, 2],
  [2, 1],
  [[1], [2]],
  {},
  { a: 1 },
  { a: 1, b: undefined },
  { b: undefined, a: 1 },
  { a: null },
  { a: 1, b: 2 },
  { b: 2, a: 1 },
  { a: { x: [1, { y: null }] } },
  { a: { x: [1, { y: false }] } },
  { 0: 1 },
  [1],
  { length: 0 },
];

describe('jsonEquals', () => {
  it('is true exactly when the canonical JSON texts are equal', () => {
    let equalPairs = 0;
    for (const a of values) {
      for (const b of values) {
        const expected = canonicalJson(a) === canonicalJson(b);
        if (expected) equalPairs += 1;
        expect(jsonEquals(a, b), `${canonicalJson(a)} vs ${canonicalJson(b)}`).toBe(expected);
      }
    }
    // the set holds equal pairs beyond the diagonal (key order, undefined keys, -0), so both answers are exercised
    expect(equalPairs).toBeGreaterThan(values.length);
  });

  it('tells the VFIO initial state from a successor and from a fresh copy of itself', () => {
    const c: VfioConstants = {
      groups: 1,
      devices: [{ name: 'd0', group: 0, driver: 'plain' }],
      containers: 1,
      fdMax: 3,
      firstFd: 3,
      maxMappings: 1,
    };
    const init = initialState(c);
    expect(jsonEquals(init, initialState(c))).toBe(true);
    const next = runSyscall('post', c, init, { action: 'openContainer', params: null }).state;
    expect(jsonEquals(init, next)).toBe(false);
    expect(jsonEquals(next, JSON.parse(JSON.stringify(next)))).toBe(true);
  });
});

describe('isJsonValue', () => {
  it('accepts JSON (plain and prototype-less records, nested arrays) and refuses what is not', () => {
    expect([null, true, 0, -1.5, 'x', [], [1, ['a', { b: null }]], { a: 1 }, Object.assign(Object.create(null) as object, { a: 1 })].every((v) => isJsonValue(v))).toBe(true);
    for (const v of [undefined, Number.NaN, Infinity, () => 1, new Date(0), new Map(), [1, undefined], { a: undefined }, 1n]) expect(isJsonValue(v)).toBe(false);
  });
  it('refuses nesting deeper than 32 (and so a cycle) but not a long list', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 40; i += 1) deep = [deep];
    expect(isJsonValue(deep)).toBe(false);
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(isJsonValue(cyclic)).toBe(false);
    expect(isJsonValue(Array.from({ length: 100 }, (_, i) => i))).toBe(true);
  });
  it('a set universe of 100 integers is accepted (each member checked at depth 0)', () => {
    expect(() => compileModel(defineModel({
      name: 'Wide',
      spec: defineSpec({ name: 'Wide', schema: () => t.record({ s: t.set(Array.from({ length: 100 }, (_, i) => i)) }), init: () => [{ s: [] as number[] }], actions: {} }),
      constants: { default: {} },
      properties: {},
    }))).not.toThrow();
  });
});
