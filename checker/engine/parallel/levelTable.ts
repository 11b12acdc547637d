/**
 * The states a BFS level discovers, found concurrently by several threads: an open-addressing table in shared
 * memory where a thread claims a slot for a new state with a compare-and-swap, and where every thread that reaches
 * the state lowers its *discovery key* — (position of the parent in the level, label index), packed in one int32 —
 * to the minimum with a compare-and-swap loop. The minimum is the key by which the sequential BFS first reaches the
 * state, so sorting the level's states by it gives the sequential ids, parents and labels (see `parallelBfs.ts`).
 *
 * Slot protocol: `ready[slot]` is 0 (free), 1 (being written by the thread that claimed it) or 2 (key and discovery
 * key written). A thread that finds 1 waits for 2 before comparing. Keys are whole encodings.
 */
import { fingerprintLow, inlineHash } from '../store/hashing.js';

/** The shared buffers of a level table, as posted to worker threads. */
export interface LevelTableBuffers {
  readonly words: number;
  readonly capacity: number;
  readonly keys: Uint32Array;
  readonly ready: Int32Array;
  readonly discovery: Int32Array;
  /** [0]: slots claimed. */
  readonly claimed: Int32Array;
}

/** Creates the buffers of a level table of `capacity` slots (a power of two) for `words`-word states. */
export function createLevelTable(words: number, capacity: number): LevelTableBuffers {
  const shared = (bytes: number): ArrayBuffer => new SharedArrayBuffer(bytes) as unknown as ArrayBuffer;
  return {
    words,
    capacity,
    keys: new Uint32Array(shared(capacity * words * 4)),
    ready: new Int32Array(shared(capacity * 4)),
    discovery: new Int32Array(shared(capacity * 4)),
    claimed: new Int32Array(shared(4)),
  };
}

/** What {@link LevelTable.insert} found. */
export const LevelInsert = { claimed: 1, seen: 0, full: -1 } as const;

/** A thread's handle on a level table (see the module comment). */
export class LevelTable {
  private readonly mask: number;
  private readonly limit: number;
  /**
   * The slot of the state of the last {@link insert} that returned `claimed` or `seen`: the same slot for every
   * thread and every insert of that state in the level (the graph's edges to new states name it until the barrier).
   */
  lastSlot = -1;

  constructor(readonly buffers: LevelTableBuffers) {
    this.mask = buffers.capacity - 1;
    this.limit = Math.floor((buffers.capacity * 3) / 4);
  }

  /**
   * Inserts the state at `buf[offset ..]` reached with discovery key `key`, or lowers the stored key to `key`.
   * Returns `claimed` when this call stored it, `seen` when it was there, `full` when the table is too full (the
   * level must be redone with a larger one).
   */
  insert(buf: Uint32Array, offset: number, key: number): number {
    const { words: W, keys, ready, discovery } = this.buffers;
    const mask = this.mask;
    for (let slot = (W <= 3 ? inlineHash(buf, offset, W) : fingerprintLow(buf, offset, W)) & mask; ; slot = (slot + 1) & mask) {
      let r = Atomics.load(ready, slot);
      if (r === 0) {
        if (Atomics.compareExchange(ready, slot, 0, 1) === 0) {
          if (Atomics.add(this.buffers.claimed, 0, 1) >= this.limit) {
            Atomics.store(ready, slot, 0);
            return LevelInsert.full;
          }
          for (let i = 0; i < W; i += 1) keys[slot * W + i] = buf[offset + i]!;
          Atomics.store(discovery, slot, key);
          Atomics.store(ready, slot, 2);
          this.lastSlot = slot;
          return LevelInsert.claimed;
        }
        r = Atomics.load(ready, slot);
      }
      while (r === 1) r = Atomics.load(ready, slot);
      if (r === 0) {
        // A claim was given back (the table is full): let the caller see it too.
        return LevelInsert.full;
      }
      let same = true;
      for (let i = 0; i < W && same; i += 1) same = keys[slot * W + i] === buf[offset + i];
      if (!same) continue;
      for (let current = Atomics.load(discovery, slot); key < current; current = Atomics.load(discovery, slot)) {
        if (Atomics.compareExchange(discovery, slot, current, key) === current) break;
      }
      this.lastSlot = slot;
      return LevelInsert.seen;
    }
  }
}
