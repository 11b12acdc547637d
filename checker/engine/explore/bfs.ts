/**
 * Breadth-first exploration, the engine's main loop: states are expanded in id order, which is BFS order, and the
 * entries of each expansion are committed through the shared {@link Exploration} rules.
 *
 * Invariants maintained:
 * - ids are handed out in BFS order, so the states of level d are the id range [levelStart, levelEnd);
 * - the first violation recorded for a property is at the smallest depth (and, within it, first in label order):
 *   its counterexample is a shortest one;
 * - the parallel driver (`parallel/parallelBfs.ts`) walks the same levels with the same `Exploration`, handing
 *   ranges of a level to workers and committing their expansions in id order, so both give the same ids, counts,
 *   violations and recorded graph.
 *
 * The loop runs in slices (`runSlice`) so that a driver can yield to the event loop, report progress and honour an
 * interrupt between slices without the loop itself knowing about any of it.
 */
import type { CompiledModel } from '../core/compileModel.js';
import type { Expansion } from '../core/expansion.js';
import { Exploration, inPuritySample, type ExploreOptions, type ExploreState } from './exploration.js';
import type { ExpansionSelector } from './partialOrder.js';

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
  /** The encoding of the state being expanded (a copy: the visited set may move it while its successors go in). */
  private readonly parentWords: Uint32Array;
  private readonly maxStates: number;
  private readonly maxDepth: number;
  private readonly paranoid: boolean;
  /** Chooses the entries committed of each expansion (partial-order reduction); all of them when undefined. */
  private readonly selector: ExpansionSelector | undefined;

  constructor(compiled: CompiledModel, options: ExploreOptions & { readonly selector?: ExpansionSelector } = {}) {
    this.exploration = new Exploration(compiled, options);
    this.expansion = this.exploration.core.createExpansion();
    this.parentWords = new Uint32Array(compiled.codec.words);
    this.maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
    this.maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
    this.paranoid = options.paranoid ?? false;
    this.selector = options.selector;
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
      const words = this.parentWords;
      table.copyEncoding(id, words, 0);
      const parent = codec.decode(words, 0);
      exp.reset();
      const enabled = core.expandState(parent, words, 0, exp, inPuritySample(id, this.paranoid));
      const chosen = this.selector === undefined ? exp : this.selector.select(id, parent, exp, table);
      if (!x.commit(id, this.level, chosen, 0, chosen.count, enabled)) {
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

  // ---- For the parallel driver (`parallel/parallelBfs.ts`): whole levels, expanded elsewhere or redone here. ----

  /**
   * The current level, crossing a level barrier first if needed: its states are ids `from .. to - 1`, expanded at
   * depth `level`; `from` is where expansion stands (the level's start unless part of it was expanded here).
   * Undefined when exploration has ended.
   */
  pendingRange(): { readonly from: number; readonly to: number; readonly level: number } | undefined {
    if (this.exploration.state !== 'running' || !this.prepareNext()) return undefined;
    return { from: this.cursor, to: this.levelEnd, level: this.level };
  }

  /** Expands the rest of the current level here, in order (the sequential rules decide everything). */
  runLevel(): ExploreState {
    const end = this.levelEnd;
    while (this.exploration.state === 'running' && this.cursor < end) this.runSlice(end - this.cursor);
    return this.exploration.state;
  }

  /**
   * Commits a *clean* level expanded by other threads (no assertion, error, deadlock or new violation in it, and no
   * state limit reached): its successors generated, per action, and its new states in sequential discovery order —
   * `count` states whose encodings are `words` each at `keys[slots[i] · words]`, reached from level position
   * `positions[i]` by label `labels[i]`. Gives exactly the ids, parents, labels and counts `runLevel` would have.
   * The new states are stored but *not yet indexed*: the caller indexes ids `from .. to - 1` (`store/indexStates.ts`)
   * before the visited set is used again.
   */
  commitParallelLevel(
    generated: number,
    actionGenerated: readonly number[],
    count: number,
    keys: Uint32Array,
    slots: Int32Array,
    positions: Int32Array,
    labels: Int32Array,
  ): { readonly from: number; readonly to: number } {
    const x = this.exploration;
    const W = x.compiled.codec.words;
    const labelAction = x.compiled.labelAction;
    const levelStart = this.cursor;
    const from = x.table.size;
    x.statesGenerated += generated;
    actionGenerated.forEach((n, a) => (x.actionGenerated[a]! += n));
    for (let i = 0; i < count; i += 1) {
      const label = labels[i]!;
      x.table.appendUnindexed(keys, slots[i]! * W, levelStart + positions[i]!, label);
      x.actionDistinct[labelAction[label]!]! += 1;
    }
    if (count > 0 && this.level + 1 > x.depth) x.depth = this.level + 1;
    this.cursor = this.levelEnd;
    return { from, to: x.table.size };
  }

  /** Whether the purity sample re-expands state `id` in this run. */
  verifies(id: number): boolean {
    return inPuritySample(id, this.paranoid);
  }
}
