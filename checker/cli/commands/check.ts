/**
 * `lifecheck check <model>`: load → compile → check (with progress and Ctrl-C) → render → exit code.
 */
import { Command, Option } from 'commander';
import { compileModel } from '../../engine/core/compileModel.js';
import { check, type Progress } from '../../engine/check.js';
import type { CommandContext } from '../commandContext.js';
import { getExitCode } from '../exitCode.js';
import { loadModel, resolveModelSource } from '../loadModel.js';
import { addModelSelectionOptions, compileOptionsFrom, parsePositiveInt, type ModelSelectionOptions } from '../options.js';
import { renderCheckResultJson, renderCheckResultText } from '../renderCheckResult.js';
import { writeCheckOutputs } from '../writeCheckOutputs.js';

interface CheckCommandOptions extends ModelSelectionOptions {
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly format: 'text' | 'json';
  readonly out?: string;
  readonly continue?: boolean;
  readonly fingerprint?: boolean;
  readonly deadlock?: boolean;
  readonly full?: boolean;
  readonly timing?: boolean;
  readonly progress?: boolean;
  readonly workers?: number;
  readonly paranoid?: boolean;
}

/** Formats progress as one line. */
export function formatProgress(p: Progress): string {
  const rate = p.elapsedMs > 0 ? Math.round((p.distinctStates * 1000) / p.elapsedMs) : 0;
  return `Progress: ${p.distinctStates.toLocaleString('en-US')} distinct states, ${rate.toLocaleString('en-US')} states/s, depth ${p.depth}, queue ${p.queue.toLocaleString('en-US')}`;
}

/** Builds the `check` command. */
export function createCheckCommand(ctx: CommandContext): Command {
  return addModelSelectionOptions(
    new Command('check')
      .description('check a model exhaustively (breadth-first) against its properties')
      .argument('<model>', 'a registered model name (see `lifecheck models`) or path/to/module.ts#export'),
  )
    .option('--max-states <n>', 'stop after n distinct states (result: incomplete)', parsePositiveInt)
    .option('--max-depth <n>', 'do not expand states at depth n (init = 1) (result: incomplete)', parsePositiveInt)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--out <dir>', 'write the result and every counterexample (all trace formats) under this folder')
    .option('--continue', 'keep going after a violation, to find every property\'s shortest counterexample')
    .option('--fingerprint', 'compare 64-bit fingerprints instead of whole states (prints the collision estimate)')
    .option('--no-deadlock', 'do not report states without successors')
    .option('--full', 'print whole states in traces, not just the changes')
    .option('--timing', 'include timings (output is then no longer byte-for-byte reproducible)')
    .option('--no-progress', 'no progress lines on stderr')
    .option('--paranoid', 're-expand every state to catch impure specs (twice the work; by default a sample of 1 in 64)')
    .option('--workers <n>', 'worker threads expanding states (same results for any number)', parsePositiveInt, 1)
    .action(async (modelRef: string, options: CheckCommandOptions) => {
      const model = await loadModel(modelRef);
      const compileOptions = { ...compileOptionsFrom(options), ...(options.deadlock === false ? { deadlock: false } : {}) };
      const compiled = compileModel(model, compileOptions);
      const workers = options.workers ?? 1;
      const parallel = workers > 1 ? { workers, modelSource: await resolveModelSource(modelRef), ...compileOptions } : {};
      const controller = new AbortController();
      const onSigint = (): void => controller.abort();
      process.once('SIGINT', onSigint);
      let progressShown = false;
      const result = await check(compiled, {
        ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
        ...(options.maxDepth !== undefined ? { maxDepth: options.maxDepth } : {}),
        continueAfterViolation: options.continue ?? false,
        fingerprint: options.fingerprint ?? false,
        paranoid: options.paranoid ?? false,
        signal: controller.signal,
        ...parallel,
        ...(options.progress === false
          ? {}
          : {
              onProgress: (p: Progress) => {
                progressShown = true;
                ctx.io.err(`${formatProgress(p)}\n`);
              },
            }),
      }).finally(() => process.removeListener('SIGINT', onSigint));
      if (progressShown && result.incompleteReason === 'interrupted') ctx.io.err('Interrupted: printing what was found so far.\n');
      const reproduce = (property: string): string => {
        const parts = ['lifecheck check', modelRef];
        if (compiled.constantSetName !== undefined && options.constants !== undefined) parts.push(`--constants ${options.constants}`);
        for (const [k, v] of Object.entries(options.const ?? {})) parts.push(`--const '${k}=${JSON.stringify(v)}'`);
        parts.push(`--invariant ${property}`);
        return parts.join(' ');
      };
      if (options.format === 'json') ctx.io.out(renderCheckResultJson(result, options.timing ?? false));
      else {
        ctx.io.out(
          renderCheckResultText(result, {
            color: ctx.io.color,
            timing: options.timing ?? false,
            full: options.full ?? false,
            reproduce,
            model,
          }),
        );
      }
      if (options.out !== undefined) {
        const written = writeCheckOutputs(options.out, modelRef, model, result, reproduce);
        ctx.io.err(`Wrote ${written.length} files under ${options.out}\n`);
      }
      ctx.setExitCode(getExitCode(result));
    });
}
