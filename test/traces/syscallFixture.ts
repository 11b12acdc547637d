/**
 * A tiny threaded model whose steps are pieces of system calls, for the tests of `syscallSchedule.ts` and
 * `syscallReproducer.ts`: each of two threads makes up to `calls` calls `inc()`, whose kernel side reads a shared
 * counter, then (a yield point later) writes it plus one and returns the value written, then returns to user space.
 * `noLostUpdate`: the counter equals the number of writes done. Its presentation emulates the kernel in user space
 * (`kinc()`, a read, a yield, a write), so the generated program compiles and runs anywhere.
 */
import { canonicalJson, compileModel, defineModel, defineThreads, Replayer, t, type AnyModel, type Label, type ThreadedCallsPresentation, type ThreadsState, type Trace, type TraceStep } from '../../checker/engine/index.js';

type Shared = { count: number; writes: number };
type Local = { calls: number; v: number };
type Constants = { readonly calls: number };

const program = defineThreads<Shared, Local, Constants>({
  name: 'kernel-counter',
  threads: () => 2,
  shared: { schema: () => t.record({ count: t.int(0, 4), writes: t.int(0, 4) }), init: () => ({ count: 0, writes: 0 }) },
  locals: { schema: (c) => t.record({ calls: t.int(0, c.calls), v: t.int(0, 4) }), init: () => ({ calls: 0, v: 0 }) },
  procedures: {
    user: {
      call: {
        summary: 'enter inc()',
        await: (view) => view.local.calls < view.constants.calls,
        run: (k) => {
          k.local.calls += 1;
          k.call('kinc', 'sysret');
        },
      },
      sysret: {
        summary: 'return to user space',
        run: (k) => {
          if (k.local.calls < k.constants.calls) k.goto('call');
          else k.done();
        },
      },
    },
    kinc: {
      read: { run: (k) => void (k.local.v = k.shared.count) },
      write: {
        run: (k) => {
          k.shared.count = k.local.v + 1;
          k.shared.writes += 1;
          k.result(k.local.v + 1);
        },
      },
    },
  },
  start: () => 'user',
});

/** The C of `inc()`: an emulated kernel function with the same read / yield / write window. */
export const kernelCounterCalls: ThreadedCallsPresentation = {
  inUserSpace: (pc) => pc === 'user.call' || pc === 'Done',
  call: (label: Label) => (label.action === 'user.call' ? { text: 'inc()', code: 'r = kinc();', expect: 'equal' } : undefined),
  program: () => ({
    prelude: [
      'static volatile long counter;',
      'static long kinc(void) {',
      '  long v = counter;',
      '  sched_yield();',
      '  counter = v + 1;',
      '  return v + 1;',
      '}',
    ].join('\n'),
    args: { usage: '', count: 0, parse: '' },
    reset: 'counter = 0;',
    symptom: { text: 'the counter lost an update', code: 'symptom = counter != 2;' },
  }),
};

/** The model (constants `default`: one call each; `two`: thread 0 makes two). */
export const kernelCounter = defineModel<ThreadsState<Shared, Local>, Constants>({
  name: 'kernel-counter',
  spec: program.spec,
  constants: { default: { calls: 1 }, two: { calls: 2 } },
  properties: {
    noLostUpdate: { kind: 'invariant', summary: 'count == writes', holds: (s) => s.shared.count === s.shared.writes },
  },
  presentation: { threadedCalls: kernelCounterCalls },
}) as unknown as AnyModel;

/** The trace of `steps` ([action, thread]) replayed on the model at `set`. */
export function traceOf(set: string, steps: readonly [string, number][]): Trace<unknown> {
  const compiled = compileModel(kernelCounter, { constantSet: set });
  const replayer = new Replayer(compiled);
  let position = replayer.start();
  const out: TraceStep<unknown>[] = [{ label: null, state: position.state }];
  for (const [action, thread] of steps) {
    const label = { action, params: { thread } };
    const next = replayer.step(position, compiled.labels.findIndex((l) => canonicalJson(l) === canonicalJson(label)));
    if (next.kind !== 'step') throw new Error(`${action} ${thread}: ${next.kind}`);
    position = next.position;
    out.push({ label, state: position.state, ...(next.result !== undefined ? { result: next.result } : {}) });
  }
  return { steps: out };
}

/** Thread 1 enters inc() at once but races only with thread 0's second call. */
export const EARLY_ENTRY: [string, number][] = [
  ['user.call', 1],
  ['user.call', 0], ['kinc.read', 0], ['kinc.write', 0], ['user.sysret', 0],
  ['user.call', 0], ['kinc.read', 0], ['kinc.read', 1], ['kinc.write', 0], ['kinc.write', 1],
];

