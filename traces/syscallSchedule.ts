/**
 * The system calls of a threaded trace, as a pthreads reproducer issues them: which thread starts which call at which
 * step, where each call returns, and the trace rearranged so that calls overlap only where they have to.
 *
 * A checker's shortest trace often enters a call early for no reason of the race (a BFS trace takes an `fdget` as
 * soon as it can), and a user-space program cannot hold a call at its first kernel step. With the model at hand (a
 * {@link ReplayTarget}), {@link scheduleCalls} first moves, one at a time, each call's first step as late as it can go
 * and each other step as early as it can go, and keeps a move only when the whole trace replays on the model with
 * every step allowed, every step's result the same, the same final state, the same last step (and the same kernel
 * assertion when the trace ends in one): the rearranged trace is a trace the checker could have found, with the
 * same outcome. Then it runs the calls still in the kernel at the end of the trace to their return, one thread at a
 * time (the lowest first, another one when that one blocks), so that the program knows what they return; it stops
 * at a kernel assertion or when every such thread blocks. Without a target the trace is taken as it is.
 *
 * Guarantees: pure and deterministic; the steps of the result are those of the trace (as a permutation, with the
 * last one kept last) followed by the completion steps; every call's steps are those of its thread from its first
 * step up to (not including) the thread's next call.
 */
import { canonicalJson, type Json, type Label, type ReplayTarget, type Trace, type TraceStep } from '../checker/engine/index.js';
import { laneSteps, type ThreadLanesInfo } from './threadLanes.js';

/** One system call of the schedule. */
export interface ScheduledCall {
  readonly thread: number;
  /** The index in the schedule's `trace.steps` of the call's first step, and of its last. */
  readonly start: number;
  readonly end: number;
  /** The label of its first step. */
  readonly label: Label;
  /** Its return value in the model (the last result its steps give), when the schedule reaches its return. */
  readonly result: Json | undefined;
  /** Whether the schedule reaches its return (the thread is back in user space after `end`). */
  readonly returned: boolean;
}

/** The trace as the reproducer issues it (see the module comment). */
export interface CallSchedule {
  /** The rearranged trace, followed by the completion steps (and the aborted step, when the trace has one). */
  readonly trace: Trace<unknown>;
  /** How many of `trace.steps` (after the initial state) are the trace's own; the rest are the completion. */
  readonly traceSteps: number;
  /** The calls, by their first step. */
  readonly calls: readonly ScheduledCall[];
  /** Steps moved by the rearrangement (0 when the trace is issued as found). */
  readonly moved: number;
  /** Why a call still in the kernel was not run to its return (a kernel assertion's message, or `blocked`), if one was not. */
  readonly incomplete?: string;
}

/** Which steps start calls, and which program counters are in user space (from the model's presentation). */
export interface CallShape {
  isCallStart(label: Label): boolean;
  inUserSpace(pc: string): boolean;
}

const threadOf = (label: Label): number | undefined => {
  const p = label.params as { thread?: unknown } | null;
  return p !== null && typeof p === 'object' && typeof p.thread === 'number' ? p.thread : undefined;
};

/** The calls of `trace` (see {@link ScheduledCall}). Pure. */
export function callsOf(trace: Trace<unknown>, info: ThreadLanesInfo, shape: CallShape): ScheduledCall[] {
  const open = new Map<number, { thread: number; start: number; end: number; label: Label; result: Json | undefined; returned: boolean }>();
  const out: { thread: number; start: number; end: number; label: Label; result: Json | undefined; returned: boolean }[] = [];
  const aborted = trace.aborted !== undefined ? trace.steps.length : -1;
  for (const step of laneSteps(trace, info)) {
    if (step.thread === undefined || step.index === aborted) continue;
    let call = open.get(step.thread);
    if (shape.isCallStart(step.label)) {
      call = { thread: step.thread, start: step.index, end: step.index, label: step.label, result: undefined, returned: false };
      open.set(step.thread, call);
      out.push(call);
    }
    if (call === undefined) continue;
    call.end = step.index;
    if (step.result !== undefined) call.result = step.result as Json;
    call.returned = step.pcAfter !== undefined && shape.inUserSpace(step.pcAfter);
  }
  return out.map((c) => ({ ...c, result: c.returned ? c.result : undefined }));
}

/** Moves element `from` of `xs` to index `to` (of the array without it). */
function moved<T>(xs: readonly T[], from: number, to: number): T[] {
  const out = xs.slice();
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x!);
  return out;
}

