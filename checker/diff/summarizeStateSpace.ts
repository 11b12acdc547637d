/**
 * The size and shape of one model's state space, from an exhaustive check (`exhaustive`: violations do not end it).
 */
import type { ActionCoverage, CheckResult } from '../engine/index.js';

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
  /** Assertion properties some transition raised (such a transition is not counted as generated). */
  readonly assertionsRaised: readonly string[];
}

/** Summarises an exhaustive check of a model with `initialStates` initial states. Pure function of the result. */
export function summarizeCheckResult(result: CheckResult, initialStates: number): StateSpaceSummary {
  return {
    model: result.model,
    complete: result.complete,
    distinctStates: result.stats.distinctStates,
    statesGenerated: result.stats.statesGenerated,
    transitions: result.stats.statesGenerated - initialStates,
    depth: result.stats.depth,
    coverage: result.stats.coverage,
    assertionsRaised: result.properties.filter((p) => p.kind === 'assertion' && p.status === 'violated').map((p) => p.name),
  };
}
