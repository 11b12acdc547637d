/**
 * Threads in a spec, as PlusCal labels: a thread runs a program — a list of named atomic steps with a yield point
 * between each two — and every thread has a program counter and locals of its own in the state, beside the state
 * the threads share. {@link defineThreads} compiles such a program to an ordinary {@link Spec}: one action per step,
 * with the thread as its parameter (`read {"thread": 1}`), enabled when that thread's program counter is at the step
 * and the step's own guard holds (a step that must wait — for a lock — is a disabled step, so waiting adds no state).
 * The engine sees nothing new: every driver, property kind and trace form works on threaded specs unchanged.
 *
 * State: `{ shared, threads: [{ pc, local }, …] }`, where `pc` is the index of the thread's next step and
 * `steps.length` means the thread has finished. A step goes on to the next step in the list unless it says where
 * (`goto`, a step name, for loops and branches).
 */
import type { JsonRecord } from './json.js';
import { t, type Schema } from './schema.js';
import { action, defineSpec, type Spec } from './spec.js';

/** One thread's part of a threaded state. */
export interface ThreadState<L> {
  /** The index of the thread's next step; the number of steps when it has finished. */
  readonly pc: number;
  readonly local: L;
}

/** The state of a threaded spec: what the threads share, and each thread's program counter and locals. */
export interface ThreadedState<G, L> {
  readonly shared: G;
  readonly threads: readonly ThreadState<L>[];
}

/** What a step does: the new shared state and locals, and optionally the step to go to next. */
export interface StepEffect<G, L> {
  readonly shared: G;
  readonly local: L;
  /** The name of the step this thread runs next; default: the next step in the list (or finishing after the last). */
  readonly goto?: string;
}

/** One atomic step of a thread's program. */
export interface ThreadStep<G, L, C> {
  /** Its name: the action's name in traces (a PlusCal label). Unique within the program. */
  readonly name: string;
  /** Whether thread `thread` may take the step now (false: it waits here, e.g. for a lock). @defaultValue always */
  enabled?(shared: G, local: L, thread: number, constants: C): boolean;
  run(shared: G, local: L, thread: number, constants: C): StepEffect<G, L>;
  readonly summary?: string;
}

/** A threaded spec's definition. */
export interface ThreadsDefinition<G, L, C extends JsonRecord> {
  readonly name: string;
  readonly summary?: string;
  /** How many threads run the program. */
  threads(constants: C): number;
  /** The schemas of the shared state and of one thread's locals. */
  sharedSchema(constants: C): Schema;
  localSchema(constants: C): Schema;
  /** The initial shared state and a thread's initial locals. */
  initShared(constants: C): G;
  initLocal(thread: number, constants: C): L;
  /** The program every thread runs, in order. */
  readonly steps: readonly ThreadStep<G, L, C>[];
  validate?(constants: C): string | undefined;
}

/**
 * The spec of `definition` (see the module comment). Guarantees: one action per step, in program order, each with
 * the parameter `{thread}` for every thread; a step changes only the shared state and its own thread's pc and
 * locals; a `goto` that names no step is a spec error (the action throws, which the engine reports as LC201).
 */
export function defineThreads<G, L, C extends JsonRecord>(definition: ThreadsDefinition<G, L, C>): Spec<ThreadedState<G, L>, C> {
  const { steps } = definition;
  const index = new Map(steps.map((s, i) => [s.name, i] as const));
  if (index.size !== steps.length) throw new Error(`${definition.name}: two steps have the same name`);
  type State = ThreadedState<G, L>;
  const actions = Object.fromEntries(
    steps.map((step, at) => [
      step.name,
      action<State, C, { thread: number }>({
        ...(step.summary !== undefined ? { summary: step.summary } : {}),
        params: (c) => Array.from({ length: definition.threads(c) }, (_, thread) => ({ thread })),
        enabled: (s, { thread }, c) => {
          const me = s.threads[thread]!;
          return me.pc === at && (step.enabled === undefined || step.enabled(s.shared, me.local, thread, c));
        },
        next: (s, { thread }, c) => {
          const me = s.threads[thread]!;
          const effect = step.run(s.shared, me.local, thread, c);
          let pc = at + 1;
          if (effect.goto !== undefined) {
            const target = index.get(effect.goto);
            if (target === undefined) throw new Error(`step ${step.name} goes to ${effect.goto}, which is not a step of ${definition.name}`);
            pc = target;
          }
          return { shared: effect.shared, threads: s.threads.with(thread, { pc, local: effect.local }) };
        },
      }),
    ]),
  );
  return defineSpec<State, C>({
    name: definition.name,
    ...(definition.summary !== undefined ? { summary: definition.summary } : {}),
    ...(definition.validate !== undefined ? { validate: definition.validate } : {}),
    schema: (c) =>
      t.record({
        shared: definition.sharedSchema(c),
        threads: t.array(t.record({ pc: t.int(0, steps.length), local: definition.localSchema(c) }), definition.threads(c)),
      }),
    init: (c) => [
      {
        shared: definition.initShared(c),
        threads: Array.from({ length: definition.threads(c) }, (_, thread) => ({ pc: 0, local: definition.initLocal(thread, c) })),
      },
    ],
    actions,
  });
}

/** Whether every thread of `state` has finished its program (`steps` steps). */
export function allFinished<G, L>(state: ThreadedState<G, L>, steps: number): boolean {
  return state.threads.every((th) => th.pc === steps);
}
