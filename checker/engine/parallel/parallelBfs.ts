/**
 * The level-synchronous parallel driver: the states of each BFS level are cut into chunks, worker threads expand
 * them with the successor core, and the coordinator commits their expansions strictly in id order through the same
 * {@link BfsExplorer} the sequential run uses — so counts, counterexamples, errors and output bytes are the same for
 * any number of workers. Worker results may arrive in any order; at most `workers × 2` chunks are in flight.
 */
import { UsageError } from '../api/errors.js';
import type { CompileOptions } from '../core/compileModel.js';
import { expansionFromParts } from '../core/expansion.js';
import type { BfsExplorer } from '../explore/bfs.js';
import type { ExpansionBatch } from './expansionBatch.js';
import { WorkerPool } from './workerPool.js';

/** Where worker threads load the model from: a module URL and the export holding the model. */
export interface ModelSource {
  readonly moduleUrl: string;
  readonly exportName: string;
}

/** What the parallel driver needs besides the explorer. */
export interface ParallelRunOptions {
  readonly workers: number;
  readonly modelSource: ModelSource | undefined;
  readonly compileOptions: CompileOptions;
  readonly paranoid: boolean;
  /** Called after every committed batch; returning true ends the run (interrupted). */
  readonly shouldStop: () => boolean;
}

/**
 * Runs `explorer` to the end with `workers` threads. Resolves with `'interrupted'` when `shouldStop` ended it, else
 * `undefined` (the explorer's state says how it ended).
 */
export async function runParallelBfs(explorer: BfsExplorer, options: ParallelRunOptions): Promise<'interrupted' | undefined> {
  if (options.modelSource === undefined) {
    throw new UsageError('more than one worker needs a model loadable by worker threads (a registered name or a module path)', 'LC104');
  }
  const compiled = explorer.exploration.compiled;
  const table = explorer.exploration.table;
  const W = compiled.codec.words;
  const pool = await WorkerPool.start(
    options.workers,
    { ...options.modelSource, compileOptions: options.compileOptions, paranoid: options.paranoid },
    { labels: compiled.labels.length, words: W, properties: compiled.properties.map((p) => p.name) },
  );
  const copyEncodings = (from: number, count: number): Uint32Array => {
    const out = new Uint32Array(count * W);
    for (let i = 0; i < count; i += 1) {
      const { chunk, offset } = table.locate(from + i);
      out.set(chunk.subarray(offset, offset + W), i * W);
    }
    return out;
  };
  try {
    for (let range = explorer.pendingRange(); range !== undefined; range = explorer.pendingRange()) {
      const total = range.to - range.from;
      const size = Math.max(64, Math.min(4096, Math.ceil(total / (options.workers * 4))));
      const inFlight: Promise<ExpansionBatch>[] = [];
      let next = range.from;
      const dispatch = (): void => {
        while (next < range.to && inFlight.length < options.workers * 2) {
          const count = Math.min(size, range.to - next);
          const batch = pool.expand(copyEncodings(next, count), count, next);
          batch.catch(() => undefined);
          inFlight.push(batch);
          next += count;
        }
      };
      dispatch();
      let going = true;
      while (going && inFlight.length > 0) {
        const batch = await inFlight.shift()!;
        dispatch();
        const exp = expansionFromParts(batch.entries);
        for (let p = 0; p < batch.parents && going; p += 1) {
          going = explorer.commitNext(exp, p === 0 ? 0 : batch.ends[p - 1]!, batch.ends[p]!, batch.enabled[p]!);
        }
        if (going && options.shouldStop()) return 'interrupted';
      }
      if (!going) break;
    }
  } finally {
    await pool.close();
  }
  return undefined;
}
