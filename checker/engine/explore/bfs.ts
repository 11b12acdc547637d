/**
 * Breadth-first exploration, the engine's main loop: states are expanded in id order, which is BFS order, and the
 * entries of each expansion are committed through the shared {@link Exploration} rules.
 *
 * Invariants maintained:
 * - ids are handed out in BFS order, so the states of level d are the id range [levelStart, levelEnd);
 * - the first violation recorded for a property is at the smallest depth (and, within it, first in label order):
 *   its counterexample is a shortest one;
 * - the parallel driver (`parallel/parallelBfs.ts`) walks the same levels with the same `Exploration`, handing
 *   ranges of a level to workers and committing their expansions in id order, so both give the same ids, counts and
 *   violations.
 *
 * The loop runs in slices (`runSlice`) so that a driver can yield to the event loop, report progress and honour an
 * interrupt between slices without the loop itself knowing about any of it.
 */
import type { CompiledModel } from '../core/compileModel.js';
import type { Expansion } from '../core/expansion.js';
import { Exploration, inPuritySample, type ExploreOptions, type ExploreState } from './exploration.js';

/** One breadth-first exploration of a compiled model. */
export class BfsExplorer {
  readonly exploration: Exploration;
  /** The level being expanded (init = 1). */
  private level = 0;
  private levelStart = 0;
  private levelEnd = 0;
  /** The next state to expand. */
  private cursor = 0;
  private readonly expansion: Expansion;
  private readonly maxStates: number;
  private readonly maxDepth: number;
  private readonly paranoid: boolean;

  constructor(compiled: CompiledModel, options: ExploreOptions = {}) {
    this.exploration = new Exploration(compiled, options);
    this.expansion = this.exploration.core.createExpansion();
    this.maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
    this.maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
    this.paranoid = options.paranoid ?? false;
    const x = this.exploration;
    x.admitInitialStates(this.expansion);
    this.levelEnd = x.table.size;
    if (x.table.size > 0) this.level = 1;
    if (x.state === 'running' && x.table.size >= this.maxStates) x.state = 'maxStates';
    if (x.state === 'running' && this.levelEnd === 0) x.state = 'done';
  }

  get state(): ExploreState {
    return this.exploration.state;
  }

  /** States stored but not yet expanded. */
  get queueLeft(): number {
    return this.exploration.table.size - this.cursor;
  }

  /** Expands up to `budget` states. Returns the state of the exploration afterwards; `running` means call again. */
  runSlice(budget: number): ExploreState {
    const x = this.exploration;
    const table = x.table;
    const core = x.core;
    const codec = x.compiled.codec;
    const exp = this.expansion;
    for (let expanded = 0; x.state === 'running' && expanded < budget; expanded += 1) {
      if (!this.prepareNext()) break;
      const id = this.cursor;
      const { chunk, offset } = table.locate(id);
      const parent = codec.decode(chunk, offset);
      exp.reset();
      const enabled = core.expandState(parent, chunk, offset, exp, inPuritySample(id, this.paranoid));
      if (!x.commit(id, this.level, exp, 0, exp.count, enabled)) {
        if ((x.state as ExploreState) !== 'error') this.cursor += 1;
        break;
      }
      this.cursor += 1;
      if (table.size >= this.maxStates) {
        x.state = 'maxStates';
        break;
      }
    }
    return x.state;
  }

  /**
   * Moves to the next level when the current one is exhausted (the level barrier) and applies the depth limit.
   * Returns whether there is a state to expand at the cursor.
   */
  private prepareNext(): boolean {
    const x = this.exploration;
    if (this.cursor === this.levelEnd) {
      this.levelStart = this.levelEnd;
      this.levelEnd = x.table.size;
      if (this.levelStart === this.levelEnd) {
        x.state = 'done';
        return false;
      }
      this.level += 1;
      x.table.releaseBefore(this.levelStart);
    }
    if (this.level >= this.maxDepth) {
      x.state = 'maxDepth';
      return false;
    }
    return true;
  }

  // ---- For the parallel driver: the same levels, committed from other threads' expansions. ----

  /**
   * The id range of the current level not yet committed (`from` = the cursor), crossing a level barrier first if
   * needed; undefined when exploration has ended. States in the range are expanded at depth `level`.
   */
  pendingRange(): { readonly from: number; readonly to: number; readonly level: number } | undefined {
    if (this.exploration.state !== 'running' || !this.prepareNext()) return undefined;
    return { from: this.cursor, to: this.levelEnd, level: this.level };
  }

  /**
   * Commits the expansion of the state at the cursor (entries `from .. to - 1` of `exp`, `enabled` labels), exactly
   * as `runSlice` would have. Returns whether exploration goes on.
   */
  commitNext(exp: Expansion, from: number, to: number, enabled: number): boolean {
    const x = this.exploration;
    const id = this.cursor;
    if (!x.commit(id, this.level, exp, from, to, enabled)) {
      if (x.state !== 'error') this.cursor += 1;
      return false;
    }
    this.cursor += 1;
    if (x.table.size >= this.maxStates) {
      x.state = 'maxStates';
      return false;
    }
    return true;
  }

  /** Whether the purity sample re-expands state `id` in this run. */
  verifies(id: number): boolean {
    return inPuritySample(id, this.paranoid);
  }
}
