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

/**
 * Whether to colour output, from the environment and whether stdout is a terminal. Guarantees: `NO_COLOR` (any
 * non-empty value), `FORCE_COLOR=0` / `FORCE_COLOR=false` and `TERM=dumb` each turn colour off, whatever the
 * terminal; another `FORCE_COLOR` value turns it on; otherwise colour is on exactly when stdout is a TTY.
 */
export function colorFromEnv(env: Readonly<Record<string, string | undefined>>, stdoutIsTty: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force === '0' || force === 'false') return false;
  if (env.TERM === 'dumb') return false;
  if (force !== undefined) return true;
  return stdoutIsTty;
}

let pipeHandled = false;

/**
 * The process's real standard streams. Colour follows {@link colorFromEnv}. Guarantees: when the reader of stdout
 * or stderr goes away (`lifecheck … | head`: EPIPE), the process exits at once and quietly, with the exit code set
 * so far (0 if none), instead of an unhandled stream error.
 */
export function processIo(): Io {
  if (!pipeHandled) {
    pipeHandled = true;
    for (const stream of [process.stdout, process.stderr]) {
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
        throw error;
      });
    }
  }
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    color: colorFromEnv(process.env, Boolean(process.stdout.isTTY)),
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
