/**
 * What a user of a multi-threaded model can observe, as a model author declares it for `lifecheck diff`'s
 * observable-level comparison (`--observable-mapping`): which steps start a thread's call, which end it (the call
 * returns to the caller), and which are internal. Internal steps are stuttering at this level; versions whose
 * internal steps differ (other program counters, other locks) are compared on the calls and returns alone.
 *
 * The events a thread's steps give:
 * - `call`: the step starts a call (e.g. a system call entering the kernel); its identity is {@link
 *   ObservableMapping.call} of the label, without the thread;
 * - `return`: the step ends the thread's current call; the value returned is the last result (`withResult`, the
 *   threads API's `result`) any step of the thread gave since the call started (null when none did);
 * - `oops`: the step raised a kernel assertion (`assertThat`): the call ends in that assertion.
 */
import type { Json, JsonRecord } from '../../engine/api/json.js';
import type { Label } from '../../engine/api/label.js';

/** How a step counts at the observable level. */
export type ObservableStepKind = 'call' | 'return' | 'internal';

/**
 * An observable-level mapping of one family of threaded models (every version a comparison covers). All methods are
 * pure functions of their arguments.
 */
export interface ObservableMapping {
  /** One line about what is observed, for the report. */
  readonly summary?: string;
  /** The thread a label's step belongs to, or undefined for a step of no thread (never observable). */
  thread(label: Label): number | undefined;
  /** Whether the step `before → after` taken by `label` starts a call, ends one, or is internal. */
  classify(label: Label, before: unknown, after: unknown, constants: JsonRecord): ObservableStepKind;
  /** For a `call` step: the call's identity (the same JSON in every version for the same call, no thread). */
  call(label: Label): Json;
  /** A call as its user writes it (e.g. `ioctl(2, VFIO_GROUP_SET_CONTAINER)`). */
  formatCall(call: Json): string;
  /** A returned value as its user reads it (e.g. `-EBUSY`, `3`). */
  formatResult(result: Json): string;
}

/** An observable event of one thread. */
export type ObservableEvent =
  | { readonly thread: number; readonly kind: 'call'; readonly call: Json }
  | { readonly thread: number; readonly kind: 'return'; readonly result: Json }
  | { readonly thread: number; readonly kind: 'oops'; readonly property: string; readonly message: string };

/** Whether `value` has the shape of an {@link ObservableMapping}. */
export function isObservableMapping(value: unknown): value is ObservableMapping {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['thread', 'classify', 'call', 'formatCall', 'formatResult'].every((k) => typeof v[k] === 'function');
}
