/**
 * Refinement: every step of a model B, seen through a mapping from B's states to A's, is a step of A or a stutter
 * (the mapped state does not change), and every initial state of B maps to an initial state of A. This is TLA+'s
 * `Spec_B ⇒ Spec_A` with a refinement mapping, for safety.
 *
 * The check is an ordinary exhaustive check of B (the engine's BFS and trace reconstruction) with one action
 * property, so the first step that does not map is found at the smallest depth and comes back as B's trace.
 */
import type { ActionProperty, AnyModel, CompileOptions, CompiledModel, JsonRecord, Label, Trace } from '../engine/index.js';
import { checkSync, Replayer, SchemaMismatch } from '../engine/index.js';
import type { RefinementMapping } from './abstraction.js';
import { differingLeaves, type LeafDifference } from './render/stateLeaves.js';

/** A step of A from the mapped state, offered as evidence of what A could have done instead. */
export interface AbstractStep {
  readonly label: Label;
  readonly state: unknown;
}

/** One of A's steps that comes closest to the mapped state after B's step, with the leaves that still differ. */
export interface ClosestStep extends AbstractStep {
  /** Leaves where A's successor (`a`) differs from the mapped state (`b`). */
  readonly differences: readonly LeafDifference[];
}

/** The result of {@link checkRefinement}. */
export interface RefinementResult {
  readonly status: 'holds' | 'violated' | 'unknown';
  /** Whether B's state space was explored exhaustively. */
  readonly complete: boolean;
  readonly statesExplored: number;
  /** For a violation: B's shortest trace ending in the step (or initial state) that does not map. */
  readonly counterexample?: Trace<unknown>;
  /** For a violation: the mapped A states before and after that step (before is absent for an initial state). */
  readonly mappedBefore?: unknown;
  readonly mappedAfter?: unknown;
  /** For a violation of a step: A's steps from the mapped state before it. */
  readonly abstractSteps?: readonly AbstractStep[];
  /** For a violation of a step: the (at most 3) steps of A whose successors differ from the mapped state in the
   * fewest leaves, in label order among equals. */
  readonly closestSteps?: readonly ClosestStep[];
  readonly message?: string;
}

const PROPERTY = 'refinement';

/**
 * Checks that `b` refines `a` under `mapping` (B state → A state). A step of B whose action raises a kernel
 * assertion is not a step, and is not checked. Guarantees: `holds` only after an exhaustive exploration of B; a
 * violation's trace is a shortest one and was replayed through B.
 */
export function checkRefinement(
  a: CompiledModel,
  b: AnyModel,
  mapping: RefinementMapping,
  options: Pick<CompileOptions, 'constantSet' | 'constantOverrides'> & { readonly maxStates?: number } = {},
): RefinementResult {
  const map = mapping as (state: unknown, constants: JsonRecord) => unknown;
  const words = a.codec.words;
  const scratch = new Uint32Array(words);
  /** The key of a state of A, or undefined when the value is not a state of A (outside its schema). */
  const keyOfA = (state: unknown): string | undefined => {
    try {
      a.codec.encode(state, scratch, 0);
    } catch (error) {
      if (error instanceof SchemaMismatch) return undefined;
      throw error;
    }
    return scratch.join(',');
  };
  const replayer = new Replayer(a);
  /** A's steps from `state`, through the successor core (assertions and refusals are no steps). */
  const stepsOf = (state: unknown): AbstractStep[] => {
    const position = replayer.start(state);
    const steps: AbstractStep[] = [];
    for (let i = 0; i < a.labels.length; i += 1) {
      const outcome = replayer.step(position, i);
      if (outcome.kind === 'error') throw new Error(`${a.model.name}: ${outcome.message}`);
      if (outcome.kind === 'step') steps.push({ label: a.labels[i]!, state: outcome.position.state });
    }
    return steps;
  };
  const successorCache = new Map<string, Set<string | undefined>>();
  /** The keys of A's successors of `state` (whose key is `key`). */
  const successorsOf = (state: unknown, key: string): Set<string | undefined> => {
    let next = successorCache.get(key);
    if (next === undefined) {
      next = new Set(stepsOf(state).map((step) => keyOfA(step.state)));
      successorCache.set(key, next);
    }
    return next;
  };
  const initKeys = new Set(a.initialStates().map(keyOfA));

  const refines: ActionProperty<unknown, JsonRecord> = {
    kind: 'action',
    summary: `every step of ${b.name} maps to a step of ${a.model.name} or a stutter`,
    holds: (state, _label, next, constants) => {
      // A mapped value outside A's schema is no state of A, so no step of A reaches it.
      const beforeKey = keyOfA(map(state, constants));
      const afterKey = keyOfA(map(next, constants));
      if (beforeKey === undefined || afterKey === undefined) return false;
      return afterKey === beforeKey || successorsOf(map(state, constants), beforeKey).has(afterKey);
    },
  };
  const wrapped: AnyModel = { ...b, properties: { [PROPERTY]: refines }, deadlock: false };
  const result = checkSync(wrapped, { ...options, continueAfterViolation: true });
  const complete = result.complete;
  const statesExplored = result.stats.distinctStates;
  if (result.error) {
    return { status: 'unknown', complete: false, statesExplored, message: result.error.message };
  }

  // Initial states: each must map to an initial state of A.
  const constantsB = result.constants;
  const stepCounterexample = result.properties.find((p) => p.name === PROPERTY && p.status === 'violated')?.counterexample;
  for (const init of b.spec.init(constantsB)) {
    const mapped = map(init, constantsB);
    if (!initKeys.has(keyOfA(mapped))) {
      return {
        status: 'violated',
        complete,
        statesExplored,
        counterexample: { steps: [{ label: null, state: init }] },
        mappedAfter: mapped,
        message: `an initial state of ${b.name} maps to a state that is not an initial state of ${a.model.name}`,
      };
    }
  }
  if (stepCounterexample === undefined) {
    return { status: complete ? 'holds' : 'unknown', complete, statesExplored };
  }
  const steps = stepCounterexample.steps;
  const before = map(steps[steps.length - 2]!.state, constantsB);
  const after = map(steps[steps.length - 1]!.state, constantsB);
  const abstractSteps = keyOfA(before) === undefined ? [] : stepsOf(before);
  const last = steps[steps.length - 1]!.label!;
  const closestSteps = abstractSteps
    .map((step, i) => ({ ...step, differences: differingLeaves(step.state, after), i }))
    .sort((x, y) => x.differences.length - y.differences.length || x.i - y.i)
    .slice(0, 3)
    .map(({ label, state, differences }) => ({ label, state, differences }));
  return {
    status: 'violated',
    complete,
    statesExplored,
    counterexample: stepCounterexample,
    mappedBefore: before,
    mappedAfter: after,
    abstractSteps,
    closestSteps,
    message: `step ${steps.length - 1} (${last.action}) of ${b.name} maps to no step of ${a.model.name} and is not a stutter`,
  };
}
