/**
 * The state graph's edges of a BFS level expanded by several threads (graph-recording checks: temporal and
 * recoverability properties), and how they reach the {@link StateGraph} at the level barrier.
 *
 * Each thread writes the edges of the states it expands into its own {@link LevelEdgeLog} — written by that thread
 * alone, no atomics — chunk by chunk as it claims them: for each state of a chunk, in position order, the number of its edges, then
 * its (target, label) pairs in entry order, by the rule of the sequential commit (`explore/exploration.ts`): a step
 * that is not the parent itself (`sameAsParent`, or a stored target equal to the parent) and is inside the
 * constraint. A target stored before the level is written as its id (the visited set's hashed layout, read-only
 * during the level, gives it); a target new in the level as `~slot`, its level-table slot — every thread that
 * reaches a state, however often, gets the one slot that state has (`levelTable.ts`). A log lives in shared memory
 * and is kept from level to level (it grows, rarely, and is otherwise reused): at the end of a level a worker posts
 * views of it with its result (no copy), and writes it again only when sent the next level, after the barrier.
 *
 * At the barrier, once the new states have ids, the main thread {@link appendLevelEdges}: it walks the level's
 * chunks in position order, taking each from the log of the thread that expanded it, and appends the edges with
 * `~slot` replaced by the id of the state in that slot. That is one read, one branch and one append per edge.
 *
 * Guarantees: for a clean level (see `levelWork.ts`), the edges appended are exactly those the sequential BFS records
 * for the level's states — the same (target id, label) pairs in the same order — given `slotIds` maps each slot of
 * a new state to the id it was stored under.
 */
import { InternalError } from '../api/errors.js';
import type { StateGraph } from '../explore/stateGraph.js';

/** A finished log, as handed to the main thread: its entries and its chunk records. */
export interface LevelEdges {
  /** Per state: the number n of its edges, then n (target, label) pairs (see the module comment). */
  readonly entries: Int32Array;
  /** Per chunk the thread expanded, in the order it did: (chunk index in the level, offset of its first state). */
  readonly chunks: Int32Array;
}

/** One thread's edge log for one level (see the module comment). */
export class LevelEdgeLog {
  private entries = sharedInts(1 << 12);
  private length = 0;
  private chunks = sharedInts(64);
  private chunkLength = 0;
  /** Where the edge count of the state being written is. */
  private stateAt = 0;

  /** Forgets everything written (a new level, or the same one again). */
  reset(): void {
    this.length = 0;
    this.chunkLength = 0;
  }

  /** Starts chunk `chunk` of the level (the states that follow are its states, in position order). */
  beginChunk(chunk: number): void {
    if (this.chunkLength + 2 > this.chunks.length) this.chunks = grown(this.chunks, this.chunkLength + 2);
    this.chunks[this.chunkLength++] = chunk;
    this.chunks[this.chunkLength++] = this.length;
  }

  /** Starts the edges of the next state of the chunk. */
  beginState(): void {
    if (this.length + 1 > this.entries.length) this.entries = grown(this.entries, this.length + 1);
    this.stateAt = this.length;
    this.entries[this.length++] = 0;
  }

  /** An edge of the state being written to `target` (an id, or `~slot` for a state new in the level) by `label`. */
  edge(target: number, label: number): void {
    if (this.length + 2 > this.entries.length) this.entries = grown(this.entries, this.length + 2);
    this.entries[this.length++] = target;
    this.entries[this.length++] = label;
  }

  /** Ends the edges of the state being written. */
  endState(): void {
    this.entries[this.stateAt] = (this.length - this.stateAt - 1) >>> 1;
  }

  /** The log so far, trimmed to what was written: views of the log's own (shared) arrays, valid until it is next written. */
  take(): LevelEdges {
    return { entries: this.entries.subarray(0, this.length), chunks: this.chunks.subarray(0, this.chunkLength) };
  }
}

/** A zeroed array of `length` int32 in shared memory. */
function sharedInts(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4) as unknown as ArrayBuffer);
}

/** A copy of `array` with room for at least `needed` values (doubling). */
function grown(array: Int32Array, needed: number): Int32Array {
  let size = array.length * 2;
  while (size < needed) size *= 2;
  const next = sharedInts(size);
  next.set(array);
  return next;
}

/**
 * Appends to `graph` the edges of the level's states, ids `levelStart .. levelStart + count - 1`, from the logs of
 * every thread that expanded part of it (chunks of `chunkSize` positions), with `~slot` targets replaced by
 * `slotIds[slot]` (see the module comment). The graph must hold the edges of exactly the states before the level.
 * Throws an {@link InternalError} when a chunk of the level is in no log.
 */
export function appendLevelEdges(
  graph: StateGraph,
  levelStart: number,
  count: number,
  chunkSize: number,
  logs: readonly LevelEdges[],
  slotIds: Int32Array,
): void {
  if (graph.states !== levelStart) throw new InternalError(`the graph holds ${graph.states} states' edges at a level starting at ${levelStart}`);
  const chunkCount = Math.ceil(count / chunkSize);
  const owner = new Int32Array(chunkCount).fill(-1);
  const offset = new Int32Array(chunkCount);
  logs.forEach((log, thread) => {
    for (let i = 0; i < log.chunks.length; i += 2) {
      owner[log.chunks[i]!] = thread;
      offset[log.chunks[i]!] = log.chunks[i + 1]!;
    }
  });
  for (let c = 0; c < chunkCount; c += 1) {
    if (owner[c]! < 0) throw new InternalError(`chunk ${c} of the level at ${levelStart} was expanded by no thread`);
    const entries = logs[owner[c]!]!.entries;
    let at = offset[c]!;
    const end = Math.min(count, (c + 1) * chunkSize);
    for (let p = c * chunkSize; p < end; p += 1) {
      const n = entries[at++]!;
      graph.begin(levelStart + p);
      for (const stop = at + 2 * n; at < stop; at += 2) {
        const target = entries[at]!;
        graph.add(target < 0 ? slotIds[~target]! : target, entries[at + 1]!);
      }
      graph.end();
    }
  }
}
