/**
 * `lifecheck lint <model>`: flags impure spec code (randomness, clocks, I/O, mutation of a state it was given,
 * iteration over containers whose order is insertion history) in the model's module and the spec modules it
 * imports, with file and line. Exit 0 when nothing is found, 1 otherwise. The linter (ts-morph and the TypeScript
 * compiler) is imported when the command runs, so that other commands never load it.
 */
import { Command, Option } from 'commander';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCode.js';
import { projectRoot, registeredModelNames } from '../loadModel.js';

interface LintCommandOptions {
  readonly format: 'text' | 'json';
}

/** Builds the `lint` command. */
export function createLintCommand(ctx: CommandContext): Command {
  return new Command('lint')
    .description('flag impure spec code (Math.random, Date, I/O, state mutation, unordered iteration) with file and line')
    .argument('<model>', 'a registered model name, or path/to/module.ts[#export]')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (ref: string, options: LintCommandOptions) => {
      const [{ lintModel }, { renderLintText }] = await Promise.all([import('../../lint/lintModel.js'), import('../../lint/renderLintText.js')]);
      const { files, findings } = lintModel(ref, projectRoot(), registeredModelNames());
      ctx.io.out(options.format === 'json' ? `${JSON.stringify({ files, findings }, null, 2)}\n` : renderLintText(findings, files));
      ctx.setExitCode(findings.length === 0 ? ExitCode.ok : ExitCode.violated);
    });
}
