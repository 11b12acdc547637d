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
 * Invariants: `slots` is an open-addressing table (linear probing) whose load stays at most 0.75; slot k holds
 * `id + 1` (0 = empty) at `slots[2k]` and the 32-bit hash of that state (fingerprint low half) at `slots[2k + 1]`;
 * `slotHashHigh[k]` is the high half in fingerprint mode. Parents and labels are kept in 2^16-entry chunks. The slot
 * arrays a growth leaves behind are recycled (a {@link BufferPool}) as storage for later chunks, so growing leaves no
 * garbage behind and peak memory stays close to `bytes`.
 */
import { fingerprintHigh, hashWords } from '../encoding/hash.js';
import { BufferPool } from './bufferPool.js';
import { GrowableInt32 } from './growableInt32.js';

const CHUNK_BITS = 16;
const CHUNK_STATES = 1 << CHUNK_BITS;

/** Result of {@link StateTable.insert}: a new id (≥ 0) or `-(existing id) - 1`. */
export type InsertResult = number;

/** Maximum load of the open-addressing table, as a fraction `LOAD_NUM / LOAD_DEN`. */
const LOAD_NUM = 3;
const LOAD_DEN = 4;

/** The visited set (see the module comment). Not safe for concurrent use. */
export class StateTable {
  readonly words: number;
  readonly fingerprintOnly: boolean;
  private chunks: (Uint32Array | null)[] = [];
  /** Two int32 per slot: `id + 1` (0 = empty) and the state's 32-bit hash, side by side (one cache line a probe). */
  private slots: Int32Array;
  private slotHashHigh: Uint32Array;
  private mask: number;
  /** Slot arrays left behind by {@link grow}, reused as chunk storage. */
  private readonly pool = new BufferPool();
  readonly parents = new GrowableInt32(1 << 12, this.pool);
  readonly labels = new GrowableInt32(1 << 12, this.pool);
  size = 0;

  constructor(words: number, fingerprintOnly: boolean, initialSlots = 1 << 12) {
    this.words = words;
    this.fingerprintOnly = fingerprintOnly;
    this.slots = new Int32Array(initialSlots * 2);
    this.slotHashHigh = new Uint32Array(fingerprintOnly ? initialSlots : 0);
    this.mask = initialSlots - 1;
  }

  /**
   * Finds the state encoded at `buf[offset ..]`, or stores it with `parent` and `label`. Returns the new id, or
   * `-(id) - 1` of the state already stored.
   */
  insert(buf: Uint32Array, offset: number, parent: number, label: number): InsertResult {
    const words = this.words;
    const hash = hashWords(buf, offset, words) | 0;
    const fingerprintOnly = this.fingerprintOnly;
    const high = fingerprintOnly ? fingerprintHigh(buf, offset, words) : 0;
    const slots = this.slots;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot << 1]!;
      if (entry === 0) break;
      if (slots[(slot << 1) + 1] === hash) {
        const id = entry - 1;
        if (fingerprintOnly ? this.slotHashHigh[slot] === high : this.equalsStored(id, buf, offset)) return -id - 1;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    slots[slot << 1] = id + 1;
    slots[(slot << 1) + 1] = hash;
    if (fingerprintOnly) this.slotHashHigh[slot] = high;
    this.parents.push(parent);
    this.labels.push(label);
    const chunkIndex = id >>> CHUNK_BITS;
    let chunk = this.chunks[chunkIndex];
    if (chunk === undefined) {
      chunk = this.pool.uint32(CHUNK_STATES * words);
      this.chunks.push(chunk);
    }
    const base = (id & (CHUNK_STATES - 1)) * words;
    for (let i = 0; i < words; i += 1) chunk![base + i] = buf[offset + i]!;
    if (this.size * LOAD_DEN > (mask + 1) * LOAD_NUM) this.grow();
    return id;
  }

  /** Looks up a state without inserting it: its id, or -1. */
  find(buf: Uint32Array, offset: number): number {
    const words = this.words;
    const hash = hashWords(buf, offset, words) | 0;
    const high = this.fingerprintOnly ? fingerprintHigh(buf, offset, words) : 0;
    let slot = hash & this.mask;
    for (;;) {
      const entry = this.slots[slot << 1]!;
      if (entry === 0) return -1;
      if (this.slots[(slot << 1) + 1] === hash) {
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

  /**
   * Bytes held by the table's typed arrays (the chunks still kept, the slots, the parent and label arrays) and by
   * recycled memory not yet reused.
   */
  get bytes(): number {
    let total = this.slots.byteLength + this.slotHashHigh.byteLength + this.pool.spareBytes;
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
    const old = this.slots;
    const oldHigh = this.slotHashHigh;
    const capacity = (this.mask + 1) * 2;
    const slots = new Int32Array(capacity * 2);
    const high = new Uint32Array(this.fingerprintOnly ? capacity : 0);
    const mask = capacity - 1;
    for (let k = 0; k < old.length; k += 2) {
      const entry = old[k]!;
      if (entry === 0) continue;
      const hash = old[k + 1]!;
      let slot = hash & mask;
      while (slots[slot << 1] !== 0) slot = (slot + 1) & mask;
      slots[slot << 1] = entry;
      slots[(slot << 1) + 1] = hash;
      if (this.fingerprintOnly) high[slot] = oldHigh[k >> 1]!;
    }
    this.slots = slots;
    this.slotHashHigh = high;
    this.mask = mask;
    this.pool.recycle(old.buffer as ArrayBuffer);
    if (oldHigh.byteLength > 0) this.pool.recycle(oldHigh.buffer as ArrayBuffer);
  }
}
