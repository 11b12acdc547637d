/**
 * A growable array of 32-bit integers stored in fixed-size `Int32Array` chunks of 2^16 entries: appending never
 * copies what is already stored (no transient double allocation while growing), and at most one chunk is partly
 * unused. Full-size chunks come from a {@link BufferPool} when one is given.
 */
import type { BufferPool } from './bufferPool.js';

const CHUNK_BITS = 16;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

/** A growable array of 32-bit integers in 64k-entry chunks (see the module comment). */
export class GrowableInt32 {
  private readonly chunks: Int32Array[] = [];
  private current: Int32Array;
  /** Number of values stored. */
  length = 0;
  private readonly pool: BufferPool | undefined;
  /**
   * @param initialCapacity the size of the first chunk (later chunks hold 2^16 values).
   * @param pool where full-size chunks come from (recycled memory); fresh arrays when absent.
   */
  constructor(initialCapacity = 1024, pool?: BufferPool) {
    this.pool = pool;
    this.current = new Int32Array(Math.min(CHUNK_SIZE, Math.max(16, initialCapacity)));
    this.chunks.push(this.current);
  }
  /** Appends `value`. */
  push(value: number): void {
    const index = this.length & CHUNK_MASK;
    if (index === 0 && this.length > 0) {
      this.current = this.fullChunk();
      this.chunks.push(this.current);
    } else if (index === this.current.length) {
      // The first chunk starts small; replace it by a full one (the only copy ever made, at most 2^16 values).
      const full = this.fullChunk();
      full.set(this.current);
      this.current = full;
      this.chunks[this.chunks.length - 1] = full;
    }
    this.current[index] = value;
    this.length += 1;
  }
  private fullChunk(): Int32Array {
    return this.pool ? this.pool.int32(CHUNK_SIZE) : new Int32Array(CHUNK_SIZE);
  }
  /** The value at `index` (0 ≤ index < length). */
  get(index: number): number {
    return this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
  }
  /** Bytes held by the chunks. */
  get bytes(): number {
    let total = 0;
    for (const chunk of this.chunks) total += chunk.byteLength;
    return total;
  }
}
