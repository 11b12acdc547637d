/**
 * Abstract states reachable in one model and not in the other, under an abstraction both models share.
 */
import { canonicalJson, type Json, type JsonRecord } from '../engine/api/json.js';
import type { Trace } from '../engine/api/trace.js';
import { reconstructTrace } from '../engine/trace/reconstruct.js';
import type { ExploredStateSpace } from './exploreStateSpace.js';

/** An abstract state reachable in one model only, with a shortest trace (in that model) reaching it. */
export interface AbstractOnlyIn {
  readonly abstract: Json;
  readonly trace: Trace<unknown>;
}

/** The result of {@link compareAbstractStates}. */
export interface AbstractStateComparison {
  /** Distinct abstract values reached in A, in B, and in both. */
  readonly countA: number;
  readonly countB: number;
  readonly common: number;
  /** Abstract values reachable in A and not in B (at most `maxWitnesses`, in A's BFS order). */
  readonly onlyInA: readonly AbstractOnlyIn[];
  readonly onlyInB: readonly AbstractOnlyIn[];
  /** How many more were found than listed. */
  readonly omittedA: number;
  readonly omittedB: number;
  /** Whether both explorations were exhaustive (otherwise "only in" may be an artefact of a limit). */
  readonly complete: boolean;
}

type AbstractFn = (state: unknown, constants: JsonRecord) => Json;

/** Every abstract value of a space, with the first (BFS-shallowest) state id reaching it. */
function abstractValues(space: ExploredStateSpace, abstract: AbstractFn): Map<string, { id: number; value: Json }> {
  const { compiled, explorer } = space;
  const table = explorer.table;
  const values = new Map<string, { id: number; value: Json }>();
  for (let id = 0; id < table.size; id += 1) {
    const { chunk, offset } = table.locate(id);
    const value = abstract(compiled.codec.decode(chunk, offset), compiled.constants);
    const key = canonicalJson(value);
    if (!values.has(key)) values.set(key, { id, value });
  }
  return values;
}

/**
 * Compares the abstract states of two explored spaces. Guarantees: every abstract value listed as only in A is the
 * abstraction of a reachable state of A (its trace was replayed through A) and of no state stored for B; the trace
 * is a shortest one to a state with that abstract value.
 */
export function compareAbstractStates(
  a: ExploredStateSpace,
  abstractA: AbstractFn,
  b: ExploredStateSpace,
  abstractB: AbstractFn,
  maxWitnesses = 50,
): AbstractStateComparison {
  const valuesA = abstractValues(a, abstractA);
  const valuesB = abstractValues(b, abstractB);
  const only = (
    space: ExploredStateSpace,
    mine: Map<string, { id: number; value: Json }>,
    theirs: Map<string, { id: number; value: Json }>,
  ): { list: AbstractOnlyIn[]; omitted: number } => {
    const list: AbstractOnlyIn[] = [];
    let omitted = 0;
    for (const [key, { id, value }] of mine) {
      if (theirs.has(key)) continue;
      if (list.length >= maxWitnesses) {
        omitted += 1;
        continue;
      }
      const trace = reconstructTrace(space.compiled, space.explorer.table, { fromId: id, finalLabel: -1, initIndex: -1 });
      list.push({ abstract: value, trace });
    }
    return { list, omitted };
  };
  const inA = only(a, valuesA, valuesB);
  const inB = only(b, valuesB, valuesA);
  let common = 0;
  for (const key of valuesA.keys()) if (valuesB.has(key)) common += 1;
  return {
    countA: valuesA.size,
    countB: valuesB.size,
    common,
    onlyInA: inA.list,
    onlyInB: inB.list,
    omittedA: inA.omitted,
    omittedB: inB.omitted,
    complete: a.complete && b.complete,
  };
}