/** The trace's steps rearranged as the module comment says, and how many steps moved. */
function rearrange(trace: Trace<unknown>, target: ReplayTarget, shape: CallShape): { steps: TraceStep<unknown>[]; moved: number } {
  const original = trace.steps.slice(1);
  const n = original.length;
  if (n < 3 || n > 400) return { steps: trace.steps.slice(), moved: 0 };
    const finalKey = canonicalJson(trace.steps[n]!.state as Json);
  let order = Array.from({ length: n }, (_, k) => k);
  /** The trace in the order `order` (steps[i] is the state before position i). */
  let steps = trace.steps.slice();
  /**
   * The trace in the order `candidate`, which differs from `order` at positions lo … hi only, or undefined when the
   * model refuses it. Replays from position lo; past hi, once the state is the current order's, the rest is too.
   */
  const accepts = (candidate: readonly number[], lo: number, hi: number): TraceStep<unknown>[] | undefined => {
    const out = steps.slice(0, lo + 1);
    let state = steps[lo]!.state;
    for (let i = lo; i < n; i += 1) {
      if (i > hi && canonicalJson(state as Json) === canonicalJson(steps[i]!.state as Json)) return out.concat(steps.slice(i + 1));
      const step = original[candidate[i]!]!;
      const outcome = target.step(state, step.label!);
      if (!outcome.ok || canonicalJson(outcome.result ?? null) !== canonicalJson((step.result as Json | undefined) ?? null)) return undefined;
      state = outcome.state;
      out.push({ label: step.label!, state, ...(outcome.result !== undefined ? { result: outcome.result } : {}) });
    }
    if (canonicalJson(state as Json) !== finalKey) return undefined;
    if (trace.aborted !== undefined) {
      const last = target.step(state, trace.aborted.label);
      if (last.ok || last.kind !== 'assertion') return undefined;
    }
    return out;
  };
  const threadAt = (p: number): number | undefined => threadOf(original[order[p]!]!.label!);
  for (let round = 0; round < 8; round += 1) {
    let changed = false;
    // positions 0 … n-2: the last step stays last
    for (let p = 0; p < n - 1; p += 1) {
      const t = threadAt(p);
      if (t === undefined) continue;
      const label = original[order[p]!]!.label!;
      if (shape.isCallStart(label)) {
        let q = p + 1;
        while (q < n - 1 && threadAt(q) !== t) q += 1;
        // latest first: just before the thread's next step (or before the last step)
        for (let to = q - 1; to > p; to -= 1) {
          const candidate = moved(order, p, to);
          const ok = accepts(candidate, Math.min(p, to), Math.max(p, to));
          if (ok !== undefined) {
            order = candidate;
            steps = ok;
            changed = true;
            break;
          }
        }
      } else {
        let q = p - 1;
        while (q >= 0 && threadAt(q) !== t) q -= 1;
        for (let to = q + 1; to < p; to += 1) {
          const candidate = moved(order, p, to);
          const ok = accepts(candidate, Math.min(p, to), Math.max(p, to));
          if (ok !== undefined) {
            order = candidate;
            steps = ok;
            changed = true;
            break;
          }
        }
      }
    }
    if (!changed) break;
  }
  const count = order.filter((k, p) => k !== p).length;
  return { steps: count === 0 ? trace.steps.slice() : steps, moved: count };
}

/** Runs the threads still inside a call to their return (see the module comment). */
function complete(
  steps: TraceStep<unknown>[],
  target: ReplayTarget,
  info: ThreadLanesInfo,
  shape: CallShape,
  inCall: ReadonlySet<number>,
): { steps: TraceStep<unknown>[]; incomplete?: string } {
  const out = steps.slice();
  const pending = [...inCall].sort((a, b) => a - b);
  const pcOf = (state: unknown, t: number): string => (state as { threads: { pc: string }[] }).threads[t]!.pc;
  for (let guard = 0; guard < 500 && pending.length > 0; guard += 1) {
    const state = out[out.length - 1]!.state;
    let progressed = false;
    for (const t of pending) {
      const pc = pcOf(state, t);
      const label = target.labels.find((l) => l.action === pc && threadOf(l) === t);
      if (label === undefined) continue;
      const outcome = target.step(state, label);
      if (!outcome.ok && outcome.kind === 'assertion') return { steps: out, incomplete: outcome.message };
      if (!outcome.ok) continue;
      out.push({ label, state: outcome.state, ...(outcome.result !== undefined ? { result: outcome.result } : {}) });
      if (shape.inUserSpace(pcOf(outcome.state, t))) pending.splice(pending.indexOf(t), 1);
      progressed = true;
      break;
    }
    if (!progressed) return { steps: out, incomplete: 'blocked' };
  }
  void info;
  return pending.length === 0 ? { steps: out } : { steps: out, incomplete: 'blocked' };
}

/** The schedule of `trace`'s calls (see the module comment); `target` is the model's, when it is at hand. */
export function scheduleCalls(trace: Trace<unknown>, info: ThreadLanesInfo, shape: CallShape, target?: ReplayTarget): CallSchedule {
  const { steps, moved: movedSteps } = target !== undefined && trace.loop === undefined ? rearrange(trace, target, shape) : { steps: trace.steps.slice(), moved: 0 };
  const rearranged: Trace<unknown> = { ...trace, steps };
  const traceSteps = steps.length - 1;
  let all = steps;
  let incomplete: string | undefined;
  if (target !== undefined && trace.aborted === undefined && trace.loop === undefined) {
    const inCall = new Set(callsOf(rearranged, info, shape).filter((c) => !c.returned).map((c) => c.thread));
    if (inCall.size > 0) ({ steps: all, incomplete } = complete(steps, target, info, shape, inCall));
  } else if (trace.aborted !== undefined) incomplete = trace.aborted.message;
  const scheduled: Trace<unknown> = { ...trace, steps: all };
  return {
    trace: scheduled,
    traceSteps,
    calls: callsOf(scheduled, info, shape),
    moved: movedSteps,
    ...(incomplete !== undefined ? { incomplete } : {}),
  };
}
