/**
 * `diffModels`: everything lifecheck can say about how two models differ, as data — properties side by side,
 * observable behaviour (joint exploration), state spaces (with an optional shared abstraction), and refinement
 * (with an optional mapping from B's states to A's). Every claim comes from an exhaustive exploration at the given
 * constants, or is marked incomplete.
 */
import type { AnyModel, CheckResult, CompileOptions, CompiledModel, JsonRecord } from '../engine/index.js';
import { checkSync, compileModel, UsageError } from '../engine/index.js';
import { abstractionFor, type DiffAbstraction, type RefinementMapping } from './abstraction.js';
import {
  abstractValueObserver,
  compareAbstractStates,
  OBSERVER_PROPERTY,
  type AbstractStateComparison,
  type AbstractValues,
} from './compareAbstractStates.js';
import { compareBehaviour, type BehaviourComparison } from './compareBehaviour.js';
import { compareProperties, type PropertyRow } from './compareProperties.js';
import { checkRefinement, type RefinementResult } from './checkRefinement.js';
import type { SourceComparison } from './source/compareSources.js';
import { summarizeCheckResult, type StateSpaceSummary } from './summarizeStateSpace.js';

/** Which model and constants one side of a comparison is. */
export interface DiffSide {
  readonly model: string;
  readonly constantSet: string | undefined;
  readonly constants: JsonRecord;
}

/** The full comparison of model A (the baseline) with model B. */
export interface ModelComparison {
  readonly a: DiffSide;
  readonly b: DiffSide;
  readonly properties: readonly PropertyRow[];
  readonly behaviour: BehaviourComparison;
  readonly stateSpaces: { readonly a: StateSpaceSummary; readonly b: StateSpaceSummary };
  /** Present when an abstraction covering both models was given. */
  readonly abstraction?: AbstractStateComparison;
  /** Present when a refinement mapping (B → A) was given. */
  readonly refinement?: RefinementResult;
  /** Present when the sources were compared (see `compareSources`); attached by the caller. */
  readonly source?: SourceComparison;
}

/** Options of {@link diffModels}. */
export interface DiffOptions extends Pick<CompileOptions, 'constantSet' | 'constantOverrides'> {
  /** Limit on stored states of every exploration (the result says when it was hit). @defaultValue unlimited */
  readonly maxStates?: number;
  /** At most this many behaviour witnesses are kept. @defaultValue 10000 */
  readonly maxDivergences?: number;
  /** An abstraction shared by both models (state-space section). */
  readonly abstraction?: DiffAbstraction;
  /** A mapping from B's states to A's (refinement section). */
  readonly refinement?: RefinementMapping;
  /** Reuses checks and explorations of a model across several comparisons (pass the same object each time). */
  readonly cache?: DiffCache;
}

/**
 * What is kept per model: one exhaustive check (every property, violations not ending it), which gives the
 * properties' verdicts, the state-space summary and — when an abstraction was given — the abstract values met.
 */
export interface CacheEntry {
  readonly check: CheckResult;
  readonly summary: StateSpaceSummary;
  readonly abstractValues?: AbstractValues;
}

/**
 * Per-model work shared between comparisons, keyed by the model object. Valid for one set of constants, limits and
 * abstraction: use one cache per set of options.
 */
export type DiffCache = Map<AnyModel, CacheEntry>;

/** Creates an empty {@link DiffCache}. */
export function createDiffCache(): DiffCache {
  return new Map();
}

/**
 * Compares `a` and `b` at the same constant set (each model's default when none is named; overrides apply to both).
 * Throws `UsageError` for bad constants; spec exceptions propagate. Each model is explored once per cache (one
 * exhaustive check); the joint behaviour is a product model explored once; witnesses of abstract states and the
 * refinement are one check each.
 */
export function diffModels(a: AnyModel, b: AnyModel, options: DiffOptions = {}): ModelComparison {
  const compileOptions: Pick<CompileOptions, 'constantSet' | 'constantOverrides'> = {
    ...(options.constantSet !== undefined ? { constantSet: options.constantSet } : {}),
    ...(options.constantOverrides !== undefined ? { constantOverrides: options.constantOverrides } : {}),
  };
  const limit = options.maxStates !== undefined ? { maxStates: options.maxStates } : {};
  const compiledA = compileModel(a, compileOptions);
  const compiledB = compileModel(b, compileOptions);
  for (const compiled of [compiledA, compiledB]) {
    const block = compiled.stateParams[0];
    if (block !== undefined) {
      throw new UsageError(
        `diff matches the two models' steps by label, but ${compiled.model.name}'s action ${block.action} has state-dependent parameters (stateParams): diff cannot compare it; give the action fixed params (a universe and an enabled test) for diff`,
        'LC104',
      );
    }
  }
  const cache = options.cache ?? createDiffCache();
  const work = (model: AnyModel, compiled: CompiledModel): CacheEntry => {
    const cached = cache.get(model);
    if (cached !== undefined) return cached;
    const abstract = options.abstraction !== undefined ? abstractionFor(options.abstraction, model) : undefined;
    const values: AbstractValues = new Map();
    const observed: AnyModel =
      abstract === undefined ? model : { ...model, properties: { ...model.properties, [OBSERVER_PROPERTY]: abstractValueObserver(abstract, values) } };
    const raw = checkSync(observed, { ...compileOptions, ...limit, exhaustive: true });
    if (raw.error) throw new Error(`${model.name}: ${raw.error.message}`);
    const check: CheckResult = { ...raw, properties: raw.properties.filter((p) => p.name !== OBSERVER_PROPERTY) };
    const entry: CacheEntry = {
      check,
      summary: summarizeCheckResult(check, compiled.initialStates().length),
      ...(abstract !== undefined ? { abstractValues: values } : {}),
    };
    cache.set(model, entry);
    return entry;
  };
  const workA = work(a, compiledA);
  const workB = work(b, compiledB);
  const behaviour = compareBehaviour(compiledA, compiledB, {
    ...limit,
    ...(options.maxDivergences !== undefined ? { maxDivergences: options.maxDivergences } : {}),
  });
  let abstraction: AbstractStateComparison | undefined;
  if (options.abstraction !== undefined) {
    const fa = abstractionFor(options.abstraction, a);
    const fb = abstractionFor(options.abstraction, b);
    if (fa !== undefined && fb !== undefined && workA.abstractValues && workB.abstractValues) {
      abstraction = compareAbstractStates(
        { model: a, values: workA.abstractValues, abstract: fa, complete: workA.check.complete },
        { model: b, values: workB.abstractValues, abstract: fb, complete: workB.check.complete },
        { ...compileOptions, ...limit },
      );
    }
  }
  const refinement = options.refinement !== undefined ? checkRefinement(compiledA, b, options.refinement, { ...compileOptions, ...limit }) : undefined;
  const side = (c: typeof compiledA): DiffSide => ({ model: c.model.name, constantSet: c.constantSetName, constants: c.constants });
  return {
    a: side(compiledA),
    b: side(compiledB),
    properties: compareProperties(workA.check, workB.check),
    behaviour,
    stateSpaces: { a: workA.summary, b: workB.summary },
    ...(abstraction ? { abstraction } : {}),
    ...(refinement ? { refinement } : {}),
  };
}
