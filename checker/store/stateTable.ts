/**
 * The visited set: every stored state gets a dense StateId (0, 1, 2, … in insertion order, which in BFS is level
 * order), with its parent id and the label index that reached it, all in typed arrays.
 *
 * Two modes:
 * - exact: the encoding of every state is kept (in 64k-state chunks) and compared word by word on a hash match, so
 *   two states are merged only when they are equal;
 * - fingerprint: only a 64-bit fingerprint per state is compared, and encodings are kept only until the state has
 *   been expanded (`releaseBefore`); two distinct states with the same fingerprint would be merged (TLC's mode).
 *
 * Invariants: `slots` is an open-addressing table (linear probing) of `id + 1` (0 = empty) whose load stays below
 * 0.6; `slotHash[k]` is the 32-bit hash of the state in slot k (fingerprint low half), `slotHashHigh[k]` the high
 * half in fingerprint mode.
 */
import { fingerprintHigh, hashWords } from '../encoding/hash.js';
import { GrowableInt32 } from './growableInt32.js';

const CHUNK_BITS = 16;
const CHUNK_STATES = 1 << CHUNK_BITS;

/** Result of {@link StateTable.insert}: a new id (≥ 0) or `-(existing id) - 1`. */
export type InsertResult = number;

export class StateTable {
  readonly words: number;
  readonly fingerprintOnly: boolean;
  private chunks: (Uint32Array | null)[] = [];
  private slots: Int32Array;
  private slotHash: Uint32Array;
  private slotHashHigh: Uint32Array;
  private mask: number;
  readonly parents = new GrowableInt32(1 << 12);
  readonly labels = new GrowableInt32(1 << 12);
  size = 0;

  constructor(words: number, fingerprintOnly: boolean, initialSlots = 1 << 12) {
    this.words = words;
    this.fingerprintOnly = fingerprintOnly;
    this.slots = new Int32Array(initialSlots);
    this.slotHash = new Uint32Array(initialSlots);
    this.slotHashHigh = new Uint32Array(fingerprintOnly ? initialSlots : 0);
    this.mask = initialSlots - 1;
  }

  /**
   * Finds the state encoded at `buf[offset ..]`, or stores it with `parent` and `label`. Returns the new id, or
   * `-(id) - 1` of the state already stored.
   */
  insert(buf: Uint32Array, offset: number, parent: number, label: number): InsertResult {
    const words = this.words;
    const hash = hashWords(buf, offset, words);
    const high = this.fingerprintOnly ? fingerprintHigh(buf, offset, words) : 0;
    let slot = hash & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      if (this.slotHash[slot] === hash) {
        const id = entry - 1;
        if (this.fingerprintOnly ? this.slotHashHigh[slot] === high : this.equalsStored(id, buf, offset)) return -id - 1;
      }
      slot = (slot + 1) & this.mask;
    }
    const id = this.size++;
    this.slots[slot] = id + 1;
    this.slotHash[slot] = hash;
    if (this.fingerprintOnly) this.slotHashHigh[slot] = high;
    this.parents.push(parent);
    this.labels.push(label);
    const chunkIndex = id >>> CHUNK_BITS;
    let chunk = this.chunks[chunkIndex];
    if (chunk === undefined) {
      chunk = new Uint32Array(CHUNK_STATES * words);
      this.chunks.push(chunk);
    }
    chunk!.set(buf.subarray(offset, offset + words), (id & (CHUNK_STATES - 1)) * words);
    if (this.size * 5 > this.slots.length * 3) this.grow();
    return id;
  }

  /** Looks up a state without inserting it: its id, or -1. */
  find(buf: Uint32Array, offset: number): number {
    const words = this.words;
    const hash = hashWords(buf, offset, words);
    const high = this.fingerprintOnly ? fingerprintHigh(buf, offset, words) : 0;
    let slot = hash & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      if (this.slotHash[slot] === hash) {
        const id = entry - 1;
        if (this.fingerprintOnly ? this.slotHashHigh[slot] === high : this.equalsStored(id, buf, offset)) return id;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** The chunk holding state `id`'s encoding and the offset in it; throws if it was released. */
  locate(id: number): { chunk: Uint32Array; offset: number } {
    const chunk = this.chunks[id >>> CHUNK_BITS];
    if (chunk === undefined || chunk === null) throw new Error(`state ${id}'s encoding is not kept`);
    return { chunk, offset: (id & (CHUNK_STATES - 1)) * this.words };
  }

  /** Whether the encoding of state `id` is still kept. */
  hasEncoding(id: number): boolean {
    const chunk = this.chunks[id >>> CHUNK_BITS];
    return chunk !== undefined && chunk !== null;
  }

  /** In fingerprint mode: drops the encodings of whole chunks of states whose ids are all below `id`. */
  releaseBefore(id: number): void {
    if (!this.fingerprintOnly) return;
    const lastWhole = (id >>> CHUNK_BITS) - 1;
    for (let c = 0; c <= lastWhole && c < this.chunks.length; c += 1) this.chunks[c] = null;
  }

  /** Bytes held by the table's typed arrays (the chunks still kept, the slots, the parent and label arrays). */
  get bytes(): number {
    let total = this.slots.byteLength + this.slotHash.byteLength + this.slotHashHigh.byteLength;
    for (const chunk of this.chunks) total += chunk ? chunk.byteLength : 0;
    return total + this.parents.bytes + this.labels.bytes;
  }

  private equalsStored(id: number, buf: Uint32Array, offset: number): boolean {
    const chunk = this.chunks[id >>> CHUNK_BITS]!;
    const base = (id & (CHUNK_STATES - 1)) * this.words;
    for (let i = 0; i < this.words; i += 1) if (chunk[base + i] !== buf[offset + i]) return false;
    return true;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldHash = this.slotHash;
    const oldHigh = this.slotHashHigh;
    const capacity = oldSlots.length * 2;
    this.slots = new Int32Array(capacity);
    this.slotHash = new Uint32Array(capacity);
    this.slotHashHigh = new Uint32Array(this.fingerprintOnly ? capacity : 0);
    this.mask = capacity - 1;
    for (let k = 0; k < oldSlots.length; k += 1) {
      const entry = oldSlots[k]!;
      if (entry === 0) continue;
      let slot = oldHash[k]! & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = entry;
      this.slotHash[slot] = oldHash[k]!;
      if (this.fingerprintOnly) this.slotHashHigh[slot] = oldHigh[k]!;
    }
  }
}
