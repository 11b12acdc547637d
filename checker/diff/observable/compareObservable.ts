/**
 * Two versions of a threaded model compared at the observable level of an {@link ObservableMapping}: a joint
 * breadth-first walk over pairs (set of A, set of B) of the subset construction (`observableSpace.ts`), driven by the
 * observable events. An event allowed after the same agreed events by one version's set and by none of the other's
 * concrete states is a *divergence*: some interleaving of A shows the user something no interleaving of B can, after
 * the same calls and returns. Internal steps never diverge (they are stuttering); a thread that may block for ever is
 * not an event (the `noThreadStuck` verdicts cover it).
 *
 * Guarantees: the walk is exhaustive unless `maxPairs` stops it (`complete` says); divergences are kept in BFS order,
 * so each is a shortest sequence of observable events (calls, returns, oopses) ending in its first divergence; one is
 * kept per *kind* — the side that allows the event, the call it answers and the answer, without thread numbers — so
 * the same difference after other prefixes is counted, not repeated; `equivalent` is true only when the walk was
 * complete and found none, which is then a proof, for these constants, that the two versions show the user the same
 * traces of calls and returns.
 */
import { canonicalJson, type Json } from '../../engine/api/json.js';
import type { ObservableEvent } from './observableMapping.js';
import { eventKey, type ObservableSpace } from './observableSpace.js';

/** One first divergence at the observable level. */
export interface ObservableDivergence {
  /** The events both versions agree on, in order. */
  readonly prefix: readonly ObservableEvent[];
  /** The event only one side allows after them. */
  readonly event: ObservableEvent;
  /** Which side allows it. */
  readonly only: 'a' | 'b';
  /** The call the event answers (for a return or an oops: the thread's call in progress; for a call: itself). */
  readonly call: Json | null;
  /** The kind key (side, call, answer, no threads): one divergence is kept per key. */
  readonly kind: string;
  /** How many first divergences of this kind the walk met (this one included). */
  readonly occurrences: number;
}

/** The result of {@link compareObservable}. */
export interface ObservableComparison {
  readonly a: string;
  readonly b: string;
  /** True exactly when the walk was complete and found no divergence. */
  readonly equivalent: boolean;
  readonly complete: boolean;
  /** Pairs of sets visited. */
  readonly jointStates: number;
  /** Deepest level (in observable events) of a visited pair. */
  readonly depth: number;
  /** One per kind, shortest first. */
  readonly divergences: readonly ObservableDivergence[];
  /** First divergences met in all (every occurrence of every kind). */
  readonly occurrences: number;
}

/** Options of {@link compareObservable}. */
export interface CompareObservableOptions {
  /** Stop (incomplete) after this many pairs. @defaultValue unlimited */
  readonly maxPairs?: number;
}

/** The call thread `thread` has in progress after `events` (its last call without a return), or null. */
export function callInProgress(events: readonly ObservableEvent[], thread: number): Json | null {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const e = events[i]!;
    if (e.thread !== thread) continue;
    return e.kind === 'call' ? e.call : null;
  }
  return null;
}

/** The answer part of an event, without its thread (what a divergence kind is keyed on). */
export function answerOf(e: ObservableEvent): Json {
  switch (e.kind) {
    case 'call':
      return { call: e.call };
    case 'return':
      return { ret: e.result };
    case 'oops':
      return { oops: e.property };
  }
}

/** Compares `a` and `b` as described at the top of this file. */
export function compareObservable(a: ObservableSpace, b: ObservableSpace, options: CompareObservableOptions = {}): ObservableComparison {
  const maxPairs = options.maxPairs ?? Number.POSITIVE_INFINITY;
  const pairIds = new Map<string, number>();
  const setsA: number[] = [];
  const setsB: number[] = [];
  const parent: number[] = [];
  const via: ObservableEvent[] = [];
  const level: number[] = [];
  const add = (sa: number, sb: number, from: number, e: ObservableEvent | undefined): void => {
    const key = `${sa},${sb}`;
    if (pairIds.has(key)) return;
    pairIds.set(key, setsA.length);
    setsA.push(sa);
    setsB.push(sb);
    parent.push(from);
    via.push(e as ObservableEvent);
    level.push(from < 0 ? 0 : level[from]! + 1);
  };
  add(a.initialSet(), b.initialSet(), -1, undefined);
  const prefixOf = (p: number): ObservableEvent[] => {
    const out: ObservableEvent[] = [];
    for (let x = p; parent[x]! >= 0; x = parent[x]!) out.push(via[x]!);
    return out.reverse();
  };
  const kept = new Map<string, { d: Omit<ObservableDivergence, 'occurrences'>; n: number }>();
  let occurrences = 0;
  let complete = true;
  const diverge = (p: number, e: ObservableEvent, only: 'a' | 'b'): void => {
    occurrences += 1;
    const prefix = prefixOf(p);
    const call = e.kind === 'call' ? e.call : callInProgress(prefix, e.thread);
    const kind = canonicalJson({ only, call, answer: answerOf(e) });
    const known = kept.get(kind);
    if (known !== undefined) {
      known.n += 1;
      return;
    }
    kept.set(kind, { d: { prefix, event: e, only, call, kind }, n: 1 });
  };
  for (let p = 0; p < setsA.length; p += 1) {
    if (setsA.length >= maxPairs) {
      complete = false;
      break;
    }
    const sa = setsA[p]!;
    const sb = setsB[p]!;
    const inA = new Set<string>();
    for (const e of a.allowed(sa)) {
      inA.add(eventKey(e));
      const ta = a.after(sa, e)!;
      const tb = b.after(sb, e);
      if (tb === undefined) diverge(p, e, 'a');
      else if (ta >= 0 && tb >= 0) add(ta, tb, p, e);
    }
    for (const e of b.allowed(sb)) if (!inA.has(eventKey(e))) diverge(p, e, 'b');
  }
  const divergences = [...kept.values()].map(({ d, n }) => ({ ...d, occurrences: n }));
  return {
    a: a.name,
    b: b.name,
    equivalent: complete && divergences.length === 0,
    complete,
    jointStates: setsA.length,
    depth: Math.max(...level) + 1,
    divergences,
    occurrences,
  };
}
