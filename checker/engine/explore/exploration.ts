/**
 * What every exploring driver does with the successor core's entries: the visited set, the counters, the
 * violations found so far, and the one function (`commit`) that turns the entries of an expanded state into counts,
 * stored states, checked invariants and violations. Sequential BFS, the parallel coordinator and `simulate` all
 * commit through it, so they cannot disagree on what an entry means.
 *
 * Order of work for the entries of one state, in label order (fixed, as in TLC's Worker):
 * an assertion entry is a violation of its assertion property; an error entry ends the exploration with that error;
 * a step entry is counted (generated, per action), its action-property failures are violations, and then — unless
 * it is the parent itself — a successor failing the constraint is checked against the invariants but neither stored
 * nor expanded, and any other is inserted if new and, when new, checked against the invariants. After the entries:
 * a state with no enabled label is a deadlock (when checked).
 *
 * Stopping: in the default mode the first violation ends the exploration at once — nothing after it is counted —,
 * as does the first error in every mode. With `continueAfterViolation` a violated property is not checked again.
 * Guarantees: every stored state has been checked against every invariant before it is expanded; the first
 * violation recorded for a property is the first in commit order.
 */
import type { ErrorCode } from '../api/errors.js';
import { SpecError, messageOf } from '../api/errors.js';
import type { CompiledModel, CompiledProperty } from '../core/compileModel.js';
import { SuccessorCore } from '../core/examine.js';
import { auditSymmetry } from '../core/symmetryAudit.js';
import { EntryFlag, EntryKind, type Expansion } from '../core/expansion.js';
import { StateTable } from '../store/stateTable.js';
import { StateGraph } from './stateGraph.js';
import type { TraceEnd } from '../trace/reconstruct.js';

/** A violation as recorded: which property, where its trace ends, and a message. */
export interface RecordedViolation {
  readonly property: CompiledProperty;
  readonly end: TraceEnd;
  readonly message: string;
}

/** A spec error as recorded: its code, message, and where its trace ends (undefined: no trace). */
export interface RecordedSpecError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly end: TraceEnd | undefined;
}

/** Where an exploration stands. */
export type ExploreState = 'running' | 'done' | 'violated' | 'maxStates' | 'maxDepth' | 'error';

/** Options shared by every exploring driver. */
export interface ExploreOptions {
  /** Stop (incomplete) once this many distinct states are stored. @defaultValue unlimited */
  readonly maxStates?: number;
  /** Do not expand states at this depth (init = 1); incomplete if any were left. @defaultValue unlimited */
  readonly maxDepth?: number;
  /** Keep exploring after a violation, to find every property's shortest counterexample. @defaultValue false */
  readonly continueAfterViolation?: boolean;
  /**
   * Keep exploring even when every property has been violated (to measure the whole state space).
   * @defaultValue false
   */
  readonly exhaustive?: boolean;
  /** Compare 64-bit fingerprints instead of whole states. @defaultValue false */
  readonly fingerprint?: boolean;
  /**
   * Re-expand every state and compare (catches any impurity that shows, at twice the cost). By default a
   * deterministic sample is re-expanded: the first 64 states and every 64th after (about 1.6% more work).
   * @defaultValue false
   */
  readonly paranoid?: boolean;
  /** @internal Keep ids in the visited set's slots, so that ids can be found from encodings (simulate). */
  readonly indexed?: boolean;
  /** @internal Keep the visited set in shared memory (the parallel driver's worker threads read it). */
  readonly shared?: boolean;
  /** @internal Record the reachable graph (for temporal and recoverability properties). */
  readonly recordGraph?: boolean;
}

/** Whether state `id` is one the purity sample re-expands. */
export function inPuritySample(id: number, paranoid: boolean): boolean {
  return paranoid || id < 64 || (id & 63) === 0;
}

/** The shared state of an exploration and its commit rules (see the module comment). */
export class Exploration {
  readonly compiled: CompiledModel;
  readonly core: SuccessorCore;
  readonly table: StateTable;
  /** The reachable graph, when recorded (`recordGraph`). */
  readonly graph: StateGraph | undefined;
  statesGenerated = 0;
  /** The deepest level holding a stored state (init = 1). */
  depth = 0;
  state: ExploreState = 'running';
  readonly violations: RecordedViolation[] = [];
  specError: RecordedSpecError | undefined;
  /** Per action: successors generated and new states found. */
  readonly actionGenerated: Float64Array;
  readonly actionDistinct: Float64Array;
  /** Per property index: whether it has been violated. */
  readonly violated: boolean[];
  private readonly properties: CompiledProperty[];
  private readonly stopAtViolation: boolean;
  private readonly stopWhenAllViolated: boolean;
  private readonly failures: number[] = [];
  private readonly paranoid: boolean;

