/**
 * Observable behaviour of two models side by side: a breadth-first exploration of the product of their state
 * graphs, driven by the same labels (the union of both label tables, matched by `canonicalJson` of
 * `{action, params}`).
 *
 * From a joint state (a, b), every joint label is tried on both sides with each model's own `expand` (the engine's
 * one successor function). When both sides take the label with the same observable result, the joint successor
 * (a', b') is stored (visited set: a `StateTable` over the concatenated encodings, words = wordsA + wordsB) and later
 * expanded. Otherwise the label *diverges* there: the results differ, one side refuses a call the other allows (a
 * label present in only one model is refused by the other), or one side hits a kernel assertion the other does not.
 * A diverging step is never followed, so every witness's prefix is a call sequence on which both models agree.
 *
 * Guarantees: exploration is level by level (BFS), so the first witness recorded for a (label, kind) pair is a
 * shortest call sequence ending in that first divergence; every witness is rebuilt by replaying its labels through
 * both models and checking that the stored joint states are reached again. `equivalent` is true only when the
 * joint exploration was exhaustive and found no divergence.
 *
 * Initial states are paired by index when both models have the same number of them, otherwise every pair is
 * explored. A joint state where either model's constraint fails is stored but not expanded (TLC's CONSTRAINT).
 */
import type { Json } from '../engine/api/json.js';
import type { Label } from '../engine/api/label.js';
import type { Trace, TraceStep } from '../engine/api/trace.js';
import { NondeterminismError } from '../engine/api/errors.js';
import { AssertionFailure } from '../engine/api/spec.js';
import type { CompiledModel } from '../engine/core/compileModel.js';
import { StateTable } from '../engine/store/stateTable.js';
import { canonicalJson } from '../engine/api/json.js';
import { buildJointLabels, type JointLabels } from './jointLabels.js';

/** How one model answered one call: refused it (disabled or unknown), took it, or raised a kernel assertion. */
export type StepOutcome =
  | { readonly kind: 'refused' }
  | { readonly kind: 'taken'; readonly result?: Json }
  | { readonly kind: 'assertion'; readonly property: string; readonly message: string };

/**
 * Why a call diverges: `result` (both took it, with different results), `refusedByA` / `refusedByB` (the other
 * model allowed it), `assertionInA` / `assertionInB` (that model raised a kernel assertion, the other took it).
 */
export type DivergenceKind = 'result' | 'refusedByA' | 'refusedByB' | 'assertionInA' | 'assertionInB';

/** One shortest witness of a divergence: the agreed calls, then the diverging call and each model's answer. */
export interface Divergence {
  readonly label: Label;
  readonly kind: DivergenceKind;
  /** The witness's length in steps: the agreed calls and the diverging one. */
  readonly steps: number;
  readonly a: StepOutcome;
  readonly b: StepOutcome;
  /**
   * A's trace: the agreed calls, then the diverging call when A took it (or `aborted` when A raised an assertion).
   * The state before the diverging call is the last state of the agreed prefix.
   */
  readonly traceA: Trace<unknown>;
  readonly traceB: Trace<unknown>;
}

/** The result of {@link compareBehaviour}. */
export interface BehaviourComparison {
  /** True exactly when the joint exploration was exhaustive and no call diverged. */
  readonly equivalent: boolean;
  /** Whether every reachable joint state was expanded (no limit was hit). */
  readonly complete: boolean;
  /** Distinct joint states (a, b) stored. */
  readonly jointStates: number;
  /** Joint transitions taken (both models took the same call with the same result). */
  readonly jointTransitions: number;
  /** Deepest BFS level holding a joint state (initial pairs = 1). */
  readonly depth: number;
  /** Joint states not expanded because a model's constraint failed there. */
  readonly constrained: number;
  /** One witness per first-diverging (label, kind), in BFS order (shortest first). */
  readonly divergences: readonly Divergence[];
  /** Divergences found beyond `maxDivergences` (counted, not kept). */
  readonly divergencesOmitted: number;
  readonly labelsOnlyInA: readonly Label[];
  readonly labelsOnlyInB: readonly Label[];
}

/** Options of {@link compareBehaviour}. */
export interface CompareBehaviourOptions {
  /** Stop (incomplete) once this many joint states are stored. @defaultValue unlimited */
  readonly maxStates?: number;
  /** Keep at most this many witnesses; the rest are counted. @defaultValue 10000 */
  readonly maxDivergences?: number;
}

const REFUSED = 0;
const TAKEN = 1;
const ABORTED = 2;

