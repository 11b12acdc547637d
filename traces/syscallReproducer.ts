/**
 * The pthreads reproducer of a threaded trace whose steps are system calls' pieces (a lock-level kernel model): the
 * calls of the trace ({@link scheduleCalls}) issued by one pthread per model thread, the C of each call coming from
 * the model's presentation (`Presentation.threadedCalls`).
 *
 * The program's shape. The calls up to the first point where two calls overlap in the kernel are the *set-up*: the
 * main thread issues them one after the other (they open the fds the race needs), and each must return what the
 * model says, else the program stops (exit 2: the system does not start as the model does). The rest of the trace is
 * cut into *rounds* at the points where no thread is inside a call; each round starts with a `pthread_barrier_t`
 * that every thread passes, so the racing calls start together, and within a round the calls start in the trace's
 * order (a call waits, spinning on an atomic counter, until the call before it in the trace has been issued). After
 * the threads join, the attempt *hits the window* when every call whose return the schedule reaches returned what
 * the model says and the presentation's symptom (what user space can see of the outcome, e.g. a status flag) is
 * seen. Then the presentation's reset undoes the attempt, and the next one starts; the program prints the first
 * attempt, the first hit, and how often the window was hit (`window hit in H of N attempts`). The kernel runs each
 * call's inside as it will, which is why the program retries and counts instead of assuming the interleaving.
 *
 * Guarantees: deterministic text; C11 with POSIX threads (barriers, `<stdatomic.h>`) plus what the presentation's
 * code uses; every thread passes every barrier, so the program cannot deadlock on its own barriers (a call that
 * never returns in the kernel can still hang it: the model says so in the header when it knows).
 */
import type { Json, ReplayTarget, ThreadedCall, ThreadedCallsPresentation, ThreadedProgram, Trace } from '../checker/engine/index.js';
import { scheduleCalls, type CallSchedule, type ScheduledCall } from './syscallSchedule.js';
import type { TraceContext } from './traceContext.js';
import type { ThreadLanesInfo } from './threadLanes.js';

/** Options of {@link renderSyscallReproducer}. */
export interface SyscallReproducerOptions {
  /** The model, to rearrange the trace and run the calls still in the kernel to their return (see `syscallSchedule.ts`). */
  readonly target?: ReplayTarget;
  /** Attempts when the program's argument does not say. @defaultValue 1000 */
  readonly attempts?: number;
}

/** The calls of a schedule in C, and how the program is cut: set-up calls first, then rounds. */
export interface SyscallPlan {
  readonly schedule: CallSchedule;
  readonly calls: readonly { readonly call: ScheduledCall; readonly c: ThreadedCall }[];
  /** How many of `calls` (the first ones) are the set-up. */
  readonly setup: number;
  /** The round of each call after the set-up (0-based). */
  readonly rounds: readonly number[];
  /** The model threads that issue calls in rounds, in increasing order: pthread `i` is model thread `threads[i]`. */
  readonly threads: readonly number[];
}

/**
 * The plan of the reproducer of `trace`: the schedule, each call's C, the set-up and the rounds. Undefined when a call
 * has no C or the trace has no call.
 */
export function planSyscallReproducer(
  trace: Trace<unknown>,
  info: ThreadLanesInfo,
  presentation: ThreadedCallsPresentation,
  target?: ReplayTarget,
): SyscallPlan | undefined {
  const shape = { isCallStart: (l: Parameters<ThreadedCallsPresentation['call']>[0]) => presentation.call(l, undefined) !== undefined, inUserSpace: (pc: string) => presentation.inUserSpace(pc) };
  const schedule = scheduleCalls(trace, info, shape, target);
  if (schedule.calls.length === 0) return undefined;
  const calls: { call: ScheduledCall; c: ThreadedCall }[] = [];
  for (const call of schedule.calls) {
    const c = presentation.call(call.label, call.result);
    if (c === undefined) return undefined;
    calls.push({ call, c });
  }
  // Quiescent points: after step i, no thread is inside a call. A segment holds the calls between two of them.
  const segmentOf: number[] = [];
  let segment = 0;
  let openUntil = -1;
  for (const { call } of calls) {
    if (call.start > openUntil && segmentOf.length > 0) segment += 1;
    segmentOf.push(segment);
    openUntil = Math.max(openUntil, call.returned ? call.end : Number.POSITIVE_INFINITY);
  }
  const sizes = new Map<number, number>();
  for (const s of segmentOf) sizes.set(s, (sizes.get(s) ?? 0) + 1);
  let setup = 0;
  while (setup < calls.length && sizes.get(segmentOf[setup]!) === 1) setup += 1;
  const first = setup < calls.length ? segmentOf[setup]! : 0;
  const rounds = segmentOf.slice(setup).map((s) => s - first);
  const threads = [...new Set(calls.slice(setup).map((c) => c.call.thread))].sort((a, b) => a - b);
  return { schedule, calls, setup, rounds, threads };
}