  constructor(compiled: CompiledModel, options: ExploreOptions = {}) {
    this.compiled = compiled;
    this.core = new SuccessorCore(compiled);
    this.graph = options.recordGraph ? new StateGraph(compiled.labels.length - 1) : undefined;
    this.table = new StateTable(compiled.codec.words, {
      fingerprint: options.fingerprint ?? false,
      indexed: (options.indexed ?? false) || this.graph !== undefined,
      shared: options.shared ?? false,
      maxLabel: compiled.labels.length - 1,
    });
    this.paranoid = options.paranoid ?? false;
    this.stopAtViolation = !(options.continueAfterViolation ?? false) && !(options.exhaustive ?? false);
    this.stopWhenAllViolated = !(options.exhaustive ?? false);
    this.properties = [...compiled.properties];
    this.violated = this.properties.map(() => false);
    this.actionGenerated = new Float64Array(compiled.actionNames.length);
    this.actionDistinct = new Float64Array(compiled.actionNames.length);
  }

  /** All properties checked, including assertions first raised under an undeclared name. */
  get allProperties(): readonly CompiledProperty[] {
    return this.properties;
  }

  /**
   * Admits the initial states: counted, encoded, constrained, stored if new, checked. Returns the number of initial
   * states generated (`0` when `init()` itself failed).
   */
  admitInitialStates(exp: Expansion): number {
    try {
      this.core.admitInitial(exp);
    } catch (error) {
      this.fail(error instanceof SpecError ? error.code : 'LC205', messageOf(error), undefined);
      return 0;
    }
    for (let e = 0; e < exp.count && this.state === 'running'; e += 1) {
      const initIndex = exp.label[e]!;
      if (exp.kind[e] === EntryKind.error) {
        const m = exp.messages[e]!;
        this.fail(m.code ?? 'LC201', m.message, { fromId: -1, finalLabel: -1, initIndex });
        break;
      }
      this.statesGenerated += 1;
      if (exp.flags[e]! & EntryFlag.outsideConstraint) {
        this.checkInvariants(exp.states[e], { fromId: -1, finalLabel: -1, initIndex });
        continue;
      }
      if (!this.canonicalize(exp, e)) break;
      const id = this.table.insert(exp.encodings, e * exp.words, -1, initIndex);
      if (id < 0) continue;
      this.depth = 1;
      this.checkInvariants(exp.states[e], { fromId: id, finalLabel: -1, initIndex: -1 });
    }
    return exp.count;
  }

  /**
   * Commits entries `from .. to - 1` of `exp`, the successors of stored state `parentId` (at depth `parentDepth`),
   * whose expansion found `enabled` enabled labels. Returns whether exploration goes on.
   */
  commit(parentId: number, parentDepth: number, exp: Expansion, from: number, to: number, enabled: number): boolean {
    const labelAction = this.compiled.labelAction;
    const W = exp.words;
    if (this.compiled.symmetry !== undefined) {
      if (inPuritySample(parentId, this.paranoid) && !this.audit(parentId, exp, from, to)) return false;
      for (let e = from; e < to; e += 1) {
        if (exp.kind[e] === EntryKind.step && (exp.flags[e]! & (EntryFlag.sameAsParent | EntryFlag.outsideConstraint)) === 0 && !this.canonicalize(exp, e)) {
          return false;
        }
      }
    }
    const graph = this.graph;
    graph?.begin(parentId);
    let f = 0;
    while (f < exp.actionFailureCount && exp.actionFailures[f * 2]! < from) f += 1;
    for (let e = from; e < to; e += 1) {
      const label = exp.label[e]!;
      const kind = exp.kind[e]!;
      if (kind === EntryKind.assertion) {
        const m = exp.messages[e]!;
        this.recordAssertion(m.property!, m.message, parentId, label);
        if (this.state !== 'running') return false;
        continue;
      }
      if (kind === EntryKind.error) {
        const m = exp.messages[e]!;
        this.fail(m.code ?? 'LC201', m.message, { fromId: parentId, finalLabel: label, initIndex: -1 });
        return false;
      }
      this.statesGenerated += 1;
      const action = labelAction[label]!;
      this.actionGenerated[action]! += 1;
      for (; f < exp.actionFailureCount && exp.actionFailures[f * 2] === e; f += 1) {
        const property = this.properties[exp.actionFailures[f * 2 + 1]!]!;
        const warned = exp.messages[e];
        const what =
          property.kind !== 'assertion'
            ? `action property ${property.name} is violated`
            : `${warned?.property === property.name ? warned.message : `assertion ${property.name} fails`} (a warning: the step goes on)`;
        this.record(property, { fromId: parentId, finalLabel: label, initIndex: -1 }, what);
        if (this.state !== 'running') return false;
      }
      const flags = exp.flags[e]!;
      if (flags & EntryFlag.sameAsParent) continue;
      if (flags & EntryFlag.outsideConstraint) {
        this.checkInvariants(this.stateOf(exp, e), { fromId: parentId, finalLabel: label, initIndex: -1 });
        if (this.state !== 'running') return false;
        continue;
      }
      const id = this.table.insert(exp.encodings, e * W, parentId, label);
      if (graph !== undefined) {
        const target = id >= 0 ? id : this.table.find(exp.encodings, e * W);
        if (target !== parentId) graph.add(target, label);
      }
      if (id < 0) continue;
      this.actionDistinct[action]! += 1;
      if (parentDepth + 1 > this.depth) this.depth = parentDepth + 1;
      this.checkInvariants(this.stateOf(exp, e), { fromId: id, finalLabel: -1, initIndex: -1 });
      if (this.state !== 'running') return false;
    }
    return this.finish(parentId, enabled);
  }

