/**
 * Hashes of encoded states. `hashWords` picks a slot in the visited set; `fingerprintWords` gives the second
 * 32 bits of the 64-bit fingerprint used in fingerprint mode. Both are deterministic across runs and platforms.
 */

/** A 32-bit hash (murmur3-style mixing) of `words[offset .. offset + count)`, seeded with `seed`. */
export function hashWords(words: Uint32Array, offset: number, count: number, seed = 0x9747b28c): number {
  let h = seed | 0;
  for (let i = 0; i < count; i += 1) {
    let k = words[offset + i]! | 0;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= count;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The high 32 bits of a state's 64-bit fingerprint (the low 32 bits are {@link hashWords} with its default seed). */
export function fingerprintHigh(words: Uint32Array, offset: number, count: number): number {
  return hashWords(words, offset, count, 0x3c6ef372);
}
