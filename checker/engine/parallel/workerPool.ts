/**
 * A fixed pool of worker threads for the parallel BFS: `runLevel` sends every worker the same level job and resolves
 * with all their results once each has done its share (`levelWork.ts`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ExpandWorkerData, WorkerModelShape } from './expandWorker.js';


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

/** A pool of worker threads sharing the levels of a parallel BFS. */
export class WorkerPool {
  private readonly workers: Worker[] = [];
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
            worker.off('message', onReady);
            worker.off('error', reject);
            if (message.ready !== true) {
              void worker.terminate();
              reject(new Error(`a worker could not load the model: ${message.message ?? 'unknown reason'}`));
              return;
            }
            if (JSON.stringify(message.shape) !== JSON.stringify(expected)) {
              void worker.terminate();
              reject(new Error('a worker compiled a different model than the coordinator (labels, encoding or properties differ)'));
              return;
            }
            worker.on('error', (e) => (pool.failure = e));
            pool.workers.push(worker);
            resolve();
          };
          worker.on('message', onReady);
          worker.once('error', reject);
        }),
      ),
    );
    return pool;
  }

  /** Number of worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /** Sends `message(i)` to worker `i` (1-based: the main thread is thread 0); resolves with every reply, in order. */
  runAll<M, R>(message: (thread: number) => M): Promise<R[]> {
    if (this.failure) return Promise.reject(this.failure);
    return Promise.all(
      this.workers.map(
        (worker, i) =>
          new Promise<R>((resolve, reject) => {
            const onError = (e: Error): void => reject(e);
            worker.once('error', onError);
            worker.once('message', (result: R) => {
              worker.off('error', onError);
              resolve(result);
            });
            worker.postMessage(message(i + 1));
          }),
      ),
    );
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
