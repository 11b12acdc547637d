/**
 * A growable array of integers stored in fixed-size typed-array chunks of 2^16 entries: appending never copies what
 * is already stored (no transient double allocation while growing), and at most one chunk is partly unused. The
 * element type (8, 16 or 32 bits) is chosen by the caller from the largest value it will hold.
 */

/** Entries per chunk: 2^CHUNK_BITS. */
export const CHUNK_BITS = 16;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

type IntArray = Int32Array | Uint16Array | Uint8Array;
type IntArrayConstructor = Int32ArrayConstructor | Uint16ArrayConstructor | Uint8ArrayConstructor;

/** A growable integer array in 64k-entry chunks (see the module comment). */
export class GrowableArray {
  private readonly chunks: IntArray[] = [];
  /** Number of values stored. */
  length = 0;

  /**
   * @param kind the element type: `Int32Array` (any int32), `Uint16Array` (0..65535) or `Uint8Array` (0..255).
   * @param shared allocate the chunks in `SharedArrayBuffer`s, so that worker threads can read them (see `chunkList`).
   */
  constructor(
    private readonly kind: IntArrayConstructor = Int32Array,
    private readonly shared = false,
  ) {}

  private allocate(length: number): IntArray {
    return this.shared ? new this.kind(new SharedArrayBuffer(length * this.kind.BYTES_PER_ELEMENT) as unknown as ArrayBuffer) : new this.kind(length);
  }

  /** The chunks (shared memory when `shared`): chunk `c` holds entries `c·2^16 ..`; the last may be shorter. */
  get chunkList(): readonly IntArray[] {
    return this.chunks;
  }

  /** The narrowest kind that holds every value in `0 .. max` (or any int32 when `max` is larger than 65535). */
  static kindFor(max: number): IntArrayConstructor {
    return max <= 0xff ? Uint8Array : max <= 0xffff ? Uint16Array : Int32Array;
  }

  /** Appends `value`. */
  push(value: number): void {
    const index = this.length & CHUNK_MASK;
    if (index === 0) this.chunks.push(this.allocate(this.chunks.length === 0 && !this.shared ? 1024 : CHUNK_SIZE));
    let chunk = this.chunks[this.chunks.length - 1]!;
    if (index === chunk.length) {
      // The first chunk starts small; replace it by a full one (the only copy ever made, at most 2^16 values).
      const full = this.allocate(CHUNK_SIZE);
      full.set(chunk);
      chunk = full;
      this.chunks[this.chunks.length - 1] = full;
    }
    chunk[index] = value;
    this.length += 1;
  }

  /** The value at `index` (0 ≤ index < length). */
  get(index: number): number {
    return this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
  }

  /** Overwrites the value at `index` (0 ≤ index < length). */
  set(index: number, value: number): void {
    this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK] = value;
  }

  /** Bytes held by the chunks. */
  get bytes(): number {
    let total = 0;
    for (const chunk of this.chunks) total += chunk.byteLength;
    return total;
  }
}
