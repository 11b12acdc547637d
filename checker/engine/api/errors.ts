/**
 * Errors the engine raises for bad input. A {@link UsageError} is the user's mistake (bad constants, an unknown
 * property or model name): the CLI prints its one-line message and exits 2, never a stack trace.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Raised when rebuilding a trace shows that the spec is not a pure function of its state: replaying the recorded
 * labels from the initial state did not reach the recorded states.
 */
export class NondeterminismError extends Error {
  constructor(message: string) {
    super(
      `${message}. The spec is not a deterministic function of its state: check its actions for Math.random, ` +
        'Date, I/O, iteration over containers whose order varies, and mutation of the state they are given.',
    );
    this.name = 'NondeterminismError';
  }
}