const comment = (text: string): string => text.replace(/\*\//g, '* /').replace(/[^\x20-\x7e]/g, '?');
const indent = (code: string, by: string): string[] => code.trimEnd().split('\n').map((l) => (l === '' ? '' : `${by}${l}`));

function expected(call: ScheduledCall, c: ThreadedCall): { kind: 0 | 1 | 2; value: number } {
  const r = call.result;
  if (typeof r !== 'number' || !Number.isInteger(r)) return { kind: 0, value: 0 };
  return { kind: c.expect === 'success' ? 2 : 1, value: r };
}

const resultText = (r: Json | undefined): string => (r === undefined ? '(does not return in the trace)' : `= ${String(r)}`);

/**
 * Renders the pthreads program of `trace` (see the module comment), or undefined when the presentation gives none for
 * it. Pure given `options.target`.
 */
export function renderSyscallReproducer(
  trace: Trace<unknown>,
  info: ThreadLanesInfo,
  presentation: ThreadedCallsPresentation,
  context: TraceContext,
  options: SyscallReproducerOptions = {},
): string | undefined {
  const plan = planSyscallReproducer(trace, info, presentation, options.target);
  if (plan === undefined) return undefined;
  const program: ThreadedProgram | undefined = presentation.program(plan.schedule.trace, { ...context, traceSteps: plan.schedule.traceSteps });
  if (program === undefined) return undefined;
  const { calls, setup, rounds, threads, schedule } = plan;
  const roundCount = rounds.length === 0 ? 0 : Math.max(...rounds) + 1;
  const pthreadOf = (t: number): number => threads.indexOf(t);
  const attempts = options.attempts ?? 1000;
  const out: string[] = [];
  out.push(
    '/*',
    ` * lifecheck pthreads reproducer for ${comment(context.modelName)}${context.propertyName !== undefined ? `, property ${comment(context.propertyName)}` : ''}.`,
    ...(context.message !== undefined ? [` * ${comment(context.message)}`] : []),
    ...(context.reproduceCommand !== undefined ? [` * Found by: ${comment(context.reproduceCommand)}`] : []),
    ' *',
    ` * The trace's ${schedule.traceSteps} steps make ${calls.length} system calls${schedule.moved > 0 ? ` (${schedule.moved} steps moved to where they overlap less, replayed on the model: same results, same final state)` : ''}:`,
  );
  if (setup > 0) {
    out.push(' *   set-up, one after the other in the main thread:');
    for (const { call, c } of calls.slice(0, setup)) out.push(` *     thread ${call.thread}: ${comment(c.text)} ${comment(resultText(call.result))}`);
  }
  for (let r = 0; r < roundCount; r += 1) {
    out.push(` *   round ${r + 1}: after a barrier, the calls start together, in this order:`);
    calls.slice(setup).forEach(({ call, c }, k) => {
      if (rounds[k] === r) out.push(` *     thread ${call.thread}: ${comment(c.text)} ${comment(resultText(call.result))}`);
    });
  }
  if (schedule.traceSteps < schedule.trace.steps.length - 1) out.push(` * (results after step ${schedule.traceSteps}: the calls still in the kernel at the end of the trace, run on to their return in the model)`);
  if (trace.aborted !== undefined) {
    out.push(
      ` * The trace ends in a kernel assertion: ${comment(trace.aborted.message)}.`,
      ' * On a kernel with the bug the attempt oopses (or WARNs) there, which user space cannot see: look in dmesg.',
    );
  } else if (schedule.incomplete !== undefined) out.push(` * A call does not return in the model (${comment(schedule.incomplete)}): on a kernel with the bug the attempt may hang there.`);
  if (program.symptom === undefined && trace.aborted === undefined) {
    out.push(' * The model names nothing user space can see of this outcome: a hit only means that the calls returned what the', ' * model says, which a run without the race may do too.');
  }
  out.push(
    ` * An attempt hits the window when every call returns what the model says${program.symptom !== undefined ? ` and ${comment(program.symptom.text)}` : ''}.`,
    ` * Usage: ./repro ${comment(program.args.usage)} [attempts (default ${attempts})]`,
    ' * Exit: 0 when some attempt hit the window, 1 when none did, 2 on bad arguments or a set-up the system refuses, 77 skipped.',
    ' * Build: cc -O2 -pthread -o repro repro.c',
    ' */',
    '#define _GNU_SOURCE',
    '#include <errno.h>',
    '#include <pthread.h>',
    '#include <sched.h>',
    '#include <stdatomic.h>',
    '#include <stdio.h>',
    '#include <stdlib.h>',
    '#include <string.h>',
    '',
    program.prelude.trimEnd(),
    '',
    `#define CALLS ${calls.length}`,
    `#define SETUP ${setup}`,
    `#define THREADS ${threads.length}`,
    `#define ROUNDS ${roundCount}`,
    `#define ARGS ${program.args.count}`,
    '',
    '/* Per call, in the trace\'s order of starts: the pthread and round that issue it (-1: the set-up, in main), what the',
    ' * model returns and how it is compared (0: not known, 1: equal, 2: any fd for an fd, else equal), and its text. */',
    `static const int call_thread[CALLS] = {${calls.map(({ call }, k) => (k < setup ? -1 : pthreadOf(call.thread))).join(', ')}};`,
    `static const int call_round[CALLS] = {${calls.map((_, k) => (k < setup ? -1 : rounds[k - setup]!)).join(', ')}};`,
    `static const long model_result[CALLS] = {${calls.map(({ call, c }) => expected(call, c).value).join(', ')}};`,
    `static const int model_kind[CALLS] = {${calls.map(({ call, c }) => expected(call, c).kind).join(', ')}};`,
    'static const char *const call_text[CALLS] = {',
    ...calls.map(({ call, c }) => `  ${cStringLiteral(`thread ${call.thread}: ${c.text}`)},`),
    '};',
    'static long got[CALLS];',
    'static atomic_int turn;',
    ...(roundCount > 0 ? ['static pthread_barrier_t barrier;'] : []),
    '',
    '/* Issues call k; returns its result the kernel\'s way (-errno on failure). */',
    'static long issue(int k) {',
    '  long r = -1;',
    '  errno = 0;',
    '  switch (k) {',
  );
  calls.forEach(({ c }, k) => {
    out.push(`  case ${k}: {`, ...indent(c.code, '    '), '    if (r < 0) r = -errno;', ...(c.after !== undefined ? indent(c.after, '    ') : []), '    break;', '  }');
  });
  out.push(
    '  default:',
    '    break;',
    '  }',
    '  got[k] = r;',
    '  return r;',
    '}',
    '',
    'static int matches(int k) {',
    '  if (model_kind[k] == 0) return 1;',
    '  if (model_kind[k] == 2 && model_result[k] >= 0) return got[k] >= 0;',
    '  return got[k] == model_result[k];',
    '}',
    '',
  );
  if (roundCount > 0) {
    out.push(
      'static void *thread_main(void *arg) {',
      '  int tid = (int)(long)arg;',
      '  for (int round = 0; round < ROUNDS; round++) {',
      '    pthread_barrier_wait(&barrier);',
      '    for (int k = SETUP; k < CALLS; k++) {',
      '      if (call_round[k] != round || call_thread[k] != tid) continue;',
      '      while (atomic_load(&turn) != k) sched_yield();',
      '      atomic_store(&turn, k + 1);',
      '      issue(k);',
      '    }',
      '  }',
      '  pthread_barrier_wait(&barrier);',
      '  return NULL;',
      '}',
      '',
    );
  }
  out.push(
    'static void print_attempt(long attempt, int hit, int symptom) {',
    '  printf("attempt %ld: %s\\n", attempt + 1, hit ? "hit the window" : "missed the window");',
    '  for (int k = 0; k < CALLS; k++) {',
    '    if (model_kind[k] == 0) printf("  %-64s = %ld\\n", call_text[k], got[k]);',
    '    else printf("  %-64s = %ld (model: %ld)%s\\n", call_text[k], got[k], model_result[k], matches(k) ? "" : "  differs");',
    '  }',
    ...(program.symptom !== undefined ? [`  printf("  %s: %s\\n", ${cStringLiteral(program.symptom.text)}, symptom ? "seen" : "not seen");`] : ['  (void)symptom;']),
    '}',
    '',
    'int main(int argc, char **argv) {',
    '  setvbuf(stdout, NULL, _IOLBF, 0);',
    `  if (argc < ARGS + 1 || argc > ARGS + 2) { fprintf(stderr, ${cStringLiteral(`usage: %s ${program.args.usage} [attempts]\n`)}, argv[0]); return 2; }`,
    ...indent(program.args.parse, '  '),
    `  long attempts = argc > ARGS + 1 ? atol(argv[ARGS + 1]) : ${attempts};`,
    '  if (attempts <= 0) { fprintf(stderr, "attempts must be a positive number, got %s\\n", argv[ARGS + 1]); return 2; }',
    ...(program.check !== undefined ? indent(program.check, '  ') : []),
    '  long hits = 0;',
    '  for (long attempt = 0; attempt < attempts; attempt++) {',
    '    for (int k = 0; k < SETUP; k++) {',
    '      issue(k);',
    '      if (!matches(k)) { printf("set-up call %s returned %ld, the model %ld: this system does not start as the model does\\n", call_text[k], got[k], model_result[k]); return 2; }',
    '    }',
    '    atomic_store(&turn, SETUP);',
  );
  if (roundCount > 0) {
    out.push(
      '    if (pthread_barrier_init(&barrier, NULL, THREADS) != 0) { perror("pthread_barrier_init"); return 2; }',
      '    pthread_t threads[THREADS];',
      '    for (long t = 0; t < THREADS; t++) {',
      '      if (pthread_create(&threads[t], NULL, thread_main, (void *)t) != 0) { perror("pthread_create"); return 2; }',
      '    }',
      '    for (int t = 0; t < THREADS; t++) pthread_join(threads[t], NULL);',
      '    pthread_barrier_destroy(&barrier);',
    );
  } else {
    out.push('    for (int k = SETUP; k < CALLS; k++) issue(k);');
  }
  out.push('    int symptom = 1;');
  if (program.symptom !== undefined) out.push('    {', ...indent(program.symptom.code, '      '), '    }');
  out.push(
    '    int hit = symptom;',
    '    for (int k = SETUP; k < CALLS; k++) if (!matches(k)) hit = 0;',
    '    if (hit) hits++;',
    '    if (attempt == 0 || (hit && hits == 1)) print_attempt(attempt, hit, symptom);',
    ...indent(program.reset, '    '),
    '  }',
    '  printf("window hit in %ld of %ld attempts (%.1f%%)\\n", hits, attempts, 100.0 * (double)hits / (double)attempts);',
    '  return hits > 0 ? 0 : 1;',
    '}',
  );
  return `${out.join('\n')}\n`;
}

/** A C string literal for `text` (ASCII; quotes, backslashes, `?` and non-printables escaped; `\n` kept as an escape). */
export function cStringLiteral(text: string): string {
  let out = '"';
  for (const ch of Buffer.from(text, 'utf8')) {
    if (ch === 0x0a) out += '\\n';
    else if (ch === 0x22 || ch === 0x5c || ch === 0x3f) out += `\\${String.fromCharCode(ch)}`;
    else if (ch >= 0x20 && ch < 0x7f) out += String.fromCharCode(ch);
    else out += `\\${ch.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}
