/**
 * `check`: explore a model exhaustively (breadth-first) and return what was found, as data.
 *
 * Guarantees: the result is `ok` only when every reachable state was explored and every property held; a limit, an
 * interrupt or the heap limit gives `incomplete` (properties not violated are then `unknown`, never `holds`);
 * counterexamples are shortest and were replayed through the spec before being returned; a faulty spec gives
 * `error` with a stable code, the spec's message and the trace up to the faulty step. The result is the same —
 * counts, counterexamples, errors — for any number of workers.
 */
import { getHeapStatistics } from 'node:v8';
import type { AnyModel } from './api/model.js';
import type { CheckResult, CheckStats, IncompleteReason, PropertyOutcome } from './api/result.js';
import { NondeterminismError, SpecError, UsageError, messageOf } from './api/errors.js';
import type { Trace } from './api/trace.js';
import { compileModel, type CompileOptions, type CompiledModel } from './core/compileModel.js';
import { BfsExplorer } from './explore/bfs.js';
import type { ExploreOptions } from './explore/exploration.js';
import { reconstructLasso, reconstructTrace, type PathStep } from './trace/reconstruct.js';
import { checkGraphProperty, GraphPredicateError, type GraphVerdict } from './explore/graphProperties.js';
import { runParallelBfs, type ModelSource } from './parallel/parallelBfs.js';
import { PartialOrderSelector, partialOrderRefusal } from './explore/partialOrder.js';
import type { StateGraph } from './explore/stateGraph.js';
import type { StateTable } from './store/stateTable.js';

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
  /**
   * Aborting it ends the check with the partial result, marked incomplete: reason `memory` when aborted with the
   * reason `'memory'` (`controller.abort('memory')`, as the CLI's memory guard does), `interrupted` otherwise.
   */
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
  readonly modelSource?: ModelSource;
  /**
   * End the check (incomplete, reason `memory`) when the JavaScript heap is this full, as a fraction of its limit,
   * so that what was found is reported instead of lost to an out-of-memory crash. @defaultValue 0.9
   */
  readonly heapLimitFraction?: number;
  /**
   * With workers: levels with fewer states are expanded by the main thread alone (threads cost more than they save
   * on small levels). Results do not depend on it; tests set it to 1 to run every level in parallel.
   * @defaultValue 256
   */
  readonly minParallelLevel?: number;
  /**
   * Partial-order reduction (ample sets, `docs/reduction.md`): explore only one process's independent steps where
   * that is sound. A {@link UsageError} (LC104) when the spec declares no processes, or the run checks temporal,
   * recoverability or action properties, or has a constraint or symmetry. Runs on the main thread.
   * @defaultValue false
   */
  readonly partialOrder?: boolean;
}

const SLICE = 2048;

/** Checks `model` (already compiled or not) and returns the result. Yields to the event loop between slices. */
export async function check(model: AnyModel | CompiledModel, options: CheckOptions = {}): Promise<CheckResult> {
  return (await checkRecorded(model, options)).result;
}

/**
 * @internal What a {@link check} recorded besides its result, for tests of the drivers: the visited set, the state
 * graph (when the check records it) and how many levels the parallel driver committed from the workers' expansions
 * (0 when it did not run).
 */
export interface RecordedCheck {
  readonly result: CheckResult;
  readonly table: StateTable | undefined;
  readonly graph: StateGraph | undefined;
  readonly parallelLevels: number;
}

/**
 * @internal {@link check}, also returning what it recorded (see {@link RecordedCheck}; not in the engine's public
 * entry point). The result is the one `check` gives for the same arguments.
 */
