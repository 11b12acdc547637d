/**
 * A worker thread's read-only view of the visited set finds what the table itself finds: `contains` exactly when the
 * table has the state, and (hashed layout) `find` the id `StateTable.find` gives — stored or absent keys, through
 * shard growth, exact and fingerprint mode — and refuses the inline layout as `StateTable.find` does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateTable } from '../../../checker/engine/store/stateTable.js';
import { TableReader } from '../../../checker/engine/store/tableReader.js';

const runArb = fc.integer({ min: 1, max: 5 }).chain((words) =>
  fc.record({
    words: fc.constant(words),
    fingerprint: fc.boolean(),
    initialSlots: fc.constantFrom(1, 2, 16),
    keys: fc.array(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: words, maxLength: words }), { maxLength: 1500 }),
    probes: fc.array(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: words, maxLength: words }), { maxLength: 200 }),
  }),
);

describe('TableReader', () => {
  it('finds the ids the table finds, in the hashed layout (exact and fingerprint)', () => {
    fc.assert(
      fc.property(runArb, ({ words, fingerprint, initialSlots, keys, probes }) => {
        const table = new StateTable(words, { indexed: true, fingerprint, initialSlots, shared: true, maxLabel: 3 });
        keys.forEach((key, k) => table.insert(Uint32Array.from(key), 0, k - 1, k % 3));
        const reader = new TableReader(table.view());
        for (const key of [...keys, ...probes]) {
          const buf = Uint32Array.from([5, ...key]);
          const found = reader.find(buf, 1);
          if (found !== table.find(buf, 1)) throw new Error(`[${key.join(',')}]: reader found ${found}, table ${table.find(buf, 1)}`);
          if (reader.contains(buf, 1) !== found >= 0) throw new Error(`[${key.join(',')}]: contains disagrees with find`);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('find refuses the inline layout (it keeps no ids)', () => {
    const table = new StateTable(2, { shared: true });
    table.insert(Uint32Array.of(1, 2), 0, -1, 0);
    const reader = new TableReader(table.view());
    expect(reader.contains(Uint32Array.of(1, 2), 0)).toBe(true);
    expect(() => reader.find(Uint32Array.of(1, 2), 0)).toThrow(/indexed layout/);
  });
});
