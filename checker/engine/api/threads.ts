/**
 * Threads in the spec API: a layer that compiles a multi-threaded program into an ordinary {@link Spec}, as PlusCal
 * compiles to TLA+. Nothing in the engine knows about threads; the compiled spec is explored like any other.
 *
 * A program is a set of *procedures*, each an ordered record of labelled *steps*. Every step is one atomic action of
 * one thread (a PlusCal label): the points between steps are the yield points where other threads may run. Each
 * thread has a program counter (`pc`, a qualified label `procedure.label` or `Done`), a return stack and its own
 * locals, all in the state; the threads share one `shared` record (e.g. one process's fd table and the kernel).
 *
 * Locks are state too: each declared lock instance records its writer and its readers. A step may *acquire* one lock
 * when it starts (a mutex, or an rw-semaphore for read or write): the step is disabled while the lock is not
 * available, which is how a blocked thread is modelled. A step may also *await* an arbitrary condition. Releases happen
 * inside step bodies. Optionally (`lockdep: true`) the state also records, as lockdep does, every lock-class order
 * seen so far ("class A held while acquiring class B"), so that an order inversion is a violation even on an
 * interleaving that does not deadlock.
 *
 * Compilation:
 * - the state is `{ shared, threads: [{ pc, stack, local }], locks: [{ writer, readers }], lockOrder }`;
 * - every step becomes one action named `procedure.label`, with one parameter value `{ thread }` (or
 *   `{ thread, arg }` for each value of the step's own `params`) per thread, enabled when that thread's `pc` is at the
 *   step, its `await` holds and the lock it acquires is available;
 * - an action `Terminating` (PlusCal's) is enabled, as a stuttering step, once every thread is `Done`, so that the
 *   engine's deadlock check reports only real deadlocks: a state where some thread has not finished and none can move.
 *
 * - the spec declares its processes (`api/processes.ts`): each step action belongs to its `thread`, which owns
 *   `threads[thread]` (no other thread's step touches it); `Terminating` is global (enabled only when no step is).
 *
 * Guarantees: the compiled spec is deterministic and pure (each step runs on a private copy of the state, the
 * shared record copied only when the body uses `ctx.shared`); a step
 * body's mistakes — a `goto` to an unknown label, releasing a lock not held, a call deeper than `maxCallDepth`,
 * an unknown lock — throw, and the engine reports them as spec errors with the trace to the faulty step.
 */
import type { DeepReadonly, Json, JsonRecord } from './json.js';
import { alwaysReachable, type InvariantProperty, type RecoverabilityProperty } from './property.js';
import { t, type Schema } from './schema.js';
import type { Symmetry } from './symmetry.js';
import { threadSymmetry } from './threadSymmetry.js';
import { defineSpec, withResult, type ActionDef, type ParamsOf, type Spec, type StepWithResult } from './spec.js';

/** How a lock is taken: `write` (exclusive; a mutex is always taken this way) or `read` (shared, rw-semaphores). */
export type LockMode = 'read' | 'write';

/** A lock instance of a threaded program: its name, and its class for lock-order checking (default: the name). */
export interface LockDecl {
  readonly name: string;
  readonly class?: string;
}

/** The lock a step acquires when it starts. @defaultValue mode `write` */
export interface LockRequest {
  readonly lock: string;
  readonly mode?: LockMode;
}

/** What `acquire` and `await` see: the thread, the state (read-only) and the locks it holds. */
export interface ThreadView<G, L, C> {
  readonly thread: number;
  readonly shared: DeepReadonly<G>;
  readonly local: DeepReadonly<L>;
  readonly constants: C;
  /** How this thread holds `lock`, or undefined when it does not. */
  holds(lock: string): LockMode | undefined;
}

/**
 * What a step body works on: private, mutable copies of the shared state and of this thread's locals, and the
 * control operations. Without a control operation the thread falls through to the procedure's next step, or returns
 * from the procedure after its last step.
 *
 * @privateCopies shared local
 */
