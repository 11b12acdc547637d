import type { Json, JsonRecord } from './json.js';
import type { Label } from './label.js';
import type { Property } from './property.js';
import type { Spec } from './spec.js';
import type { Symmetry } from './symmetry.js';
import type { Trace } from './trace.js';

/**
 * A model: a spec bound to named constant sets and properties, like a TLC .cfg file.
 *
 * Guarantees: property names are unique (they are record keys); the constant set named by `defaultConstants` exists.
 */
export interface Model<S, C extends JsonRecord> {
  readonly name: string;
  readonly spec: Spec<S, C>;
  /** Named constant sets, e.g. `small`, `default`, `large`. */
  readonly constants: { readonly [setName: string]: C };
  /** The constant set used when none is named. @defaultValue `'default'` */
  readonly defaultConstants?: string;
  /** The properties to check, by name. */
  readonly properties: { readonly [name: string]: Property<S, C> };
  /**
   * TLC's CONSTRAINT: a state failing it is counted and checked against invariants but neither stored nor expanded.
   */
  constraint?(state: S, constants: C): boolean;
  /** Whether a state with no enabled action is reported as a deadlock (TLC's default is yes). @defaultValue true */
  readonly deadlock?: boolean;
  /**
   * Fairness of the behaviours temporal properties are checked on (TLA+ `WF_vars(A)`, `SF_vars(A)`): without any, a
   * behaviour may stutter for ever anywhere. Only temporal properties (`eventually`, `leadsTo`, …) depend on it.
   */
  readonly fairness?: readonly Fairness[];
  /**
   * TLC's SYMMETRY: sets of interchangeable values and how renaming them acts on a state (see `Symmetry`). With it,
   * the engine stores one state per orbit; traces stay concrete. Not allowed together with temporal properties.
   */
  readonly symmetry?: Symmetry<S, C>;
  /** One paragraph describing the model. */
  readonly summary?: string;
  /** How traces of this model are shown to people (optional; renderers fall back to generic forms). */
  readonly presentation?: Presentation;
}

/**
 * Model-specific rendering hints used by trace renderers. Pure functions of their arguments.
 *
 * Every hook is optional, and a renderer without the hook it needs uses its generic form: it never guesses a model's
 * vocabulary from its action names. Hooks are deterministic (the same arguments give the same output, byte for
 * byte), never modify their arguments, and do no I/O.
 */
export interface Presentation {
  /**
   * One line for a step, as the system's user would write it (e.g. `close(3) = 0`); with `result` undefined, the
   * call alone (`close(3)`), which is how renderers write a call whose result is shown elsewhere or not known.
   */
  formatStep?(label: Label, result: Json | undefined): string;
  /**
   * A step's result on its own, as {@link Presentation.formatStep} writes it after the call (`3`, `-EBADF`,
   * `mapping0`, `?` for a call that does not return): for result columns and reply arrows.
   * @defaultValue the generic value text
   */
  formatResult?(label: Label, result: Json): string;
  /**
   * Who takes part in a sequence diagram (Mermaid) of `trace`. Guarantees: `targets` has one participant per step
   * after the initial state, in order, then one more for the aborted step when the trace has one. With this hook the
   * diagram draws each step from `caller` to its target and the step's result on the reply; without it, each action
   * is a participant and replies carry the state changes.
   */
  sequenceDiagram?(trace: Trace<unknown>): SequenceDiagramRoles;
  /**
   * A program in C that issues the calls of `trace` on a real system and compares each result with the model's
   * (written as `<base>.c` beside the other trace forms). Returns `undefined` when this trace has no reproducer (for
   * instance, it uses a call the program cannot issue); a model without the hook has no reproducers at all.
   */
  cReproducer?(trace: Trace<unknown>, context: ReproducerContext): string | undefined;
  /**
   * Reads recordings of real runs in a format of the modelled system (for VFIO, `strace -f` output), for `replay`
   * of anything that is not a trace file (our JSON or ITF).
   */
  readonly recordingReader?: RecordingReader;
  /**
   * For a threaded spec (compiled by `defineThreads`): the system calls its threads make, so that a trace becomes a
   * pthreads program that retries the trace's interleaving of calls (`traces/syscallReproducer.ts`). Without it a
   * threaded trace has only the `cReproducer` the model gives, if any.
   */
  readonly threadedCalls?: ThreadedCallsPresentation;
}

