/**
 * Random simulation: walks of bounded length from random initial states, each step to a successor chosen at random.
 * It is a driver of the same core and commit rules as `check`: every state a walk visits is expanded with the
 * successor core and its entries are committed through {@link Exploration} — so every action property, assertion
 * and error of every transition out of a visited state is checked, and every new successor (chosen or not) is
 * checked against the invariants, exactly as BFS would. A successor outside the constraint is checked but never
 * walked into, so every state a walk visits is one `check` stores. Not exhaustive: a simulation that finds nothing
 * proves nothing, and says so.
 *
 * The same seed, model and options give the same walks, the same result and the same bytes of output.
 * Counterexamples are rebuilt from the visited set's parent pointers (`trace/reconstruct.ts`): each is a real,
 * replayed trace to the violation, the first one by which the simulation reached that state.
 */
import type { Trace } from '../api/trace.js';
import type { CheckStats } from '../api/result.js';
import type { ErrorCode } from '../api/errors.js';
import { NondeterminismError } from '../api/errors.js';
import type { CompiledModel } from '../core/compileModel.js';
import { EntryFlag, EntryKind } from '../core/expansion.js';
import { reconstructTrace } from '../trace/reconstruct.js';
import { Exploration, inPuritySample } from './exploration.js';
import { createRandom } from './random.js';

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** @defaultValue 0 */
  readonly seed?: number;
  /** Number of walks. @defaultValue 100 */
  readonly runs?: number;
  /** Steps per walk at most. @defaultValue 100 */
  readonly maxSteps?: number;
  /** Re-expand every visited state to check purity (see `check`'s option). @defaultValue false */
  readonly paranoid?: boolean;
  /** Called with every state a walk visits (expands), in order; for tests and tools. */
  readonly onState?: (state: unknown) => void;
}

/** What a simulation found: the first violation (with the walk it was found in), a spec error, or nothing. */
export interface SimulationResult {
  readonly status: 'ok' | 'violated' | 'error';
  readonly seed: number;
  /** Walks started (the last one is where a violation or error was found). */
  readonly runs: number;
  /** Steps taken in all walks. */
  readonly steps: number;
  /** Distinct states seen (visited or checked as successors), as `check` counts them. */
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly violation?: {
    readonly property: string;
    readonly kind: string;
    readonly message: string;
    /** The 0-based index of the walk it was found in. */
    readonly run: number;
    readonly trace: Trace<unknown>;
  };
  readonly error?: { readonly code: ErrorCode; readonly message: string; readonly trace?: Trace<unknown> };
}

/** Simulates `compiled`. */
export function simulate(compiled: CompiledModel, options: SimulateOptions = {}): SimulationResult {
  const seed = options.seed ?? 0;
  const runs = options.runs ?? 100;
  const maxSteps = options.maxSteps ?? 100;
  const paranoid = options.paranoid ?? false;
  const random = createRandom(seed);
  const x = new Exploration(compiled, { indexed: true });
  const exp = x.core.createExpansion();
  const table = x.table;
  const scratch = new Uint32Array(compiled.codec.words);
  x.admitInitialStates(exp);
  // The initial states that were stored, in order (a walk starts at one of them).
  const roots: number[] = [];
  for (let e = 0; e < exp.count; e += 1) {
    if (exp.kind[e] !== EntryKind.step || exp.flags[e]! & EntryFlag.outsideConstraint) continue;
    const id = table.find(exp.encodings, e * exp.words);
    if (id >= 0 && !roots.includes(id)) roots.push(id);
  }
  let steps = 0;
  let run = 0;
  for (; run < runs && x.state === 'running' && roots.length > 0; run += 1) {
    let id = roots[random.below(roots.length)]!;
    for (let k = 0; k < maxSteps && x.state === 'running'; k += 1) {
      const { chunk, offset } = table.locate(id);
      const parent = compiled.codec.decode(chunk, offset);
      options.onState?.(parent);
      exp.reset();
      const enabled = x.core.expandState(parent, chunk, offset, exp, inPuritySample(id, paranoid));
      if (!x.commit(id, k + 1, exp, 0, exp.count, enabled)) break;
      // Walk on through a step that leads to a stored state (not one outside the constraint).
      const choices: number[] = [];
      for (let e = 0; e < exp.count; e += 1) {
        if (exp.kind[e] === EntryKind.step && !(exp.flags[e]! & EntryFlag.outsideConstraint)) choices.push(e);
      }
      if (choices.length === 0) break;
      const e = choices[random.below(choices.length)]!;
      steps += 1;
      if (exp.flags[e]! & EntryFlag.sameAsParent) continue;
      scratch.set(exp.encodings.subarray(e * exp.words, (e + 1) * exp.words));
      const next = table.find(scratch, 0);
      if (next < 0) break;
      id = next;
    }
  }
  const counts: Pick<CheckStats, 'distinctStates' | 'statesGenerated'> = {
    distinctStates: table.size,
    statesGenerated: x.statesGenerated,
  };
  const base = { seed, runs: run, steps, ...counts };
  const rebuild = (end: Parameters<typeof reconstructTrace>[2]): Trace<unknown> | NondeterminismError => {
    try {
      return reconstructTrace(compiled, table, end, x.core);
    } catch (error) {
      if (error instanceof NondeterminismError) return error;
      throw error;
    }
  };
  if (x.specError) {
    const e = x.specError;
    const trace = e.end ? rebuild(e.end) : undefined;
    if (trace instanceof NondeterminismError) return { status: 'error', ...base, error: { code: 'LC207', message: `${e.message}; ${trace.message}` } };
    return { status: 'error', ...base, error: { code: e.code, message: e.message, ...(trace ? { trace } : {}) } };
  }
  const v = x.violations[0];
  if (v !== undefined) {
    const trace = rebuild(v.end);
    if (trace instanceof NondeterminismError) return { status: 'error', ...base, error: { code: 'LC207', message: trace.message } };
    const message = trace.aborted?.message ?? v.message;
    return { status: 'violated', ...base, violation: { property: v.property.name, kind: v.property.kind, message, run: base.runs - 1, trace } };
  }
  return { status: 'ok', ...base };
}
