/**
 * The C form of a trace (`<base>.c`, `trace render --format c`): for a threaded trace whose model's presentation
 * describes its system calls (`Presentation.threadedCalls`), the pthreads reproducer of `syscallReproducer.ts`;
 * otherwise the model's own `Presentation.cReproducer`, if it has one.
 */
import type { Trace } from '../checker/engine/index.js';
import { renderSyscallReproducer } from './syscallReproducer.js';
import type { TraceContext } from './traceContext.js';

/** The C program of `trace`, or undefined when its model gives none. Deterministic. */
export function cProgramOf(trace: Trace<unknown>, context: TraceContext): string | undefined {
  const threaded = context.presentation?.threadedCalls;
  if (threaded !== undefined && context.threads !== undefined) {
    const target = context.replayTarget?.();
    const c = renderSyscallReproducer(trace, context.threads, threaded, context, target !== undefined ? { target } : {});
    if (c !== undefined) return c;
  }
  return context.presentation?.cReproducer?.(trace, context);
}