/**
 * The system calls of a threaded spec, for its pthreads reproducers: which steps start a call, what C each call is,
 * and the parts of the program that are not calls. Every function is pure and deterministic.
 */
export interface ThreadedCallsPresentation {
  /** Whether a thread whose program counter is `pc` is in user space (between two calls, or done). */
  inUserSpace(pc: string): boolean;
  /**
   * The system call that the step `label` starts, or undefined for a step that starts none (a step inside the
   * kernel). `result` is the call's return value in the model (the last result its steps give), or undefined when
   * the trace does not reach the call's return.
   */
  call(label: Label, result: Json | undefined): ThreadedCall | undefined;
  /**
   * The rest of the program for `trace` (the trace as the reproducer schedules it, the calls that were still in the
   * kernel at its end run to their return where the model allows), or undefined when this trace has no reproducer.
   */
  program(trace: Trace<unknown>, context: ReproducerContext): ThreadedProgram | undefined;
}

/** One system call of a thread, in C. */
export interface ThreadedCall {
  /** The call as its user writes it, for comments and output (`ioctl(5, VFIO_GROUP_UNSET_CONTAINER)`). */
  readonly text: string;
  /** C statements that set `long r` to the call's return value as the C library gives it (-1 and `errno` on failure). */
  readonly code: string;
  /**
   * How the real result is compared with the model's (the real one written the kernel's way, `-errno` on failure):
   * `equal`, or `success` for a call that returns a new fd, whose number differs (any non-negative result matches a
   * non-negative model result; failures must be equal).
   */
  readonly expect: 'equal' | 'success';
  /** C statements run after the call, with `r` in the kernel's form (e.g. remembering a new fd). */
  readonly after?: string;
}

/** The parts of a pthreads reproducer that are not calls (see {@link ThreadedCallsPresentation.program}). */
export interface ThreadedProgram {
  /** File-scope C: includes, helpers, shared variables. */
  readonly prelude: string;
  /** The program's own arguments, `argv[1]` … `argv[count]`; the number of attempts follows them. */
  readonly args: {
    /** E.g. `<group> <device>`. */
    readonly usage: string;
    readonly count: number;
    /** C statements reading them (`argv` is in scope); they may `return 2` on a bad argument. */
    readonly parse: string;
  };
  /** C statements run once before the attempts, e.g. `return 77` when the system has no such device. */
  readonly check?: string;
  /** C statements run after each attempt, in the main thread: undo what the attempt opened. */
  readonly reset: string;
  /**
   * What user space can observe of the trace's outcome besides the calls' results: C statements run after the
   * threads of an attempt have joined, setting `int symptom` to 1 when the outcome is seen, and one line saying what
   * they look at.
   */
  readonly symptom?: { readonly code: string; readonly text: string };
}

/** One participant of a sequence diagram: an id (letters, digits and `_` only) and the name shown. */
export interface SequenceParticipant {
  readonly id: string;
  readonly name: string;
}

/** The result of {@link Presentation.sequenceDiagram}: the caller of every step and the target of each. */
export interface SequenceDiagramRoles {
  readonly caller: SequenceParticipant;
  /** `targets[i]` is the target of `trace.steps[i + 1]`; the last is the aborted step's when there is one. */
  readonly targets: readonly SequenceParticipant[];
}

/** What a C reproducer says about where its trace comes from (its header comment). */
export interface ReproducerContext {
  readonly modelName: string;
  readonly propertyName?: string;
  readonly message?: string;
  readonly reproduceCommand?: string;
  /**
   * For {@link ThreadedCallsPresentation.program}: how many of the trace's steps (after the initial state) are the
   * counterexample's own, rearranged; the steps after them only run the calls still in the kernel to their return.
   */
  readonly traceSteps?: number;
}

/**
 * A reader of recordings in a foreign format. It decodes the recording; the generic replay applies each call, so
 * the rules of a step (label lookup, enabledness, kernel assertions) are the same for every input format.
 */
