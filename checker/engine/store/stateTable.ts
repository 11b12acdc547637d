/**
 * The visited set: every stored state gets a dense StateId (0, 1, 2, … in insertion order, which in BFS is level
 * order), with its parent id and the label index that reached it, all in typed arrays.
 *
 * Storage:
 * - the encodings by id, in 64k-state chunks (`locate`, `copyEncoding`), read in id order when a level is expanded;
 * - an open-addressing hash index, split into {@link SHARDS} shards chosen by the top bits of the state's hash. Each
 *   shard grows on its own (doubling before its load exceeds 3/4), so growth never holds two copies of the whole
 *   index, and a shard being rebuilt fits in the processor's cache.
 *
 * Index layouts, chosen from the encoding's width (`words`):
 * - **inline** (at most {@link INLINE_WORDS} words, exact): a slot *is* the state's encoding, so a lookup touches one
 *   place in memory and compares there. The codec never uses bit 31 of word 0, which marks a slot as occupied.
 *   `--fingerprint` changes nothing here: states are compared whole anyway (no collision is possible).
 * - **hashed** (wider states, or `indexed`): a slot holds a 64-bit fingerprint (two 32-bit hashes) and `id + 1`.
 *   Exact mode compares the stored encoding only when the whole fingerprint matches (in practice only for the state
 *   itself); fingerprint mode compares nothing more (TLC's mode) and drops the encodings of states already expanded
 *   (`releaseBefore`). `find` (id from encoding) works in this layout only.
 * With `shared`, the index and the encodings live in shared memory, and worker threads read them through a
 * {@link TableView} (`store/tableReader.ts`) while the table itself is changed by one thread at a time.
 */
import { CHUNK_BITS, GrowableArray } from './growableArray.js';
import { fingerprintHigh, fingerprintLow, inlineHash, OCCUPIED } from './hashing.js';

/** States of at most this many words are stored inline in the index's slots. */
export const INLINE_WORDS = 3;

/** Number of index shards (a power of two); a state's shard is the top {@link SHARD_BITS} bits of its hash. */
export const SHARD_BITS = 8;
export const SHARDS = 1 << SHARD_BITS;

const CHUNK_STATES = 1 << CHUNK_BITS;

/** The shard of a 32-bit hash. */
export function shardOf(hash: number): number {
  return hash >>> (32 - SHARD_BITS);
}

/** Options of a {@link StateTable}. */
export interface StateTableOptions {
  /** Compare 64-bit fingerprints only, and keep encodings only until expanded. @defaultValue false */
  readonly fingerprint?: boolean;
  /** Keep ids in the slots, so that `find` works (the hashed layout whatever the width). @defaultValue false */
  readonly indexed?: boolean;
  /** The largest label index that will be stored (chooses the width of the label array). @defaultValue 2^31 */
  readonly maxLabel?: number;
  /** Initial number of slots of each shard (a power of two). @defaultValue 16 */
  readonly initialSlots?: number;
  /** Keep the index and encodings in shared memory, readable by worker threads through {@link TableView}. */
  readonly shared?: boolean;
}

/**
 * What worker threads need to look states up in a visited set and read the encodings of its states, without
 * changing it (shared memory; valid until the table next grows a shard or stores a state in a new chunk).
 */
export interface TableView {
  readonly words: number;
  readonly inline: boolean;
  readonly exact: boolean;
  /** Per shard: its slots (`slotWords` words each), mask and number of states. */
  readonly shards: readonly Uint32Array[];
  readonly masks: readonly number[];
  readonly counts: Int32Array;
  /** Encodings by id, in chunks (null once released). */
  readonly chunks: readonly (Uint32Array | null)[];
  readonly size: number;
}

