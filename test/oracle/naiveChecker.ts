/**
 * A naive reference checker: a plain breadth-first search over a `Map` keyed by the canonical JSON of each state,
 * written to be obviously right rather than fast. It uses only `compileModel(model)`'s `initialStates` and `expand`
 * (the spec's own successor function), and follows TLC's counting rules:
 *
 * - generated = initial states (duplicates included) + every successor of every enabled (action, params) pair;
 * - a state failing the model's constraint is counted and checked against invariants, but not stored or expanded;
 * - depth = the deepest BFS level holding a stored state, initial states at level 1;
 * - deadlock (when the model checks it): a stored state with no enabled action, found when it is expanded.
 *
 * With `stopAtFirstViolation` (the engine's default), the search stops at the first violation, in the engine's order:
 * initial states in order, then each level's states in order and their successors in label order; the counts then
 * include the violating state. Guarantees: the counterexample length is the BFS level of the violation, i.e. the
 * number of states of a shortest trace to it (for an assertion raised inside an action: to the state the aborted
 * step started from).
 */
import { canonicalJson, compileModel, type AnyModel, type CompileOptions } from '../../checker/engine/index.js';

/** What the naive checker found. */
export interface NaiveResult {
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  /** The first violation found: the property's name and the number of states of its (shortest) trace. */
  readonly violation?: { readonly property: string; readonly traceLength: number };
}

/** Options of {@link naiveCheck}. */
export interface NaiveOptions extends Pick<CompileOptions, 'properties' | 'deadlock'> {
  /** Stop at the first violation, as the engine does by default. @defaultValue true */
  readonly stopAtFirstViolation?: boolean;
}

/** Explores `model` exhaustively (or up to its first violation) and returns TLC-style counts. */
export function naiveCheck(model: AnyModel, options: NaiveOptions = {}): NaiveResult {
  const compiled = compileModel(model, options);
  const stop = options.stopAtFirstViolation ?? true;
  const constants = compiled.constants;
  /** Stored states: canonical JSON → BFS level (1-based). */
  const seen = new Map<string, number>();
  let generated = 0;
  let depth = 0;
  let violation: NaiveResult['violation'];
  const violated = new Set<string>();

  const report = (property: string, level: number): void => {
    if (violated.has(property)) return;
    violated.add(property);
    violation ??= { property, traceLength: level };
  };
  /** Applies the constraint to `state` (found at `level`), stores it if new, checks invariants on it. */
  const admit = (state: unknown, level: number): unknown | undefined => {
    const inside = compiled.constraint === undefined || compiled.constraint(state, constants);
    const key = canonicalJson(state);
    const isNew = inside && !seen.has(key);
    if (isNew) {
      seen.set(key, level);
      depth = Math.max(depth, level);
    }
    if (isNew || !inside) {
      for (const invariant of compiled.invariants) {
        if (!violated.has(invariant.name) && !invariant.holds(state, constants)) report(invariant.name, level);
      }
    }
    return isNew ? state : undefined;
  };
  const done = (): boolean => stop && violation !== undefined;

  let frontier: unknown[] = [];
  for (const state of compiled.initialStates()) {
    generated += 1;
    const stored = admit(state, 1);
    if (stored !== undefined) frontier.push(stored);
    if (done()) break;
  }
  for (let level = 1; frontier.length > 0 && !done(); level += 1) {
    const next: unknown[] = [];
    for (const state of frontier) {
      let enabled = 0;
      compiled.expand(
        state,
        (labelIndex, successor, result) => {
          enabled += 1;
          if (done()) return;
          generated += 1;
          for (const property of compiled.actionProperties) {
            const label = compiled.labels[labelIndex]!;
            if (!violated.has(property.name) && !property.holds(state, label, successor, constants, result)) {
              report(property.name, level + 1);
            }
          }
          if (done()) return;
          const stored = admit(successor, level + 1);
          if (stored !== undefined) next.push(stored);
        },
        (_labelIndex, failure) => {
          // An assertion aborts the step: nothing is generated, and the trace ends at `state` (level states).
          enabled += 1;
          if (!done()) report(failure.property, level);
        },
      );
      if (done()) break;
      if (enabled === 0 && compiled.deadlockIndex >= 0) report('deadlock', level);
      if (done()) break;
    }
    frontier = next;
  }
  return { distinctStates: seen.size, statesGenerated: generated, depth, ...(violation ? { violation } : {}) };
}
