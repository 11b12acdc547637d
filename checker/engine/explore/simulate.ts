/**
 * Random simulation: walks of bounded length from random initial states, choosing a random enabled label at each
 * step, with every invariant checked on every state visited and every action property and assertion on every step
 * taken. Not exhaustive: a simulation that finds nothing proves nothing, and says so.
 *
 * It uses the model's one successor function (`CompiledModel.expand`), as BFS, replay and diff do. The same seed,
 * model and options give the same walks.
 */
import type { Json } from '../api/json.js';
import type { Trace, TraceStep } from '../api/trace.js';
import type { AssertionFailure } from '../api/spec.js';
import type { CompiledModel } from '../core/compileModel.js';
import { createRandom } from './random.js';

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** @defaultValue 0 */
  readonly seed?: number;
  /** Number of walks. @defaultValue 100 */
  readonly runs?: number;
  /** Steps per walk at most. @defaultValue 100 */
  readonly maxSteps?: number;
}

/** What a simulation found: the first violation (with its walk), or none. */
export interface SimulationResult {
  readonly status: 'ok' | 'violated' | 'error';
  readonly seed: number;
  readonly runs: number;
  readonly steps: number;
  readonly violation?: {
    readonly property: string;
    readonly kind: string;
    readonly message: string;
    readonly run: number;
    readonly trace: Trace<unknown>;
  };
  readonly error?: { readonly message: string; readonly trace: Trace<unknown> };
}

interface Candidate {
  readonly labelIndex: number;
  readonly state?: unknown;
  readonly result?: Json;
  readonly failure?: AssertionFailure;
}

/** Simulates `compiled`. */
export function simulate(compiled: CompiledModel, options: SimulateOptions = {}): SimulationResult {
  const seed = options.seed ?? 0;
  const runs = options.runs ?? 100;
  const maxSteps = options.maxSteps ?? 100;
  const random = createRandom(seed);
  const initial = compiled.initialStates();
  let totalSteps = 0;
  const c = compiled.constants;
  for (let run = 0; run < runs; run += 1) {
    const steps: TraceStep<unknown>[] = [{ label: null, state: initial[random.below(initial.length)] }];
    const violated = (property: string, kind: string, message: string, aborted?: Trace<unknown>['aborted']): SimulationResult => ({
      status: 'violated',
      seed,
      runs: run + 1,
      steps: totalSteps,
      violation: { property, kind, message, run, trace: aborted ? { steps, aborted } : { steps } },
    });
    try {
      for (let k = 0; ; k += 1) {
        const state = steps[steps.length - 1]!.state;
        for (const inv of compiled.invariants) {
          if (!inv.holds(state, c)) return violated(inv.name, 'invariant', `invariant ${inv.name} is violated`);
        }
        if (k === maxSteps) break;
        const candidates: Candidate[] = [];
        compiled.expand(
          state,
          (labelIndex, next, result) => candidates.push({ labelIndex, state: next, result }),
          (labelIndex, failure) => candidates.push({ labelIndex, failure }),
        );
        if (candidates.length === 0) {
          if (compiled.deadlockIndex >= 0) return violated('deadlock', 'deadlock', 'deadlock: no action is enabled');
          break;
        }
        const chosen = candidates[random.below(candidates.length)]!;
        const label = compiled.labels[chosen.labelIndex]!;
        totalSteps += 1;
        if (chosen.failure) {
          return violated(chosen.failure.property, 'assertion', chosen.failure.message, { label, message: chosen.failure.message });
        }
        for (const prop of compiled.actionProperties) {
          if (!prop.holds(state, label, chosen.state, c, chosen.result)) {
            steps.push(chosen.result === undefined ? { label, state: chosen.state } : { label, result: chosen.result, state: chosen.state });
            return violated(prop.name, 'action', `action property ${prop.name} is violated`);
          }
        }
        steps.push(chosen.result === undefined ? { label, state: chosen.state } : { label, result: chosen.result, state: chosen.state });
      }
    } catch (error) {
      return { status: 'error', seed, runs: run + 1, steps: totalSteps, error: { message: (error as Error).message, trace: { steps } } };
    }
  }
  return { status: 'ok', seed, runs, steps: totalSteps };
}
