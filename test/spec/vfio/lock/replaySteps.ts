/**
 * Test helper: replays a hand-written interleaving of a lock-level VFIO model, step by step, with the engine's
 * Replayer (the same successor function as the checker). A step is named by its action, thread and argument, as the
 * labels of traces are.
 */
import { canonicalJson, compileModel, Replayer, type AnyModel, type CompiledModel, type Json } from '../../../../checker/engine/index.js';
import type { LockState } from '../../../../spec/vfio/lock/program.js';

/** One step of a thread: its action (`procedure.label`), the thread, and the step's own argument if it has one. */
export type Step = readonly [action: string, thread: number, arg?: Json];

/** What a replay did: the steps taken (each step's result and the state after it), and where it stopped, if it did. */
export interface Replay {
  readonly compiled: CompiledModel;
  readonly taken: readonly { readonly result: Json | undefined; readonly state: LockState }[];
  /** The index of the first step that is not enabled (no such label, a disabled step, or a failing one). */
  readonly blockedAt?: number;
  /** The state the replay ended in. */
  readonly state: LockState;
}

/** Replays `steps` on `model` at `constantSet` from its initial state, stopping at the first step that cannot run. */
export function replaySteps(model: AnyModel, constantSet: string, steps: readonly Step[]): Replay {
  const compiled = compileModel(model, { constantSet });
  const replayer = new Replayer(compiled);
  let position = replayer.start();
  const taken: { result: Json | undefined; state: LockState }[] = [];
  for (const [n, [action, thread, arg]] of steps.entries()) {
    const label = { action, params: arg === undefined ? { thread } : { thread, arg } };
    const i = compiled.labels.findIndex((l) => canonicalJson(l) === canonicalJson(label));
    const next = i < 0 ? undefined : replayer.step(position, i);
    if (next?.kind !== 'step') return { compiled, taken, blockedAt: n, state: position.state as LockState };
    position = next.position;
    taken.push({ result: next.result, state: position.state as LockState });
  }
  return { compiled, taken, state: position.state as LockState };
}

/** Replays `steps` that must all run; throws naming the first one that cannot. */
export function replayAll(model: AnyModel, constantSet: string, steps: readonly Step[]): Replay {
  const r = replaySteps(model, constantSet, steps);
  if (r.blockedAt !== undefined) throw new Error(`step ${r.blockedAt} (${canonicalJson(steps[r.blockedAt] as unknown as Json)}) cannot run`);
  return r;
}