export async function checkRecorded(model: AnyModel | CompiledModel, options: CheckOptions = {}): Promise<RecordedCheck> {
  const run = startCheck(model, options);
  if ('result' in run) return { result: run.result, table: undefined, graph: undefined, parallelLevels: 0 };
  const recorded = (result: CheckResult, parallelLevels = 0): RecordedCheck => ({
    result,
    table: run.explorer.exploration.table,
    graph: run.explorer.exploration.graph,
    parallelLevels,
  });
  const interval = options.progressIntervalMs ?? 1000;
  const heapFraction = options.heapLimitFraction ?? 0.9;
  let lastProgress = performance.now();
  let lastHeapCheck = lastProgress;
  let stopReason: IncompleteReason | undefined;
  /** Between slices: progress, interrupts and the heap limit. Returns true when the run must end now. */
  const between = (): boolean => {
    const now = performance.now();
    if (options.signal?.aborted) {
      stopReason = options.signal.reason === 'memory' ? 'memory' : 'interrupted';
      return true;
    }
    if (now - lastHeapCheck >= 200) {
      lastHeapCheck = now;
      const heap = getHeapStatistics();
      if (heap.used_heap_size > heapFraction * heap.heap_size_limit) {
        stopReason = 'memory';
        return true;
      }
    }
    if (options.onProgress && now - lastProgress >= interval) {
      lastProgress = now;
      options.onProgress(run.progress());
    }
    return false;
  };
  const workers = options.workers ?? 1;
  if (workers > 1 && run.explorer.state === 'running' && !run.sequentialOnly) {
    const ended = await runParallelBfs(run.explorer, {
      workers,
      modelSource: options.modelSource,
      compileOptions: compileOptionsOf(options),
      paranoid: options.paranoid ?? false,
      maxStates: options.maxStates ?? Number.POSITIVE_INFINITY,
      shouldStop: between,
      ...(options.minParallelLevel !== undefined ? { minParallelLevel: options.minParallelLevel } : {}),
    });
    return recorded(run.finish(ended.interrupted ? (stopReason ?? 'interrupted') : undefined), ended.parallelLevels);
  }
  let lastYield = performance.now();
  do {
    while (run.explorer.runSlice(SLICE) === 'running') {
      const now = performance.now();
      if (now - lastYield > 30) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (between()) return recorded(run.finish(stopReason));
    }
  } while (run.restart());
  return recorded(run.finish());
}

/** Synchronous {@link check}, for callers that need no progress or interruption (tests, diff, benchmarks). */
export function checkSync(model: AnyModel | CompiledModel, options: CheckOptions = {}): CheckResult {
  const run = startCheck(model, options);
  if ('result' in run) return run.result;
  do {
    while (run.explorer.runSlice(1 << 20) === 'running');
  } while (run.restart());
  return run.finish();
}

function compileOptionsOf(options: CompileOptions): CompileOptions {
  return {
    ...(options.constantSet !== undefined ? { constantSet: options.constantSet } : {}),
    ...(options.constantOverrides !== undefined ? { constantOverrides: options.constantOverrides } : {}),
    ...(options.properties !== undefined ? { properties: options.properties } : {}),
    ...(options.deadlock !== undefined ? { deadlock: options.deadlock } : {}),
  };
}

interface RunningCheck {
  readonly explorer: BfsExplorer;
  /** Explored on the main thread whatever `workers` says: states are canonicalised, or the reduction chooses. */
  readonly sequentialOnly: boolean;
  /**
   * After the explorer has stopped: whether the check must explore again (partial-order reduction saw the invariants
   * read more than it assumed, or the spec break its process promise); `explorer` is then a fresh one.
   */
  restart(): boolean;
  progress(): Progress;
  finish(stopped?: IncompleteReason): CheckResult;
}

function isCompiled(model: AnyModel | CompiledModel): model is CompiledModel {
  return 'codec' in model && 'labels' in model;
}

/** A check of a model that failed to compile because the spec is faulty: status error, nothing explored. */
function compileErrorResult(model: AnyModel, error: SpecError, options: CompileOptions): CheckResult {
  return {
    model: model.name,
    constants: options.constantOverrides ?? {},
    status: 'error',
    complete: false,
    properties: [],
    stats: { statesGenerated: 0, distinctStates: 0, depth: 0, queueLeft: 0, coverage: [], elapsedMs: 0, storeBytes: 0 },
    error: { code: error.code, message: error.message },
  };
}

/**
 * Why a check of `compiled` runs on the main thread whatever `workers` says, in words for a user, or undefined when
 * it uses the workers: symmetry (canonicalisation) or partial-order reduction. A check that records the state graph
 * (temporal and recoverability properties) uses the workers: the parallel driver records the same graph. The result
 * is the same either way; only the time differs.
 */
