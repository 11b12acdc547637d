/**
 * Refinement: every step of a model B, seen through a mapping from B's states to A's, is a step of A or a stutter
 * (the mapped state does not change), and every initial state of B maps to an initial state of A. This is TLA+'s
 * `Spec_B ⇒ Spec_A` with a refinement mapping, for safety.
 *
 * The check is an ordinary exhaustive check of B (the engine's BFS and trace reconstruction) with one action
 * property, so the first step that does not map is found at the smallest depth and comes back as B's trace.
 */
import type { JsonRecord } from '../engine/api/json.js';
import type { Label } from '../engine/api/label.js';
import type { AnyModel } from '../engine/api/model.js';
import type { ActionProperty } from '../engine/api/property.js';
import type { Trace } from '../engine/api/trace.js';
import { checkSync } from '../engine/check.js';
import type { CompileOptions, CompiledModel } from '../engine/core/compileModel.js';
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
  const keyOfA = (state: unknown): string => {
    a.codec.encode(state, scratch, 0);
    return scratch.join(',');
  };
  const successorCache = new Map<string, Set<string>>();
  const successorsOf = (state: unknown): Set<string> => {
    const key = keyOfA(state);
    let next = successorCache.get(key);
    if (next === undefined) {
      next = new Set<string>();
      const found = next;
      a.expand(state, (_, s) => found.add(keyOfA(s)), () => undefined);
      successorCache.set(key, found);
    }
    return next;
  };
  const initKeys = new Set(a.initialStates().map(keyOfA));

  const refines: ActionProperty<unknown, JsonRecord> = {
    kind: 'action',
    summary: `every step of ${b.name} maps to a step of ${a.model.name} or a stutter`,
    holds: (state, _label, next, constants) => {
      const before = map(state, constants);
      const after = map(next, constants);
      const afterKey = keyOfA(after);
      return afterKey === keyOfA(before) || successorsOf(before).has(afterKey);
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
  const abstractSteps: AbstractStep[] = [];
  a.expand(before, (i, s) => abstractSteps.push({ label: a.labels[i]!, state: s }), () => undefined);
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
