/**
 * First-diverging calls across every compared version, each once: the pairwise comparisons of `lifecheck diff` find
 * the same witness (agreed calls, then one call answered differently) in several pairs; here each witness is keyed by
 * its calls, and each version's answer to the diverging call is collected — from the comparisons that found it and,
 * for the versions no such comparison covered, by replaying the agreed calls in that version (when the caller gives
 * compiled models).
 *
 * Guarantees: deterministic (witnesses in order of the comparisons, then BFS order; versions in the order given);
 * an answer taken from a comparison is the one the joint exploration recorded; a replayed answer is the version's
 * answer after the same agreed calls with the same results, following the first successor of each call
 * (`Replayer`), or `diverged earlier` when the version refuses a call of the prefix or answers it differently.
 */
import { canonicalJson } from '../../engine/api/json.js';
import type { Label } from '../../engine/api/label.js';
import type { CompiledModel } from '../../engine/core/compileModel.js';
import { Replayer } from '../../engine/explore/replay.js';
import type { Divergence, StepOutcome } from '../compareBehaviour.js';
import type { ModelComparison } from '../diffModels.js';
import { labelKey } from '../jointLabels.js';

/** How one version answered a first-diverging call: as a comparison saw it, or `earlier` (its prefix differs). */
export type VersionAnswer = StepOutcome | { readonly kind: 'earlier'; readonly step: number };

/** Where a witness's own traces are: comparison `comparison`, divergence `divergence` (indices in the inputs). */
export interface WitnessRef {
  readonly comparison: number;
  readonly divergence: number;
}

/** One first-diverging call, once, with every version's answer. */
export interface CrossDivergence {
  /** The agreed calls then the diverging one, as a canonical key. */
  readonly key: string;
  /** The diverging call. */
  readonly label: Label;
  /** The agreed calls before it, with their results (from the first witness). */
  readonly prefix: readonly { readonly label: Label; readonly result: unknown }[];
  /** Steps of the witness, the diverging call included. */
  readonly steps: number;
  /** Each version's answer, by model name (absent: not known — no comparison and no compiled model). */
  readonly answers: ReadonlyMap<string, VersionAnswer>;
  /** Each version's state before the diverging call, by model name, when known. */
  readonly before: ReadonlyMap<string, unknown>;
  /** The comparisons that found it, first first. */
  readonly witnesses: readonly WitnessRef[];
}

/** The canonical text of an answer, for grouping versions that answer alike. */
export function answerKey(answer: VersionAnswer | undefined): string {
  if (answer === undefined) return '?';
  switch (answer.kind) {
    case 'refused':
      return 'refused';
    case 'earlier':
      return `earlier ${answer.step}`;
    case 'assertion':
      return `assertion ${answer.property}`;
    case 'taken':
      return `taken ${answer.result === undefined ? '' : canonicalJson(answer.result)}`;
  }
}

function prefixOf(d: Divergence): { label: Label; result: unknown }[] {
  return d.traceA.steps.slice(1, d.steps).map((s) => ({ label: s.label!, result: s.result }));
}

function keyOf(d: Divergence): string {
  return [...prefixOf(d).map((s) => labelKey(s.label)), labelKey(d.label)].join(' ; ');
}

/** Replays `prefix` then `label` in `compiled`; the answer and the state before `label`. */
function replayAnswer(compiled: CompiledModel, prefix: readonly { label: Label; result: unknown }[], label: Label): { answer: VersionAnswer; before?: unknown } {
  const index = new Map(compiled.labels.map((l, i) => [labelKey(l), i]));
  const replayer = new Replayer(compiled);
  let best: { answer: VersionAnswer; before?: unknown } = { answer: { kind: 'earlier', step: 1 } };
  for (const initial of compiled.initialStates()) {
    let position = replayer.start(initial);
    let failedAt = 0;
    for (let k = 0; k < prefix.length && failedAt === 0; k += 1) {
      const i = index.get(labelKey(prefix[k]!.label));
      const o = i === undefined ? undefined : replayer.step(position, i);
      const same = o?.kind === 'step' && canonicalJson((o.result ?? null) as never) === canonicalJson((prefix[k]!.result ?? null) as never);
      if (o?.kind === 'step' && same) position = o.position;
      else failedAt = k + 1;
    }
    if (failedAt !== 0) {
      if (best.answer.kind === 'earlier' && failedAt > best.answer.step) best = { answer: { kind: 'earlier', step: failedAt } };
      continue;
    }
    const i = index.get(labelKey(label));
    const o = i === undefined ? ({ kind: 'disabled' } as const) : replayer.step(position, i);
    const answer: VersionAnswer =
      o.kind === 'disabled'
        ? { kind: 'refused' }
        : o.kind === 'assertion'
          ? { kind: 'assertion', property: o.property, message: o.message }
          : o.kind === 'error'
            ? { kind: 'assertion', property: 'error', message: o.message }
            : o.result === undefined
              ? { kind: 'taken' }
              : { kind: 'taken', result: o.result };
    return { answer, before: position.state };
  }
  return best;
}

