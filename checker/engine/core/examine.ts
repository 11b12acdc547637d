/**
 * The successor core: the one place that decides what a (state, label) gives. Sequential BFS, the parallel workers,
 * `simulate`, `replay`, trace reconstruction and the diff all examine labels through a {@link SuccessorCore}; none of
 * them interprets an action's return value or exception on its own.
 *
 * For each enabled label, in label order (`expandState`), or for one label (`examineLabel`):
 * 1. run the action (`core/dispatch.ts`); an `AssertionFailure` is an *assertion* entry, any other exception an
 *    *error* entry (LC201);
 * 2. the value returned must be a state or `withResult(state, result)` — nothing, `null` or a Promise is an error
 *    (LC203);
 * 3. a successor that is the parent object itself is marked `sameAsParent` and not encoded; any other is encoded
 *    strictly against the schema, incrementally from the parent's words (a state outside the schema is an error,
 *    LC202, naming the field);
 * 4. the warnings the action raised (`warnThat`) are violations of their assertion properties by this step, which
 *    goes on (a warning naming no assertion property of the model is an error, LC201); then every action property
 *    is evaluated on (parent, label, successor, result) — one that throws is an error (LC204);
 * 5. the model's constraint is evaluated on the successor (LC204 when it throws); failing it marks the entry
 *    `outsideConstraint`.
 * After the labels of a state: the parent object must still encode to its stored words (an action that changed the
 * state it was given is an error, LC208, blamed on the first label that changes a fresh copy), and, when asked, a
 * fresh copy of the parent is expanded again and must give the same entries (the purity sample; LC207).
 *
 * An error entry is always the last: what follows it is never examined. What a driver does with the entries — count,
 * store, check invariants, stop — is the driver's, and all drivers share `explore/commit.ts` for it.
 */
import type { Json, JsonRecord } from '../api/json.js';
import { canonicalJson } from '../api/json.js';
import type { ErrorCode } from '../api/errors.js';
import { messageOf } from '../api/errors.js';
import { AssertionFailure, StepWithResult, takeRaisedWarnings } from '../api/spec.js';
import { SchemaMismatch } from '../encoding/codec.js';
import { describeValue } from '../encoding/describeValue.js';
import type { PropertyFault } from './propertyChecks.js';
import type { CompiledModel } from './compileModel.js';
import type { DispatchSink } from './dispatch.js';
import { EntryFlag, EntryKind, Expansion, type EntryMessage } from './expansion.js';
import { ParamsFault } from './stateParams.js';

/** Whether `value` is a Promise (what an `async` action returns). `instanceof` is the cheap test on the hot path. */
function isThenable(value: unknown): boolean {
  return value instanceof Promise;
}

/** A sink that ignores everything (replaying a label only for its side effects on a fresh copy). */
const IGNORE: DispatchSink = { took: () => true, threw: () => true };

/** The successor core of one compiled model (see the module comment). Not safe for re-entrant use. */
export class SuccessorCore implements DispatchSink {
  readonly compiled: CompiledModel;
  private readonly words: number;
  private readonly constants: JsonRecord;
  private readonly scratch: Uint32Array;
  private readonly hasActionProperties: boolean;
  /** The entry whose action properties are being checked (for {@link onActionFailure}). */
  private failingEntry = 0;
  private readonly onActionFailure = (property: number): void => this.out.addActionFailure(this.failingEntry, property);
  private readonly labels: CompiledModel['labels'];
  private readonly constraint: CompiledModel['constraint'];
  private verifyExpansion: Expansion | undefined;
  // The expansion in progress.
  private parent: unknown;
  private parentWords: Uint32Array = new Uint32Array(0);
  private parentOffset = 0;
  private out!: Expansion;

  constructor(compiled: CompiledModel) {
    this.compiled = compiled;
    this.words = compiled.codec.words;
    this.constants = compiled.constants;
    this.scratch = new Uint32Array(this.words);
    this.hasActionProperties = compiled.actionProperties.length > 0;
    this.labels = compiled.labels;
    this.constraint = compiled.constraint;
  }

  /** A fresh expansion buffer sized for this model. */
  createExpansion(): Expansion {
    return new Expansion(this.words);
  }

