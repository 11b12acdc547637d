/**
 * The C reproducer of a threaded trace as a pthreads program: one pthread per thread of the trace, a barrier before
 * each step so that only the step's own thread runs it (the others wait for the next barrier), the whole
 * interleaving retried in a loop, and at the end how often the run reached the trace's outcome (the race window).
 *
 * What each step does in C comes from the caller ({@link PthreadsHooks}): this file knows only the lanes
 * (`threadLanes.ts`). In a user-space program the barriers force the order of the steps' starts; for a step that is
 * a system call, the kernel's own lock sections within it still interleave as they will, which is why the program
 * retries and reports the hit rate instead of assuming it.
 *
 * Guarantees: deterministic text; the program uses only POSIX (pthread barriers) and the C99 standard library; every
 * thread passes through every barrier, so the program cannot deadlock on its own barriers.
 */
import type { Trace } from '../checker/engine/index.js';
import { laneStepName, laneSteps, type LaneStep, type ThreadLanesInfo } from './threadLanes.js';

/** What the caller provides: the C of each step and how to tell that a run hit the window. */
export interface PthreadsHooks {
  /** A comment line or two naming the trace (property, model). */
  readonly title: string;
  /** Declarations at file scope (shared variables, includes beyond stdio/stdlib/pthread). */
  readonly prelude: string;
  /** C statements run before each attempt, in the main thread (reset the shared state). */
  readonly reset: string;
  /** The C statements of one step, run by its thread; `tid` (int) is the thread's number. */
  stepCode(step: LaneStep): string;
  /** A C expression, evaluated after each attempt: true when the attempt reached the trace's outcome. */
  readonly hit: string;
  /** Attempts by default (the first program argument overrides). @defaultValue 10000 */
  readonly attempts?: number;
}

function comment(text: string): string {
  return text.replace(/\*\//g, '* /');
}

/** Renders the pthreads program of `trace` (see the module comment). */
export function renderPthreadsReproducer(trace: Trace<unknown>, info: ThreadLanesInfo, hooks: PthreadsHooks): string {
  const steps = laneSteps(trace, info).filter((s) => s.thread !== undefined && !(trace.aborted !== undefined && s.index === trace.steps.length));
  const n = info.threads;
  const out: string[] = [];
  out.push('/*', ...hooks.title.split('\n').map((l) => ` * ${comment(l)}`), ' *', ` * ${n} threads, ${steps.length} steps; a barrier before each step forces the interleaving:`);
  for (const s of steps) out.push(` *   ${s.index}. thread ${s.thread}: ${comment(laneStepName(s.label))}`);
  out.push(' * Build: cc -O2 -pthread -o repro repro.c    Run: ./repro [attempts]', ' */');
  out.push('#define _POSIX_C_SOURCE 200809L', '#include <pthread.h>', '#include <stdio.h>', '#include <stdlib.h>', '');
  out.push(hooks.prelude.trimEnd(), '');
  out.push(`#define THREADS ${n}`, `#define STEPS ${steps.length}`, '');
  out.push('static pthread_barrier_t barrier;', '');
  out.push(`/** The thread of each step, in the order of the trace. */`);
  out.push(`static const int step_thread[STEPS] = {${steps.map((s) => s.thread).join(', ')}};`, '');
  out.push('static void run_step(int step, int tid) {', '  switch (step) {');
  steps.forEach((s, k) => {
    out.push(`  case ${k}: /* ${comment(laneStepName(s.label))} */`);
    for (const line of hooks.stepCode(s).trimEnd().split('\n')) out.push(`    ${line}`);
    out.push('    break;');
  });
  out.push('  default:', '    break;', '  }', '  (void)tid;', '}', '');
  out.push('static void *thread_main(void *arg) {', '  int tid = (int)(long)arg;', '  for (int step = 0; step < STEPS; step++) {', '    pthread_barrier_wait(&barrier);', '    if (step_thread[step] == tid) run_step(step, tid);', '  }', '  pthread_barrier_wait(&barrier);', '  return NULL;', '}', '');
  out.push('int main(int argc, char **argv) {');
  out.push(`  long attempts = argc > 1 ? atol(argv[1]) : ${hooks.attempts ?? 10000};`, '  long hits = 0;', '  if (attempts <= 0) attempts = 1;');
  out.push('  for (long attempt = 0; attempt < attempts; attempt++) {');
  for (const line of hooks.reset.trimEnd().split('\n')) out.push(`    ${line}`);
  out.push('    pthread_t threads[THREADS];', '    if (pthread_barrier_init(&barrier, NULL, THREADS) != 0) { perror("pthread_barrier_init"); return 2; }');
  out.push('    for (long t = 0; t < THREADS; t++) {', '      if (pthread_create(&threads[t], NULL, thread_main, (void *)t) != 0) { perror("pthread_create"); return 2; }', '    }');
  out.push('    for (int t = 0; t < THREADS; t++) pthread_join(threads[t], NULL);', '    pthread_barrier_destroy(&barrier);');
  out.push(`    if (${hooks.hit}) hits++;`, '  }');
  out.push('  printf("window hit in %ld of %ld attempts (%.1f%%)\\n", hits, attempts, 100.0 * (double)hits / (double)attempts);', '  return hits > 0 ? 0 : 1;', '}');
  return `${out.join('\n')}\n`;
}
