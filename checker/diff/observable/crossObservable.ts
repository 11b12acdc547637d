/**
 * Observable-level first divergences across every compared version, each once: the pairwise comparisons
 * (`compareObservable`) find the same point — the same agreed events, then one thread's call answered differently —
 * in several pairs, and the same kind of difference after many prefixes. Here each divergence is re-evaluated in
 * every version (the events of its prefix replayed through that version's sets), and divergences whose call and
 * per-version answers are the same are one *row*, shown once with its shortest point.
 *
 * Guarantees: deterministic (rows in order of the comparisons, then BFS order); an answer is exactly the set of the
 * thread's events that version's set allows after the prefix (every interleaving considered), or `earlier` with the
 * index of the first prefix event the version cannot show.
 */
import { canonicalJson, type Json } from '../../engine/api/json.js';
import { answerOf, type ObservableComparison, type ObservableDivergence } from './compareObservable.js';
import type { ObservableEvent } from './observableMapping.js';
import { eventKey, type ObservableSpace } from './observableSpace.js';

/** One version's answer at a divergence point. */
export type ObservableAnswer =
  /** The prefix is not a trace of this version: its event `step` (1-based) is not allowed. */
  | { readonly kind: 'earlier'; readonly step: number }
  /** For a call: whether it is offered. */
  | { readonly kind: 'offered'; readonly offered: boolean }
  /** For a call in progress: the events its thread can show next (returns and oopses), sorted; empty: none yet. */
  | { readonly kind: 'answers'; readonly answers: readonly ObservableEvent[] };

/** One row: a call, each version's answer, and the shortest point where they differ so. */
export interface ObservableRow {
  /** The call answered (or offered), without thread. */
  readonly call: Json | null;
  /** The representative point: the agreed events, then the event only some versions allow. */
  readonly prefix: readonly ObservableEvent[];
  readonly event: ObservableEvent;
  /** Answers by model name, in the order of the spaces. */
  readonly answers: ReadonlyMap<string, ObservableAnswer>;
  /** `a → b` comparisons that found a divergence of this row, with how many first divergences. */
  readonly foundIn: readonly { readonly a: string; readonly b: string; readonly occurrences: number }[];
}

/** The canonical text of an answer (versions with equal texts answer alike). */
export function observableAnswerKey(answer: ObservableAnswer | undefined): string {
  if (answer === undefined) return '?';
  if (answer.kind === 'earlier') return `earlier ${answer.step}`;
  if (answer.kind === 'offered') return answer.offered ? 'offered' : 'not offered';
  return canonicalJson(answer.answers.map((e) => answerOf(e)));
}

/** `space`'s answer at the point `prefix`, then `event`. */
export function answerAt(space: ObservableSpace, prefix: readonly ObservableEvent[], event: ObservableEvent): ObservableAnswer {
  let set = space.initialSet();
  for (let k = 0; k < prefix.length; k += 1) {
    const next = space.after(set, prefix[k]!);
    if (next === undefined || next < 0) return { kind: 'earlier', step: k + 1 };
    set = next;
  }
  if (event.kind === 'call') return { kind: 'offered', offered: space.after(set, event) !== undefined };
  const answers = space
    .allowed(set)
    .filter((e) => e.thread === event.thread && e.kind !== 'call')
    .sort((x, y) => (eventKey(x) < eventKey(y) ? -1 : eventKey(x) > eventKey(y) ? 1 : 0));
  return { kind: 'answers', answers };
}

/** The rows of `comparisons` over `spaces` (every version, in report order). */
export function crossObservable(comparisons: readonly ObservableComparison[], spaces: readonly ObservableSpace[]): ObservableRow[] {
  const rows = new Map<string, { row: Omit<ObservableRow, 'foundIn'>; foundIn: Map<string, { a: string; b: string; occurrences: number }> }>();
  for (const c of comparisons) {
    for (const d of c.divergences as readonly ObservableDivergence[]) {
      const answers = new Map(spaces.map((s) => [s.name, answerAt(s, d.prefix, d.event)] as const));
      const key = canonicalJson({ call: d.call, event: d.event.kind === 'call' ? 'call' : 'answer', answers: spaces.map((s) => observableAnswerKey(answers.get(s.name))) });
      let entry = rows.get(key);
      if (entry === undefined) {
        entry = { row: { call: d.call, prefix: d.prefix, event: d.event, answers }, foundIn: new Map() };
        rows.set(key, entry);
      }
      const pair = `${c.a} ${c.b}`;
      const f = entry.foundIn.get(pair);
      if (f === undefined) entry.foundIn.set(pair, { a: c.a, b: c.b, occurrences: d.occurrences });
      else f.occurrences += d.occurrences;
    }
  }
  return [...rows.values()].map(({ row, foundIn }) => ({ ...row, foundIn: [...foundIn.values()] }));
}
