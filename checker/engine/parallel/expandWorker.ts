/**
 * The worker-thread side of parallel BFS: loads the model from its module (functions cannot cross threads),
 * compiles it with the coordinator's options, and turns each chunk of frontier states it receives into an
 * {@link ExpansionBatch} with the successor core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnyModel } from '../api/model.js';
import { messageOf } from '../api/errors.js';
import { compileModel, type CompileOptions } from '../core/compileModel.js';
import { SuccessorCore } from '../core/examine.js';
import { expandChunk } from './expansionBatch.js';

/** What the coordinator passes to each worker. */
export interface ExpandWorkerData {
  readonly moduleUrl: string;
  readonly exportName: string;
  readonly compileOptions: CompileOptions;
  readonly paranoid: boolean;
}

/** What coordinator and workers compare to be sure they compiled the same model. */
export interface WorkerModelShape {
  readonly labels: number;
  readonly words: number;
  readonly properties: readonly string[];
}

/** A request: expand `count` states encoded in `chunk`, with ids from `firstId`; `id` comes back with the batch. */
export interface ExpandRequest {
  readonly id: number;
  readonly chunk: Uint32Array;
  readonly count: number;
  readonly firstId: number;
}

const data = workerData as ExpandWorkerData;
try {
  const module = (await import(data.moduleUrl)) as Record<string, unknown>;
  const model = module[data.exportName] as AnyModel;
  const compiled = compileModel(model, data.compileOptions);
  const core = new SuccessorCore(compiled);
  parentPort!.on('message', (request: ExpandRequest) => {
    const batch = expandChunk(core, request.chunk, request.count, request.firstId, data.paranoid);
    const e = batch.entries;
    parentPort!.postMessage({ id: request.id, batch }, [
      batch.enabled.buffer,
      batch.ends.buffer,
      e.label.buffer,
      e.kind.buffer,
      e.flags.buffer,
      e.encodings.buffer,
      e.actionFailures.buffer,
    ] as ArrayBuffer[]);
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