/** The visited set (see the module comment). Not safe for concurrent use. */
export class StateTable {
  readonly words: number;
  /** Whether the slots hold encodings (inline) rather than fingerprints. */
  readonly inline: boolean;
  /** Whether two distinct states can never be merged (false only in fingerprint mode with the hashed layout). */
  readonly exact: boolean;
  private readonly shards: Uint32Array[] = [];
  private readonly masks: number[] = [];
  private readonly counts: Int32Array;
  /** Encodings by id, in chunks (null once released). */
  private readonly chunks: (Uint32Array | null)[] = [];
  /** Slot width in words: `words` (inline) or 3 (fingerprint low, high, id + 1). */
  private readonly slotWords: number;
  readonly parents: GrowableArray;
  private readonly labelArray: GrowableArray;
  /** Labels of initial states (their index among the initial states), which may exceed the label array's width. */
  private readonly rootLabels = new Map<number, number>();
  private readonly shared: boolean;
  size = 0;

  constructor(words: number, options: StateTableOptions = {}) {
    this.words = words;
    this.inline = words <= INLINE_WORDS && !(options.indexed ?? false);
    this.exact = this.inline || !(options.fingerprint ?? false);
    this.slotWords = this.inline ? words : 3;
    this.shared = options.shared ?? false;
    this.counts = this.shared ? new Int32Array(new SharedArrayBuffer(SHARDS * 4) as unknown as ArrayBuffer) : new Int32Array(SHARDS);
    const slots = options.initialSlots ?? 16;
    for (let s = 0; s < SHARDS; s += 1) {
      this.shards.push(this.allocate(slots * this.slotWords));
      this.masks.push(slots - 1);
    }
    this.parents = new GrowableArray(Int32Array);
    this.labelArray = new GrowableArray(GrowableArray.kindFor(options.maxLabel ?? 2 ** 31));
  }

  private allocate(length: number): Uint32Array {
    return this.shared ? new Uint32Array(new SharedArrayBuffer(length * 4) as unknown as ArrayBuffer) : new Uint32Array(length);
  }

  /** The table as worker threads can read it (see {@link TableView}). */
  view(): TableView {
    return {
      words: this.words,
      inline: this.inline,
      exact: this.exact,
      shards: this.shards,
      masks: this.masks,
      counts: this.counts,
      chunks: this.chunks,
      size: this.size,
    };
  }

  /**
   * Stores a state known to be new — its encoding, parent and label — *without* putting it in the index yet (the
   * parallel driver indexes a level's new states from several threads at once, `store/indexStates.ts`, then hands
   * back the shards they grew with {@link adoptShard}). Returns its id.
   */
  appendUnindexed(buf: Uint32Array, offset: number, parent: number, label: number): number {
    const id = this.size++;
    const chunkIndex = id >>> CHUNK_BITS;
    if (chunkIndex === this.chunks.length) this.chunks.push(this.allocate(CHUNK_STATES * this.words));
    const chunk = this.chunks[chunkIndex]!;
    const base = (id & (CHUNK_STATES - 1)) * this.words;
    for (let i = 0; i < this.words; i += 1) chunk[base + i] = buf[offset + i]!;
    this.parents.push(parent);
    this.labelArray.push(parent < 0 ? 0 : label);
    if (parent < 0) this.rootLabels.set(id, label);
    return id;
  }

  /** Takes over a shard another thread grew while indexing (its count is in the shared `counts`). */
  adoptShard(shard: number, slots: Uint32Array, mask: number): void {
    this.shards[shard] = slots;
    this.masks[shard] = mask;
  }

  /** The label index that reached state `id` (for an initial state: its index among the initial states). */
  label(id: number): number {
    return this.parents.get(id) < 0 ? this.rootLabels.get(id)! : this.labelArray.get(id);
  }

