/**
 * An exhaustive exploration of one model for statistics and state-by-state analysis (abstraction), independent of
 * its properties: violations never end it early.
 */
import type { AnyModel } from '../engine/api/model.js';
import type { InvariantProperty } from '../engine/api/property.js';
import type { JsonRecord } from '../engine/api/json.js';
import { compileModel, type CompileOptions, type CompiledModel } from '../engine/core/compileModel.js';
import { BfsExplorer } from '../engine/explore/bfs.js';

/** A finished exploration: the compiled model and the engine's explorer, whose table holds every stored state. */
export interface ExploredStateSpace {
  readonly compiled: CompiledModel;
  readonly explorer: BfsExplorer;
  /** Whether every reachable state was stored and expanded. */
  readonly complete: boolean;
  /** Number of initial states generated. */
  readonly initialStates: number;
  /** The message of an exception the spec threw (exploration stopped there), if any. */
  readonly error?: string;
}

/**
 * The one property of the exploration: always true, so the engine never sees "every property violated" and stops
 * (kernel assertions raised by actions are recorded and the exploration goes on).
 */
const NEVER_VIOLATED: InvariantProperty<unknown, JsonRecord> = { kind: 'invariant', holds: () => true };
const NEVER_VIOLATED_NAME = '(exploration)';

/**
 * Explores `model` breadth-first with the engine's {@link BfsExplorer} (exact visited set, deadlocks not checked,
 * assertion failures recorded but not stopping). Guarantees: `complete` is true only when the exploration ran out of
 * states; state ids in `explorer.table` are in BFS order, so the first id with some feature has a shortest trace.
 */
export function exploreStateSpace(
  model: AnyModel,
  options: Pick<CompileOptions, 'constantSet' | 'constantOverrides'> & { readonly maxStates?: number } = {},
): ExploredStateSpace {
  const wrapped: AnyModel = { ...model, properties: { [NEVER_VIOLATED_NAME]: NEVER_VIOLATED }, deadlock: false };
  const compiled = compileModel(wrapped, {
    ...(options.constantSet !== undefined ? { constantSet: options.constantSet } : {}),
    ...(options.constantOverrides !== undefined ? { constantOverrides: options.constantOverrides } : {}),
  });
  const explorer = new BfsExplorer(compiled, {
    continueAfterViolation: true,
    ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
  });
  while (explorer.runSlice(1 << 20) === 'running');
  return {
    compiled,
    explorer,
    complete: explorer.state === 'done',
    initialStates: Math.min(explorer.statesGenerated, compiled.initialStates().length),
    ...(explorer.specError ? { error: explorer.specError.message } : {}),
  };
}
