/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same sequence on every platform,
 * so a simulation is reproduced from its seed alone.
 */
export interface Random {
  /** An integer in `0 .. bound - 1`. */
  below(bound: number): number;
}

/** Creates a generator from a 32-bit seed. */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { below: (bound) => Math.floor(next() * bound) };
}
