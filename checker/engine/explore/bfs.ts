/**
 * Breadth-first exploration: the engine's main loop.
 *
 * Order of work for every successor (fixed, as in TLC's Worker): generate (count it) → action properties → encode →
 * constraint (a failing state is checked against invariants but neither stored nor expanded) → insert-if-new →
 * invariants on the new state. Initial states are counted, constrained, inserted and checked the same way.
 *
 * Invariants maintained:
 * - ids are handed out in BFS order, so the states of level d are the id range [levelStart, levelEnd);
 * - every stored state has been checked against every invariant before it is expanded;
 * - the first violation recorded for a property is at the smallest depth (and, within it, first in label order):
 *   its counterexample is a shortest one.
 *
 * The loop runs in slices (`runSlice`) so that a driver can yield to the event loop, report progress and honour
 * Ctrl-C between slices without the loop itself knowing about any of it.
 */
import type { Json } from '../api/json.js';
import type { AssertionFailure } from '../api/spec.js';
import { SchemaMismatch } from '../encoding/codec.js';
import type { CompiledModel, CompiledProperty } from '../core/compileModel.js';
import { StateTable } from '../store/stateTable.js';
import type { TraceEnd } from '../trace/reconstruct.js';
import { SuccessorFlag, type SuccessorBatch } from '../parallel/successorBatch.js';
import { findMutatingLabel, mutationMessage, stillEncodesTo } from './mutationCheck.js';

/** Options of one exploration. */
export interface ExploreOptions {
  /** Stop (incomplete) once this many distinct states are stored. @defaultValue unlimited */
  readonly maxStates?: number;
  /** Do not expand states at this depth (init = 1); incomplete if any were left. @defaultValue unlimited */
  readonly maxDepth?: number;
  /** Keep exploring after a violation, to find every property's shortest counterexample. @defaultValue false */
  readonly continueAfterViolation?: boolean;
  /** Compare 64-bit fingerprints instead of whole states. @defaultValue false */
  readonly fingerprint?: boolean;
}

/** A violation as the loop records it: which property, where the trace ends, and a message. */
export interface RecordedViolation {
  readonly property: CompiledProperty;
  readonly end: TraceEnd;
  readonly message: string;
}

/** An exception thrown by spec code (not an assertion), with where it happened. */
export interface RecordedSpecError {
  readonly message: string;
  readonly end: TraceEnd | undefined;
}

/** Where the exploration stands. */
export type ExploreState = 'running' | 'done' | 'violated' | 'maxStates' | 'maxDepth' | 'error';

/**
 * One breadth-first exploration of a compiled model: the visited set, the counters and the violations found so far.
 * Driven by `runSlice` (sequential) or by `pendingRange` / `copyEncodings` / `commitBatch` (parallel); both give the
 * same ids, counts and first violations. Guarantees the invariants stated at the top of this file.
 */
export class BfsExplorer {
  readonly compiled: CompiledModel;
  readonly table: StateTable;
  statesGenerated = 0;
  /** The deepest level holding a stored state (init = 1). */
  depth = 0;
  /** The level being expanded. */
  private level = 0;
  state: ExploreState = 'running';
  readonly violations: RecordedViolation[] = [];
  specError: RecordedSpecError | undefined;
  /** Per action: successors generated and new states found. */
  readonly actionGenerated: Float64Array;
  readonly actionDistinct: Float64Array;
  /** Per property index: whether it has been violated. */
  private readonly violated: boolean[];
  private readonly properties: CompiledProperty[];
  private levelStart = 0;
  private levelEnd = 0;
  private cursor = 0;
  private readonly scratch: Uint32Array;
  private readonly mutationScratch: Uint32Array;
  private readonly maxStates: number;
  private readonly maxDepth: number;
  private readonly stopAtViolation: boolean;

  constructor(compiled: CompiledModel, options: ExploreOptions = {}) {
    this.compiled = compiled;
    this.table = new StateTable(compiled.codec.words, options.fingerprint ?? false);
    this.scratch = new Uint32Array(compiled.codec.words);
    this.mutationScratch = new Uint32Array(compiled.codec.words);
    this.maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
    this.maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
    this.stopAtViolation = !(options.continueAfterViolation ?? false);
    this.properties = [...compiled.properties];
    this.violated = this.properties.map(() => false);
    this.actionGenerated = new Float64Array(compiled.actionNames.length);
    this.actionDistinct = new Float64Array(compiled.actionNames.length);
    this.start();
  }

