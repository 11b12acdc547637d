/**
 * The worker-thread side of parallel BFS: loads the model from its module (functions cannot cross threads),
 * compiles it with the coordinator's options, and does its share of each level it is sent (`levelWork.ts`), reading
 * the visited set and writing the level table in shared memory; when the graph is recorded, it sends back the edges
 * of the states it expanded with its result (`levelEdges.ts`, in shared memory).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnyModel } from '../api/model.js';
import { messageOf } from '../api/errors.js';
import { compileModel, type CompileOptions } from '../core/compileModel.js';
import { SuccessorCore } from '../core/examine.js';
import { indexStates } from '../store/indexStates.js';
import type { TableView } from '../store/stateTable.js';
import { LevelEdgeLog } from './levelEdges.js';
import { workOnLevel, type LevelJob, type LevelWorkResult } from './levelWork.js';

/** A request to index states `from .. to - 1` of the visited set in the shards thread `thread` of `threads` owns. */
export interface IndexJob {
  readonly type: 'index';
  readonly view: TableView;
  readonly from: number;
  readonly to: number;
  readonly thread: number;
  readonly threads: number;
}

/** What the coordinator passes to each worker. */
export interface ExpandWorkerData {
  readonly moduleUrl: string;
  readonly exportName: string;
  readonly compileOptions: CompileOptions;
}

/** What coordinator and workers compare to be sure they compiled the same model. */
export interface WorkerModelShape {
  readonly labels: number;
  readonly words: number;
  readonly properties: readonly string[];
}

const data = workerData as ExpandWorkerData;
try {
  const module = (await import(data.moduleUrl)) as Record<string, unknown>;
  const model = module[data.exportName] as AnyModel;
  const compiled = compileModel(model, data.compileOptions);
  const core = new SuccessorCore(compiled);
  const exp = core.createExpansion();
  const edges = new LevelEdgeLog();
  parentPort!.on('message', (job: (LevelJob & { readonly type: 'level' }) | IndexJob) => {
    if (job.type === 'index') parentPort!.postMessage(indexStates(job.view, job.from, job.to, job.thread, job.threads));
    else if (!job.recordGraph) parentPort!.postMessage(workOnLevel(core, exp, job));
    else {
      // the log is shared memory: the main thread reads it at the barrier, before the next level is sent
      edges.reset();
      const result: LevelWorkResult = workOnLevel(core, exp, job, Number.POSITIVE_INFINITY, edges);
      parentPort!.postMessage(result.eventful || result.full ? result : { ...result, edges: edges.take() });
    }
  });
  const shape: WorkerModelShape = {
    labels: compiled.labels.length,
    words: compiled.codec.words,
    properties: compiled.properties.map((p) => p.name),
  };
  parentPort!.postMessage({ ready: true, shape });
} catch (error) {
  parentPort!.postMessage({ ready: false, message: messageOf(error) });
}