export function singleThreadReason(compiled: CompiledModel, options: { readonly partialOrder?: boolean } = {}): string | undefined {
  if (compiled.symmetry !== undefined) return 'symmetry reduction canonicalises states on the main thread';
  if (options.partialOrder === true) return 'partial-order reduction runs on the main thread';
  return undefined;
}

/** Compiles (a faulty spec gives its error result at once) and starts the exploration. */
function startCheck(model: AnyModel | CompiledModel, options: CheckOptions): RunningCheck | { readonly result: CheckResult } {
  const started = performance.now();
  let compiled: CompiledModel;
  try {
    compiled = isCompiled(model) ? model : compileModel(model, options);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    return { result: compileErrorResult(model as AnyModel, error, options) };
  }
  const recordsGraph = compiled.graphProperties.length > 0;
  let selector: PartialOrderSelector | undefined;
  if (options.partialOrder === true) {
    const refusal = partialOrderRefusal(compiled);
    if (refusal !== undefined) throw new UsageError(`--por: ${refusal}`, 'LC104');
    selector = new PartialOrderSelector(compiled);
  }
  const sequentialOnly = singleThreadReason(compiled, { partialOrder: selector !== undefined }) !== undefined;
  const newExplorer = (): BfsExplorer =>
    new BfsExplorer(compiled, {
      ...options,
      shared: (options.workers ?? 1) > 1 && !sequentialOnly,
      recordGraph: recordsGraph,
      ...(selector !== undefined ? { selector, indexed: true } : {}),
    });
  let explorer = newExplorer();
  let x = explorer.exploration;
  let runs = 1;
  let unsound: string | undefined;
  const restart = (): boolean => {
    // only an exhausted search has verdicts that rest on the reduction ("holds"); a violation found is real anyway
    if (selector === undefined || x.state !== 'done') return false;
    if (selector.unsound !== undefined) {
      unsound = selector.unsound;
      selector = undefined;
    } else if (selector.grewAfterUse) {
      selector = new PartialOrderSelector(compiled, selector.invariantLocations);
    } else {
      return false;
    }
    runs += 1;
    explorer = newExplorer();
    x = explorer.exploration;
    return true;
  };
  const partialOrderOf = (stats: CheckStats): CheckResult['partialOrder'] =>
    options.partialOrder !== true
      ? undefined
      : {
          distinctStates: stats.distinctStates,
          statesGenerated: stats.statesGenerated,
          ampleStates: selector?.stats.ampleStates ?? 0,
          fullStates: selector?.stats.fullStates ?? 0,
          runs,
          invariantLocations: selector?.stats.invariantLocations ?? 0,
          ...(unsound !== undefined ? { unsound } : {}),
        };
  const progress = (): Progress => ({
    distinctStates: x.table.size,
    statesGenerated: x.statesGenerated,
    depth: x.depth,
    queue: explorer.queueLeft,
    elapsedMs: performance.now() - started,
  });
  const finish = (stopped?: IncompleteReason): CheckResult => {
    const state = x.state;
    const incompleteReason: IncompleteReason | undefined =
      stopped ?? (state === 'maxStates' ? 'maxStates' : state === 'maxDepth' ? 'maxDepth' : undefined);
    const exhausted = state === 'done' && stopped === undefined;
    const violations = new Map(x.violations.map((v) => [v.property.index, v]));
    let error: CheckResult['error'];
    if (x.specError) {
      const specError = x.specError;
      let trace: Trace<unknown> | undefined;
      try {
        trace = specError.end ? reconstructTrace(compiled, x.table, specError.end, x.core) : undefined;
      } catch (replayError) {
        if (!(replayError instanceof NondeterminismError)) throw replayError;
        error = { code: 'LC207', message: `${specError.message}; ${replayError.message}` };
      }
      error ??= trace ? { code: specError.code, message: specError.message, trace } : { code: specError.code, message: specError.message };
    }
    // Graph properties: checked on the whole graph once it is complete (and nothing stopped the exploration).
    const graphVerdicts = new Map<number, GraphVerdict>();
    if (exhausted && x.graph !== undefined) {
      for (const g of compiled.graphProperties) {
        try {
          graphVerdicts.set(g.index, checkGraphProperty({ compiled, table: x.table, graph: x.graph }, g.property));
        } catch (thrown) {
          if (!(thrown instanceof GraphPredicateError)) throw thrown;
          // the property stays unknown; the error carries the path to the state its predicate threw on
          const message = `property ${g.name} threw on a state: ${thrown.message}`;
          let trace: Trace<unknown> | undefined;
          try {
            trace = reconstructLasso(compiled, x.table, thrown.stateId, [], undefined, x.core);
          } catch (replayError) {
            if (!(replayError instanceof NondeterminismError)) throw replayError;
          }
          error ??= trace ? { code: thrown.code, message, trace } : { code: thrown.code, message };
        }
      }
    }
    const graphIndices = new Set(compiled.graphProperties.map((g) => g.index));
    let graphViolated = false;
    const properties: PropertyOutcome[] = x.allProperties.map((property) => {
      const verdict = graphVerdicts.get(property.index);
      if (verdict !== undefined) {
        if (verdict.status === 'holds') return { name: property.name, kind: property.kind, status: 'holds' };
        graphViolated = true;
        const graph = x.graph!;
        const step = (e: number): PathStep => ({ label: graph.label(e), target: graph.target(e) });
        try {
          const counterexample = reconstructLasso(compiled, x.table, verdict.path.start, verdict.path.edges.map(step), verdict.path.loop?.map(step), x.core);
          return { name: property.name, kind: property.kind, status: 'violated', counterexample, message: verdict.message };
        } catch (replayError) {
          if (!(replayError instanceof NondeterminismError)) throw replayError;
          error ??= { code: 'LC207', message: `${verdict.message}, but its counterexample could not be rebuilt: ${messageOf(replayError)}` };
          return { name: property.name, kind: property.kind, status: 'violated', message: verdict.message };
        }
      }
      const violation = violations.get(property.index);
      if (violation) {
        let counterexample: Trace<unknown>;
        try {
          counterexample = reconstructTrace(compiled, x.table, violation.end, x.core);
        } catch (replayError) {
          if (!(replayError instanceof NondeterminismError)) throw replayError;
          error ??= { code: 'LC207', message: `${violation.message}, but its counterexample could not be rebuilt: ${messageOf(replayError)}` };
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
      // a graph property with no verdict (its predicate threw) was not evaluated: unknown, never "holds"
      const unevaluated = graphIndices.has(property.index);
      return { name: property.name, kind: property.kind, status: exhausted && !unevaluated ? 'holds' : 'unknown' };
    });
    const stats: CheckStats = {
      statesGenerated: x.statesGenerated,
      distinctStates: x.table.size,
      depth: x.depth,
      queueLeft: explorer.queueLeft,
      coverage: compiled.actionNames.map((action, i) => ({
        action,
        statesGenerated: x.actionGenerated[i]!,
        distinctStates: x.actionDistinct[i]!,
      })),
      elapsedMs: performance.now() - started,
      storeBytes: x.table.bytes,
    };
    const status: CheckResult['status'] = error ? 'error' : x.violations.length > 0 || graphViolated ? 'violated' : exhausted ? 'ok' : 'incomplete';
    return {
      model: compiled.model.name,
      constants: compiled.constants,
      status,
      complete: exhausted,
      properties,
      stats,
      ...(incompleteReason && !exhausted ? { incompleteReason } : {}),
      ...(error ? { error } : {}),
      ...(options.partialOrder === true ? { partialOrder: partialOrderOf(stats)! } : {}),
      ...(compiled.symmetry ? { symmetry: { sets: compiled.symmetry.sets, renamings: compiled.symmetry.groupSize } } : {}),
      ...(options.fingerprint ? { collisionProbability: x.table.exact ? 0 : collisionProbability(stats) } : {}),
    };
  };
  return {
    get explorer() {
      return explorer;
    },
    sequentialOnly,
    restart,
    progress,
    finish,
  };
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
