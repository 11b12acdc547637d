import type { Io } from './io.js';

/** What every command factory receives: the streams, and a way to set the process's exit code. */
export interface CommandContext {
  readonly io: Io;
  setExitCode(code: number): void;
}