export interface StepContext<G, L, C> {
  readonly thread: number;
  readonly constants: C;
  /** The successor's shared state; the body may change it in place. */
  readonly shared: G;
  /** The successor's locals of this thread; the body may change them in place. */
  readonly local: L;
  /** How this thread holds `lock` (after the step's own acquisition), or undefined. */
  holds(lock: string): LockMode | undefined;
  /** Releases `lock`, which this thread must hold (else the spec is faulty). */
  release(lock: string): void;
  /** Continues at `label` of the current procedure. */
  goto(label: string): void;
  /**
   * Calls `procedure`: its first step is this thread's next step, and its return continues at `returnTo` (a label of
   * the current procedure), by default the step after this one. From a procedure's last step, without `returnTo`,
   * the call is a tail call: the callee returns to this procedure's caller.
   */
  call(procedure: string, returnTo?: string): void;
  /** Returns from the current procedure (from the thread's start procedure: the thread is `Done`). */
  ret(): void;
  /** Ends the thread (`pc = Done`). */
  done(): void;
  /** Gives the step an observable result (shown in traces, as `withResult` does for plain specs). */
  result(value: Json): void;
}

/**
 * One atomic step of a thread. Methods are pure functions of their arguments; `run` changes only the context's
 * copies. `P` is the type of the step's own parameter (the ∃ of a PlusCal `with`), `null` when it has none.
 */
export interface ThreadStep<G, L, C, P extends Json = Json> {
  /** Values of the step's own parameter, tried for every thread. @defaultValue `[null]` */
  readonly params?: readonly P[] | ParamsOf<C, P>;
  /** The lock the step takes when it starts; the step is disabled while that lock is not available. */
  acquire?(view: ThreadView<G, L, C>, param: P): LockRequest | undefined;
  /** A condition the step waits for (PlusCal `await`). @defaultValue always true */
  await?(view: ThreadView<G, L, C>, param: P): boolean;
  /** The step's effect. @defaultValue no effect, fall through */
  run?(ctx: StepContext<G, L, C>, param: P): void;
  /** One line about the step, for listings. */
  readonly summary?: string;
}

/** A procedure: its steps in program order (the first is its entry). */
export type Procedure<G, L, C> = { readonly [label: string]: ThreadStep<G, L, C, Json> };

/** The definition of a threaded program (see the module comment). */
export interface ThreadsDef<G, L, C extends JsonRecord> {
  readonly name: string;
  readonly summary?: string;
  /** The number of threads for constants `c` (at least 1). */
  threads(constants: C): number;
  /** The shared state: its schema and initial value. */
  readonly shared: { schema(constants: C): Schema; init(constants: C): G };
  /** Every thread's locals: one schema for all threads, and each thread's initial value. */
  readonly locals: { schema(constants: C): Schema; init(constants: C, thread: number): L };
  /** The lock instances. @defaultValue none */
  locks?(constants: C): readonly (string | LockDecl)[];
  /** The procedures, by name (no `.` in names or labels). */
  readonly procedures: { readonly [name: string]: Procedure<G, L, C> };
  /** The procedure thread `thread` starts in. */
  start(constants: C, thread: number): string;
  /** The deepest call stack a thread may have. @defaultValue 4 */
  readonly maxCallDepth?: number;
  /** Record lock-class orders in the state (lockdep), for {@link ThreadsSpec.properties}' `lockOrder`. @defaultValue false */
  readonly lockdep?: boolean;
  /**
   * Classes of interchangeable threads (threads that run the same program: the same start procedure, equal initial
   * locals, and steps that treat their own thread number only as a name), for {@link ThreadsSpec.symmetry}. Thread
   * numbers stored in the shared state or the locals must be declared with `t.threadId` so that a renaming renames
   * them (`api/threadSymmetry.ts`). @defaultValue none: {@link ThreadsSpec.symmetry} is undefined
   */
  interchangeable?(constants: C): readonly (readonly number[])[];
  /** Why constants are unusable, or undefined. */
  validate?(constants: C): string | undefined;
}

/** One thread's part of the state. */
export interface ThreadState<L> {
  /** `procedure.label` of the thread's next step, or `Done`. */
  readonly pc: string;
  /** Return labels, innermost last. */
  readonly stack: readonly string[];
  readonly local: DeepReadonly<L>;
}