export interface RecordingReader {
  /** What it reads, for messages (e.g. `strace -f output of a VFIO program`). */
  readonly description: string;
  /**
   * Replays `text` call by call through `target`. Guarantees: every call in `calls` was accepted by `target.step`,
   * in order, starting from `target.initialState`; it stops at the first divergence; input it cannot read is
   * returned as `inputError` (with the 1-based line when known), never thrown.
   */
  replay(text: string, target: ReplayTarget): RecordingReplay | { readonly inputError: { readonly line?: number; readonly reason: string } };
}

/** What a {@link RecordingReader} may use of the model it replays on. */
export interface ReplayTarget {
  /**
   * Every label of the model at the replay's constants, in label order; an action with state-dependent parameters
   * (`stateParams`) has none here, and `step` takes its labels as the values it gives in the state.
   */
  readonly labels: readonly Label[];
  /** The state the replay starts from. */
  readonly initialState: unknown;
  /** Applies `label` to `state` with the model's own successor function; never throws for a kernel assertion. */
  step(state: unknown, label: Label): ReplayStepOutcome;
}

/** One step of a {@link ReplayTarget}: the successor and the model's result, or why the model refuses the call. */
export type ReplayStepOutcome =
  | { readonly ok: true; readonly state: unknown; readonly result?: Json }
  | { readonly ok: false; readonly kind: 'unknownCall' | 'notAllowed' | 'assertion'; readonly message: string };

/** A replayed recording: the calls that conform, the first divergence, and notes (such as calls skipped). */
export interface RecordingReplay {
  readonly calls: readonly {
    /** The 1-based line of the call in the recording. */
    readonly line?: number;
    readonly label: Label;
    /** The result as the step formatter should show it. */
    readonly result?: Json;
    /** The call as the recording wrote it. */
    readonly original?: string;
  }[];
  readonly divergence?: {
    readonly line?: number;
    /** The label tried (the first, when several values of an argument the recording does not show were tried). */
    readonly label: Label;
    /** The recorded result, in model terms. */
    readonly recorded?: Json;
    /** The model's result for the label tried, when it allows the call. */
    readonly expected?: Json;
    /** One line saying what differs. */
    readonly message: string;
    /** The model's state in which the call was attempted. */
    readonly state: unknown;
    readonly original?: string;
  };
  /** Short remarks printed after the calls, on one line joined by `; ` (e.g. `3 call(s) on other fds skipped`). */
  readonly notes: readonly string[];
}

/**
 * One fairness condition, with TLC's meaning. `weak` (`WF_vars(A)`): a behaviour in which action `action` is
 * enabled (able to change the state) from some point on for ever must take it infinitely often. `strong`
 * (`SF_vars(A)`): one in which it is enabled infinitely often must take it infinitely often. The action is the
 * disjunction over all its parameters (`WF_vars(\E p: A(p))`), or, with `perParams`, every parameter value is a
 * condition of its own (`\A p: WF_vars(A(p))`, as PlusCal's `fair process` gives).
 */
export interface Fairness {
  readonly kind: 'weak' | 'strong';
  readonly action: string;
  /** @defaultValue false */
  readonly perParams?: boolean;
  /**
   * With `perParams`, group the labels by this key of their (record) params instead: one condition per value of
   * `params[groupBy]` (`\A self: WF_vars(\E branch: A(self, branch))`, the fairness of a PlusCal `fair process` whose
   * body is split with `either`). @defaultValue each label is a group of its own
   */
  readonly groupBy?: string;
}

/** `WF_vars(action)` (see {@link Fairness}). */
export function weakFairness(action: string, options: { readonly perParams?: boolean; readonly groupBy?: string } = {}): Fairness {
  return { kind: 'weak', action, ...options };
}

/** `SF_vars(action)` (see {@link Fairness}). */
export function strongFairness(action: string, options: { readonly perParams?: boolean; readonly groupBy?: string } = {}): Fairness {
  return { kind: 'strong', action, ...options };
}

/** Defines a model. Identity at run time; checks nothing until the model is compiled. */
export function defineModel<S, C extends JsonRecord>(model: Model<S, C>): Model<S, C> {
  return model;
}

/**
 * A model of any state and constants type: what registries, the CLI and renderers handle. Spec callbacks are
 * methods, so any `Model<S, C>` is assignable to it; code holding one only passes states back to the same model.
 */
export type AnyModel = Model<unknown, JsonRecord>;
