/**
 * One thread's share of a BFS level in the parallel driver — the same procedure on the main thread and in every
 * worker: claim chunks of the level's states (an atomic counter), expand each with the successor core, look each
 * successor up in the visited set (read-only during the level) and put the new ones in the shared level table with
 * their discovery keys, evaluating the invariants on the states this thread claimed. When the check records the state
 * graph, the thread also writes the edges of the states it expands into its edge log (`levelEdges.ts`).
 *
 * A level is *clean* when nothing in it changes what the check reports besides counts and new states: no assertion,
 * error, deadlock or violation of a property not violated before. Only a clean level is committed from this work;
 * as soon as any thread finds a level eventful (or the level table full) all threads stop, and the driver redoes the
 * level with the sequential BFS — whose order alone decides which violation is first and where the counts stop.
 */
import { InternalError } from '../api/errors.js';
import type { CompiledModel } from '../core/compileModel.js';
import type { SuccessorCore } from '../core/examine.js';
import { EntryFlag, EntryKind, type Expansion } from '../core/expansion.js';
import { inPuritySample } from '../explore/exploration.js';
import type { TableView } from '../store/stateTable.js';
import { TableReader } from '../store/tableReader.js';
import type { LevelEdgeLog, LevelEdges } from './levelEdges.js';
import { LevelInsert, LevelTable, type LevelTableBuffers } from './levelTable.js';

/** Positions of the control words shared by the threads of a level. */
export const Control = {
  /** The next position in the level to hand out. */
  next: 0,
  /** 0 while the level goes on; set to 1 to make every thread stop (eventful, full, interrupted). */
  stop: 1,
} as const;

/** What every thread gets for one level. */
export interface LevelJob {
  /** The level's states are ids `levelStart .. levelStart + count - 1`. */
  readonly levelStart: number;
  readonly count: number;
  readonly view: TableView;
  readonly level: LevelTableBuffers;
  /** Discovery key = position in the level << labelBits | label. */
  readonly labelBits: number;
  /** By compiled property index: violated before this level. */
  readonly violated: readonly boolean[];
  /** The names of every property violated before this level (assertions raised under undeclared names included). */
  readonly violatedNames: readonly string[];
  readonly control: Int32Array;
  readonly paranoid: boolean;
  /**
   * Whether the check records the state graph: each thread then logs its states' edges (`levelEdges.ts`); the
   * visited set has the hashed layout, so that stored targets' ids can be found.
   */
  readonly recordGraph: boolean;
}

/** One thread's result for a level. */
export interface LevelWorkResult {
  readonly generated: number;
  readonly actionGenerated: readonly number[];
  readonly eventful: boolean;
  readonly full: boolean;
  /** A worker's edge log for the level, when the graph is recorded and the level was neither eventful nor full. */
  readonly edges?: LevelEdges;
}

/** The number of consecutive level positions a thread claims at a time (a chunk of the edge logs too). */
export const LEVEL_CHUNK = 32;
const CHUNK = LEVEL_CHUNK;

/**
 * Does this thread's share of `job` (see the module comment). With `deadline` (a `performance.now()` time), stops
 * claiming chunks after it, so that the main thread can attend to its event loop; call again to go on. With `edges`
 * (required when `job.recordGraph`), appends the edges of every chunk it expands, whole chunks only.
 */
export function workOnLevel(
  core: SuccessorCore,
  exp: Expansion,
  job: LevelJob,
  deadline = Number.POSITIVE_INFINITY,
  edges?: LevelEdgeLog,
): LevelWorkResult & { readonly finished: boolean } {
  if (job.recordGraph !== (edges !== undefined)) throw new InternalError('workOnLevel: an edge log is needed exactly when the graph is recorded');
  const compiled: CompiledModel = core.compiled;
  const W = compiled.codec.words;
  const reader = new TableReader(job.view);
  const table = new LevelTable(job.level);
  const words = new Uint32Array(W);
  const labelAction = compiled.labelAction;
  const actionGenerated = new Array<number>(compiled.actionNames.length).fill(0);
  const violatedNames = new Set(job.violatedNames);
  const failures: number[] = [];
  const deadlockRelevant = compiled.deadlockIndex >= 0 && !job.violated[compiled.deadlockIndex];
  const control = job.control;
  let generated = 0;
  let eventful = false;
  let full = false;
  const relevant = (name: string): boolean => !violatedNames.has(name);
  /** Whether `state` violates an invariant not violated before (or an invariant threw). */
  const invariantsEventful = (state: unknown): boolean => {
    failures.length = 0;
    return core.checkInvariants(state, job.violated, failures) !== undefined || failures.length > 0;
  };
  let finished = false;
  outer: for (;;) {
    if (Atomics.load(control, Control.stop) !== 0) {
      finished = true;
      break;
    }
    if (performance.now() > deadline) break;
    const start = Atomics.add(control, Control.next, CHUNK);
    if (start >= job.count) {
      finished = true;
      break;
    }
    const end = Math.min(job.count, start + CHUNK);
    edges?.beginChunk(start / CHUNK);
    for (let p = start; p < end; p += 1) {
      const id = job.levelStart + p;
      reader.copyEncoding(id, words, 0);
      const parent = compiled.codec.decode(words, 0);
      exp.reset();
      const enabled = core.expandState(parent, words, 0, exp, inPuritySample(id, job.paranoid));
      if (enabled === 0 && deadlockRelevant) {
        eventful = true;
        break outer;
      }
      edges?.beginState();
      let f = 0;
      for (let e = 0; e < exp.count; e += 1) {
        const kind = exp.kind[e]!;
        if (kind === EntryKind.error || (kind === EntryKind.assertion && relevant(exp.messages[e]!.property!))) {
          eventful = true;
          break outer;
        }
        if (kind !== EntryKind.step) continue;
        const label = exp.label[e]!;
        generated += 1;
        actionGenerated[labelAction[label]!]! += 1;
        for (; f < exp.actionFailureCount && exp.actionFailures[f * 2] === e; f += 1) {
          if (!job.violated[exp.actionFailures[f * 2 + 1]!]) {
            eventful = true;
            break outer;
          }
        }
        const flags = exp.flags[e]!;
        if (flags & EntryFlag.sameAsParent) continue;
        if (flags & EntryFlag.outsideConstraint) {
          if (invariantsEventful(exp.states[e])) {
            eventful = true;
            break outer;
          }
          continue;
        }
        if (edges === undefined) {
          if (reader.contains(exp.encodings, e * W)) continue;
        } else {
          // the sequential commit's rule: an edge to every stored target but the parent itself
          const stored = reader.find(exp.encodings, e * W);
          if (stored >= 0) {
            if (stored !== id) edges.edge(stored, label);
            continue;
          }
        }
        const inserted = table.insert(exp.encodings, e * W, (p << job.labelBits) | label);
        if (inserted === LevelInsert.full) {
          full = true;
          break outer;
        }
        edges?.edge(~table.lastSlot, label);
        if (inserted === LevelInsert.claimed && invariantsEventful(exp.states[e])) {
          eventful = true;
          break outer;
        }
      }
      edges?.endState();
    }
  }
  if (eventful || full) {
    Atomics.store(control, Control.stop, 1);
    finished = true;
  }
  return { generated, actionGenerated, eventful, full, finished };
}