  /** All properties checked, including assertions first raised under an undeclared name. */
  get allProperties(): readonly CompiledProperty[] {
    return this.properties;
  }

  /** States stored but not yet expanded. */
  get queueLeft(): number {
    return this.table.size - this.cursor;
  }

  private start(): void {
    const compiled = this.compiled;
    let initial: unknown[];
    try {
      initial = compiled.initialStates();
    } catch (error) {
      this.fail(error, undefined);
      return;
    }
    for (let i = 0; i < initial.length && this.state === 'running'; i += 1) {
      this.statesGenerated += 1;
      this.admit(initial[i], -1, i, i);
    }
    this.levelStart = 0;
    this.levelEnd = this.table.size;
    this.cursor = 0;
    if (this.table.size > 0) {
      this.depth = 1;
      this.level = 1;
    }
    if (this.state === 'running' && this.table.size >= this.maxStates) this.state = 'maxStates';
    if (this.state === 'running' && this.levelEnd === 0) this.state = 'done';
  }

  /**
   * Encodes `state` (reached from `parent` by `label`, or initial state `initIndex` when parent = -1), applies the
   * constraint, stores it if new and checks invariants on it. Returns true when it was a new stored state.
   */
  private admit(state: unknown, parent: number, label: number, initIndex: number): boolean {
    const compiled = this.compiled;
    try {
      compiled.codec.encode(state, this.scratch, 0);
    } catch (error) {
      this.fail(error, parent < 0 ? undefined : { fromId: parent, finalLabel: label, initIndex });
      return false;
    }
    const constraint = compiled.constraint;
    if (constraint !== undefined && !this.callSpec(() => constraint(state, compiled.constants), parent, label, initIndex)) {
      if (this.state === 'running') this.checkInvariants(state, parent, parent < 0 ? -1 : label, initIndex);
      return false;
    }
    if (this.state !== 'running') return false;
    const id = this.table.insert(this.scratch, 0, parent, label);
    if (id < 0) return false;
    this.checkInvariants(state, id, -1, initIndex);
    return true;
  }

  private callSpec(fn: () => boolean, parent: number, label: number, initIndex: number): boolean {
    try {
      return fn();
    } catch (error) {
      this.fail(error, parent < 0 ? undefined : { fromId: parent, finalLabel: label, initIndex });
      return true;
    }
  }

  /** Checks every invariant on `state`; the trace to it ends as the {@link TraceEnd} built from the other arguments. */
  private checkInvariants(state: unknown, fromId: number, finalLabel: number, initIndex: number): void {
    const compiled = this.compiled;
    const invariants = compiled.invariants;
    for (let k = 0; k < invariants.length; k += 1) {
      const invariant = invariants[k]!;
      if (this.violated[invariant.index]) continue;
      let holds: boolean;
      try {
        holds = invariant.holds(state, compiled.constants);
      } catch (error) {
        this.fail(error, { fromId, finalLabel, initIndex }, `invariant ${invariant.name} threw: `);
        return;
      }
      if (!holds) this.record(invariant, { fromId, finalLabel, initIndex }, `invariant ${invariant.name} is violated`);
    }
  }

  private record(property: CompiledProperty, end: TraceEnd, message: string): void {
    if (this.violated[property.index]) return;
    this.violated[property.index] = true;
    this.violations.push({ property, end, message });
    if (this.stopAtViolation) this.state = 'violated';
  }

  private fail(error: unknown, end: TraceEnd | undefined, prefix = ''): void {
    const message =
      error instanceof SchemaMismatch
        ? `the spec produced a state outside its schema: ${error.message}`
        : `${prefix}${error instanceof Error ? error.message : String(error)}`;
    this.specError = { message, end };
    this.state = 'error';
  }

  /** Whether every property has been violated (nothing more to find). */
  private allViolated(): boolean {
    return this.violated.every(Boolean);
  }

