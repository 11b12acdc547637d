/**
 * The counters model (`spec/examples/counters.ts`) checked by a hand-packed JavaScript loop: the in-language limit the
 * benchmark holds lifecheck against. A state is one integer (`bits` per counter); the visited set is an `Int32Array`
 * with open addressing (linear probing, multiplicative hash, doubling at half load, slot = state + 1); the queue is the
 * typed array of states in discovery order, with the parent id and label of each beside it.
 *
 * Guarantees: the counts are TLC's (distinct states; states generated = initial + every successor, duplicates
 * included; depth with init = 1), the same as lifecheck gives for the same constants; a state without successors is
 * counted as a deadlock.
 */

/** What one run found. */
export interface HandPackedResult {
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  readonly deadlocks: number;
  /** Bytes of the typed arrays at the end (visited set, queue, parents, labels). */
  readonly tableBytes: number;
}

function grown<T extends Int32Array | Uint8Array>(a: T, length: number, make: (n: number) => T): T {
  const next = make(length);
  next.set(a);
  return next;
}

/** Explores `counters` counters in 0..`max` breadth-first (see the module comment). */
export function handPackedCounters(counters: number, max: number): HandPackedResult {
  let bits = 1;
  while (2 ** bits <= max) bits += 1;
  if (counters * bits > 30) throw new RangeError(`handPackedCounters: ${counters} counters of ${bits} bits do not fit 30 bits`);
  const fieldMask = (1 << bits) - 1;
  let capacity = 1 << 16;
  let mask = capacity - 1;
  let shift = 32 - 16;
  let table = new Int32Array(capacity);
  let states = new Int32Array(1 << 16);
  let parents = new Int32Array(1 << 16);
  let labels = new Uint8Array(1 << 16);
  let size = 0;
  let generated = 0;

  /** Re-inserts every stored state into a table twice as large. */
  const grow = (): void => {
    capacity *= 2;
    mask = capacity - 1;
    shift -= 1;
    table = new Int32Array(capacity);
    for (let id = 0; id < size; id += 1) {
      const s = states[id]!;
      let h = Math.imul(s, 0x9e3779b1) >>> shift;
      while (table[h] !== 0) h = (h + 1) & mask;
      table[h] = s + 1;
    }
  };
  /** Stores `s` (reached from `parent` by `label`) unless it is stored already. */
  const visit = (s: number, parent: number, label: number): void => {
    let h = Math.imul(s, 0x9e3779b1) >>> shift;
    for (;;) {
      const k = table[h]!;
      if (k === 0) break;
      if (k === s + 1) return;
      h = (h + 1) & mask;
    }
    table[h] = s + 1;
    if (size === states.length) {
      states = grown(states, size * 2, (n) => new Int32Array(n));
      parents = grown(parents, size * 2, (n) => new Int32Array(n));
      labels = grown(labels, size * 2, (n) => new Uint8Array(n));
    }
    states[size] = s;
    parents[size] = parent;
    labels[size] = label;
    size += 1;
    if (size * 2 > capacity) grow();
  };

  generated += 1;
  visit(0, -1, 0);
  let depth = 1;
  let deadlocks = 0;
  let levelEnd = size;
  for (let id = 0; id < size; id += 1) {
    if (id === levelEnd) {
      depth += 1;
      levelEnd = size;
    }
    const s = states[id]!;
    let enabled = 0;
    for (let i = 0, at = 0; i < counters; i += 1, at += bits) {
      const v = (s >>> at) & fieldMask;
      if (v < max) {
        enabled += 1;
        generated += 1;
        visit(s + (1 << at), id, 2 * i);
      }
      if (v > 0) {
        enabled += 1;
        generated += 1;
        visit(s - (1 << at), id, 2 * i + 1);
      }
    }
    if (enabled === 0) deadlocks += 1;
  }
  return {
    distinctStates: size,
    statesGenerated: generated,
    depth,
    deadlocks,
    tableBytes: table.byteLength + states.byteLength + parents.byteLength + labels.byteLength,
  };
}