/** Per-label outcomes of one model from one state, filled by `expand`. */
class Outcomes {
  readonly status: Uint8Array;
  readonly states: unknown[];
  readonly results: (Json | undefined)[];
  readonly failures: (AssertionFailure | undefined)[];
  constructor(size: number) {
    this.status = new Uint8Array(size);
    this.states = new Array<unknown>(size);
    this.results = new Array<Json | undefined>(size);
    this.failures = new Array<AssertionFailure | undefined>(size);
  }
  fill(compiled: CompiledModel, state: unknown): void {
    this.status.fill(REFUSED);
    compiled.expand(
      state,
      (i, next, result) => {
        this.status[i] = TAKEN;
        this.states[i] = next;
        this.results[i] = result;
      },
      (i, failure) => {
        this.status[i] = ABORTED;
        this.failures[i] = failure;
      },
    );
  }
  outcome(i: number): StepOutcome {
    if (i < 0 || this.status[i] === REFUSED) return { kind: 'refused' };
    if (this.status[i] === ABORTED) {
      const failure = this.failures[i]!;
      return { kind: 'assertion', property: failure.property, message: failure.message };
    }
    const result = this.results[i];
    return result === undefined ? { kind: 'taken' } : { kind: 'taken', result };
  }
}

function resultKey(result: Json | undefined): string {
  return result === undefined ? '' : `=${canonicalJson(result)}`;
}

/** How two outcomes relate: `agree`, `stuck` (both refuse, or both raise an assertion), or the divergence kind. */
function classify(a: number, aResult: Json | undefined, b: number, bResult: Json | undefined): DivergenceKind | 'agree' | 'stuck' {
  if (a === REFUSED && b === REFUSED) return 'stuck';
  if (a === REFUSED) return 'refusedByA';
  if (b === REFUSED) return 'refusedByB';
  if (a === ABORTED && b === ABORTED) return 'stuck';
  if (a === ABORTED) return 'assertionInA';
  if (b === ABORTED) return 'assertionInB';
  return resultKey(aResult) === resultKey(bResult) ? 'agree' : 'result';
}

/** Compares the observable behaviour of `a` and `b` (compiled), as described at the top of this file. */
export function compareBehaviour(a: CompiledModel, b: CompiledModel, options: CompareBehaviourOptions = {}): BehaviourComparison {
  const joint = buildJointLabels(a, b);
  const wordsA = a.codec.words;
  const wordsB = b.codec.words;
  const table = new StateTable(wordsA + wordsB, false);
  const scratch = new Uint32Array(wordsA + wordsB);
  const maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
  const maxDivergences = options.maxDivergences ?? 10_000;

  const initA = a.initialStates();
  const initB = b.initialStates();
  const pairs: [number, number][] = [];
  if (initA.length === initB.length) initA.forEach((_, i) => pairs.push([i, i]));
  else initA.forEach((_, i) => initB.forEach((__, j) => pairs.push([i, j])));

  const encode = (sa: unknown, sb: unknown): void => {
    a.codec.encode(sa, scratch, 0);
    b.codec.encode(sb, scratch, wordsA);
  };
  pairs.forEach(([i, j], p) => {
    encode(initA[i], initB[j]);
    table.insert(scratch, 0, -1, p);
  });

  const outA = new Outcomes(a.labels.length);
  const outB = new Outcomes(b.labels.length);
  const found = new Set<string>();
  const pending: { id: number; label: number; kind: DivergenceKind; steps: number }[] = [];
  let omitted = 0;
  let jointTransitions = 0;
  let constrained = 0;
  let depth = table.size > 0 ? 1 : 0;
  let level = 1;
  let levelEnd = table.size;
  let complete = true;

  for (let id = 0; id < table.size; id += 1) {
    if (id === levelEnd) {
      level += 1;
      levelEnd = table.size;
    }
    const { chunk, offset } = table.locate(id);
    const sa = a.codec.decode(chunk, offset);
    const sb = b.codec.decode(chunk, offset + wordsA);
    if ((a.constraint && !a.constraint(sa, a.constants)) || (b.constraint && !b.constraint(sb, b.constants))) {
      constrained += 1;
      continue;
    }
    outA.fill(a, sa);
    outB.fill(b, sb);
    for (let l = 0; l < joint.labels.length; l += 1) {
      const ia = joint.toA[l]!;
      const ib = joint.toB[l]!;
      const stA = ia < 0 ? REFUSED : outA.status[ia]!;
      const stB = ib < 0 ? REFUSED : outB.status[ib]!;
      const verdict = classify(stA, ia < 0 ? undefined : outA.results[ia], stB, ib < 0 ? undefined : outB.results[ib]);
      if (verdict === 'stuck') continue;
      if (verdict === 'agree') {
        jointTransitions += 1;
        const na = outA.states[ia];
        const nb = outB.states[ib];
        // A step that returns the very state object it was given leads back to a stored state: no encoding needed.
        if (na === sa && nb === sb) continue;
        if (na === sa) scratch.set(chunk.subarray(offset, offset + wordsA), 0);
        else a.codec.encode(na, scratch, 0);
        if (nb === sb) scratch.set(chunk.subarray(offset + wordsA, offset + wordsA + wordsB), wordsA);
        else b.codec.encode(nb, scratch, wordsA);
        if (table.size >= maxStates) {
          if (table.find(scratch, 0) < 0) complete = false;
          continue;
        }
        if (table.insert(scratch, 0, id, l) >= 0 && level + 1 > depth) depth = level + 1;
        continue;
      }
      const key = `${verdict} ${l}`;
      if (found.has(key)) continue;
      found.add(key);
      if (pending.length >= maxDivergences) omitted += 1;
      else pending.push({ id, label: l, kind: verdict, steps: level });
    }
  }

  const divergences = pending.map((p) => rebuildWitness(a, b, joint, table, pairs, p));
  return {
    equivalent: complete && divergences.length === 0 && omitted === 0,
    complete,
    jointStates: table.size,
    jointTransitions,
    depth,
    constrained,
    divergences,
    divergencesOmitted: omitted,
    labelsOnlyInA: joint.labels.filter((_, l) => joint.toB[l] === -1),
    labelsOnlyInB: joint.labels.filter((_, l) => joint.toA[l] === -1),
  };
}

