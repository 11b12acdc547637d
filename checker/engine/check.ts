/**
 * `check`: explore a model exhaustively (breadth-first) and return what was found, as data.
 *
 * Guarantees: the result is `ok` only when every reachable state was explored and every property held; a limit or
 * an interrupt gives `incomplete` (properties not violated are then `unknown`, never `holds`); counterexamples are
 * shortest and were replayed through the spec before being returned.
 */
import type { AnyModel } from './api/model.js';
import type { CheckResult, CheckStats, IncompleteReason, PropertyOutcome } from './api/result.js';
import { NondeterminismError } from './api/errors.js';
import { compileModel, type CompileOptions, type CompiledModel } from './core/compileModel.js';
import { BfsExplorer, type ExploreOptions } from './explore/bfs.js';
import { reconstructTrace } from './trace/reconstruct.js';
import type { Trace } from './api/trace.js';
import { UsageError } from './api/errors.js';
import { WorkerPool } from './parallel/workerPool.js';
import type { SuccessorBatch } from './parallel/successorBatch.js';

/** Progress of a running check, sent to `onProgress` about once a second. */
export interface Progress {
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  readonly queue: number;
  readonly elapsedMs: number;
}

/** Options of {@link check}: what to compile, how to explore, and how to report. */
export interface CheckOptions extends CompileOptions, ExploreOptions {
  /** Aborting it ends the check with the partial result, marked incomplete (`interrupted`). */
  readonly signal?: AbortSignal;
  /** Called about every `progressIntervalMs` while the check runs. */
  readonly onProgress?: (progress: Progress) => void;
  /** @defaultValue 1000 */
  readonly progressIntervalMs?: number;
  /**
   * Worker threads that expand states (level-synchronous parallel BFS). Results — counts, counterexamples, output
   * bytes — are the same for every number of workers. More than 1 needs `modelSource`. @defaultValue 1
   */
  readonly workers?: number;
  /** Where worker threads load the model from: a module URL and the export holding the model. */
  readonly modelSource?: { readonly moduleUrl: string; readonly exportName: string };
}

const SLICE = 2048;

/** Checks `model` (already compiled or not) and returns the result. Yields to the event loop between slices. */
export async function check(model: AnyModel | CompiledModel, options: CheckOptions = {}): Promise<CheckResult> {
  const workers = options.workers ?? 1;
  if (workers > 1) return checkParallel(model, options, workers);
  const run = startCheck(model, options);
  let lastYield = performance.now();
  let lastProgress = lastYield;
  const interval = options.progressIntervalMs ?? 1000;
  while (run.explorer.runSlice(SLICE) === 'running') {
    const now = performance.now();
    if (now - lastYield > 30) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
      if (options.signal?.aborted) return run.finish('interrupted');
    }
    if (options.onProgress && now - lastProgress >= interval) {
      lastProgress = now;
      options.onProgress(run.progress());
    }
  }
  return run.finish();
}

/** The level-synchronous parallel driver: chunks of each level go to workers; batches are committed in order. */
async function checkParallel(model: AnyModel | CompiledModel, options: CheckOptions, workers: number): Promise<CheckResult> {
  if (options.modelSource === undefined) {
    throw new UsageError('more than one worker needs a model loadable by worker threads (a registered name or a module path)');
  }
  const run = startCheck(model, options);
  const explorer = run.explorer;
  const compileOptions = {
    ...(options.constantSet !== undefined ? { constantSet: options.constantSet } : {}),
    ...(options.constantOverrides !== undefined ? { constantOverrides: options.constantOverrides } : {}),
    ...(options.properties !== undefined ? { properties: options.properties } : {}),
    ...(options.deadlock !== undefined ? { deadlock: options.deadlock } : {}),
  };
  const pool = await WorkerPool.start(workers, { ...options.modelSource, compileOptions }, {
    labels: explorer.compiled.labels.length,
    words: explorer.compiled.codec.words,
    properties: explorer.compiled.properties.map((p) => p.name),
  });
  const interval = options.progressIntervalMs ?? 1000;
  let lastProgress = performance.now();
  try {
    for (let range = explorer.pendingRange(); range !== undefined; range = explorer.pendingRange()) {
      const total = range.to - range.from;
      const size = Math.max(64, Math.min(4096, Math.ceil(total / (workers * 4))));
      // Keep a bounded number of chunks in flight; commit them strictly in order.
      const inFlight: Promise<SuccessorBatch>[] = [];
      let next = range.from;
      const dispatch = (): void => {
        while (next < range.to && inFlight.length < workers * 2) {
          const count = Math.min(size, range.to - next);
          const batch = pool.expand(explorer.copyEncodings(next, count), count);
          batch.catch(() => undefined);
          inFlight.push(batch);
          next += count;
        }
      };
      dispatch();
      while (inFlight.length > 0) {
        const batch = await inFlight.shift()!;
        dispatch();
        if (explorer.commitBatch(batch) !== 'running') break;
        if (options.signal?.aborted) return run.finish('interrupted');
        const now = performance.now();
        if (options.onProgress && now - lastProgress >= interval) {
          lastProgress = now;
          options.onProgress(run.progress());
        }
      }
    }
  } finally {
    await pool.close();
  }
  return run.finish();
}

