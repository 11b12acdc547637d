/**
 * A read-only view of a visited set for worker threads (`StateTable.view()` in shared memory): whether a state is
 * stored, its id (hashed layout), and the encoding of a stored state, looked up exactly as the table itself does
 * (same hashes, same probing). The table must not change while a reader uses the view; the parallel driver changes
 * it only between levels.
 */
import { CHUNK_BITS } from './growableArray.js';
import { fingerprintHigh, fingerprintLow, inlineHash, OCCUPIED } from './hashing.js';
import { shardOf, type TableView } from './stateTable.js';

const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

/** Looks states up in a {@link TableView}. */
export class TableReader {
  constructor(private readonly view: TableView) {}

  /** Whether the state encoded at `buf[offset ..]` is stored. */
  contains(buf: Uint32Array, offset: number): boolean {
    const v = this.view;
    const W = v.words;
    if (v.inline) {
      const hash = inlineHash(buf, offset, W);
      const shard = shardOf(hash);
      const slots = v.shards[shard]!;
      const mask = v.masks[shard]!;
      const k0 = (buf[offset]! | OCCUPIED) >>> 0;
      for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
        const base = slot * W;
        const s = slots[base]!;
        if (s === 0) return false;
        if (s !== k0) continue;
        let same = true;
        for (let i = 1; i < W && same; i += 1) same = slots[base + i] === buf[offset + i];
        if (same) return true;
      }
    }
    return this.find(buf, offset) >= 0;
  }

  /**
   * The id of the state encoded at `buf[offset ..]`, or -1 when it is not stored: the id `StateTable.find` gives (the
   * same probing and comparisons). Needs the hashed layout (`indexed`, or wide states), as `find` does.
   */
  find(buf: Uint32Array, offset: number): number {
    const v = this.view;
    if (v.inline) throw new Error('TableReader.find needs the indexed layout');
    const W = v.words;
    const h0 = fingerprintLow(buf, offset, W);
    const h1 = fingerprintHigh(buf, offset, W);
    const shard = shardOf(h0);
    const slots = v.shards[shard]!;
    const mask = v.masks[shard]!;
    for (let slot = h0 & mask; ; slot = (slot + 1) & mask) {
      const base = slot * 3;
      const entry = slots[base + 2]!;
      if (entry === 0) return -1;
      if (slots[base] !== h0 || slots[base + 1] !== h1) continue;
      const id = entry - 1;
      if (!v.exact) return id;
      const chunk = v.chunks[id >>> CHUNK_BITS];
      if (chunk === undefined || chunk === null) return id;
      const at = (id & CHUNK_MASK) * W;
      let same = true;
      for (let i = 0; i < W && same; i += 1) same = chunk[at + i] === buf[offset + i];
      if (same) return id;
    }
  }

  /** Copies the encoding of stored state `id` into `out[offset ..]`. */
  copyEncoding(id: number, out: Uint32Array, offset: number): void {
    const W = this.view.words;
    const chunk = this.view.chunks[id >>> CHUNK_BITS];
    if (chunk === undefined || chunk === null) throw new Error(`state ${id}'s encoding is not kept`);
    const at = (id & CHUNK_MASK) * W;
    for (let i = 0; i < W; i += 1) out[offset + i] = chunk[at + i]!;
  }
}
