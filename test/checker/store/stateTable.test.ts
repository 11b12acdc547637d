/**
 * The visited set in exact mode agrees with a `Set` reference under random inserts: an encoding is new exactly when
 * the Set has not seen it, ids are dense in insertion order, `find` returns the id `insert` gave, and the parent,
 * label and stored words of every id are the ones inserted — across table growth.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateTable } from '../../../checker/engine/store/stateTable.js';

/** Random operations: encodings of `words` words from a small value pool (many duplicates) or the full 32-bit range. */
const runArb = fc.integer({ min: 1, max: 4 }).chain((words) =>
  fc.record({
    words: fc.constant(words),
    initialSlots: fc.constantFrom(1, 2, 8, 1 << 12),
    keys: fc.integer({ min: 0, max: 3000 }).chain((n) =>
      fc.array(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 0xffffffff })), {
          minLength: words,
          maxLength: words,
        }),
        { minLength: n, maxLength: n },
      ),
    ),
  }),
);

describe('StateTable (exact mode)', () => {
  it('agrees with a Set reference under random inserts', () => {
    fc.assert(
      fc.property(runArb, ({ words, initialSlots, keys }) => {
        const table = new StateTable(words, false, initialSlots);
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
          const wanted = known === undefined ? reference.size : -known - 1;
          if (result !== wanted) throw new Error(`insert #${k} of [${text}] returned ${result}, expected ${wanted}`);
          if (known === undefined) {
            reference.set(text, result);
            inserted.push({ key, parent, label });
          }
          if (table.size !== reference.size) throw new Error(`size ${table.size} after insert #${k}, expected ${reference.size}`);
        });
        for (const [text, id] of reference) {
          const key = text.split(',').map(Number);
          const { chunk, offset } = table.locate(id);
          const stored = [...chunk.subarray(offset, offset + words)].join(',');
          const found = table.find(Uint32Array.from(key), 0);
          const { parent, label } = inserted[id]!;
          if (found !== id || stored !== text || table.parents.get(id) !== parent || table.labels.get(id) !== label) {
            throw new Error(`id ${id}: find ${found}, stored [${stored}] for [${text}], parent/label mismatch?`);
          }
        }
        // A key never inserted is not found.
        const absent = Uint32Array.from({ length: words }, () => 0xfffffff0);
        if (!reference.has([...absent].join(','))) expect(table.find(absent, 0)).toBe(-1);
      }),
      { numRuns: 100 },
    );
  });
});