/**
 * The first-diverging calls of `comparisons`, each once, with the answers of every model in `versions` (see the
 * module comment). `compiled` (by model name) lets the versions no comparison covered be replayed.
 */
export function crossVersionDivergences(
  comparisons: readonly ModelComparison[],
  versions: readonly string[],
  compiled?: ReadonlyMap<string, CompiledModel>,
): CrossDivergence[] {
  const byKey = new Map<string, { entry: CrossDivergence; answers: Map<string, VersionAnswer>; before: Map<string, unknown>; witnesses: WitnessRef[] }>();
  comparisons.forEach((c, ci) => {
    c.behaviour.divergences.forEach((d, di) => {
      const key = keyOf(d);
      let slot = byKey.get(key);
      if (slot === undefined) {
        const answers = new Map<string, VersionAnswer>();
        const before = new Map<string, unknown>();
        const witnesses: WitnessRef[] = [];
        slot = { entry: { key, label: d.label, prefix: prefixOf(d), steps: d.steps, answers, before, witnesses }, answers, before, witnesses };
        byKey.set(key, slot);
      }
      slot.witnesses.push({ comparison: ci, divergence: di });
      if (!slot.answers.has(c.a.model)) slot.answers.set(c.a.model, d.a);
      if (!slot.answers.has(c.b.model)) slot.answers.set(c.b.model, d.b);
      if (!slot.before.has(c.a.model)) slot.before.set(c.a.model, d.traceA.steps[d.steps - 1]!.state);
      if (!slot.before.has(c.b.model)) slot.before.set(c.b.model, d.traceB.steps[d.steps - 1]!.state);
    });
  });
  const out: CrossDivergence[] = [];
  for (const slot of byKey.values()) {
    for (const v of versions) {
      const model = compiled?.get(v);
      if (slot.answers.has(v) || model === undefined) continue;
      const r = replayAnswer(model, slot.entry.prefix, slot.entry.label);
      slot.answers.set(v, r.answer);
      if (r.before !== undefined) slot.before.set(v, r.before);
    }
    out.push(slot.entry);
  }
  return out;
}

/** A group of first-diverging calls: the same action, with the versions split the same way by their answers. */
export interface CrossGroup {
  readonly action: string;
  /** For each version (in order), the number of its answer class (0 = the first version's class); -1 unknown. */
  readonly pattern: readonly number[];
  /** Indices into the divergence list, in order (shortest first). */
  readonly members: readonly number[];
}

/** Groups `divergences` by action and answer pattern (see {@link CrossGroup}), in order of first appearance. Pure. */
export function groupCrossDivergences(divergences: readonly CrossDivergence[], versions: readonly string[]): CrossGroup[] {
  const groups = new Map<string, { action: string; pattern: number[]; members: number[] }>();
  divergences.forEach((d, i) => {
    const classes = new Map<string, number>();
    const pattern = versions.map((v) => {
      const a = d.answers.get(v);
      if (a === undefined) return -1;
      const k = `${a.kind === 'taken' ? 'taken' : answerKey(a)}`;
      if (!classes.has(k)) classes.set(k, classes.size);
      return classes.get(k)!;
    });
    // Results differ by value, not only by kind: split classes of `taken` by value as well.
    const valueClasses = new Map<string, number>();
    const fine = versions.map((v) => {
      const a = d.answers.get(v);
      if (a === undefined) return -1;
      const k = answerKey(a);
      if (!valueClasses.has(k)) valueClasses.set(k, valueClasses.size);
      return valueClasses.get(k)!;
    });
    const key = `${d.label.action} ${pattern.join(',')} ${fine.join(',')}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { action: d.label.action, pattern: fine, members: [i] });
    else g.members.push(i);
  });
  return [...groups.values()];
}
