/**
 * Test helper: replays syscall labels on a VFIO model one at a time through the engine's `Replayer` (the successor
 * core), so replays exercise exactly the transitions the checker explores.
 */
import { AssertionFailure, canonicalJson, compileModel, Replayer, type AnyModel, type CompiledModel, type Json } from '../../../checker/engine/index.js';
import type { Syscall } from '../../../spec/vfio/syscalls.js';

/** The index of the label equal to `call` (by canonical JSON); throws if the model has no such label. */
export function labelIndex(compiled: CompiledModel, call: Syscall): number {
  const wanted = canonicalJson(call);
  const i = compiled.labels.findIndex((l) => canonicalJson(l) === wanted);
  if (i < 0) throw new Error(`no label ${wanted} in ${compiled.model.name}`);
  return i;
}

/** One replayed step: the call, its result, and the state after it. */
export interface ReplayedStep {
  readonly call: Syscall;
  readonly result: Json | undefined;
  readonly state: unknown;
}

/** Replays `calls` from the initial state of `model` at `constantSet`; throws if a call is disabled. */
export function replay(model: AnyModel, constantSet: string, calls: readonly Syscall[]): ReplayedStep[] {
  const compiled = compileModel(model, { constantSet });
  const replayer = new Replayer(compiled);
  let position = replayer.start();
  const out: ReplayedStep[] = [];
  for (const call of calls) {
    const next = replayer.step(position, labelIndex(compiled, call));
    if (next.kind === 'assertion') throw new AssertionFailure(next.property, next.message);
    if (next.kind === 'error') throw new Error(next.message);
    if (next.kind === 'disabled') throw new Error(`${canonicalJson(call)} is disabled`);
    position = next.position;
    out.push({ call, result: next.result, state: position.state });
  }
  return out;
}