  /** After the entries of `parentId`: the deadlock check and the stop conditions. Returns whether to go on. */
  private finish(parentId: number, enabled: number): boolean {
    this.graph?.end();
    if (enabled === 0 && this.compiled.deadlockIndex >= 0) {
      this.record(this.properties[this.compiled.deadlockIndex]!, { fromId: parentId, finalLabel: -1, initIndex: -1 }, 'deadlock: no action is enabled');
    }
    if (this.state !== 'running') return false;
    if (this.stopWhenAllViolated && this.violations.length > 0 && this.violated.every(Boolean)) {
      this.state = 'violated';
      return false;
    }
    return true;
  }

  /**
   * The symmetry audit (`core/symmetryAudit.ts`) of stored state `parentId` and its entries, on the purity sample
   * (every state with `paranoid`). Returns false, having recorded LC210 with the trace to the state, when it fails.
   */
  private audit(parentId: number, exp: Expansion, from: number, to: number): boolean {
    const words = new Uint32Array(this.compiled.codec.words);
    this.table.copyEncoding(parentId, words, 0);
    const parent = this.compiled.codec.decode(words, 0);
    let problem: string | undefined;
    try {
      problem = auditSymmetry(this.compiled, this.core, parent, exp, from, to);
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      this.fail(error.code, error.message, undefined);
      return false;
    }
    if (problem === undefined) return true;
    this.fail(
      'LC210',
      `the model's symmetry is not a symmetry of the spec: ${problem}. A value naming a renamed element is not renamed ` +
        '(threads: declare thread numbers in the state with t.threadId), or elements declared interchangeable behave differently',
      { fromId: parentId, finalLabel: -1, initIndex: -1 },
    );
    return false;
  }

  /**
   * With a symmetry, rewrites entry `e`'s encoding to its orbit's canonical one (the state object stays the concrete
   * successor, which the invariants see). Returns false, having recorded the spec error, when the symmetry fails.
   */
  private canonicalize(exp: Expansion, e: number): boolean {
    const symmetry = this.compiled.symmetry;
    if (symmetry === undefined) return true;
    try {
      symmetry.canonicalize(this.stateOf(exp, e), exp.encodings, e * exp.words);
      return true;
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      this.fail(error.code, error.message, undefined);
      return false;
    }
  }

  /** The successor object of step entry `e` (decoded from its encoding when the entry came from another thread). */
  private stateOf(exp: Expansion, e: number): unknown {
    return exp.states[e] ?? this.compiled.codec.decode(exp.encodings, e * exp.words);
  }

  /** Checks every invariant not yet violated on `state`; the trace to it ends as `end`. */
  private checkInvariants(state: unknown, end: TraceEnd): void {
    const failures = this.failures;
    failures.length = 0;
    const error = this.core.checkInvariants(state, this.violated, failures);
    for (const index of failures) {
      const property = this.properties[index]!;
      this.record(property, end, `invariant ${property.name} is violated`);
      if (this.state !== 'running') return;
    }
    if (error !== undefined) this.fail(error.code ?? 'LC204', error.message, end);
  }

  /** Records a violation of `property` unless it was violated before. */
  record(property: CompiledProperty, end: TraceEnd, message: string): void {
    if (this.violated[property.index]) return;
    this.violated[property.index] = true;
    this.violations.push({ property, end, message });
    if (this.stopAtViolation) this.state = 'violated';
  }

  /** Ends the exploration with a spec error. */
  fail(code: ErrorCode, message: string, end: TraceEnd | undefined): void {
    this.specError = { code, message, end };
    this.state = 'error';
  }

  /** Records an assertion raised by `label` from state `fromId`, declaring its property if it is new. */
  private recordAssertion(property: string, message: string, fromId: number, label: number): void {
    let index = this.compiled.assertionIndex.get(property);
    if (index === undefined) index = this.properties.findIndex((p) => p.name === property && p.kind === 'assertion');
    if (index < 0) {
      index = this.properties.length;
      this.properties.push({ index, name: property, kind: 'assertion' });
      this.violated.push(false);
    }
    this.record(this.properties[index]!, { fromId, finalLabel: label, initIndex: -1 }, message);
  }
}
