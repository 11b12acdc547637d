/**
 * The lifecheck command line: a commander program whose subcommands are built by one factory each. Errors a user
 * can fix (UsageError, commander's own argument errors) become one line on stderr and exit code 2.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SpecError, UsageError } from '../engine/index.js';
import type { CommandContext } from './commandContext.js';
import { createCheckCommand } from './commands/check.js';
import { createListCommand, createModelsCommand } from './commands/list.js';
import { createMatrixCommand } from './commands/matrix.js';
import { createSimulateCommand } from './commands/simulate.js';
import { createTraceCommand } from './commands/trace.js';
import { createReplayCommand } from './commands/replay.js';
import { createDiffCommand } from './commands/diff.js';
import { createLintCommand } from './commands/lint.js';
import { createInitCommand } from './commands/init.js';
import { ExitCode } from './exitCode.js';
import type { Io } from './io.js';
import { projectRoot, SourceSyntaxError } from './loadModel.js';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Builds the program. `run` parses argv and resolves to the exit code; it never throws for user mistakes. */
export function createProgram(io: Io): { program: Command; run(argv: readonly string[]): Promise<number> } {
  let exitCode: number = ExitCode.ok;
  const ctx: CommandContext = { io, setExitCode: (code) => (exitCode = code) };
  const program = new Command('lifecheck')
    .description('An explicit-state, TLA-style model checker for TypeScript specs')
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showSuggestionAfterError(true);
  const commands = [
    createCheckCommand(ctx),
    createListCommand(ctx),
    createModelsCommand(ctx),
    createMatrixCommand(ctx),
    createSimulateCommand(ctx),
    createTraceCommand(ctx),
    createReplayCommand(ctx),
    createDiffCommand(ctx),
    createLintCommand(ctx),
    createInitCommand(ctx),
  ];
  for (const command of commands) {
    command.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    program.addCommand(command);
  }
  const run = async (argv: readonly string[]): Promise<number> => {
    exitCode = ExitCode.ok;
    try {
      await program.parseAsync([...argv], { from: 'user' });
      return exitCode;
    } catch (error) {
      if (error instanceof CommanderError) {
        // commander has already printed its one-line message; help and version exit 0.
        return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      }
      if (error instanceof SourceSyntaxError) {
        io.err(`${error.line}\n`);
        return ExitCode.usage;
      }
      if (error instanceof UsageError) {
        io.err(`lifecheck: error[${error.code}]: ${error.message}\n`);
        return ExitCode.usage;
      }
      if (error instanceof SpecError) {
        io.err(`lifecheck: error[${error.code}]: ${error.message}\n`);
        return ExitCode.specError;
      }
      const e = error instanceof Error ? error : new Error(String(error));
      io.err(
        `lifecheck: error[LC901]: internal error in lifecheck: ${e.message}\n` +
          'This is a bug in lifecheck, not in your spec: please report it with the command you ran and this trace:\n' +
          `${e.stack ?? ''}\n`,
      );
      return ExitCode.internal;
    }
  };
  return { program, run };
}