  /**
   * Appends to `out` the entries of every label of `parent`, whose encoding is `words[offset ..]`, and returns the
   * number of labels whose `enabled` held. With `verify`, a fresh copy of the parent is expanded again and must give
   * the same entries (the purity sample).
   */
  expandState(parent: unknown, words: Uint32Array, offset: number, out: Expansion, verify = false): number {
    const start = out.count;
    this.begin(parent, words, offset, out);
    const enabled = this.compiled.dispatch(parent, 0, this.compiled.labels.length, this);
    if (endsInError(out, start)) return enabled;
    this.checkUnchanged(parent, words, offset, out, start);
    if (verify && !endsInError(out, start)) this.verifyPurity(words, offset, out, start);
    return enabled;
  }

  /** Appends to `out` the entry of one label of `parent` (none when it is disabled); returns 1 if enabled, else 0. */
  examineLabel(parent: unknown, words: Uint32Array, offset: number, label: number, out: Expansion): number {
    const start = out.count;
    this.begin(parent, words, offset, out);
    const enabled = this.compiled.dispatch(parent, label, label + 1, this);
    if (!endsInError(out, start)) this.checkUnchanged(parent, words, offset, out, start);
    return enabled;
  }

  /**
   * Fills `out` (from empty) with one entry per initial state (`label` = its index), encoded strictly and with the
   * constraint applied, stopping at the first error entry. Throws the {@link SpecError} of `initialStates()` (LC205).
   */
  admitInitial(out: Expansion): void {
    const states = this.compiled.initialStates();
    out.reset();
    const constraint = this.compiled.constraint;
    for (let i = 0; i < states.length; i += 1) {
      const state = states[i];
      const entry = out.push(i, EntryKind.step, 0);
      out.states[entry] = state;
      try {
        if (isThenable(state)) throw new SchemaMismatch('state', state, 'a record (init must not be async)');
        this.compiled.codec.encode(state, out.encodings, entry * this.words);
      } catch (error) {
        this.replaceWithError(out, entry, 'LC202', `initial state ${i + 1} is outside the schema: ${messageOf(error)}`);
        return;
      }
      if (constraint !== undefined) {
        let inside: boolean;
        try {
          inside = constraint(state, this.constants);
        } catch (error) {
          this.replaceWithError(out, entry, 'LC204', `the constraint threw on initial state ${i + 1}: ${messageOf(error)}`);
          return;
        }
        if (!inside) out.flags[entry] = EntryFlag.outsideConstraint;
      }
    }
  }

  /**
   * Evaluates every invariant not marked in `violated` on `state`, pushing the indices of those that fail into
   * `failures`. Returns the error (LC204) when one throws (the invariants after it are not evaluated).
   */
  checkInvariants(state: unknown, violated: readonly boolean[], failures: number[]): EntryMessage | undefined {
    const fault = this.compiled.invariantChecks(state, this.constants, violated, failures);
    return fault === undefined ? undefined : { code: 'LC204', message: this.faultMessage('invariant', fault) };
  }

  /** The message for a property that threw or returned a non-boolean. */
  private faultMessage(kind: string, fault: PropertyFault): string {
    const name = this.compiled.properties[fault.index]!.name;
    return 'error' in fault
      ? `${kind} ${name} threw: ${messageOf(fault.error)}`
      : `${kind} ${name} returned ${describeValue(fault.returned)}, not a boolean`;
  }

  // ---- DispatchSink: the rules for one label ----

