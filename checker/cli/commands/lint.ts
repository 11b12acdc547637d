/**
 * `lifecheck lint <model>`: flags impure spec code (randomness, clocks, I/O, mutation of a state it was given,
 * iteration over containers whose order is insertion history) in the model's module and the spec modules it
 * imports, with file and line. Exit 0 when nothing is found, 1 otherwise.
 */
import { Command, Option } from 'commander';
import path from 'node:path';
import { UsageError } from '../../engine/api/errors.js';
import { lintSourceFiles } from '../../lint/lintSpec.js';
import { renderLintText } from '../../lint/renderLintText.js';
import { locateModelSource } from '../../diff/source/locateModelSource.js';
import { createSourceProject, modelSourceFiles, relativeFile } from '../../diff/source/sourceProject.js';
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
    .action((ref: string, options: LintCommandOptions) => {
      const root = projectRoot();
      const project = createSourceProject(root);
      const entry = locateModelSource(project, root, path.join(root, 'spec', 'registry.ts'), ref);
      if (entry === undefined) {
        throw new UsageError(`cannot find the source of '${ref}': give a registered name (${registeredModelNames().join(', ')}) or a .ts path inside the project`);
      }
      const files = modelSourceFiles(project, root, entry);
      const findings = lintSourceFiles(files, root);
      const names = files.map((f) => relativeFile(root, f.getFilePath()));
      ctx.io.out(options.format === 'json' ? `${JSON.stringify({ files: names, findings }, null, 2)}\n` : renderLintText(findings, names));
      ctx.setExitCode(findings.length === 0 ? ExitCode.ok : ExitCode.violated);
    });
}
