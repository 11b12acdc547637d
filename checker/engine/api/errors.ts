/**
 * The errors lifecheck reports, each with a stable code (as Quint's `QNT405`), so that messages, tests and docs can
 * name them. Three families, with distinct exit codes in the CLI:
 *
 * - `LC1xx` a {@link UsageError}: the user's mistake (bad constants, an unknown property, an unreadable file). The CLI
 *   prints one line and exits 2, never a stack trace.
 * - `LC2xx` a {@link SpecError}: the spec itself is faulty (an action threw, produced a state outside its schema, is
 *   not a pure function of its state). A check ends with status `error` and the trace up to the faulty step; the CLI
 *   exits 3.
 * - `LC9xx` an {@link InternalError}: a bug in lifecheck. The CLI asks for a bug report and exits 5.
 *
 * `docs/errors.md` lists every code with its cause and fix; a test keeps that list and {@link ERROR_CODES} equal.
 */

/** Every error code, with the one line `docs/errors.md` expands on. */
export const ERROR_CODES = {
  LC101: 'unknown model, export or file',
  LC102: 'unusable constants (unknown set or key, or the spec rejects them)',
  LC103: 'unknown property',
  LC104: 'bad command-line option or option combination',
  LC105: 'unreadable or malformed input file',
  LC106: 'unusable output destination',
  LC201: 'an action, its enabled(), params() or stateParams() threw (or stateParams gave no list of distinct JSON values)',
  LC202: 'a state outside the schema (unknown or missing field, wrong type, out of range, NaN, a cycle)',
  LC203: 'an action returned no state, or a Promise',
  LC204: 'an invariant, action property or constraint threw',
  LC205: 'init() threw or gave no initial state',
  LC206: 'schema() threw or is not a schema',
  LC207: 'the spec is not a pure function of its state (re-expansion or trace replay differed)',
  LC208: 'an action changed the state it was given',
  LC209: 'a fairness condition names no action of the spec, or is per parameter of an action whose parameters depend on the state',
  LC210: "the model's symmetry is not a symmetry of the spec (the symmetry audit: a renamed state's successors or invariant verdicts differ)",
  LC901: 'internal error in lifecheck',
} as const;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The user's mistake: the CLI prints `message` on one line and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** Which kind of mistake. @defaultValue `'LC104'` */
    readonly code: ErrorCode = 'LC104',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * The spec is faulty. Raised at compile time (`params()`, `schema()`, `init()` threw) and carried in a check's
 * result for faults found while exploring. `message` is the spec's own message with what lifecheck was doing.
 */
export class SpecError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SpecError';
  }
}

/**
 * Raised when the spec is not a pure function of its state: re-expanding a state, or replaying a trace's labels from
 * its initial state, did not give the same successors or reach the recorded states.
 */
export class NondeterminismError extends SpecError {
  constructor(message: string) {
    super(
      'LC207',
      `${message}. The spec is not a deterministic function of its state: check its actions for Math.random, ` +
        'Date, I/O, iteration over containers whose order varies, and mutation of the state they are given.',
    );
    this.name = 'NondeterminismError';
  }
}

/** A bug in lifecheck itself (an internal invariant does not hold). The CLI asks for a bug report. */
export class InternalError extends Error {
  readonly code: ErrorCode = 'LC901';
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

/** The message of an arbitrary thrown value, without its stack: `String(value)` for non-errors. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return 'an exception that cannot be printed';
  }
}
