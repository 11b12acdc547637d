import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../../checker/engine/store/bufferPool.js';
import { StateTable } from '../../../checker/engine/store/stateTable.js';

describe('BufferPool', () => {
  it('hands out disjoint regions of recycled buffers, newest buffer first, then fresh ones', () => {
    const pool = new BufferPool();
    const a = new ArrayBuffer(64);
    const b = new ArrayBuffer(40);
    pool.recycle(a);
    pool.recycle(b);
    expect(pool.spareBytes).toBe(104);
    const r1 = pool.take(20); // rounded up to 24
    expect(r1).toEqual({ buffer: b, byteOffset: 0 });
    const r2 = pool.take(16);
    expect(r2).toEqual({ buffer: b, byteOffset: 24 });
    expect(pool.spareBytes).toBe(64);
    const r3 = pool.take(8); // b has no room left: from a
    expect(r3).toEqual({ buffer: a, byteOffset: 0 });
    const r4 = pool.take(100); // nothing has room: fresh
    expect(r4.buffer).not.toBe(a);
    expect(r4.buffer.byteLength).toBe(104);
    expect(pool.spareBytes).toBe(0);
  });

  it('views written through one region leave the others intact', () => {
    const pool = new BufferPool();
    pool.recycle(new ArrayBuffer(64));
    const x = pool.uint32(4);
    const y = pool.int32(4);
    x.fill(0xffffffff);
    y.fill(7);
    expect([...x]).toEqual([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
    expect([...y]).toEqual([7, 7, 7, 7]);
  });
});

describe('StateTable with recycled chunk storage', () => {
  it('keeps every encoding, parent and label through many table growths', () => {
    const table = new StateTable(3, false, 16);
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
    for (let i = 0; i < n; i += 997) {
      const { chunk, offset } = table.locate(i);
      expect([chunk[offset], chunk[offset + 1], chunk[offset + 2]]).toEqual([i, (i * 7) >>> 0, ~i >>> 0]);
      expect(table.parents.get(i)).toBe(i - 1);
      expect(table.labels.get(i)).toBe(i % 13);
      buf[0] = i;
      buf[1] = i * 7;
      buf[2] = ~i;
      expect(table.insert(buf, 0, 0, 0)).toBe(-i - 1);
    }
    expect(table.size).toBe(n);
  });
});
