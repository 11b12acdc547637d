/**
 * The hashes of encoded states, shared by the visited set, its read-only views in worker threads and the parallel
 * level table, so that all of them find a state in the same slot. Deterministic across runs and platforms.
 */

/** Bit 31 of word 0, never used by the codec: marks an occupied inline slot. */
export const OCCUPIED = 0x80000000;

/** The murmur3 finalizer: a well-mixed 32-bit hash of `h`. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** One murmur3 round folding `k` into `h`. */
export function round(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** The home-slot hash of an inline key of 1 to 3 words (word 0 taken with the occupied bit set). */
export function inlineHash(buf: Uint32Array, offset: number, words: number): number {
  const k0 = (buf[offset]! | OCCUPIED) >>> 0;
  if (words === 1) return fmix(k0);
  if (words === 2) return fmix(round(k0, buf[offset + 1]!));
  return fmix(round(round(k0, buf[offset + 1]!), buf[offset + 2]!));
}

/** The low half of a state's 64-bit fingerprint (computed with {@link fingerprintHigh} in one pass where it matters). */
export function fingerprintLow(buf: Uint32Array, offset: number, words: number): number {
  let h = 0x9747b28c;
  for (let i = 0; i < words; i += 1) h = round(h, buf[offset + i]! | 0);
  return fmix(h ^ words) >>> 0;
}

/** The high half of a state's 64-bit fingerprint. */
export function fingerprintHigh(buf: Uint32Array, offset: number, words: number): number {
  let h = 0x3c6ef372;
  for (let i = 0; i < words; i += 1) h = round(h, (buf[offset + i]! | 0) ^ 0x5bd1e995);
  return fmix(h ^ words) >>> 0;
}
