/**
 * The parallel driver: level-synchronous BFS on shared memory. For each level, every thread — the main thread and
 * `workers − 1` worker threads — claims chunks of the level's states, expands them with the successor core, looks
 * successors up in the visited set (read-only during the level) and puts the new ones in a shared level table with
 * their discovery keys (`levelTable.ts`, `levelWork.ts`). At the level barrier the main thread sorts the new states
 * by discovery key — the order in which the sequential BFS finds them — and stores them: the same ids, parents,
 * labels and counts as the sequential run.
 *
 * A level in which anything but counting happens (an assertion, an error, a deadlock, a new violation, the state
 * limit) is redone by the sequential BFS from its start, which decides what is first and where the counts stop — so
 * results and output bytes are the same for any number of workers. Small levels are expanded sequentially too (the
 * threads would cost more than they save).
 */
import { UsageError } from '../api/errors.js';
import type { CompileOptions } from '../core/compileModel.js';
import type { BfsExplorer } from '../explore/bfs.js';
import { createLevelTable, type LevelTableBuffers } from './levelTable.js';
import { Control, workOnLevel, type LevelJob, type LevelWorkResult } from './levelWork.js';
import { WorkerPool } from './workerPool.js';
import type { IndexJob } from './expandWorker.js';
import { indexStates, type GrownShard } from '../store/indexStates.js';
import type { StateTable } from '../store/stateTable.js';

/** Where worker threads load the model from: a module URL and the export holding the model. */
export interface ModelSource {
  readonly moduleUrl: string;
  readonly exportName: string;
}

/** What the parallel driver needs besides the explorer. */
export interface ParallelRunOptions {
  /** Threads in all, the main thread included. */
  readonly workers: number;
  readonly modelSource: ModelSource | undefined;
  readonly compileOptions: CompileOptions;
  readonly paranoid: boolean;
  /** The state limit of the check (a level that would reach it is redone sequentially). */
  readonly maxStates: number;
  /** Called between slices of the main thread's work; returning true ends the run (interrupted). */
  readonly shouldStop: () => boolean;
  /** Levels with fewer states are expanded by the main thread alone. @defaultValue 256 */
  readonly minParallelLevel?: number;
}


function bitsFor(n: number): number {
  let bits = 0;
  while (2 ** bits < n) bits += 1;
  return bits;
}

/**
 * Runs `explorer` to the end with `workers` threads. Resolves with `'interrupted'` when `shouldStop` ended it, else
 * `undefined` (the explorer's state says how it ended).
 */
export async function runParallelBfs(explorer: BfsExplorer, options: ParallelRunOptions): Promise<'interrupted' | undefined> {
  if (options.modelSource === undefined) {
    throw new UsageError('more than one worker needs a model loadable by worker threads (a registered name or a module path)', 'LC104');
  }
  const x = explorer.exploration;
  const compiled = x.compiled;
  const W = compiled.codec.words;
  const pool = await WorkerPool.start(
    options.workers - 1,
    { ...options.modelSource, compileOptions: options.compileOptions },
    { labels: compiled.labels.length, words: W, properties: compiled.properties.map((p) => p.name) },
  );
  const labelBits = bitsFor(Math.max(1, compiled.labels.length));
  const control = new Int32Array(new SharedArrayBuffer(8) as unknown as ArrayBuffer);
  const exp = x.core.createExpansion();
  let level: LevelTableBuffers = createLevelTable(W, 1 << 16);
  let lastGrowth = 1;
  try {
    for (let range = explorer.pendingRange(); range !== undefined; range = explorer.pendingRange()) {
      const count = range.to - range.from;
      if (count < (options.minParallelLevel ?? 256) || count * 2 ** labelBits >= 2 ** 31) {
        explorer.runLevel();
        if (options.shouldStop()) return 'interrupted';
        continue;
      }
      // Size the level table for about `lastGrowth` new states per state of the level (at most 3/4 full).
      const wanted = 2 ** bitsFor(Math.ceil((count * Math.max(1, lastGrowth) * 4) / 3) + 1);
      if (wanted > level.capacity) level = createLevelTable(W, wanted);
      else {
        level.ready.fill(0);
        level.claimed[0] = 0;
      }
      control[Control.next] = 0;
      control[Control.stop] = 0;
      const job: LevelJob = {
        levelStart: range.from,
        count,
        view: x.table.view(),
        level,
        labelBits,
        violated: [...x.violated],
        violatedNames: x.violations.map((v) => v.property.name),
        control,
        paranoid: options.paranoid,
      };
      const others = pool.runAll<LevelJob & { type: 'level' }, LevelWorkResult>(() => ({ ...job, type: 'level' }));
      others.catch(() => undefined);
      const mine: LevelWorkResult[] = [];
      let interrupted = false;
      for (;;) {
        const slice = workOnLevel(x.core, exp, job, performance.now() + 50);
        mine.push(slice);
        if (slice.finished) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (options.shouldStop()) {
          interrupted = true;
          Atomics.store(control, Control.stop, 1);
          break;
        }
      }
      const results = [...mine, ...(await others)];
      if (interrupted) return 'interrupted';
      if (results.some((r) => r.full)) {
        lastGrowth *= 4;
        continue; // the same level again, with a larger table (nothing was committed)
      }
      const claimed = Atomics.load(level.claimed, 0);
      if (results.some((r) => r.eventful) || x.table.size + claimed >= options.maxStates) {
        explorer.runLevel();
        if (options.shouldStop()) return 'interrupted';
        continue;
      }
      const { from, to } = commitLevel(explorer, level, count, labelBits, results);
      await indexInParallel(x.table, pool, from, to);
      lastGrowth = Math.max(claimed / count, 1 / 16);
      if (options.shouldStop()) return 'interrupted';
    }
  } finally {
    await pool.close();
  }
  return undefined;
}

