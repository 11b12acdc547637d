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
import type { CompiledModel, CompiledProperty } from '../compile/compileModel.js';
import { StateTable } from '../store/stateTable.js';
import type { TraceEnd } from '../trace/reconstruct.js';

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
  private readonly maxStates: number;
  private readonly maxDepth: number;
  private readonly stopAtViolation: boolean;

  constructor(compiled: CompiledModel, options: ExploreOptions = {}) {
    this.compiled = compiled;
    this.table = new StateTable(compiled.codec.words, options.fingerprint ?? false);
    this.scratch = new Uint32Array(compiled.codec.words);
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
      // which is stored and checked already: skip encoding and lookup.
      if (next === current) return;
      if (this.admit(next, expandedId, labelIndex, -1)) {
        this.actionDistinct[action]! += 1;
        if (this.level + 1 > this.depth) this.depth = this.level + 1;
      }
    };
    const abort = (labelIndex: number, failure: AssertionFailure): void => {
      if (this.state !== 'running') return;
      let index = compiled.assertionIndex.get(failure.property);
      if (index === undefined) {
        index = this.properties.findIndex((p) => p.name === failure.property && p.kind === 'assertion');
      }
      if (index < 0) {
        index = this.properties.length;
        this.properties.push({ index, name: failure.property, kind: 'assertion' });
        this.violated.push(false);
      }
      this.record(this.properties[index]!, { fromId: expandedId, finalLabel: labelIndex, initIndex: -1 }, failure.message);
    };

    let expanded = 0;
    while (this.state === 'running' && expanded < budget) {
      if (this.cursor === this.levelEnd) {
        // Level barrier: the next level is everything stored since.
        this.levelStart = this.levelEnd;
        this.levelEnd = table.size;
        if (this.levelStart === this.levelEnd) {
          this.state = 'done';
          break;
        }
        this.level += 1;
        table.releaseBefore(this.levelStart);
      }
      if (this.level >= this.maxDepth) {
        this.state = 'maxDepth';
        break;
      }
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
      this.cursor += 1;
      expanded += 1;
      if (this.state !== 'running' && this.state !== 'violated') break;
      if (enabledHere === 0 && compiled.deadlockIndex >= 0) {
        this.record(this.properties[compiled.deadlockIndex]!, { fromId: expandedId, finalLabel: -1, initIndex: -1 }, 'deadlock: no action is enabled');
      }
      if ((this.state as ExploreState) === 'violated') break;
      if (this.violations.length > 0 && this.allViolated()) {
        this.state = 'violated';
        break;
      }
      if (table.size >= this.maxStates) {
        this.state = 'maxStates';
        break;
      }
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
