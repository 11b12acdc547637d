/**
 * Expanding a chunk of frontier states in a worker thread: each state is decoded and expanded by the successor core
 * into one shared expansion, whose entries the coordinator commits in order with the same rules as the sequential
 * run (`explore/exploration.ts`). Pure: the same chunk gives the same batch.
 *
 * Order: parents in chunk order, and for each parent its entries in label order — exactly the order in which the
 * sequential BFS commits them, so committing batches in chunk order reproduces the sequential run.
 */
import type { CompiledModel } from '../core/compileModel.js';
import type { SuccessorCore } from '../core/examine.js';
import { EntryKind, expansionParts, type ExpansionParts } from '../core/expansion.js';
import { inPuritySample } from '../explore/exploration.js';

/** A worker's expansion of a chunk of states: the entries of every parent, and where each parent's entries end. */
export interface ExpansionBatch {
  /** Number of parents expanded (fewer than sent when a parent's entries end in an error). */
  readonly parents: number;
  /** Enabled labels per parent (0 = deadlock). */
  readonly enabled: Int32Array;
  /** The end (exclusive entry index) of each parent's entries. */
  readonly ends: Int32Array;
  readonly entries: ExpansionParts;
}

/** Expands the `count` states encoded in `chunk`, whose ids start at `firstId`. */
export function expandChunk(core: SuccessorCore, chunk: Uint32Array, count: number, firstId: number, paranoid: boolean): ExpansionBatch {
  const compiled: CompiledModel = core.compiled;
  const W = compiled.codec.words;
  const exp = core.createExpansion();
  const enabled = new Int32Array(count);
  const ends = new Int32Array(count);
  let parents = 0;
  for (let p = 0; p < count; p += 1) {
    const parent = compiled.codec.decode(chunk, p * W);
    enabled[p] = core.expandState(parent, chunk, p * W, exp, inPuritySample(firstId + p, paranoid));
    ends[p] = exp.count;
    parents = p + 1;
    if (exp.count > 0 && exp.kind[exp.count - 1] === EntryKind.error) break;
  }
  return { parents, enabled, ends, entries: expansionParts(exp) };
}