/** Synchronous {@link check}, for callers that need no progress or interruption (tests, diff, benchmarks). */
export function checkSync(model: AnyModel | CompiledModel, options: CheckOptions = {}): CheckResult {
  const run = startCheck(model, options);
  while (run.explorer.runSlice(1 << 20) === 'running');
  return run.finish();
}

interface RunningCheck {
  readonly explorer: BfsExplorer;
  progress(): Progress;
  finish(interrupted?: 'interrupted'): CheckResult;
}

function isCompiled(model: AnyModel | CompiledModel): model is CompiledModel {
  return 'codec' in model && 'labels' in model;
}

function startCheck(model: AnyModel | CompiledModel, options: CheckOptions): RunningCheck {
  const started = performance.now();
  const compiled = isCompiled(model) ? model : compileModel(model, options);
  const explorer = new BfsExplorer(compiled, options);
  const progress = (): Progress => ({
    distinctStates: explorer.table.size,
    statesGenerated: explorer.statesGenerated,
    depth: explorer.depth,
    queue: explorer.queueLeft,
    elapsedMs: performance.now() - started,
  });
  const finish = (interrupted?: 'interrupted'): CheckResult => {
    const state = explorer.state;
    const incompleteReason: IncompleteReason | undefined =
      interrupted ?? (state === 'maxStates' ? 'maxStates' : state === 'maxDepth' ? 'maxDepth' : undefined);
    const exhausted = state === 'done' && interrupted === undefined;
    const violatedNames = new Map(explorer.violations.map((v) => [v.property.index, v]));
    let error: CheckResult['error'];
    if (explorer.specError) {
      const specError = explorer.specError;
      let trace: Trace<unknown> | undefined;
      try {
        trace = specError.end ? reconstructTrace(compiled, explorer.table, specError.end) : undefined;
      } catch (replayError) {
        trace = undefined;
        if (replayError instanceof NondeterminismError) {
          error = { message: `${specError.message}; ${replayError.message}` };
        }
      }
      error ??= trace ? { message: specError.message, trace } : { message: specError.message };
    }
    const properties: PropertyOutcome[] = explorer.allProperties.map((property) => {
      const violation = violatedNames.get(property.index);
      if (violation) {
        let counterexample: Trace<unknown>;
        try {
          counterexample = reconstructTrace(compiled, explorer.table, violation.end);
        } catch (replayError) {
          if (!(replayError instanceof NondeterminismError)) throw replayError;
          error ??= { message: `${violation.message}, but its counterexample could not be rebuilt: ${replayError.message}` };
          return { name: property.name, kind: property.kind, status: 'violated', message: violation.message };
        }
        return {
          name: property.name,
          kind: property.kind,
          status: 'violated',
          counterexample,
          message: counterexample.aborted?.message ?? violation.message,
        };
      }
      return { name: property.name, kind: property.kind, status: exhausted ? 'holds' : 'unknown' };
    });
    const stats: CheckStats = {
      statesGenerated: explorer.statesGenerated,
      distinctStates: explorer.table.size,
      depth: explorer.depth,
      queueLeft: explorer.queueLeft,
      coverage: compiled.actionNames.map((action, i) => ({
        action,
        statesGenerated: explorer.actionGenerated[i]!,
        distinctStates: explorer.actionDistinct[i]!,
      })),
      elapsedMs: performance.now() - started,
    };
    const status: CheckResult['status'] = error
      ? 'error'
      : explorer.violations.length > 0
        ? 'violated'
        : exhausted
          ? 'ok'
          : 'incomplete';
    const result: CheckResult = {
      model: compiled.model.name,
      constants: compiled.constants,
      status,
      complete: exhausted,
      properties,
      stats,
      ...(incompleteReason && !exhausted ? { incompleteReason } : {}),
      ...(error ? { error } : {}),
      ...(options.fingerprint ? { collisionProbability: collisionProbability(stats) } : {}),
    };
    return result;
  };
  return { explorer, progress, finish };
}

/**
 * TLC's "optimistic" estimate of the probability that a fingerprint collision merged two distinct states:
 * n·(g − n) / 2^64, with n distinct states and g states generated.
 */
export function collisionProbability(stats: Pick<CheckStats, 'distinctStates' | 'statesGenerated'>): number {
  const n = stats.distinctStates;
  const g = stats.statesGenerated;
  return (n * Math.max(0, g - n)) / 2 ** 64;
}
