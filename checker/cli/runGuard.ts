/**
 * What may end a long run early without losing it: SIGINT (Ctrl-C), SIGTERM (what CI time-outs and `kill` send) and
 * memory running out. A {@link RunGuard} owns the AbortController handed to the engine's `check`: a signal or a
 * memory sample over the limit aborts it, so the check ends with its partial result (marked incomplete), which the
 * command prints as usual before exiting 4. The cause is recorded so the command can say what stopped the run.
 *
 * Memory is sampled by {@link RunGuard.poll} (the commands call it from the check's progress callback, every
 * {@link GUARD_POLL_MS}): the JS heap against the old generation's limit (what `node --max-old-space-size` sets), and the
 * process's resident memory against `--max-memory` or, by default, the machine's (or the cgroup's) memory. The state
 * tables live in typed arrays outside the JS heap, so a large exact check fills the process, not the heap.
 */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';

/** How often the commands ask the engine for progress, and so how often memory is sampled (ms). */
export const GUARD_POLL_MS = 25;

/** The stop threshold as a fraction of the old generation's limit (see {@link oldGenerationLimit}). */
export const HEAP_STOP_FRACTION = 0.8;

/** The stop threshold as a fraction of the machine's memory, when no `--max-memory` is given. */
export const MACHINE_STOP_FRACTION = 0.9;

/** What stopped a run early. */
export type StopCause =
  | { readonly kind: 'signal'; readonly signal: 'SIGINT' | 'SIGTERM' }
  | {
      readonly kind: 'memory';
      /** `heap`: the JS heap (V8's limit); `process`: resident memory against `--max-memory` or the machine. */
      readonly pool: 'heap' | 'process';
      readonly usedBytes: number;
      readonly limitBytes: number;
    };

/** A run's stop switch: pass `signal` to `check`, call `poll` from its progress callback, `dispose` when done. */
export interface RunGuard {
  /** Aborted when a signal arrives or memory reaches its limit. */
  readonly signal: AbortSignal;
  /** Why the run was stopped, once it was. */
  readonly cause: StopCause | undefined;
  /** Samples memory; aborts the run when a limit is reached. Cheap enough to call every few milliseconds. */
  poll(): void;
  /** Removes the signal handlers (a second Ctrl-C then ends the process at once, as usual). */
  dispose(): void;
}

/** Options of {@link startRunGuard}. */
export interface RunGuardOptions {
  /** Stop when resident memory reaches this many bytes (`--max-memory`). @defaultValue 90% of the machine's memory */
  readonly maxMemoryBytes?: number;
}

/** V8's semi-space size on 64-bit unless `--max-semi-space-size` says otherwise (MiB). */
const DEFAULT_SEMI_SPACE_MIB = 16;

/**
 * The part of V8's `heap_size_limit` that live data may fill before V8 gives up: the limit minus the young
 * generation's reserve (three semi-spaces). Measured on Node 20: `heap_size_limit` is `--max-old-space-size` + 48 MiB
 * for every size from 32 MiB to the default, and a heap dies ("Reached heap limit") once `used_heap_size` (old and
 * young objects) passes `--max-old-space-size`, at about 64% of `heap_size_limit` for 64 MiB; so comparing with the
 * whole `heap_size_limit` would stop too late.
 */
export function oldGenerationLimit(heapSizeLimit: number): number {
  const flags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  const semi = /--max-semi-space-size[= ](\d+)/.exec(flags);
  const young = 3 * (semi !== null ? Number(semi[1]) : DEFAULT_SEMI_SPACE_MIB) * 2 ** 20;
  return Math.max(heapSizeLimit / 4, heapSizeLimit - young);
}

/** The memory the process may use: the cgroup's limit when there is one, else the machine's. */
function machineMemory(): number {
  const total = totalmem();
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  return constrained !== undefined && constrained > 0 && constrained < total ? constrained : total;
}

/** Starts guarding a run: installs SIGINT and SIGTERM handlers until {@link RunGuard.dispose}. */
export function startRunGuard(options: RunGuardOptions = {}): RunGuard {
  const controller = new AbortController();
  let cause: StopCause | undefined;
  const stop = (why: StopCause): void => {
    if (cause !== undefined) return;
    cause = why;
    controller.abort(why.kind === 'memory' ? 'memory' : why.signal);
  };
  const onSigint = (): void => stop({ kind: 'signal', signal: 'SIGINT' });
  const onSigterm = (): void => stop({ kind: 'signal', signal: 'SIGTERM' });
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  const processLimit = options.maxMemoryBytes ?? Math.floor(machineMemory() * MACHINE_STOP_FRACTION);
  const heapLimit = oldGenerationLimit(getHeapStatistics().heap_size_limit);
  return {
    signal: controller.signal,
    get cause() {
      return cause;
    },
    poll() {
      if (cause !== undefined) return;
      const heap = getHeapStatistics();
      if (heap.used_heap_size > heapLimit * HEAP_STOP_FRACTION) {
        stop({ kind: 'memory', pool: 'heap', usedBytes: heap.used_heap_size, limitBytes: heapLimit });
        return;
      }
      const rss = process.memoryUsage.rss();
      if (rss >= processLimit) stop({ kind: 'memory', pool: 'process', usedBytes: rss, limitBytes: processLimit });
    },
    dispose() {
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigterm);
    },
  };
}

const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;

/**
 * The one line saying what stopped the run and, for memory, how to get further. `stateBytes` is the size of one
 * state's encoding, to say whether `--fingerprint` (8 bytes per state) would help.
 */
export function describeStop(cause: StopCause, stateBytes: number): string {
  if (cause.kind === 'signal') {
    return `${cause.signal === 'SIGINT' ? 'Interrupted' : 'Stopped by SIGTERM'}: printing what was found so far.`;
  }
  const fingerprint = stateBytes > 8 ? `, or --fingerprint (8 bytes per state instead of ${stateBytes})` : '';
  if (cause.pool === 'heap') {
    return (
      `Stopped near the JS heap limit (${mib(cause.usedBytes)} of ${mib(cause.limitBytes)} used): the result is partial; ` +
      `for more, give Node a larger heap (NODE_OPTIONS=--max-old-space-size=${Math.max(4096, 2 * Math.round(cause.limitBytes / 2 ** 20))}).`
    );
  }
  return (
    `Stopped near the memory limit (${mib(cause.usedBytes)} resident, limit ${mib(cause.limitBytes)}): the result is partial; ` +
    `for more, raise --max-memory (or use a machine with more memory)${fingerprint}.`
  );
}
