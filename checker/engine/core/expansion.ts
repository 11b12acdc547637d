/**
 * The record the successor core fills for one expanded state: one entry per label that was enabled, in label order,
 * each a step (with its encoding), an assertion raised by the action, or a spec error (the last entry, when present).
 * Struct of arrays, reused from state to state, so that the hot loop allocates nothing of its own; the parallel
 * workers ship the same arrays to the coordinator.
 *
 * Guarantees, for an expansion filled by `expandState` / `examineLabel` (`core/examine.ts`):
 * - entries are in increasing label order; at most one entry is an error, and it is the last one;
 * - a step entry's `encodings` slice holds the successor's encoding, validated against the schema — except when
 *   the successor *is* the parent object (`sameAsParent`), whose slice is left unwritten;
 * - `actionFailures` lists (entry, property index) pairs in entry order: the assertion properties whose warnings
 *   (`warnThat`) the step raised, in the order raised, then the action properties the step violates, in property
 *   order;
 * - entries of several states may follow one another in one expansion (a worker's chunk): the core appends, and
 *   whoever fills it records where each state's entries end.
 */
import type { Json } from '../api/json.js';
import type { ErrorCode } from '../api/errors.js';

/** What an entry is. */
export const EntryKind = {
  /** The action gave a successor. */
  step: 1,
  /** The action raised an assertion (`assertThat`): a violation of the named assertion property. */
  assertion: 2,
  /** Spec code failed (threw, left the schema, was impure): exploration ends here. */
  error: 3,
} as const;

/** Flags of a step entry. */
export const EntryFlag = {
  /** The successor is the very object expanded (a stutter, a failed call): the parent itself. */
  sameAsParent: 1,
  /** The successor fails the model's constraint (TLC CONSTRAINT): counted and checked, neither stored nor expanded. */
  outsideConstraint: 2,
} as const;

/** An assertion's property and message, or an error's code and message. */
export interface EntryMessage {
  /** For an assertion: the assertion property's name. */
  readonly property?: string;
  /** For an error: its code. */
  readonly code?: ErrorCode;
  readonly message: string;
}

/** The entries of one expanded state (see the module comment). */
export class Expansion {
  readonly words: number;
  /** Number of entries. */
  count = 0;
  label: Int32Array;
  kind: Uint8Array;
  flags: Uint8Array;
  /** `words` per entry. */
  encodings: Uint32Array;
  /** The successor objects of step entries (what invariants are evaluated on); meaningless for other kinds. */
  readonly states: unknown[] = [];
  /** The observable results of step entries (undefined when the action reports none); meaningless for other kinds. */
  readonly results: (Json | undefined)[] = [];
  /** Messages of assertion and error entries, by entry; for a step, its first warning's (`warnThat`), else meaningless. */
  readonly messages: (EntryMessage | undefined)[] = [];
  /** (entry, action property index) pairs. */
  actionFailures: Int32Array;
  actionFailureCount = 0;

  constructor(words: number, capacity = 16) {
    this.words = words;
    this.label = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.encodings = new Uint32Array(capacity * words);
    this.actionFailures = new Int32Array(8);
  }

  /** Empties the expansion for the next state. */
  reset(): void {
    this.count = 0;
    this.actionFailureCount = 0;
  }

  /** Appends an entry for `label` of `kind` and returns its index; its encoding slice starts at `index * words`. */
  push(label: number, kind: number, flags: number): number {
    const i = this.count;
    if (i === this.label.length) this.grow();
    this.label[i] = label;
    this.kind[i] = kind;
    this.flags[i] = flags;
    // states, results and messages are written by whoever fills the entry, for the kinds that have them
    this.count = i + 1;
    return i;
  }

  /** Records that entry `entry` violates action property `property`. */
  addActionFailure(entry: number, property: number): void {
    const k = this.actionFailureCount * 2;
    if (k + 2 > this.actionFailures.length) {
      const next = new Int32Array(this.actionFailures.length * 2);
      next.set(this.actionFailures);
      this.actionFailures = next;
    }
    this.actionFailures[k] = entry;
    this.actionFailures[k + 1] = property;
    this.actionFailureCount += 1;
  }

  /** Drops every entry from index `count` on (and their action failures). */
  truncate(count: number): void {
    if (count >= this.count) return;
    this.count = count;
    while (this.actionFailureCount > 0 && this.actionFailures[(this.actionFailureCount - 1) * 2]! >= count) {
      this.actionFailureCount -= 1;
    }
  }

  private grow(): void {
    const capacity = this.label.length * 2;
    const label = new Int32Array(capacity);
    label.set(this.label);
    this.label = label;
    const kind = new Uint8Array(capacity);
    kind.set(this.kind);
    this.kind = kind;
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
    const encodings = new Uint32Array(capacity * this.words);
    encodings.set(this.encodings);
    this.encodings = encodings;
  }
}

/** The transferable parts of an expansion (what a worker thread posts to the coordinator). */
export interface ExpansionParts {
  readonly words: number;
  readonly count: number;
  readonly label: Int32Array;
  readonly kind: Uint8Array;
  readonly flags: Uint8Array;
  readonly encodings: Uint32Array;
  readonly actionFailures: Int32Array;
  readonly actionFailureCount: number;
  readonly messages: readonly (EntryMessage | undefined)[];
}

/** The parts of `exp` to post to another thread (trimmed copies; the states and results stay behind). */
export function expansionParts(exp: Expansion): ExpansionParts {
  return {
    words: exp.words,
    count: exp.count,
    label: exp.label.slice(0, exp.count),
    kind: exp.kind.slice(0, exp.count),
    flags: exp.flags.slice(0, exp.count),
    encodings: exp.encodings.slice(0, exp.count * exp.words),
    actionFailures: exp.actionFailures.slice(0, exp.actionFailureCount * 2),
    actionFailureCount: exp.actionFailureCount,
    messages: exp.messages.slice(0, exp.count),
  };
}

/** An expansion over parts received from another thread (their state objects are decoded when needed). */
export function expansionFromParts(parts: ExpansionParts): Expansion {
  const exp = new Expansion(parts.words, 1);
  exp.count = parts.count;
  exp.label = parts.label;
  exp.kind = parts.kind;
  exp.flags = parts.flags;
  exp.encodings = parts.encodings;
  exp.actionFailures = parts.actionFailures;
  exp.actionFailureCount = parts.actionFailureCount;
  for (let i = 0; i < parts.count; i += 1) exp.messages[i] = parts.messages[i];
  return exp;
}