  /**
   * Expands up to `budget` states. Returns the state of the exploration afterwards; `running` means call again.
   */
  runSlice(budget: number): ExploreState {
    const compiled = this.compiled;
    const table = this.table;
    const codec = compiled.codec;
    const labelAction = compiled.labelAction;
    const actionProperties = compiled.actionProperties;
    const constants = compiled.constants;
    let expandedId = -1;
    let current: unknown;
    let enabledHere = 0;

    const visit = (labelIndex: number, next: unknown, result: Json | undefined): void => {
      if (this.state !== 'running') return;
      this.statesGenerated += 1;
      const action = labelAction[labelIndex]!;
      this.actionGenerated[action]! += 1;
      for (let k = 0; k < actionProperties.length; k += 1) {
        const property = actionProperties[k]!;
        if (this.violated[property.index]) continue;
        let holds: boolean;
        try {
          holds = property.holds(current, compiled.labels[labelIndex]!, next, constants, result);
        } catch (error) {
          this.fail(error, { fromId: expandedId, finalLabel: labelIndex, initIndex: -1 }, `action property ${property.name} threw: `);
          return;
        }
        if (!holds) {
          this.record(property, { fromId: expandedId, finalLabel: labelIndex, initIndex: -1 }, `action property ${property.name} is violated`);
        }
      }
      if (this.state !== 'running') return;
      // A step that returned the very state it was given (a failed syscall, a stutter) leads to the parent itself,
      // which is stored and checked already: skip encoding and lookup. (Safe: a spec that mutated its input is
      // caught after the expansion, see mutationCheck.ts.)
      if (next === current) return;
      if (this.admit(next, expandedId, labelIndex, -1)) {
        this.actionDistinct[action]! += 1;
        if (this.level + 1 > this.depth) this.depth = this.level + 1;
      }
    };
    const abort = (labelIndex: number, failure: AssertionFailure): void => {
      if (this.state !== 'running') return;
      this.recordAssertion(failure.property, failure.message, expandedId, labelIndex);
    };

    let expanded = 0;
    while (this.state === 'running' && expanded < budget) {
      if (!this.prepareNext()) break;
      expandedId = this.cursor;
      const { chunk, offset } = table.locate(expandedId);
      current = codec.decode(chunk, offset);
      try {
        enabledHere = compiled.expand(current, visit, abort);
      } catch (error) {
        // A spec exception: we do not know which label threw, so find it by applying each one again.
        this.fail(error, this.locateThrowingLabel(current, expandedId));
        break;
      }
      if (!stillEncodesTo(compiled, current, chunk, offset, this.mutationScratch)) {
        const label = findMutatingLabel(compiled, chunk, offset);
        this.fail(new Error(mutationMessage(compiled.labels[label]?.action)), { fromId: expandedId, finalLabel: label, initIndex: -1 });
        break;
      }
      expanded += 1;
      if (!this.finishExpansion(expandedId, enabledHere)) break;
    }
    return this.state;
  }

  /**
   * Moves to the next level when the current one is exhausted (the level barrier) and applies the depth limit.
   * Returns whether there is a state to expand at `cursor`.
   */
  private prepareNext(): boolean {
    if (this.cursor === this.levelEnd) {
      // Level barrier: the next level is everything stored since.
      this.levelStart = this.levelEnd;
      this.levelEnd = this.table.size;
      if (this.levelStart === this.levelEnd) {
        this.state = 'done';
        return false;
      }
      this.level += 1;
      this.table.releaseBefore(this.levelStart);
    }
    if (this.level >= this.maxDepth) {
      this.state = 'maxDepth';
      return false;
    }
    return true;
  }

  /**
   * After the successors of `expandedId` were visited: advance the cursor, check for a deadlock and the stop
   * conditions. Returns whether exploration goes on.
   */
  private finishExpansion(expandedId: number, enabledHere: number): boolean {
    this.cursor += 1;
    if (this.state !== 'running' && this.state !== 'violated') return false;
    if (enabledHere === 0 && this.compiled.deadlockIndex >= 0) {
      this.record(this.properties[this.compiled.deadlockIndex]!, { fromId: expandedId, finalLabel: -1, initIndex: -1 }, 'deadlock: no action is enabled');
    }
    if ((this.state as ExploreState) === 'violated') return false;
    if (this.violations.length > 0 && this.allViolated()) {
      this.state = 'violated';
      return false;
    }
    if (this.table.size >= this.maxStates) {
      this.state = 'maxStates';
      return false;
    }
    return true;
  }

  /** Records an assertion failure raised by `labelIndex` from state `fromId`, declaring its property if new. */
  private recordAssertion(property: string, message: string, fromId: number, labelIndex: number): void {
    let index = this.compiled.assertionIndex.get(property);
    if (index === undefined) index = this.properties.findIndex((p) => p.name === property && p.kind === 'assertion');
    if (index < 0) {
      index = this.properties.length;
      this.properties.push({ index, name: property, kind: 'assertion' });
      this.violated.push(false);
    }
    this.record(this.properties[index]!, { fromId, finalLabel: labelIndex, initIndex: -1 }, message);
  }

