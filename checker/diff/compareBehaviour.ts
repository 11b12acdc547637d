/**
 * Observable behaviour of two models side by side, as a *product model* checked by the engine like any other: its
 * state is a pair (a, b), its actions are the joint labels (the union of both label tables, matched by
 * `canonicalJson` of `{action, params}`), and each step runs the label on both sides through the engine's
 * {@link Replayer} (the successor core's own rules).
 *
 * A joint label is enabled in (a, b) unless both sides refuse it or both hit a kernel assertion. When both take it
 * with the same observable result, the product steps to (a', b'). Otherwise the label *diverges* there — the results
 * differ, one side refuses a call the other allows (a label present in only one model is refused by the other), or
 * one side hits a kernel assertion the other does not — and the product step raises an assertion named after the
 * (label, kind): the engine records the first, shortest trace to each, and never follows a diverging step, so every
 * witness's prefix is a call sequence on which both models agree.
 *
 * Guarantees: the product is explored exhaustively by BFS (`check` with `exhaustive`), so each witness is a shortest
 * call sequence ending in its first divergence, replayed by the engine; `equivalent` is true only when the
 * exploration was complete and found no divergence. Initial states are paired by index when both models have the
 * same number of them, otherwise every pair is explored. The product's constraint is both models' constraints (TLC's
 * CONSTRAINT: a joint state failing it is counted, neither stored nor expanded).
 */
import type { Json, JsonRecord } from '../engine/index.js';
import type { Label } from '../engine/index.js';
import type { AnyModel, ActionDef, CompiledModel, ReplayOutcome, ReplayPosition, Trace, TraceStep } from '../engine/index.js';
import { AssertionFailure, canonicalJson, checkSync, defineSpec, Replayer, t, withResult } from '../engine/index.js';
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


/** Per-side outcomes of one joint label, as the product's `enabled` computes them for its `next`. */
interface JointOutcome {
  readonly a: ReplayOutcome;
  readonly b: ReplayOutcome;
}

/** The product's view of one side: its compiled model, a replayer, and the last position it encoded. */
class Side {
  readonly replayer: Replayer;
  private lastState: unknown = undefined;
  private lastPosition: ReplayPosition | undefined;
  constructor(readonly compiled: CompiledModel) {
    this.replayer = new Replayer(compiled);
  }
  /** The outcome of the side's label `index` (-1: the side has no such label) in `state`. */
  step(state: unknown, index: number): ReplayOutcome {
    if (index < 0) return { kind: 'disabled' };
    if (this.lastPosition === undefined || this.lastState !== state) {
      this.lastPosition = this.replayer.start(state);
      this.lastState = state;
    }
    return this.replayer.step(this.lastPosition, index);
  }
}

/** What an outcome is as the diff reports it. */
function stepOutcome(o: ReplayOutcome): StepOutcome {
  switch (o.kind) {
    case 'disabled':
      return { kind: 'refused' };
    case 'assertion':
      return { kind: 'assertion', property: o.property, message: o.message };
    case 'step':
      return o.result === undefined ? { kind: 'taken' } : { kind: 'taken', result: o.result };
    case 'error':
      throw new Error(o.message);
  }
}

/** How two outcomes relate: `agree`, `stuck` (both refuse, or both raise an assertion), or the divergence kind. */
function classify(a: ReplayOutcome, b: ReplayOutcome): DivergenceKind | 'agree' | 'stuck' {
  if (a.kind === 'error') throw new Error(`model A: ${a.message}`);
  if (b.kind === 'error') throw new Error(`model B: ${b.message}`);
  if (a.kind === 'disabled' && b.kind === 'disabled') return 'stuck';
  if (a.kind === 'disabled') return 'refusedByA';
  if (b.kind === 'disabled') return 'refusedByB';
  if (a.kind === 'assertion' && b.kind === 'assertion') return 'stuck';
  if (a.kind === 'assertion') return 'assertionInA';
  if (b.kind === 'assertion') return 'assertionInB';
  const ra = a.kind === 'step' && a.result !== undefined ? canonicalJson(a.result) : '';
  const rb = b.kind === 'step' && b.result !== undefined ? canonicalJson(b.result) : '';
  return ra === rb ? 'agree' : 'result';
}

const DIVERGENCE = 'divergence';

/** The assertion name under which the product reports a divergence of joint label `l` of `kind`. */
function divergenceName(kind: DivergenceKind, l: number): string {
  return `${DIVERGENCE} ${kind} ${l}`;
}

