/**
 * Replay: stepping a model through given labels one at a time, with the successor core's own rules — the driver
 * behind `lifecheck replay` (recorded runs, ITF files, strace logs) and anything else that follows a known path.
 * Each step reports what the core found for that (state, label) and which properties the step violates: the action
 * properties, and the invariants on the state reached.
 *
 * Guarantees: a state handed in (`start`) is validated against the schema first (a {@link SchemaMismatch} names the
 * field); every step is examined exactly as `check` examines it, so a replay that conforms is a trace `check` could
 * have found.
 */
import type { Json } from '../api/json.js';
import type { ErrorCode } from '../api/errors.js';
import type { CompiledModel } from '../core/compileModel.js';
import { SuccessorCore } from '../core/examine.js';
import { EntryFlag, EntryKind, type Expansion } from '../core/expansion.js';

/** Where a replay stands: a state and its encoding. Immutable; each step gives a new one. */
export interface ReplayPosition {
  readonly state: unknown;
  /** @internal the state's encoding. */
  readonly words: Uint32Array;
}

/** What one replayed label gave. */
export type ReplayOutcome =
  | { readonly kind: 'disabled' }
  | {
      readonly kind: 'step';
      readonly position: ReplayPosition;
      readonly result: Json | undefined;
      /** Names of the action properties the step violates, then of the invariants the state reached violates. */
      readonly violated: readonly string[];
      /** Whether the state reached fails the model's constraint (`check` would not expand it). */
      readonly outsideConstraint: boolean;
    }
  | { readonly kind: 'assertion'; readonly property: string; readonly message: string }
  | { readonly kind: 'error'; readonly code: ErrorCode; readonly message: string };

/** Steps a compiled model through labels (see the module comment). */
export class Replayer {
  private readonly core: SuccessorCore;
  private readonly exp: Expansion;
  private readonly none: boolean[];

  constructor(readonly compiled: CompiledModel) {
    this.core = new SuccessorCore(compiled);
    this.exp = this.core.createExpansion();
    this.none = compiled.properties.map(() => false);
  }

  /** A position at `state` (default: the model's first initial state). Throws a `SchemaMismatch` for a bad state. */
  start(state: unknown = this.compiled.initialStates()[0]): ReplayPosition {
    const words = new Uint32Array(this.compiled.codec.words);
    this.compiled.codec.encode(state, words, 0);
    return { state, words };
  }

  /** Examines label `labelIndex` at `position`. */
  step(position: ReplayPosition, labelIndex: number): ReplayOutcome {
    const exp = this.exp;
    exp.reset();
    this.core.examineLabel(position.state, position.words, 0, labelIndex, exp);
    if (exp.count === 0) return { kind: 'disabled' };
    const kind = exp.kind[0];
    const m = exp.messages[0];
    if (kind === EntryKind.assertion) return { kind: 'assertion', property: m!.property!, message: m!.message };
    if (kind === EntryKind.error) return { kind: 'error', code: m!.code ?? 'LC201', message: m!.message };
    const violated: string[] = [];
    for (let k = 0; k < exp.actionFailureCount; k += 1) violated.push(this.compiled.properties[exp.actionFailures[k * 2 + 1]!]!.name);
    const state = exp.states[0];
    const failures: number[] = [];
    const error = this.core.checkInvariants(state, this.none, failures);
    if (error !== undefined) return { kind: 'error', code: error.code ?? 'LC204', message: error.message };
    for (const index of failures) violated.push(this.compiled.properties[index]!.name);
    const same = (exp.flags[0]! & EntryFlag.sameAsParent) !== 0;
    const words = same ? position.words : exp.encodings.slice(0, exp.words);
    return {
      kind: 'step',
      position: { state, words },
      result: exp.results[0],
      violated,
      outsideConstraint: (exp.flags[0]! & EntryFlag.outsideConstraint) !== 0,
    };
  }
}
