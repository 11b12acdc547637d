/** A growable array of 32-bit integers backed by one `Int32Array`; grows by 1.5× and never shrinks. */
export class GrowableInt32 {
  data: Int32Array;
  length = 0;
  constructor(initialCapacity = 1024) {
    this.data = new Int32Array(Math.max(16, initialCapacity));
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(Math.ceil(this.data.length * 1.5));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  get(index: number): number {
    return this.data[index]!;
  }
  /** Bytes held by the backing array. */
  get bytes(): number {
    return this.data.byteLength;
  }
}