/** One lock's part of the state: the thread holding it for write, and which threads hold it for read. */
export interface LockState {
  readonly writer: number | null;
  readonly readers: readonly boolean[];
}

/** A state of a threaded program. */
export interface ThreadsState<G, L> {
  readonly shared: DeepReadonly<G>;
  readonly threads: readonly ThreadState<L>[];
  readonly locks: readonly LockState[];
  /** With lockdep: `lockOrder[a * classes + b]` is true once class `a` was held while class `b` was acquired. */
  readonly lockOrder: readonly boolean[];
}

/** The parameter of every compiled step action. */
export type ThreadStepParams = { readonly thread: number } | { readonly thread: number; readonly arg: Json };

/** The pc of a finished thread. */
export const DONE = 'Done';
/** The name of the stuttering action enabled once every thread is Done. */
export const TERMINATING = 'Terminating';

/** A compiled threaded program: the spec, and functions and properties about its threads and locks. */
export interface ThreadsSpec<G, L, C extends JsonRecord> {
  readonly spec: Spec<ThreadsState<G, L>, C>;
  /**
   * The symmetry under renamings of the threads declared `interchangeable` (a model passes it as its `symmetry`),
   * or undefined when none are declared.
   */
  readonly symmetry: Symmetry<ThreadsState<G, L>, C> | undefined;
  /** The lock thread `thread` is blocked on (its next step acquires it and it is not available), or undefined. */
  waitingFor(state: ThreadsState<G, L>, constants: C, thread: number): string | undefined;
  /** The locks thread `thread` holds, with their modes. */
  held(state: ThreadsState<G, L>, constants: C, thread: number): { readonly lock: string; readonly mode: LockMode }[];
  /** Whether thread `thread` holds `lock`. */
  holds(state: ThreadsState<G, L>, constants: C, thread: number, lock: string): LockMode | undefined;
  /**
   * Lock properties every threaded model can check:
   * - `noSelfDeadlock`: no thread waits for a lock it holds itself;
   * - `noWaitCycle`: the waits-for graph (thread → threads holding the lock it waits for) has no cycle;
   * - `lockOrder`: the lock-class orders recorded so far have no cycle (needs `lockdep: true`; else always holds);
   * - `noThreadStuck`: from every reachable state, a state where no thread waits for a lock can be reached.
   */
  readonly properties: {
    readonly noSelfDeadlock: InvariantProperty<ThreadsState<G, L>, C>;
    readonly noWaitCycle: InvariantProperty<ThreadsState<G, L>, C>;
    readonly lockOrder: InvariantProperty<ThreadsState<G, L>, C>;
    readonly noThreadStuck: RecoverabilityProperty<ThreadsState<G, L>, C>;
  };
}

/**
 * What `defineThreads` tells trace renderers about a spec it compiled (see {@link threadsLayoutOf}): the state has
 * the shape of {@link ThreadsState} and every step's label carries its thread (`ThreadStepParams`).
 */
export interface ThreadsLayout {
  /** The number of threads at `constants`. */
  threads(constants: JsonRecord): number;
  /** The lock names at `constants`, in the order of the state's `locks`. */
  lockNames(constants: JsonRecord): readonly string[];
}

const layouts = new WeakMap<object, ThreadsLayout>();

/** The layout of `spec` when `defineThreads` compiled it, else undefined. */
export function threadsLayoutOf(spec: object): ThreadsLayout | undefined {
  return layouts.get(spec);
}

/** A deep copy of a JSON-shaped value (what states are made of). */
function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1) out[i] = cloneJson(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = cloneJson((value as Record<string, unknown>)[key]);
  return out as T;
}

/** The locks of a program for one set of constants: names, classes, and lookups. */
interface LockTable {
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** The class index of each lock. */
  readonly classOf: readonly number[];
  readonly classes: readonly string[];
}

/** One compiled step. */
interface CompiledStep<G, L, C> {
  readonly procedure: string;
  readonly label: string;
  readonly qualified: string;
  /** The next step's qualified label in the procedure, or undefined after the last. */
  readonly next: string | undefined;
  readonly def: ThreadStep<G, L, C, Json>;
}

