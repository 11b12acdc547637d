/**
 * The size and shape of one model's state space, from an exhaustive exploration.
 */
import type { ActionCoverage, CheckResult } from '../engine/api/result.js';
import type { ExploredStateSpace } from './exploreStateSpace.js';

/** Distinct states, transitions, depth and per-action coverage of one model, as TLC counts them. */
export interface StateSpaceSummary {
  readonly model: string;
  /** Whether the exploration visited every reachable state. */
  readonly complete: boolean;
  readonly distinctStates: number;
  /** Initial states plus successors generated (TLC's "states generated"). */
  readonly statesGenerated: number;
  /** Successors generated, i.e. transitions (statesGenerated minus the initial states). */
  readonly transitions: number;
  /** The deepest BFS level (initial state = 1). */
  readonly depth: number;
  /** Per action: successors generated and new distinct states found. */
  readonly coverage: readonly ActionCoverage[];
  /** Transitions whose action raised a kernel assertion (not counted as generated). */
  readonly assertionsRaised: readonly string[];
}

/** Summarises an exploration. Pure function of the explorer's counters. */
export function summarizeStateSpace(space: ExploredStateSpace): StateSpaceSummary {
  const { compiled, explorer } = space;
  return {
    model: compiled.model.name,
    complete: space.complete,
    distinctStates: explorer.table.size,
    statesGenerated: explorer.statesGenerated,
    transitions: explorer.statesGenerated - space.initialStates,
    depth: explorer.depth,
    coverage: compiled.actionNames.map((action, i) => ({
      action,
      statesGenerated: explorer.actionGenerated[i]!,
      distinctStates: explorer.actionDistinct[i]!,
    })),
    assertionsRaised: explorer.violations.map((v) => v.property.name),
  };
}

/**
 * Summarises an exhaustive check instead of a separate exploration: the same numbers, since a complete check
 * explored every reachable state. Returns `undefined` when the check was not complete (a violation of every
 * property, a limit or an error ended it), so that the caller explores the space itself.
 */
export function summarizeCheckResult(result: CheckResult, initialStates: number): StateSpaceSummary | undefined {
  if (!result.complete) return undefined;
  return {
    model: result.model,
    complete: true,
    distinctStates: result.stats.distinctStates,
    statesGenerated: result.stats.statesGenerated,
    transitions: result.stats.statesGenerated - initialStates,
    depth: result.stats.depth,
    coverage: result.stats.coverage,
    assertionsRaised: result.properties.filter((p) => p.kind === 'assertion' && p.status === 'violated').map((p) => p.name),
  };
}