  // ---- Parallel exploration (level-synchronous): workers expand chunks, this thread commits them in order. ----

  /**
   * Prepares the next chunk of work: crosses a level barrier if needed and returns the id range of the current
   * level not yet committed (`from` = the cursor), or undefined when exploration has ended.
   */
  pendingRange(): { readonly from: number; readonly to: number } | undefined {
    if (this.state !== 'running' || !this.prepareNext()) return undefined;
    return { from: this.cursor, to: this.levelEnd };
  }

  /** Copies the encodings of states `from .. from + count - 1` into a fresh buffer (to send to a worker). */
  copyEncodings(from: number, count: number): Uint32Array {
    const words = this.compiled.codec.words;
    const out = new Uint32Array(count * words);
    for (let i = 0; i < count; i += 1) {
      const { chunk, offset } = this.table.locate(from + i);
      out.set(chunk.subarray(offset, offset + words), i * words);
    }
    return out;
  }

  /**
   * Commits a batch computed by a worker for the states starting at the cursor, exactly as the sequential loop
   * would have visited them (same counts, same ids, same first violations). Returns the exploration state.
   */
  commitBatch(batch: SuccessorBatch): ExploreState {
    const words = this.compiled.codec.words;
    const labelAction = this.compiled.labelAction;
    const failures = batch.failures;
    const parents = batch.specError ? batch.specError.parent + 1 : batch.parents;
    let s = 0;
    let f = 0;
    let a = 0;
    for (let p = 0; p < parents && this.state === 'running'; p += 1) {
      const expandedId = this.cursor;
      for (; s < batch.count && batch.parent[s] === p; s += 1) {
        const first = f;
        while (f < failures.length && failures[f] === s) f += 2;
        if (this.state !== 'running') continue;
        const labelIndex = batch.label[s]!;
        const flags = batch.flags[s]!;
        if (flags & SuccessorFlag.aborted) {
          const assertion = batch.assertions[a++]!;
          this.recordAssertion(assertion.property, assertion.message, expandedId, labelIndex);
          continue;
        }
        this.statesGenerated += 1;
        const action = labelAction[labelIndex]!;
        this.actionGenerated[action]! += 1;
        for (let k = first; k < f; k += 2) {
          const property = this.properties[failures[k + 1]!]!;
          if (property.kind === 'action') {
            this.record(property, { fromId: expandedId, finalLabel: labelIndex, initIndex: -1 }, `action property ${property.name} is violated`);
          }
        }
        if (this.state !== 'running' || flags & SuccessorFlag.sameAsParent) continue;
        if (flags & SuccessorFlag.constraintFailed) {
          for (let k = first; k < f; k += 2) {
            const property = this.properties[failures[k + 1]!]!;
            if (property.kind === 'invariant') {
              this.record(property, { fromId: expandedId, finalLabel: labelIndex, initIndex: -1 }, `invariant ${property.name} is violated`);
            }
          }
          continue;
        }
        const id = this.table.insert(batch.words, s * words, expandedId, labelIndex);
        if (id < 0) continue;
        this.actionDistinct[action]! += 1;
        if (this.level + 1 > this.depth) this.depth = this.level + 1;
        // New states are checked here, as in the sequential loop: decode and evaluate every invariant once.
        this.checkInvariants(this.compiled.codec.decode(batch.words, s * words), id, -1, -1);
      }
      if (batch.specError && p === batch.specError.parent) {
        if (this.state === 'running' || this.state === 'violated') {
          const e = batch.specError;
          this.specError = { message: e.message, end: { fromId: expandedId, finalLabel: e.label, initIndex: -1 } };
          this.state = 'error';
        }
        break;
      }
      if (!this.finishExpansion(expandedId, batch.enabled[p]!)) break;
    }
    return this.state;
  }

  private locateThrowingLabel(state: unknown, id: number): TraceEnd | undefined {
    for (let i = 0; i < this.compiled.labels.length; i += 1) {
      try {
        this.compiled.apply(state, i);
      } catch {
        return { fromId: id, finalLabel: i, initIndex: -1 };
      }
    }
    return { fromId: id, finalLabel: -1, initIndex: -1 };
  }
}
