/**
 * Putting states already stored by id (`StateTable.appendUnindexed`) into the visited set's index, from several
 * threads at once: each thread indexes only the shards it owns (shard mod threads = its number), so no two threads
 * write the same shard, and grows them itself. The shards it grew are returned for the table to adopt.
 *
 * Guarantees: afterwards every state `from .. to - 1` is in its shard, exactly as `StateTable.insert` would have put
 * it there (up to slot positions, which nothing observable depends on).
 */
import { CHUNK_BITS } from './growableArray.js';
import { fingerprintHigh, fingerprintLow, inlineHash, OCCUPIED } from './hashing.js';
import { shardOf, type TableView } from './stateTable.js';

const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

/** A shard a thread grew: its new slots and mask. */
export interface GrownShard {
  readonly shard: number;
  readonly slots: Uint32Array;
  readonly mask: number;
}

/** Indexes states `from .. to - 1` of `view` whose shard `s` has `s % threads === thread`. */
export function indexStates(view: TableView, from: number, to: number, thread: number, threads: number): GrownShard[] {
  const W = view.words;
  const inline = view.inline;
  const slotWords = inline ? W : 3;
  const shards = [...view.shards];
  const masks = [...view.masks];
  const grown = new Set<number>();
  const probeWord = inline ? 0 : 2;
  const home = (slots: Uint32Array, k: number): number => (inline ? inlineHash(slots, k, W) : slots[k]!);
  for (let id = from; id < to; id += 1) {
    const chunk = view.chunks[id >>> CHUNK_BITS]!;
    const at = (id & CHUNK_MASK) * W;
    const hash = inline ? inlineHash(chunk, at, W) : fingerprintLow(chunk, at, W);
    const shard = shardOf(hash);
    if (shard % threads !== thread) continue;
    let slots = shards[shard]!;
    let mask = masks[shard]!;
    let slot = hash & mask;
    while (slots[slot * slotWords + probeWord] !== 0) slot = (slot + 1) & mask;
    const base = slot * slotWords;
    if (inline) {
      slots[base] = (chunk[at]! | OCCUPIED) >>> 0;
      for (let i = 1; i < W; i += 1) slots[base + i] = chunk[at + i]!;
    } else {
      slots[base] = hash;
      slots[base + 1] = fingerprintHigh(chunk, at, W);
      slots[base + 2] = id + 1;
    }
    const count = (view.counts[shard]! += 1);
    if (count * 4 > (mask + 1) * 3) {
      const capacity = (mask + 1) * 2;
      const next = new Uint32Array(new SharedArrayBuffer(capacity * slotWords * 4) as unknown as ArrayBuffer);
      mask = capacity - 1;
      for (let k = 0; k < slots.length; k += slotWords) {
        if (slots[k + probeWord] === 0) continue;
        let s = home(slots, k) & mask;
        while (next[s * slotWords + probeWord] !== 0) s = (s + 1) & mask;
        for (let i = 0; i < slotWords; i += 1) next[s * slotWords + i] = slots[k + i]!;
      }
      slots = next;
      shards[shard] = next;
      masks[shard] = mask;
      grown.add(shard);
    }
  }
  return [...grown].map((shard) => ({ shard, slots: shards[shard]!, mask: masks[shard]! }));
}