  /**
   * Finds the state encoded at `buf[offset ..]`, or stores it with `parent` (-1 for an initial state) and `label`.
   * Returns the new id (≥ 0), or a negative number when the state was stored already.
   */
  insert(buf: Uint32Array, offset: number, parent: number, label: number): number {
    if (this.inline) {
      const hash = inlineHash(buf, offset, this.words);
      const shard = shardOf(hash);
      const slot = this.probeInline(shard, hash, buf, offset);
      if (slot < 0) return -1;
      const slots = this.shards[shard]!;
      const base = slot * this.slotWords;
      slots[base] = (buf[offset]! | OCCUPIED) >>> 0;
      for (let i = 1; i < this.words; i += 1) slots[base + i] = buf[offset + i]!;
      return this.added(shard, buf, offset, parent, label);
    }
    const h0 = fingerprintLow(buf, offset, this.words);
    const h1 = fingerprintHigh(buf, offset, this.words);
    const shard = shardOf(h0);
    const slot = this.probeHashed(shard, h0, h1, buf, offset);
    if (slot < 0) return -1;
    const slots = this.shards[shard]!;
    slots[slot * 3] = h0;
    slots[slot * 3 + 1] = h1;
    slots[slot * 3 + 2] = this.size + 1;
    return this.added(shard, buf, offset, parent, label);
  }

  /** Stores the encoding, parent and label of the state just put in `shard`'s index; returns its id. */
  private added(shard: number, buf: Uint32Array, offset: number, parent: number, label: number): number {
    const id = this.size++;
    const chunkIndex = id >>> CHUNK_BITS;
    if (chunkIndex === this.chunks.length) this.chunks.push(this.allocate(CHUNK_STATES * this.words));
    const chunk = this.chunks[chunkIndex]!;
    const base = (id & (CHUNK_STATES - 1)) * this.words;
    for (let i = 0; i < this.words; i += 1) chunk[base + i] = buf[offset + i]!;
    this.parents.push(parent);
    this.labelArray.push(parent < 0 ? 0 : label);
    if (parent < 0) this.rootLabels.set(id, label);
    const count = ++this.counts[shard]!;
    if (count * 4 > (this.masks[shard]! + 1) * 3) this.grow(shard);
    return id;
  }

  /** Inline layout: the free slot of `shard` for the key at `buf[offset ..]` (of hash `hash`), or -1 when stored. */
  private probeInline(shard: number, hash: number, buf: Uint32Array, offset: number): number {
    const W = this.words;
    const slots = this.shards[shard]!;
    const mask = this.masks[shard]!;
    const k0 = (buf[offset]! | OCCUPIED) >>> 0;
    let slot = hash & mask;
    if (W === 1) {
      for (; ; slot = (slot + 1) & mask) {
        const s = slots[slot]!;
        if (s === 0) return slot;
        if (s === k0) return -1;
      }
    }
    const k1 = buf[offset + 1]!;
    if (W === 2) {
      for (; ; slot = (slot + 1) & mask) {
        const s = slots[slot * 2]!;
        if (s === 0) return slot;
        if (s === k0 && slots[slot * 2 + 1] === k1) return -1;
      }
    }
    const k2 = buf[offset + 2]!;
    for (; ; slot = (slot + 1) & mask) {
      const base = slot * 3;
      const s = slots[base]!;
      if (s === 0) return slot;
      if (s === k0 && slots[base + 1] === k1 && slots[base + 2] === k2) return -1;
    }
  }

  /** Hashed layout: the free slot of `shard` for fingerprint (h0, h1) of `buf[offset ..]`, or -1 when stored. */
  private probeHashed(shard: number, h0: number, h1: number, buf: Uint32Array, offset: number): number {
    const slots = this.shards[shard]!;
    const mask = this.masks[shard]!;
    for (let slot = h0 & mask; ; slot = (slot + 1) & mask) {
      const base = slot * 3;
      const entry = slots[base + 2]!;
      if (entry === 0) return slot;
      if (slots[base] === h0 && slots[base + 1] === h1 && (!this.exact || this.equalsStored(entry - 1, buf, offset))) return -1;
    }
  }

  /** The id of the state encoded at `buf[offset ..]`, or -1. Needs the hashed layout (`indexed`, or wide states). */
  find(buf: Uint32Array, offset: number): number {
    if (this.inline) throw new Error('StateTable.find needs the indexed layout');
    const h0 = fingerprintLow(buf, offset, this.words);
    const h1 = fingerprintHigh(buf, offset, this.words);
    const shard = shardOf(h0);
    const slots = this.shards[shard]!;
    const mask = this.masks[shard]!;
    for (let slot = h0 & mask; ; slot = (slot + 1) & mask) {
      const base = slot * 3;
      const entry = slots[base + 2]!;
      if (entry === 0) return -1;
      if (slots[base] === h0 && slots[base + 1] === h1 && (!this.exact || this.equalsStored(entry - 1, buf, offset))) return entry - 1;
    }
  }