  /** @internal */
  took(label: number, value: unknown, params?: Json): boolean {
    const out = this.out;
    let state = value;
    let result: Json | undefined;
    if (value instanceof StepWithResult) {
      state = value.state;
      result = value.result as Json;
    }
    if (state === undefined || state === null) {
      return this.error(label, 'LC203', `action ${this.labels[label]!.action} returned ${state === null ? 'null' : 'nothing'} instead of a state; use its enabled() to disable it`);
    }
    if (isThenable(state)) {
      return this.error(label, 'LC203', `action ${this.labels[label]!.action} returned a Promise; actions must be synchronous (no async next)`);
    }
    const parent = this.parent;
    const warnings = takeRaisedWarnings();
    const entry = out.push(label, EntryKind.step, 0);
    out.states[entry] = state;
    out.results[entry] = result;
    if (warnings !== undefined) {
      let first = true;
      for (const w of warnings) {
        const index = this.compiled.assertionIndex.get(w.property);
        if (index !== undefined) {
          out.addActionFailure(entry, index);
          // the first warning's message, for the violation's report (read where the property matches)
          if (first) out.messages[entry] = { property: w.property, message: w.message };
          first = false;
        }
        else if (this.compiled.model.properties[w.property]?.kind !== 'assertion') {
          out.truncate(entry);
          return this.error(label, 'LC201', `action ${this.labels[label]!.action} raised a warning for ${w.property}, which is not an assertion property of the model: declare it in properties (kind 'assertion')`);
        }
        // else: an assertion property not selected for this check
      }
    }
    if (state === parent) {
      out.flags[entry] = EntryFlag.sameAsParent;
    } else {
      try {
        this.compiled.codec.encodeFrom(state, parent, this.parentWords, this.parentOffset, out.encodings, entry * this.words);
      } catch (error) {
        out.truncate(entry);
        return this.error(label, 'LC202', `action ${this.labels[label]!.action} produced a state outside its schema: ${messageOf(error)}`);
      }
    }
    if (this.hasActionProperties) {
      this.failingEntry = entry;
      const taken = params === undefined ? this.labels[label]! : { action: this.labels[label]!.action, params };
      const fault = this.compiled.actionChecks(parent, taken, state, this.constants, result, this.onActionFailure);
      if (fault !== undefined) {
        out.truncate(entry);
        return this.error(label, 'LC204', this.faultMessage('action property', fault));
      }
    }
    const constraint = this.constraint;
    if (constraint !== undefined && state !== parent) {
      let inside: boolean;
      try {
        inside = constraint(state, this.constants);
      } catch (error) {
        out.truncate(entry);
        return this.error(label, 'LC204', `the constraint threw: ${messageOf(error)}`);
      }
      if (!inside) out.flags[entry] = EntryFlag.outsideConstraint;
    }
    return true;
  }

  /** @internal */
  threw(label: number, error: unknown, inEnabled: boolean): boolean {
    takeRaisedWarnings(); // the step has no successor: what it warned about before is moot
    if (error instanceof AssertionFailure) {
      const entry = this.out.push(label, EntryKind.assertion, 0);
      this.out.messages[entry] = { property: error.property, message: error.message };
      return true;
    }
    if (error instanceof ParamsFault) return this.error(label, 'LC201', error.message);
    const action = this.compiled.labels[label]!.action;
    return this.error(label, 'LC201', `${inEnabled ? `enabled() of action ${action}` : `action ${action}`} threw: ${messageOf(error)}`);
  }

  // ---- helpers ----

  private begin(parent: unknown, words: Uint32Array, offset: number, out: Expansion): void {
    takeRaisedWarnings(); // none of the next labels raised these (a run outside the core, e.g. a footprint)
    this.parent = parent;
    this.parentWords = words;
    this.parentOffset = offset;
    this.out = out;
  }

  private error(label: number, code: ErrorCode, message: string): false {
    const entry = this.out.push(label, EntryKind.error, 0);
    this.out.messages[entry] = { code, message };
    return false;
  }

  /** Replaces initial-state entry `entry` (whose label is its index) by an error entry. */
  private replaceWithError(out: Expansion, entry: number, code: ErrorCode, message: string): void {
    out.truncate(entry);
    const e = out.push(entry, EntryKind.error, 0);
    out.messages[e] = { code, message };
  }

  /** Whether `state` still encodes to `words[offset ..]`. */
  private stillEncodes(state: unknown, words: Uint32Array, offset: number): boolean {
    try {
      this.compiled.codec.encode(state, this.scratch, 0);
    } catch {
      return false;
    }
    for (let i = 0; i < this.words; i += 1) if (this.scratch[i] !== words[offset + i]) return false;
    return true;
  }

