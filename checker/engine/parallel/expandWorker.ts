/**
 * The worker-thread side of parallel BFS: loads the model from its module (functions cannot cross threads),
 * compiles it with the coordinator's options, and turns each chunk of frontier states it receives into a
 * {@link SuccessorBatch}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnyModel } from '../api/model.js';
import { compileModel, type CompileOptions } from '../core/compileModel.js';
import { expandChunk } from './successorBatch.js';

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

/** A request: expand `count` states encoded in `chunk`; `id` comes back with the batch. */
export interface ExpandRequest {
  readonly id: number;
  readonly chunk: Uint32Array;
  readonly count: number;
}

const data = workerData as ExpandWorkerData;
const module = (await import(data.moduleUrl)) as Record<string, unknown>;
const model = module[data.exportName] as AnyModel;
const compiled = compileModel(model, data.compileOptions);
parentPort!.on('message', (request: ExpandRequest) => {
  const batch = expandChunk(compiled, request.chunk, request.count);
  parentPort!.postMessage({ id: request.id, batch }, [
    batch.enabled.buffer,
    batch.parent.buffer,
    batch.label.buffer,
    batch.flags.buffer,
    batch.words.buffer,
    batch.failures.buffer,
  ] as ArrayBuffer[]);
});
const shape: WorkerModelShape = {
  labels: compiled.labels.length,
  words: compiled.codec.words,
  properties: compiled.properties.map((p) => p.name),
};
parentPort!.postMessage({ ready: true, shape });