  /** Whether state `id` is the one encoded at `buf[offset ..]` (by its fingerprint only, once its encoding is released). */
  isStoredAs(id: number, buf: Uint32Array, offset: number): boolean {
    if (!this.hasEncoding(id)) return this.find(buf, offset) === id;
    const { chunk, offset: at } = this.locate(id);
    for (let i = 0; i < this.words; i += 1) if (chunk[at + i] !== buf[offset + i]) return false;
    return true;
  }

  /** The chunk holding state `id`'s encoding and the offset in it. Throws if it was released. */
  locate(id: number): { chunk: Uint32Array; offset: number } {
    const chunk = this.chunks[id >>> CHUNK_BITS];
    if (chunk === undefined || chunk === null) throw new Error(`state ${id}'s encoding is not kept`);
    return { chunk, offset: (id & (CHUNK_STATES - 1)) * this.words };
  }

  /** Copies state `id`'s encoding into `out[offset ..]`. */
  copyEncoding(id: number, out: Uint32Array, offset: number): void {
    const { chunk, offset: at } = this.locate(id);
    for (let i = 0; i < this.words; i += 1) out[offset + i] = chunk[at + i]!;
  }

  /** Whether the encoding of state `id` is still kept. */
  hasEncoding(id: number): boolean {
    const chunk = this.chunks[id >>> CHUNK_BITS];
    return chunk !== undefined && chunk !== null;
  }

  /** In fingerprint mode (hashed layout): drops the encodings of whole chunks of states whose ids are all below `id`. */
  releaseBefore(id: number): void {
    if (this.exact) return;
    const lastWhole = (id >>> CHUNK_BITS) - 1;
    for (let c = 0; c <= lastWhole && c < this.chunks.length; c += 1) this.chunks[c] = null;
  }

  /** Bytes held by the table's typed arrays. */
  get bytes(): number {
    let total = this.parents.bytes + this.labelArray.bytes + this.rootLabels.size * 16;
    for (const shard of this.shards) total += shard.byteLength;
    for (const chunk of this.chunks) total += chunk ? chunk.byteLength : 0;
    return total;
  }

  private equalsStored(id: number, buf: Uint32Array, offset: number): boolean {
    const chunk = this.chunks[id >>> CHUNK_BITS];
    if (chunk === undefined || chunk === null) return true;
    const base = (id & (CHUNK_STATES - 1)) * this.words;
    for (let i = 0; i < this.words; i += 1) if (chunk[base + i] !== buf[offset + i]) return false;
    return true;
  }

  /** Doubles `shard`'s index, re-inserting its slots in order (the slots hold everything needed). */
  private grow(shard: number): void {
    const old = this.shards[shard]!;
    const W = this.slotWords;
    const capacity = (this.masks[shard]! + 1) * 2;
    const mask = capacity - 1;
    const slots = this.allocate(capacity * W);
    for (let k = 0; k < old.length; k += W) {
      if (old[k + (this.inline ? 0 : 2)] === 0) continue;
      // inline: the home is the key's hash; hashed: the fingerprint's low half
      let slot = (this.inline ? inlineHashOfSlot(old, k, W) : old[k]!) & mask;
      while (slots[slot * W + (this.inline ? 0 : 2)] !== 0) slot = (slot + 1) & mask;
      for (let i = 0; i < W; i += 1) slots[slot * W + i] = old[k + i]!;
    }
    this.shards[shard] = slots;
    this.masks[shard] = mask;
  }
}

/** The hash of an inline slot's key (word 0 holds the occupied bit, which `inlineHash` sets anyway). */
function inlineHashOfSlot(slots: Uint32Array, base: number, words: number): number {
  return inlineHash(slots, base, words);
}
