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
 *
 * When the check records the state graph (temporal and recoverability properties), every thread logs the edges of
 * the states it expands, naming a target new in the level by its level-table slot; at the barrier of a clean level
 * the main thread appends them to the graph in id order, slots replaced by the ids just given (`levelEdges.ts`) — the
 * graph the sequential BFS records. A level redone sequentially records its edges there, as in a sequential run.
 */
import { UsageError } from '../api/errors.js';
import type { CompileOptions } from '../core/compileModel.js';
import type { BfsExplorer } from '../explore/bfs.js';
import { createLevelTable, type LevelTableBuffers } from './levelTable.js';
import { Control, LEVEL_CHUNK, workOnLevel, type LevelJob, type LevelWorkResult } from './levelWork.js';
import { appendLevelEdges, LevelEdgeLog, type LevelEdges } from './levelEdges.js';
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

/** How a parallel run ended. */
export interface ParallelRunEnd {
  /** Whether `shouldStop` ended it (else the explorer's state says how it ended). */
  readonly interrupted: boolean;
  /** Levels expanded by all threads and committed from their work (the others were expanded sequentially). */
  readonly parallelLevels: number;
}

/**
 * Runs `explorer` to the end with `workers` threads (see the module comment). When the explorer records the state
 * graph, its visited set must have the hashed layout (`Exploration` gives it one then).
 */
export async function runParallelBfs(explorer: BfsExplorer, options: ParallelRunOptions): Promise<ParallelRunEnd> {
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
  const graph = x.graph;
  const mainEdges = graph !== undefined ? new LevelEdgeLog() : undefined;
  let parallelLevels = 0;
  const end = (interrupted: boolean): ParallelRunEnd => ({ interrupted, parallelLevels });
  try {
    for (let range = explorer.pendingRange(); range !== undefined; range = explorer.pendingRange()) {
      const count = range.to - range.from;
      if (count < (options.minParallelLevel ?? 256) || count * 2 ** labelBits >= 2 ** 31) {
        explorer.runLevel();
        if (options.shouldStop()) return end(true);
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
        recordGraph: graph !== undefined,
      };
      mainEdges?.reset();
      const others = pool.runAll<LevelJob & { type: 'level' }, LevelWorkResult>(() => ({ ...job, type: 'level' }));
      others.catch(() => undefined);
      const mine: LevelWorkResult[] = [];
      let interrupted = false;
      for (;;) {
        const slice = workOnLevel(x.core, exp, job, performance.now() + 50, mainEdges);
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
      if (interrupted) return end(true);
      if (results.some((r) => r.full)) {
        lastGrowth *= 4;
        continue; // the same level again, with a larger table (nothing was committed)
      }
      const claimed = Atomics.load(level.claimed, 0);
      if (results.some((r) => r.eventful) || x.table.size + claimed >= options.maxStates) {
        explorer.runLevel();
        if (options.shouldStop()) return end(true);
        continue;
      }
      const { from, to, slots } = commitLevel(explorer, level, count, labelBits, results);
      if (graph !== undefined) {
        // the discovery keys are no longer needed: the slots of the new states now hold their ids
        const slotIds = level.discovery;
        for (let i = 0; i < slots.length; i += 1) slotIds[slots[i]!] = from + i;
        const logs: LevelEdges[] = [mainEdges!.take(), ...results.flatMap((r) => (r.edges !== undefined ? [r.edges] : []))];
        appendLevelEdges(graph, range.from, count, LEVEL_CHUNK, logs, slotIds);
      }
      parallelLevels += 1;
      await indexInParallel(x.table, pool, from, to);
      lastGrowth = Math.max(claimed / count, 1 / 16);
      if (options.shouldStop()) return end(true);
    }
  } finally {
    await pool.close();
  }
  return end(false);
}

/**
 * Sorts a clean level's new states by discovery key and commits them (see the module comment). Returns their ids,
 * `from .. to - 1`, and `slots`: the level-table slot of each, in id order.
 */
function commitLevel(
  explorer: BfsExplorer,
  level: LevelTableBuffers,
  count: number,
  labelBits: number,
  results: readonly LevelWorkResult[],
): { readonly from: number; readonly to: number; readonly slots: Int32Array } {
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
  return { ...explorer.commitParallelLevel(generated, actionGenerated, total, level.keys, slots, positions, labels), slots };
}

/** Indexes the states `from .. to - 1` just stored, every thread taking its own shards, and adopts grown shards. */
async function indexInParallel(table: StateTable, pool: WorkerPool, from: number, to: number): Promise<void> {
  const threads = pool.size + 1;
  const view = table.view();
  const others = pool.runAll<IndexJob, GrownShard[]>((thread) => ({ type: 'index', view, from, to, thread, threads }));
  const grown = [indexStates(view, from, to, 0, threads), ...(await others)].flat();
  for (const g of grown) table.adoptShard(g.shard, g.slots, g.mask);
}
