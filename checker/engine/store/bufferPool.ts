/**
 * Recycles memory the state table no longer needs (the slot arrays left behind when its hash table grows) as
 * storage for new fixed-size chunks, so that growing the table leaves no garbage for the collector to find late:
 * peak memory is then what is in use, not what is in use plus every discarded array.
 *
 * Guarantees: every region handed out is `bytes` long, 8-byte aligned, and never handed out twice; its contents
 * are unspecified (callers write before they read). A recycled buffer must no longer be used by whoever gave it.
 */
export class BufferPool {
  /** Recycled buffers with how many of their bytes are handed out already; regions come from the last one first. */
  private readonly spare: { readonly buffer: ArrayBuffer; used: number }[] = [];

  /** Gives `buffer` to the pool; its previous owner must not use it any more. */
  recycle(buffer: ArrayBuffer): void {
    this.spare.push({ buffer, used: 0 });
  }

  /** Bytes of recycled memory not handed out yet. */
  get spareBytes(): number {
    let total = 0;
    for (const entry of this.spare) total += entry.buffer.byteLength - entry.used;
    return total;
  }

  /** A region of `bytes` bytes from a recycled buffer, or a fresh `ArrayBuffer` when none has room. */
  take(bytes: number): { readonly buffer: ArrayBuffer; readonly byteOffset: number } {
    const size = (bytes + 7) & ~7;
    while (this.spare.length > 0) {
      const entry = this.spare[this.spare.length - 1]!;
      if (entry.used + size <= entry.buffer.byteLength) {
        const byteOffset = entry.used;
        entry.used += size;
        return { buffer: entry.buffer, byteOffset };
      }
      // What is left of this buffer is too small: drop the pool's hold on it (chunks carved from it keep it alive).
      this.spare.pop();
    }
    return { buffer: new ArrayBuffer(size), byteOffset: 0 };
  }

  /** A `Uint32Array` of `length` elements from {@link take}. */
  uint32(length: number): Uint32Array {
    const { buffer, byteOffset } = this.take(length * 4);
    return new Uint32Array(buffer, byteOffset, length);
  }

  /** An `Int32Array` of `length` elements from {@link take}. */
  int32(length: number): Int32Array {
    const { buffer, byteOffset } = this.take(length * 4);
    return new Int32Array(buffer, byteOffset, length);
  }
}