/** Sorts a clean level's new states by discovery key and commits them (see the module comment). */
function commitLevel(
  explorer: BfsExplorer,
  level: LevelTableBuffers,
  count: number,
  labelBits: number,
  results: readonly LevelWorkResult[],
): { readonly from: number; readonly to: number } {
  const labelMask = 2 ** labelBits - 1;
  const { ready, discovery, capacity } = level;
  // Counting sort by position in the level, then by label within a position (a state has few new successors).
  const perPosition = new Int32Array(count + 1);
  let total = 0;
  for (let slot = 0; slot < capacity; slot += 1) {
    if (ready[slot] === 2) {
      perPosition[(discovery[slot]! >>> labelBits) + 1]! += 1;
      total += 1;
    }
  }
  for (let p = 0; p < count; p += 1) perPosition[p + 1]! += perPosition[p]!;
  const slots = new Int32Array(total);
  const positions = new Int32Array(total);
  const labels = new Int32Array(total);
  const fill = perPosition.slice(0, count);
  for (let slot = 0; slot < capacity; slot += 1) {
    if (ready[slot] !== 2) continue;
    const key = discovery[slot]!;
    const p = key >>> labelBits;
    let at = fill[p]!++;
    // insertion into the position's run, ordered by label
    while (at > perPosition[p]! && labels[at - 1]! > (key & labelMask)) {
      slots[at] = slots[at - 1]!;
      labels[at] = labels[at - 1]!;
      positions[at] = p;
      at -= 1;
    }
    slots[at] = slot;
    labels[at] = key & labelMask;
    positions[at] = p;
  }
  let generated = 0;
  const actionGenerated: number[] = [];
  for (const r of results) {
    generated += r.generated;
    r.actionGenerated.forEach((n, a) => (actionGenerated[a] = (actionGenerated[a] ?? 0) + n));
  }
  return explorer.commitParallelLevel(generated, actionGenerated, total, level.keys, slots, positions, labels);
}

/** Indexes the states `from .. to - 1` just stored, every thread taking its own shards, and adopts grown shards. */
async function indexInParallel(table: StateTable, pool: WorkerPool, from: number, to: number): Promise<void> {
  const threads = pool.size + 1;
  const view = table.view();
  const others = pool.runAll<IndexJob, GrownShard[]>((thread) => ({ type: 'index', view, from, to, thread, threads }));
  const grown = [indexStates(view, from, to, 0, threads), ...(await others)].flat();
  for (const g of grown) table.adoptShard(g.shard, g.slots, g.mask);
}