  /** After an expansion: the parent object must not have changed; otherwise blame the first label that changes a copy. */
  private checkUnchanged(parent: unknown, words: Uint32Array, offset: number, out: Expansion, start: number): void {
    if (this.stillEncodes(parent, words, offset)) return;
    const labels = this.compiled.labels;
    let culprit = -1;
    for (let i = 0; i < labels.length && culprit < 0; i += 1) {
      const fresh = this.compiled.codec.decode(words, offset);
      this.compiled.dispatch(fresh, i, i + 1, IGNORE);
      takeRaisedWarnings();
      if (!this.stillEncodes(fresh, words, offset)) culprit = i;
    }
    let keep = start;
    while (keep < out.count && out.label[keep]! < culprit) keep += 1;
    out.truncate(culprit < 0 ? start : keep);
    const action = culprit < 0 ? undefined : labels[culprit]!.action;
    const entry = out.push(culprit, EntryKind.error, 0);
    out.messages[entry] = {
      code: 'LC208',
      message:
        `${action === undefined ? 'an action' : `action ${action}`} changed the state it was given; ` +
        'actions must return a new state ({...s, field: value}, array.with(i, v)) and never modify their input',
    };
  }

  /** The purity sample: expanding a fresh copy of the parent again must give the same entries. */
  private verifyPurity(words: Uint32Array, offset: number, out: Expansion, start: number): void {
    const again = (this.verifyExpansion ??= new Expansion(this.words));
    const fresh = this.compiled.codec.decode(words, offset);
    again.reset();
    this.begin(fresh, words, offset, again);
    this.compiled.dispatch(fresh, 0, this.compiled.labels.length, this);
    this.out = out;
    const difference = firstDifference(out, start, again, this.words);
    if (difference === undefined) return;
    const { label, what } = difference;
    let keep = start;
    while (keep < out.count && out.label[keep]! < label) keep += 1;
    out.truncate(keep);
    const l = label < this.compiled.labels.length ? this.compiled.labelOf(label, fresh) : undefined;
    const entry = out.push(label, EntryKind.error, 0);
    out.messages[entry] = {
      code: 'LC207',
      message:
        `expanding the same state twice gave different outcomes for ${l === undefined ? 'a label' : l.params === null ? l.action : `${l.action} ${canonicalJson(l.params)}`} (${what}). ` +
        'The spec is not a deterministic function of its state: check its actions for Math.random, Date, I/O, ' +
        'iteration over containers whose order varies, and mutation of the state they are given',
    };
  }
}

/** Whether the entries of `out` from `start` on end in an error entry. */
function endsInError(out: Expansion, start: number): boolean {
  return out.count > start && out.kind[out.count - 1] === EntryKind.error;
}

/** The action failures of entry `entry` as a string key (failures are in entry order). */
function failuresOf(e: Expansion, entry: number): string {
  const parts: number[] = [];
  for (let k = 0; k < e.actionFailureCount; k += 1) if (e.actionFailures[k * 2] === entry) parts.push(e.actionFailures[k * 2 + 1]!);
  return parts.join();
}

/**
 * The first label at which two expansions of the same state differ (`a`'s entries from `aStart`, all of `b`'s), and
 * how; undefined when they agree.
 */
function firstDifference(a: Expansion, aStart: number, b: Expansion, words: number): { label: number; what: string } | undefined {
  const n = Math.min(a.count - aStart, b.count);
  for (let j = 0; j < n; j += 1) {
    const i = aStart + j;
    const label = Math.min(a.label[i]!, b.label[j]!);
    if (a.label[i] !== b.label[j]) return { label, what: 'enabled once, disabled the other time' };
    if (a.kind[i] !== b.kind[j] || a.flags[i] !== b.flags[j]) return { label, what: 'a different kind of outcome' };
    if (a.kind[i] === EntryKind.step && !(a.flags[i]! & EntryFlag.sameAsParent)) {
      for (let w = 0; w < words; w += 1) {
        if (a.encodings[i * words + w] !== b.encodings[j * words + w]) return { label, what: 'different successor states' };
      }
    }
    if (a.kind[i] === EntryKind.step) {
      if (canonicalJson(a.results[i] ?? null) !== canonicalJson(b.results[j] ?? null)) return { label, what: 'different results' };
    } else {
      const ma = a.messages[i];
      const mb = b.messages[j];
      if ((ma?.message ?? '') !== (mb?.message ?? '') || (ma?.property ?? '') !== (mb?.property ?? '')) {
        return { label, what: 'different messages' };
      }
    }
    if (failuresOf(a, i) !== failuresOf(b, j)) return { label, what: 'action properties held once and failed the other time' };
  }
  if (a.count - aStart !== b.count) {
    const label = a.count - aStart > b.count ? a.label[aStart + n]! : b.label[n]!;
    return { label, what: 'enabled once, disabled the other time' };
  }
  return undefined;
}
