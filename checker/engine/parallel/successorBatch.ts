/**
 * Expanding a chunk of frontier states into a batch of encoded successors with everything the coordinator needs to
 * commit them without calling spec code: per successor its parent, label, encoding and which properties it violates.
 * Runs in worker threads (and is pure: the same chunk gives the same batch).
 *
 * Order: parents in chunk order, and for each parent its labels in label order — exactly the order in which the
 * sequential BFS visits successors, so committing batches in chunk order reproduces the sequential run.
 */
import { AssertionFailure } from '../api/spec.js';
import type { CompiledModel } from '../core/compileModel.js';
import { SchemaMismatch } from '../encoding/codec.js';
import { findMutatingLabel, mutationMessage, stillEncodesTo } from '../explore/mutationCheck.js';

/** Flags of one successor. */
export const SuccessorFlag = {
  /** The action raised an assertion (no state; see `assertions`). */
  aborted: 1,
  /** The state fails the model's constraint (counted and checked, not stored). */
  constraintFailed: 2,
  /** The action returned the very state it was given: the parent itself (no encoding is sent). */
  sameAsParent: 4,
} as const;

/** A batch of successors (struct of arrays, transferable). */
export interface SuccessorBatch {
  /** Number of parents expanded (may be fewer than sent when a spec error stopped the chunk). */
  readonly parents: number;
  /** Enabled labels per parent (0 = deadlock). */
  readonly enabled: Int32Array;
  /** Number of successors. */
  readonly count: number;
  readonly parent: Int32Array;
  readonly label: Int32Array;
  readonly flags: Uint8Array;
  /** Encodings, `words` per successor (zeros for aborted ones). */
  readonly words: Uint32Array;
  /**
   * Violations as (successor index, property index) pairs, in evaluation order: action properties, then (for a
   * successor failing the constraint only) invariants.
   */
  readonly failures: Int32Array;
  /** Assertion failures: successor index, property name and message. */
  readonly assertions: readonly { readonly successor: number; readonly property: string; readonly message: string }[];
  /** The first exception thrown by spec code, with the parent and the label being tried (-1 if unknown). */
  readonly specError?: { readonly parent: number; readonly label: number; readonly message: string };
}

class GrowI32 {
  data = new Int32Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  take(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Thrown when a property's own code throws, with the message the sequential engine gives. */
class PropertyThrew extends Error {}

function guard(prefix: string, holds: () => boolean): boolean {
  try {
    return holds();
  } catch (error) {
    throw new PropertyThrew(`${prefix}${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Expands `count` states encoded in `chunk` (words per state = the codec's). */
export function expandChunk(compiled: CompiledModel, chunk: Uint32Array, count: number): SuccessorBatch {
  const W = compiled.codec.words;
  const c = compiled.constants;
  const enabled = new Int32Array(count);
  const parent = new GrowI32();
  const label = new GrowI32();
  const flagList: number[] = [];
  let words = new Uint32Array(Math.max(64, count * 4 * W));
  const failures = new GrowI32();
  const assertions: { successor: number; property: string; message: string }[] = [];
  let n = 0;
  let current: unknown;
  let p = 0;
  let specError: SuccessorBatch['specError'];
  const reserve = (): number => {
    if ((n + 1) * W > words.length) {
      const w = new Uint32Array(words.length * 2);
      w.set(words);
      words = w;
    }
    return n * W;
  };
  const visit = (labelIndex: number, next: unknown, result: unknown): void => {
    const offset = reserve();
    let flags = 0;
    for (const prop of compiled.actionProperties) {
      if (!guard(`action property ${prop.name} threw: `, () => prop.holds(current, compiled.labels[labelIndex]!, next, c, result as never))) {
        failures.push(n);
        failures.push(prop.index);
      }
    }
    if (next === current) {
      // The parent itself: stored and checked already (a mutating spec is caught after the expansion).
      words.fill(0, offset, offset + W);
      flags = SuccessorFlag.sameAsParent;
    } else {
      compiled.codec.encode(next, words, offset);
      if (compiled.constraint !== undefined && !compiled.constraint(next, c)) {
        // Never stored, so checked here; stored states are checked by the coordinator when they are new.
        flags |= SuccessorFlag.constraintFailed;
        for (const inv of compiled.invariants) {
          if (!guard(`invariant ${inv.name} threw: `, () => inv.holds(next, c))) {
            failures.push(n);
            failures.push(inv.index);
          }
        }
      }
    }
    parent.push(p);
    label.push(labelIndex);
    flagList.push(flags);
    n += 1;
  };
  const abort = (labelIndex: number, failure: AssertionFailure): void => {
    reserve();
    words.fill(0, n * W, (n + 1) * W);
    assertions.push({ successor: n, property: failure.property, message: failure.message });
    parent.push(p);
    label.push(labelIndex);
    flagList.push(SuccessorFlag.aborted);
    n += 1;
  };
  const mutationScratch = new Uint32Array(W);
  for (p = 0; p < count; p += 1) {
    current = compiled.codec.decode(chunk, p * W);
    try {
      enabled[p] = compiled.expand(current, visit, abort);
      if (!stillEncodesTo(compiled, current, chunk, p * W, mutationScratch)) {
        const label = findMutatingLabel(compiled, chunk, p * W);
        specError = { parent: p, label, message: mutationMessage(compiled.labels[label]?.action) };
        break;
      }
    } catch (error) {
      const message =
        error instanceof SchemaMismatch
          ? `the spec produced a state outside its schema: ${error.message}`
          : error instanceof Error
            ? error.message
            : String(error);
      let failing = -1;
      for (let i = 0; i < compiled.labels.length && failing < 0; i += 1) {
        try {
          const s = compiled.apply(current, i);
          if (s !== undefined) compiled.codec.encode(s.state, new Uint32Array(W), 0);
        } catch (e) {
          if (!(e instanceof AssertionFailure)) failing = i;
        }
      }
      specError = { parent: p, label: failing, message };
      break;
    }
  }
  return {
    parents: specError ? specError.parent : count,
    enabled,
    count: n,
    parent: parent.take(),
    label: label.take(),
    flags: Uint8Array.from(flagList),
    words: words.slice(0, n * W),
    failures: failures.take(),
    assertions,
    ...(specError ? { specError } : {}),
  };
}
