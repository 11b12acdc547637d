/**
 * Catching specs that mutate the state they are given. After a state has been expanded, its object is encoded
 * again and compared with the stored encoding: one encoding per expanded state (successors cost ~50× more), and it
 * makes it safe for the engine to treat a successor that *is* its parent object as the parent. When they differ, the
 * label to blame is found by replaying each label on a fresh copy.
 */
import type { CompiledModel } from '../core/compileModel.js';

/** Whether `state` still encodes to `words[offset ..]`; `scratch` holds one encoding. */
export function stillEncodesTo(
  compiled: CompiledModel,
  state: unknown,
  words: Uint32Array,
  offset: number,
  scratch: Uint32Array,
): boolean {
  try {
    compiled.codec.encode(state, scratch, 0);
  } catch {
    return false;
  }
  for (let i = 0; i < scratch.length; i += 1) if (scratch[i] !== words[offset + i]) return false;
  return true;
}

/** The first label whose action changes a fresh copy of the state encoded at `words[offset ..]`, or -1. */
export function findMutatingLabel(compiled: CompiledModel, words: Uint32Array, offset: number): number {
  const scratch = new Uint32Array(compiled.codec.words);
  for (let i = 0; i < compiled.labels.length; i += 1) {
    const fresh = compiled.codec.decode(words, offset);
    try {
      compiled.apply(fresh, i);
    } catch {
      // an exception is not a mutation
    }
    if (!stillEncodesTo(compiled, fresh, words, offset, scratch)) return i;
  }
  return -1;
}

/** The message for a mutating action. */
export function mutationMessage(action: string | undefined): string {
  return (
    `${action === undefined ? 'an action' : `action ${action}`} changed the state it was given; ` +
    'actions must return a new state ({...s, field: value}, array.with(i, v)) and never modify their input'
  );
}
