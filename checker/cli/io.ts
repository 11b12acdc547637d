/**
 * The CLI's connection to the outside world, injected so that tests capture output without spawning a process.
 */
export interface Io {
  /** Writes to standard output (results). */
  out(text: string): void;
  /** Writes to standard error (progress, diagnostics). */
  err(text: string): void;
  /** Whether stdout is a colour terminal (false under NO_COLOR, in CI, or when piped). */
  readonly color: boolean;
  /** Whether stderr is a terminal (progress lines are redrawn in place). */
  readonly stderrIsTty: boolean;
}

/** The process's real standard streams. Colour follows NO_COLOR / FORCE_COLOR, then whether stdout is a TTY. */
export function processIo(): Io {
  const env = process.env;
  const color =
    env.NO_COLOR !== undefined && env.NO_COLOR !== ''
      ? false
      : env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0'
        ? true
        : Boolean(process.stdout.isTTY);
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    color,
    stderrIsTty: Boolean(process.stderr.isTTY),
  };
}

/** An Io that records everything, for tests. */
export function memoryIo(color = false): Io & { readonly stdout: string[]; readonly stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    color,
    stderrIsTty: false,
  };
}