/** A control mistake of a step body (reported by the engine as a spec error). */
class ControlError extends Error {}

/**
 * Compiles a threaded program into a spec, with functions and properties about its threads and locks (see the module
 * comment for the state, the actions and the guarantees).
 */
export function defineThreads<G, L, C extends JsonRecord>(def: ThreadsDef<G, L, C>): ThreadsSpec<G, L, C> {
  const maxDepth = def.maxCallDepth ?? 4;
  const steps = new Map<string, CompiledStep<G, L, C>>();
  const entries = new Map<string, string>();
  for (const [procedure, body] of Object.entries(def.procedures)) {
    if (procedure.includes('.')) throw new Error(`${def.name}: procedure name '${procedure}' contains '.'`);
    const labels = Object.keys(body);
    if (labels.length === 0) throw new Error(`${def.name}: procedure ${procedure} has no steps`);
    entries.set(procedure, `${procedure}.${labels[0]!}`);
    labels.forEach((label, i) => {
      if (label.includes('.')) throw new Error(`${def.name}: label '${label}' of ${procedure} contains '.'`);
      const qualified = `${procedure}.${label}`;
      const next = i + 1 < labels.length ? `${procedure}.${labels[i + 1]!}` : undefined;
      steps.set(qualified, { procedure, label, qualified, next, def: body[label]! });
    });
  }
  const pcValues = [...steps.keys(), DONE];
  if (pcValues.includes(TERMINATING)) throw new Error(`${def.name}: '${TERMINATING}' is reserved`);

  const lockTables = new WeakMap<object, LockTable>();
  const lockTable = (c: C): LockTable => {
    let table = lockTables.get(c);
    if (table === undefined) {
      const decls = (def.locks?.(c) ?? []).map((d) => (typeof d === 'string' ? { name: d } : d));
      const names = decls.map((d) => d.name);
      const classes: string[] = [];
      const classOf = decls.map((d) => {
        const cls = d.class ?? d.name;
        if (!classes.includes(cls)) classes.push(cls);
        return classes.indexOf(cls);
      });
      const index = new Map(names.map((n, i) => [n, i] as const));
      if (index.size !== names.length) throw new Error(`${def.name}: lock names must be distinct`);
      table = { names, index, classOf, classes };
      lockTables.set(c, table);
    }
    return table;
  };
  const lockIndex = (c: C, lock: string): number => {
    const i = lockTable(c).index.get(lock);
    if (i === undefined) throw new Error(`${def.name}: unknown lock '${lock}'`);
    return i;
  };
  const modeOf = (l: LockState, thread: number): LockMode | undefined =>
    l.writer === thread ? 'write' : l.readers[thread] === true ? 'read' : undefined;
  const available = (l: LockState, mode: LockMode): boolean =>
    l.writer === null && (mode === 'read' || !l.readers.includes(true));

  const viewOf = (s: ThreadsState<G, L>, c: C, thread: number): ThreadView<G, L, C> => ({
    thread,
    shared: s.shared,
    local: s.threads[thread]!.local,
    constants: c,
    holds: (lock) => modeOf(s.locks[lockIndex(c, lock)]!, thread),
  });

  const paramsOf = (d: ThreadStep<G, L, C, Json>, c: C): readonly Json[] =>
    d.params === undefined ? [null] : typeof d.params === 'function' ? d.params(c) : d.params;

  /**
   * The lock thread `thread` is blocked on: its next step acquires a lock, and for every value of the step's own
   * parameter that lock is not available (a step the thread can take with some value is not blocked).
   */
  const waitingFor = (s: ThreadsState<G, L>, c: C, thread: number): string | undefined => {
    const step = steps.get(s.threads[thread]!.pc);
    if (step?.def.acquire === undefined) return undefined;
    const view = viewOf(s, c, thread);
    let blockedOn: string | undefined;
    for (const p of paramsOf(step.def, c)) {
      if (step.def.await !== undefined && !step.def.await(view, p)) continue;
      const req = step.def.acquire(view, p);
      if (req === undefined || available(s.locks[lockIndex(c, req.lock)]!, req.mode ?? 'write')) return undefined;
      blockedOn ??= req.lock;
    }
    return blockedOn;
  };

  const actions: Record<string, ActionDef<ThreadsState<G, L>, C, Json>> = {};
  for (const step of steps.values()) {
    const d = step.def;
    actions[step.qualified] = {
      ...(d.summary !== undefined ? { summary: d.summary } : {}),
      params: (c: C) => {
        const n = def.threads(c);
        const own = paramsOf(d, c);
        const out: ThreadStepParams[] = [];
        for (let thread = 0; thread < n; thread += 1) {
          for (const arg of own) out.push(arg === null && d.params === undefined ? { thread } : { thread, arg });
        }
        return out;
      },
      enabled: (s: ThreadsState<G, L>, p: Json, c: C) => {
        const { thread, arg } = p as { thread: number; arg?: Json };
        if (s.threads[thread]!.pc !== step.qualified) return false;
        if (d.await === undefined && d.acquire === undefined) return true;
        const view = viewOf(s, c, thread);
        const param = arg ?? null;
        if (d.await !== undefined && !d.await(view, param)) return false;
        const req = d.acquire?.(view, param);
        return req === undefined || available(s.locks[lockIndex(c, req.lock)]!, req.mode ?? 'write');
      },
      next: (s: ThreadsState<G, L>, p: Json, c: C) => runStep(step, s, p as { thread: number; arg?: Json }, c),
    };
  }
  actions[TERMINATING] = {
    summary: 'every thread is Done: stutter (PlusCal Terminating), so that termination is not a deadlock',
    enabled: (s: ThreadsState<G, L>) => s.threads.every((th) => th.pc === DONE),
    next: (s: ThreadsState<G, L>) => s,
  };

  function runStep(
    step: CompiledStep<G, L, C>,
    s: ThreadsState<G, L>,
    p: { thread: number; arg?: Json },
    c: C,
  ): ThreadsState<G, L> | StepWithResult<ThreadsState<G, L>> {
    const thread = p.thread;
    const param = p.arg ?? null;
    const table = lockTable(c);
    const me = s.threads[thread]!;
    // copy-on-write: the shared record is copied only when the body touches ctx.shared, so that a step that does
    // not use it neither reads nor writes it (its footprint, `core/footprint.ts`, stays within its own thread)
    let shared: G | undefined;
    const sharedCopy = (): G => (shared ??= cloneJson(s.shared) as G);
    const local = cloneJson(me.local) as L;
    let locks: LockState[] | undefined;
    const writableLock = (i: number): { writer: number | null; readers: boolean[] } => {
      locks ??= s.locks.slice();
      const copy = { writer: locks[i]!.writer, readers: locks[i]!.readers.slice() };
      locks[i] = copy;
      return copy;
    };
    let lockOrder = s.lockOrder;
    const d = step.def;
    if (d.acquire !== undefined) {
      const req = d.acquire(viewOf(s, c, thread), param);
      if (req !== undefined) {
        const i = lockIndex(c, req.lock);
        if (def.lockdep === true) {
          const k = table.classes.length;
          const target = table.classOf[i]!;
          s.locks.forEach((l, j) => {
            const from = table.classOf[j]!;
            if (modeOf(l, thread) !== undefined && !lockOrder[from * k + target]) {
              if (lockOrder === s.lockOrder) lockOrder = s.lockOrder.slice();
              (lockOrder as boolean[])[from * k + target] = true;
            }
          });
        }
        const l = writableLock(i);
        if ((req.mode ?? 'write') === 'write') l.writer = thread;
        else l.readers[thread] = true;
      }
    }
    let pc: string | undefined;
    let stack = me.stack.slice();
    let result: Json | undefined;
    let hasResult = false;
    const current = (): LockState[] => locks ?? (s.locks as LockState[]);
    const resolve = (label: string): string => {
      const q = `${step.procedure}.${label}`;
      if (!steps.has(q)) throw new ControlError(`${def.name}: ${step.qualified}: no label '${label}' in ${step.procedure}`);
      return q;
    };
    const setControl = (value: string): void => {
      if (pc !== undefined) throw new ControlError(`${def.name}: ${step.qualified}: two control operations in one step`);
      pc = value;
    };
    const doReturn = (): string => {
      const back = stack.pop();
      return back ?? DONE;
    };
    const ctx: StepContext<G, L, C> = {
      thread,
      constants: c,
      get shared(): G {
        return sharedCopy();
      },
      local,
      holds: (lock) => modeOf(current()[lockIndex(c, lock)]!, thread),
      release: (lock) => {
        const i = lockIndex(c, lock);
        const mode = modeOf(current()[i]!, thread);
        if (mode === undefined) throw new ControlError(`${def.name}: ${step.qualified}: thread ${thread} releases ${lock}, which it does not hold`);
        const l = writableLock(i);
        if (mode === 'write') l.writer = null;
        else l.readers[thread] = false;
      },
      goto: (label) => setControl(resolve(label)),
      call: (procedure, returnTo) => {
        const entry = entries.get(procedure);
        if (entry === undefined) throw new ControlError(`${def.name}: ${step.qualified}: no procedure '${procedure}'`);
        const back = returnTo !== undefined ? resolve(returnTo) : step.next;
        if (back !== undefined) {
          if (stack.length >= maxDepth) throw new ControlError(`${def.name}: ${step.qualified}: call of ${procedure} deeper than maxCallDepth ${maxDepth}`);
          stack.push(back);
        }
        setControl(entry);
      },
      ret: () => setControl(doReturn()),
      done: () => {
        stack = [];
        setControl(DONE);
      },
      result: (value) => {
        result = value;
        hasResult = true;
      },
    };
    d.run?.(ctx, param);
    const nextPc = pc ?? step.next ?? doReturn();
    const threads = s.threads.slice();
    threads[thread] = { pc: nextPc, stack, local: local as DeepReadonly<L> };
    const successor: ThreadsState<G, L> = {
      shared: shared === undefined ? s.shared : (shared as DeepReadonly<G>),
      threads,
      locks: locks ?? s.locks,
      lockOrder,
    };
    return hasResult ? withResult(successor, result ?? null) : successor;
  }

  const spec = defineSpec<ThreadsState<G, L>, C>({
    name: def.name,
    ...(def.summary !== undefined ? { summary: def.summary } : {}),
    ...(def.validate !== undefined ? { validate: (c: C) => def.validate!(c) } : {}),
    schema: (c) => {
      const n = def.threads(c);
      const table = lockTable(c);
      const k = def.lockdep === true ? table.classes.length : 0;
      return t.record({
        shared: def.shared.schema(c),
        threads: t.array(
          t.record({ pc: t.enum(...pcValues), stack: t.list(t.enum(...pcValues), maxDepth), local: def.locals.schema(c) }),
          n,
        ),
        locks: t.array(t.record({ writer: t.nullable(t.int(0, Math.max(n - 1, 0))), readers: t.array(t.bool(), n) }), table.names.length),
        lockOrder: t.array(t.bool(), k * k),
      });
    },
    init: (c) => {
      const n = def.threads(c);
      const table = lockTable(c);
      const k = def.lockdep === true ? table.classes.length : 0;
      const threads: ThreadState<L>[] = [];
      for (let thread = 0; thread < n; thread += 1) {
        const entry = entries.get(def.start(c, thread));
        if (entry === undefined) throw new Error(`${def.name}: thread ${thread} starts in unknown procedure '${def.start(c, thread)}'`);
        threads.push({ pc: entry, stack: [], local: def.locals.init(c, thread) as DeepReadonly<L> });
      }
      return [
        {
          shared: def.shared.init(c) as DeepReadonly<G>,
          threads,
          locks: table.names.map(() => ({ writer: null, readers: new Array<boolean>(n).fill(false) })),
          lockOrder: new Array<boolean>(k * k).fill(false),
        },
      ];
    },
    actions,
    processes: {
      processOf: (action: string, params: Json) =>
        action === TERMINATING || params === null || typeof params !== 'object' || Array.isArray(params)
          ? undefined
          : (params as { thread?: number }).thread,
      owned: (thread: number) => [['threads', thread]],
    },
  });

  layouts.set(spec, { threads: (c) => def.threads(c as C), lockNames: (c) => lockTable(c as C).names });

  const held = (s: ThreadsState<G, L>, c: C, thread: number): { lock: string; mode: LockMode }[] => {
    const table = lockTable(c);
    const out: { lock: string; mode: LockMode }[] = [];
    s.locks.forEach((l, i) => {
      const mode = modeOf(l, thread);
      if (mode !== undefined) out.push({ lock: table.names[i]!, mode });
    });
    return out;
  };
  /** The threads other than `thread` that keep it from taking the lock it waits for. */
  const blockers = (s: ThreadsState<G, L>, c: C, thread: number): number[] => {
    const lock = waitingFor(s, c, thread);
    if (lock === undefined) return [];
    const l = s.locks[lockIndex(c, lock)]!;
    const out: number[] = [];
    if (l.writer !== null && l.writer !== thread) out.push(l.writer);
    l.readers.forEach((r, u) => {
      if (r && u !== thread && !out.includes(u)) out.push(u);
    });
    return out;
  };
  const hasCycle = (edges: readonly (readonly number[])[]): boolean => {
    const colour = new Array<number>(edges.length).fill(0);
    const visit = (v: number): boolean => {
      colour[v] = 1;
      for (const w of edges[v]!) {
        if (colour[w] === 1 || (colour[w] === 0 && visit(w))) return true;
      }
      colour[v] = 2;
      return false;
    };
    return edges.some((_, v) => colour[v] === 0 && visit(v));
  };

  const interchangeable = def.interchangeable;
  const symmetry =
    interchangeable === undefined
      ? undefined
      : threadSymmetry<ThreadsState<G, L>, C>({
          name: def.name,
          threads: (c) => def.threads(c),
          interchangeable: (c) => interchangeable.call(def, c),
          sharedSchema: (c) => def.shared.schema(c),
          localSchema: (c) => def.locals.schema(c),
          start: (c, thread) => def.start(c, thread),
          initialLocal: (c, thread) => def.locals.init(c, thread),
        });

  return {
    spec,
    symmetry,
    waitingFor,
    held,
    holds: (s, c, thread, lock) => modeOf(s.locks[lockIndex(c, lock)]!, thread),
    properties: {
      noSelfDeadlock: {
        kind: 'invariant',
        summary: 'no thread waits for a lock it holds itself',
        rationale: 'A thread blocked on its own lock never wakes up (lockdep: "possible recursive locking").',
        holds: (s, c) =>
          s.threads.every((_, thread) => {
            const lock = waitingFor(s, c, thread);
            return lock === undefined || modeOf(s.locks[lockIndex(c, lock)]!, thread) === undefined;
          }),
      },
      noWaitCycle: {
        kind: 'invariant',
        summary: 'no cycle of threads each waiting for a lock the next one holds (an ABBA deadlock)',
        rationale: 'Threads in such a cycle can never proceed.',
        holds: (s, c) => !hasCycle(s.threads.map((_, thread) => blockers(s, c, thread))),
      },
      lockOrder: {
        kind: 'invariant',
        summary: 'the lock-class orders seen so far (class A held while class B is acquired) have no cycle',
        rationale:
          'As lockdep: two paths taking the same classes in opposite orders can deadlock, whether or not this ' +
          'interleaving does; a class nested in itself is a cycle too.',
        holds: (s, c) => {
          const k = lockTable(c).classes.length;
          if (s.lockOrder.length !== k * k) return true;
          const edges = Array.from({ length: k }, (_, a) => {
            const out: number[] = [];
            for (let b = 0; b < k; b += 1) if (s.lockOrder[a * k + b]) out.push(b);
            return out;
          });
          return !hasCycle(edges);
        },
      },
      noThreadStuck: alwaysReachable<ThreadsState<G, L>, C>(
        (s, c) => s.threads.every((_, thread) => waitingFor(s, c, thread) === undefined),
        {
          summary: 'from every reachable state, a state where no thread waits for a lock can be reached',
          rationale: 'A thread that can never get its lock is stuck for ever (a deadlock, or a lock never released).',
        },
      ),
    },
  };
}