/** Replays a witness through both models, checking that every stored joint state is reached again. */
function rebuildWitness(
  a: CompiledModel,
  b: CompiledModel,
  joint: JointLabels,
  table: StateTable,
  pairs: readonly (readonly [number, number])[],
  end: { id: number; label: number; kind: DivergenceKind; steps: number },
): Divergence {
  const ids: number[] = [];
  for (let id = end.id; id >= 0; id = table.parents.get(id)) ids.push(id);
  ids.reverse();
  const scratch = new Uint32Array(a.codec.words + b.codec.words);
  const expect = (sa: unknown, sb: unknown, id: number, what: string): void => {
    a.codec.encode(sa, scratch, 0);
    b.codec.encode(sb, scratch, a.codec.words);
    if (table.find(scratch, 0) !== id) throw new NondeterminismError(`replaying ${what} of a joint trace reached a different state`);
  };
  const [ia, ib] = pairs[table.labels.get(ids[0]!)]!;
  let sa = a.initialStates()[ia];
  let sb = b.initialStates()[ib];
  expect(sa, sb, ids[0]!, 'the initial pair');
  const stepsA: TraceStep<unknown>[] = [{ label: null, state: sa }];
  const stepsB: TraceStep<unknown>[] = [{ label: null, state: sb }];
  for (let k = 1; k < ids.length; k += 1) {
    const l = table.labels.get(ids[k]!);
    const label = joint.labels[l]!;
    const na = a.apply(sa, joint.toA[l]!);
    const nb = b.apply(sb, joint.toB[l]!);
    if (na === undefined || nb === undefined) throw new NondeterminismError(`replaying step ${k} (${label.action}): no longer enabled`);
    expect(na.state, nb.state, ids[k]!, `step ${k} (${label.action})`);
    sa = na.state;
    sb = nb.state;
    stepsA.push(step(label, na.state, na.result));
    stepsB.push(step(label, nb.state, nb.result));
  }
  const label = joint.labels[end.label]!;
  const last = (compiled: CompiledModel, state: unknown, index: number, steps: TraceStep<unknown>[]): [Trace<unknown>, StepOutcome] => {
    if (index < 0) return [{ steps }, { kind: 'refused' }];
    try {
      const next = compiled.apply(state, index);
      if (next === undefined) return [{ steps }, { kind: 'refused' }];
      const outcome: StepOutcome = next.result === undefined ? { kind: 'taken' } : { kind: 'taken', result: next.result };
      return [{ steps: [...steps, step(label, next.state, next.result)] }, outcome];
    } catch (error) {
      if (!(error instanceof AssertionFailure)) throw error;
      return [
        { steps, aborted: { label, message: error.message } },
        { kind: 'assertion', property: error.property, message: error.message },
      ];
    }
  };
  const [traceA, a1] = last(a, sa, joint.toA[end.label]!, stepsA);
  const [traceB, b1] = last(b, sb, joint.toB[end.label]!, stepsB);
  return { label, kind: end.kind, steps: end.steps, a: a1, b: b1, traceA, traceB };
}

function step(label: Label, state: unknown, result: Json | undefined): TraceStep<unknown> {
  return result === undefined ? { label, state } : { label, result, state };
}
