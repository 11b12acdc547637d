/**
 * `lifecheck diff <modelA> <modelB> [<modelC>]`: what changed between model versions — properties side by side,
 * observable behaviour (joint exploration), state spaces, refinement and source — as text, JSON or Markdown.
 * With three models it compares A→B, B→C and A→C (old vs new, new vs post, old vs post).
 *
 * This module only declares the command: the work (and ts-morph, which the source comparison needs) is in
 * `diffRun.ts`, imported when the command runs, so that other commands never load it.
 */
import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonRecord } from '../../engine/api/json.js';
import { UsageError } from '../../engine/api/errors.js';
import type { CommandContext } from '../commandContext.js';
import { projectRoot } from '../loadModel.js';
import { collectConstant, parsePositiveInt } from '../options.js';
import { prepareOutputDirectory, prepareOutputFile } from '../outputPaths.js';

/** The options of `diff`, as commander parses them. */
export interface DiffCommandOptions {
  readonly const?: JsonRecord;
  readonly constants?: string;
  readonly abstraction?: string;
  readonly refinement?: string;
  readonly maxStates?: number;
  readonly format: 'text' | 'json' | 'markdown';
  readonly markdown?: string;
  readonly json?: string;
  readonly out?: string;
  readonly source?: boolean;
  readonly failOnDifference?: boolean;
  readonly observableModels?: string;
  readonly observableConstants?: string;
  readonly observableMapping?: string;
  readonly observableTitle: string;
}

/** Loads the value exported as `module#export` (a `.ts` path inside the project loads its `dist/` twin). */
export async function loadNamedExport(ref: string, what: string): Promise<unknown> {
  const hash = ref.lastIndexOf('#');
  if (hash < 0) throw new UsageError(`${what} '${ref}': give it as path/to/module.ts#exportName`);
  const file = ref.slice(0, hash);
  const name = ref.slice(hash + 1);
  let resolved = path.resolve(file);
  if (/\.(c|m)?ts$/.test(resolved)) {
    const root = projectRoot();
    const compiled = path.join(root, 'dist', path.relative(root, resolved).replace(/\.(c|m)?ts$/, '.js'));
    if (!existsSync(compiled)) throw new UsageError(`cannot load ${file}: no compiled twin ${path.relative(root, compiled)}; run 'npm run build'`);
    resolved = compiled;
  }
  if (!existsSync(resolved)) throw new UsageError(`cannot load ${what}: no file ${file}`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`cannot load ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!(name in module)) throw new UsageError(`${file} has no export '${name}'; its exports are: ${Object.keys(module).join(', ') || 'none'}`);
  return module[name];
}

/** The comparisons to run for the given models: A→B; with three, A→B, B→C, A→C; with more, consecutive pairs. */
export function comparisonPairs<T>(models: readonly T[]): [T, T][] {
  const pairs: [T, T][] = [];
  for (let i = 0; i + 1 < models.length; i += 1) pairs.push([models[i]!, models[i + 1]!]);
  if (models.length === 3) pairs.push([models[0]!, models[2]!]);
  return pairs;
}

/** Builds the `diff` command. */
export function createDiffCommand(ctx: CommandContext): Command {
  return new Command('diff')
    .description('compare model versions: properties, observable behaviour, state spaces, refinement, source')
    .argument('[models...]', 'two or more models (registered names or path/to/module.ts#export); three give A→B, B→C, A→C; none with --observable-models alone')
    .option('--constants <set>', 'the named constant set for every model (default: each model\'s default set)')
    .option('--const <name=value>', 'override one constant in every model (repeatable)', collectConstant)
    .option('--abstraction <module#export>', 'a shared abstraction: one function, or a record of functions by model name')
    .option('--refinement <module#export>', 'refinement mappings {from, to, map} (B state → A state), or one function for two models')
    .option('--max-states <n>', 'limit every exploration to n stored states (results say when it was hit)', parsePositiveInt)
    .addOption(new Option('--format <format>', 'output format on stdout').choices(['text', 'json', 'markdown']).default('text'))
    .option('--markdown <file>', 'also write the Markdown report to this file')
    .option('--json <file>', 'also write the JSON document to this file')
    .option('--out <dir>', 'write every counterexample and difference trace (all trace formats) under this folder')
    .option('--no-source', 'do not compare the spec sources (ts-morph)')
    .option('--fail-on-difference', 'exit 1 when any observable difference is found')
    .option('--observable-models <models>', 'also compare these threaded models (comma-separated) at the observable level of --observable-mapping, as one more section')
    .option('--observable-constants <set>', 'the named constant set of the --observable-models (default: each model\'s default set)')
    .option('--observable-mapping <module#export>', 'what a user observes of the --observable-models (an ObservableMapping: calls, returns, internal steps)')
    .option('--observable-title <text>', 'the title of the observable-level section', 'Observable level')
    .action(async (refs: string[], options: DiffCommandOptions) => {
      if (refs.length < 2 && !(refs.length === 0 && options.observableModels !== undefined)) throw new UsageError('diff needs at least two models');
      if ((options.observableModels === undefined) !== (options.observableMapping === undefined)) {
        throw new UsageError('--observable-models and --observable-mapping go together');
      }
      if (options.observableModels !== undefined && options.observableModels.split(',').filter(Boolean).length < 2) {
        throw new UsageError('--observable-models needs at least two models, comma-separated');
      }
      if (options.markdown !== undefined) prepareOutputFile(options.markdown, '--markdown');
      if (options.json !== undefined) prepareOutputFile(options.json, '--json');
      if (options.out !== undefined) prepareOutputDirectory(options.out, '--out');
      const { runDiff } = await import('./diffRun.js');
      await runDiff(ctx, refs, options);
    });
}
