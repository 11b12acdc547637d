/**
 * The visited set agrees with a `Map` reference under random inserts, in each layout (inline keys for narrow states,
 * hashed fingerprints for wide ones or when indexed): an encoding is new exactly when the Map has not seen it, ids
 * are dense in insertion order, every id keeps its encoding, parent and label across table growth, `isStoredAs`
 * recognises exactly the state's own encoding, and (indexed) `find` returns the id `insert` gave.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateTable } from '../../../checker/engine/store/stateTable.js';

/** Random encodings of `words` words from a small value pool (many duplicates) or the full range (word 0: 31 bits). */
const runArb = fc.integer({ min: 1, max: 5 }).chain((words) =>
  fc.record({
    words: fc.constant(words),
    indexed: fc.boolean(),
    initialSlots: fc.constantFrom(1, 2, 8, 64),
    keys: fc.integer({ min: 0, max: 3000 }).chain((n) =>
      fc.array(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 0x7fffffff })), { minLength: words, maxLength: words }).map(
          (key) => key.map((v, i) => (i === 0 ? v : (v * 2 + 1) >>> 0)),
        ),
        { minLength: n, maxLength: n },
      ),
    ),
  }),
);

describe('StateTable (exact)', () => {
  it('agrees with a Map reference under random inserts, in every layout', () => {
    fc.assert(
      fc.property(runArb, ({ words, indexed, initialSlots, keys }) => {
        const table = new StateTable(words, { indexed, initialSlots, maxLabel: 12 });
        expect(table.inline).toBe(words <= 3 && !indexed);
        const reference = new Map<string, number>();
        const inserted: { key: number[]; parent: number; label: number }[] = [];
        keys.forEach((key, k) => {
          const buf = new Uint32Array([7, ...key, 9]);
          const text = key.join(',');
          const parent = k % 5 === 0 ? -1 : k - 1;
          const label = k % 13;
          const result = table.insert(buf, 1, parent, label);
          const known = reference.get(text);
          // Plain comparisons in the hot loop (expect() per insert is slow); the message says what differed.
          if (known === undefined ? result !== reference.size : result >= 0) {
            throw new Error(`insert #${k} of [${text}] returned ${result}, expected ${known === undefined ? reference.size : 'a duplicate'}`);
          }
          if (known === undefined) {
            reference.set(text, result);
            inserted.push({ key, parent, label });
          }
          if (table.size !== reference.size) throw new Error(`size ${table.size} after insert #${k}, expected ${reference.size}`);
        });
        const out = new Uint32Array(words);
        for (const [text, id] of reference) {
          const key = Uint32Array.from(text.split(',').map(Number));
          table.copyEncoding(id, out, 0);
          const { parent, label } = inserted[id]!;
          if ([...out].join(',') !== text || table.parents.get(id) !== parent || table.label(id) !== label || !table.isStoredAs(id, key, 0)) {
            throw new Error(`id ${id}: stored [${[...out].join(',')}] for [${text}], or parent/label mismatch`);
          }
          if (indexed && table.find(key, 0) !== id) throw new Error(`find [${text}] gave ${table.find(key, 0)}, expected ${id}`);
          if (id > 0 && table.isStoredAs(id - 1, key, 0)) throw new Error(`state ${id - 1} taken for [${text}]`);
        }
        const absent = Uint32Array.from({ length: words }, () => 0x7ffffff0);
        if (indexed && !reference.has([...absent].join(','))) expect(table.find(absent, 0)).toBe(-1);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every encoding, parent and label through many growths (200,000 inline states)', () => {
    const table = new StateTable(3, { initialSlots: 1 });
    const buf = new Uint32Array(3);
    const n = 200_000;
    let wrongIds = 0;
    for (let i = 0; i < n; i += 1) {
      buf[0] = i;
      buf[1] = i * 7;
      buf[2] = ~i;
      if (table.insert(buf, 0, i - 1, i % 13) !== i) wrongIds += 1;
    }
    expect(wrongIds).toBe(0);
    const out = new Uint32Array(3);
    for (let i = 0; i < n; i += 997) {
      table.copyEncoding(i, out, 0);
      expect([...out]).toEqual([i, (i * 7) >>> 0, ~i >>> 0]);
      expect(table.parents.get(i)).toBe(i - 1);
      expect(table.label(i)).toBe(i === 0 ? 0 : i % 13);
      buf[0] = i;
      buf[1] = i * 7;
      buf[2] = ~i;
      expect(table.insert(buf, 0, 0, 0)).toBeLessThan(0);
    }
    expect(table.size).toBe(n);
  });
});
