/**
 * A fixed pool of expand workers. `expand` sends a chunk to the first idle worker (or queues it) and resolves with
 * its batch; batches may resolve in any order, and the coordinator commits them in chunk order.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ExpandWorkerData, WorkerModelShape } from './expandWorker.js';
import type { ExpansionBatch } from './expansionBatch.js';

/** Where the compiled worker script is: beside this file when running from `dist/`, else in `dist/`. */
function workerScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'expandWorker.js');
  if (existsSync(beside)) return beside;
  let dir = here;
  for (;;) {
    const candidate = path.join(dir, 'dist', 'checker', 'engine', 'parallel', 'expandWorker.js');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the compiled expand worker (dist/checker/engine/parallel/expandWorker.js); run npm run build');
    dir = parent;
  }
}

interface Pending {
  readonly id: number;
  readonly chunk: Uint32Array;
  readonly count: number;
  readonly firstId: number;
  resolve(batch: ExpansionBatch): void;
  reject(error: Error): void;
}

/** A pool of worker threads expanding chunks of states. */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly inFlight = new Map<Worker, Pending>();
  private nextId = 0;
  private failure: Error | undefined;

  private constructor() {}

  /**
   * Starts `size` workers and waits until each has loaded and compiled the model; rejects when a worker compiled a
   * model different from `expected` (another label table, encoding or property list).
   */
  static async start(size: number, data: ExpandWorkerData, expected: WorkerModelShape): Promise<WorkerPool> {
    const pool = new WorkerPool();
    const script = workerScript();
    await Promise.all(
      Array.from({ length: size }, () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(script, { workerData: data });
          const onReady = (message: { ready?: boolean; shape?: WorkerModelShape; message?: string }): void => {
            if (message.ready === false) {
              void worker.terminate();
              reject(new Error(`a worker could not load the model: ${message.message ?? 'unknown reason'}`));
              return;
            }
            if (message.ready) {
              if (JSON.stringify(message.shape) !== JSON.stringify(expected)) {
                void worker.terminate();
                reject(new Error('a worker compiled a different model than the coordinator (labels, encoding or properties differ)'));
                return;
              }
              worker.off('message', onReady);
              worker.off('error', reject);
              worker.on('message', (m: { id: number; batch: ExpansionBatch }) => pool.onResult(worker, m.batch));
              worker.on('error', (e) => pool.onError(worker, e));
              pool.workers.push(worker);
              pool.idle.push(worker);
              resolve();
            }
          };
          worker.on('message', onReady);
          worker.once('error', reject);
        }),
      ),
    );
    return pool;
  }

  /**
   * Expands `count` states of `chunk` (ids from `firstId`) on some worker. The chunk's buffer is transferred (do not
   * reuse it).
   */
  expand(chunk: Uint32Array, count: number, firstId: number): Promise<ExpansionBatch> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, chunk, count, firstId, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.shift()!;
      const job = this.queue.shift()!;
      this.inFlight.set(worker, job);
      worker.postMessage({ id: job.id, chunk: job.chunk, count: job.count, firstId: job.firstId }, [job.chunk.buffer as ArrayBuffer]);
    }
  }

  private onResult(worker: Worker, batch: ExpansionBatch): void {
    const job = this.inFlight.get(worker);
    this.inFlight.delete(worker);
    this.idle.push(worker);
    job?.resolve(batch);
    this.dispatch();
  }

  private onError(worker: Worker, error: Error): void {
    this.failure = error;
    const job = this.inFlight.get(worker);
    this.inFlight.delete(worker);
    job?.reject(error);
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}
