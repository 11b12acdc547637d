/**
 * `lifecheck check <model>`: load → compile → check (with progress and Ctrl-C) → render → exit code.
 */
import { Command, Option } from 'commander';
import { compileModel } from '../../engine/core/compileModel.js';
import { check, singleThreadReason } from '../../engine/check.js';
import { formatProgress, formatProgressJson, parseProgressInterval, progressReporter } from '../progressLine.js';
import type { CommandContext } from '../commandContext.js';
import { getExitCode } from '../exitCode.js';
import { loadModel, resolveModelSource } from '../loadModel.js';
import { shellCommand } from '../../../traces/shellWord.js';
import { addModelSelectionOptions, constantFlags, constantOptionsFrom, parseMemorySize, parsePositiveInt, type ModelSelectionOptions } from '../options.js';
import { selectProperties } from '../propertySelection.js';
import { describeStop, GUARD_POLL_MS, startRunGuard, type RunGuard } from '../runGuard.js';
import { renderCheckResultJson, renderCheckResultText } from '../renderCheckResult.js';
import { guardOutputWrite, prepareOutputDirectory } from '../outputPaths.js';
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
  readonly maxMemory?: number;
  readonly paranoid?: boolean;
  readonly por?: boolean;
  readonly porBaseline?: boolean;
  readonly progressInterval?: number;
}

export { formatProgress, progressReporter } from '../progressLine.js';

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
    .option('--progress-interval <seconds>', 'seconds between progress lines (default 1)', parseProgressInterval)
    .option('--paranoid', 're-expand every state to catch impure specs (twice the work; by default a sample of 1 in 64)')
    .option('--workers <n>', 'worker threads expanding states (same results for any number)', parsePositiveInt, 1)
    .option('--max-memory <size>', 'stop with the partial result when resident memory reaches size (512M, 4G; default: 90% of the machine)', parseMemorySize)
    .option('--por', 'partial-order reduction: explore one thread\'s independent steps only, where sound (safety properties; docs/reduction.md)')
    .option('--no-por', 'no partial-order reduction (the default)')
    .option('--por-baseline', 'with --por: also check without the reduction, and report both state counts')
    .action(async (modelRef: string, options: CheckCommandOptions) => {
      if (options.out !== undefined) prepareOutputDirectory(options.out, '--out');
      const model = await loadModel(modelRef);
      const selection = selectProperties(model, options, options.deadlock);
      const compileOptions = { ...constantOptionsFrom(options), ...selection.compile };
      const compiled = compileModel(model, compileOptions);
      const workers = options.workers ?? 1;
      const parallel = workers > 1 ? { workers, modelSource: await resolveModelSource(modelRef), ...compileOptions } : {};
      const oneThread = workers > 1 ? singleThreadReason(compiled, { partialOrder: options.por === true || options.porBaseline === true }) : undefined;
      if (oneThread !== undefined) {
        const text = `--workers ${workers}: this check runs on one thread: ${oneThread}`;
        ctx.io.err(`${options.format === 'json' ? JSON.stringify({ type: 'notice', model: model.name, message: text }) : text}\n`);
      }
      const guard = startRunGuard(options.maxMemory !== undefined ? { maxMemoryBytes: options.maxMemory } : {});
      const por = options.por === true || options.porBaseline === true;
      const runOptions = {
        ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
        ...(options.maxDepth !== undefined ? { maxDepth: options.maxDepth } : {}),
        continueAfterViolation: (options.continue ?? false) || selection.continueAfterViolation,
        fingerprint: options.fingerprint ?? false,
        paranoid: options.paranoid ?? false,
        signal: guard.signal,
        ...parallel,
        progressIntervalMs: Math.min(GUARD_POLL_MS, options.progressInterval ?? GUARD_POLL_MS),
        onProgress: progressReporter(
          guard,
          options.progress === false
            ? undefined
            : (p) => ctx.io.err(`${options.format === 'json' ? formatProgressJson(p, model.name) : formatProgress(p)}\n`),
          options.progressInterval,
        ),
      };
      const checked = await (async () => {
        if (!por) return check(compiled, runOptions);
        if (options.porBaseline !== true) return check(compiled, { ...runOptions, partialOrder: true });
        const reduced = await check(compiled, { ...runOptions, partialOrder: true });
        const baseline = await check(compiled, runOptions);
        const summary = reduced.partialOrder!;
        const b = baseline.stats;
        return {
          ...reduced,
          partialOrder: { ...summary, baseline: { distinctStates: b.distinctStates, statesGenerated: b.statesGenerated, elapsedMs: b.elapsedMs } },
        };
      })().finally(() => guard.dispose());
      const result = selection.restrict(checked);
      if (guard.cause !== undefined && (result.incompleteReason === 'interrupted' || result.incompleteReason === 'memory')) ctx.io.err(`${describeStop(guard.cause, compiled.codec.words * 4)}\n`);
      const reproduce = (property: string): string => {
        return shellCommand(['lifecheck', 'check', modelRef, ...constantFlags(options), '--property', property]);
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
        const out = options.out;
        const written = guardOutputWrite(`--out ${out}`, () => writeCheckOutputs(out, modelRef, model, result, reproduce));
        ctx.io.err(`Wrote ${written.length} files under ${options.out}\n`);
      }
      ctx.setExitCode(getExitCode(result));
    });
}
