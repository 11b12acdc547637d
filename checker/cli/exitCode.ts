import type { CheckResult } from '../engine/index.js';

/** Exit codes of every lifecheck command. */
export const ExitCode = {
  /** Every property holds (or: replay conforms, diff found what it was asked). */
  ok: 0,
  /** A property is violated (or: replay diverges). */
  violated: 1,
  /** Usage or input error: one line on stderr says what is wrong. */
  usage: 2,
  /** The spec is faulty (it threw, left its schema, is impure); the trace up to the failing step is printed. */
  specError: 3,
  /** A limit or an interrupt ended the check with no violation found. */
  incomplete: 4,
  /** A bug in lifecheck itself (the message asks for a bug report). */
  internal: 5,
} as const;

/** The exit code for a check result: pure function of the result. */
export function getExitCode(result: CheckResult): number {
  switch (result.status) {
    case 'ok':
      return ExitCode.ok;
    case 'violated':
      return ExitCode.violated;
    case 'error':
      return ExitCode.specError;
    case 'incomplete':
      return ExitCode.incomplete;
  }
}