/** The product of `a` and `b` over `joint`, and a count of joint steps into states outside a constraint. */
function productModel(a: CompiledModel, b: CompiledModel, joint: JointLabels): { model: AnyModel; constrained: () => number } {
  const sideA = new Side(a);
  const sideB = new Side(b);
  const schema = t.record({ a: a.model.spec.schema(a.constants), b: b.model.spec.schema(b.constants) });
  type Pair = { readonly a: unknown; readonly b: unknown };
  const initA = a.initialStates();
  const initB = b.initialStates();
  const pairs: Pair[] = [];
  if (initA.length === initB.length) initA.forEach((s, i) => pairs.push({ a: s, b: initB[i] }));
  else for (const sa of initA) for (const sb of initB) pairs.push({ a: sa, b: sb });
  let pending: { state: Pair; l: number; outcome: JointOutcome } | undefined;
  const outcomeOf = (s: Pair, l: number): JointOutcome => {
    if (pending !== undefined && pending.state === s && pending.l === l) return pending.outcome;
    const outcome = { a: sideA.step(s.a, joint.toA[l]!), b: sideB.step(s.b, joint.toB[l]!) };
    pending = { state: s, l, outcome };
    return outcome;
  };
  const actions: Record<string, ActionDef<Pair, JsonRecord, Json>> = {};
  joint.labels.forEach((label, l) => {
    actions[`j${l}`] = {
      enabled: (s) => {
        const o = outcomeOf(s, l);
        return classify(o.a, o.b) !== 'stuck';
      },
      next: (s) => {
        const { a: oa, b: ob } = outcomeOf(s, l);
        pending = undefined;
        const verdict = classify(oa, ob);
        if (verdict === 'agree' && oa.kind === 'step' && ob.kind === 'step') {
          const next = oa.position.state === s.a && ob.position.state === s.b ? s : { a: oa.position.state, b: ob.position.state };
          return oa.result === undefined ? next : withResult(next, oa.result);
        }
        throw new AssertionFailure(divergenceName(verdict as DivergenceKind, l), `${label.action} ${canonicalJson(label.params)}: ${verdict}`);
      },
    };
  });
  let constrained = 0;
  const constraintA = a.constraint;
  const constraintB = b.constraint;
  const model: AnyModel = {
    name: `${a.model.name} × ${b.model.name}`,
    constants: { default: {} },
    properties: {},
    deadlock: false,
    spec: defineSpec<Pair, JsonRecord>({
      name: 'product',
      schema: () => schema,
      init: () => pairs,
      actions,
    }) as AnyModel['spec'],
    ...(constraintA !== undefined || constraintB !== undefined
      ? {
          constraint: (s: unknown): boolean => {
            const p = s as Pair;
            const inside = (constraintA?.(p.a, a.constants) ?? true) && (constraintB?.(p.b, b.constants) ?? true);
            if (!inside) constrained += 1;
            return inside;
          },
        }
      : {}),
  };
  return { model, constrained: () => constrained };
}

/** Compares the observable behaviour of `a` and `b` (compiled), as described at the top of this file. */
export function compareBehaviour(a: CompiledModel, b: CompiledModel, options: CompareBehaviourOptions = {}): BehaviourComparison {
  const joint = buildJointLabels(a, b);
  const maxDivergences = options.maxDivergences ?? 10_000;
  const { model, constrained } = productModel(a, b, joint);
  const result = checkSync(model, { exhaustive: true, ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}) });
  if (result.error) throw new Error(`comparing ${a.model.name} with ${b.model.name}: ${result.error.message}`);
  const divergences: Divergence[] = [];
  let omitted = 0;
  for (const p of result.properties) {
    if (p.status !== 'violated' || !p.name.startsWith(`${DIVERGENCE} `) || p.counterexample === undefined) continue;
    if (divergences.length >= maxDivergences) {
      omitted += 1;
      continue;
    }
    const [, kind, index] = p.name.split(' ');
    divergences.push(witness(a, b, joint, Number(index), kind as DivergenceKind, p.counterexample));
  }
  const initialStates = model.spec.init({}) as unknown[];
  return {
    equivalent: result.complete && divergences.length === 0 && omitted === 0,
    complete: result.complete,
    jointStates: result.stats.distinctStates,
    jointTransitions: result.stats.statesGenerated - [...initialStates].length,
    depth: result.stats.depth,
    constrained: constrained(),
    divergences,
    divergencesOmitted: omitted,
    labelsOnlyInA: joint.labels.filter((_, l) => joint.toB[l] === -1),
    labelsOnlyInB: joint.labels.filter((_, l) => joint.toA[l] === -1),
  };
}

/** Splits the product's counterexample into both models' traces, with each side's answer to the diverging call. */
function witness(a: CompiledModel, b: CompiledModel, joint: JointLabels, l: number, kind: DivergenceKind, trace: Trace<unknown>): Divergence {
  const toJoint = (label: Label | null): Label | null => (label === null ? null : joint.labels[Number(label.action.slice(1))]!);
  const side = (pick: 'a' | 'b'): TraceStep<unknown>[] =>
    trace.steps.map((s) => {
      const label = toJoint(s.label);
      const state = (s.state as Record<'a' | 'b', unknown>)[pick];
      return s.result === undefined ? { label, state } : { label, result: s.result, state };
    });
  const label = joint.labels[l]!;
  const last = trace.steps[trace.steps.length - 1]!.state as Record<'a' | 'b', unknown>;
  const finish = (compiled: CompiledModel, index: number, steps: TraceStep<unknown>[], state: unknown): [Trace<unknown>, StepOutcome] => {
    const outcome = new Side(compiled).step(state, index);
    if (outcome.kind === 'step') {
      const stepped: TraceStep<unknown> = outcome.result === undefined ? { label, state: outcome.position.state } : { label, result: outcome.result, state: outcome.position.state };
      return [{ steps: [...steps, stepped] }, stepOutcome(outcome)];
    }
    if (outcome.kind === 'assertion') return [{ steps, aborted: { label, message: outcome.message } }, stepOutcome(outcome)];
    return [{ steps }, stepOutcome(outcome)];
  };
  const [traceA, oa] = finish(a, joint.toA[l]!, side('a'), last.a);
  const [traceB, ob] = finish(b, joint.toB[l]!, side('b'), last.b);
  return { label, kind, steps: trace.steps.length, a: oa, b: ob, traceA, traceB };
}
