/**
 * `diffObservable`: the observable-level comparison of several versions of a threaded model (`lifecheck diff
 * --observable-models`): each version's state space walked once (state counts, and the verdicts of its invariants,
 * action properties and assertions), every pair of versions compared on its observable events, and the first
 * divergences collected across versions (`crossObservable`).
 *
 * Guarantees: every claim comes from an exhaustive walk at the given constants, or is marked incomplete; the result
 * is deterministic.
 */
import type { AnyModel, CompileOptions, Trace } from '../../engine/index.js';
import { compileModel } from '../../engine/index.js';
import { compareObservable, type ObservableComparison } from './compareObservable.js';
import { crossObservable, type ObservableRow } from './crossObservable.js';
import type { ObservableMapping } from './observableMapping.js';
import { ObservableSpace, type ObservableExploration } from './observableSpace.js';

/** A property's verdict in one version at the observable level's walk. */
export type ObservableVerdict =
  | { readonly status: 'holds' }
  | { readonly status: 'violated'; readonly counterexample: Trace<unknown> }
  /** Graph and temporal properties (e.g. "no thread is stuck for ever") are not evaluated by this walk. */
  | { readonly status: 'not checked' }
  | { readonly status: 'n/a' };

/** One version's walk. */
export interface ObservableVersion {
  readonly model: string;
  readonly exploration: ObservableExploration;
}

/** The result of {@link diffObservable}. */
export interface ObservableDiff {
  readonly constantSet: string | undefined;
  readonly versions: readonly ObservableVersion[];
  /** Every property of any version, in order of first appearance, with each version's verdict by model name. */
  readonly properties: readonly { readonly name: string; readonly verdicts: ReadonlyMap<string, ObservableVerdict> }[];
  /** Every pair (i < j) of versions. */
  readonly comparisons: readonly ObservableComparison[];
  readonly rows: readonly ObservableRow[];
  /** The spaces, for witnesses (concrete interleavings) of the rows. */
  readonly spaces: readonly ObservableSpace[];
}

/** Options of {@link diffObservable}. */
export interface DiffObservableOptions extends Pick<CompileOptions, 'constantSet' | 'constantOverrides'> {
  /** Stop each pairwise walk after this many pairs of sets (then incomplete). @defaultValue unlimited */
  readonly maxPairs?: number;
}

/** Compares `models` (at least two) at the observable level of `mapping`. Throws `UsageError` for bad constants. */
export function diffObservable(models: readonly AnyModel[], mapping: ObservableMapping, options: DiffObservableOptions = {}): ObservableDiff {
  const compileOptions = {
    ...(options.constantSet !== undefined ? { constantSet: options.constantSet } : {}),
    ...(options.constantOverrides !== undefined ? { constantOverrides: options.constantOverrides } : {}),
  };
  const spaces = models.map((m) => new ObservableSpace(compileModel(m, compileOptions), mapping));
  const versions = spaces.map((s) => ({ model: s.name, exploration: s.explore() }));
  const names: string[] = [];
  for (const s of spaces) for (const p of s.compiled.properties) if (!names.includes(p.name)) names.push(p.name);
  const properties = names.map((name) => {
    const verdicts = new Map<string, ObservableVerdict>();
    spaces.forEach((s, i) => {
      const e = versions[i]!.exploration;
      const has = s.compiled.properties.some((p) => p.name === name);
      const cx = e.violations.get(name);
      verdicts.set(s.name, !has ? { status: 'n/a' } : cx !== undefined ? { status: 'violated', counterexample: cx } : e.checked.includes(name) ? { status: 'holds' } : { status: 'not checked' });
    });
    return { name, verdicts };
  });
  const comparisons: ObservableComparison[] = [];
  for (let i = 0; i < spaces.length; i += 1) {
    for (let j = i + 1; j < spaces.length; j += 1) {
      comparisons.push(compareObservable(spaces[i]!, spaces[j]!, options.maxPairs !== undefined ? { maxPairs: options.maxPairs } : {}));
    }
  }
  return {
    constantSet: spaces[0]?.compiled.constantSetName,
    versions,
    properties,
    comparisons,
    rows: crossObservable(comparisons, spaces),
    spaces,
  };
}
