/**
 * `lifecheck matrix <model…> --expected file`: checks every model against every one of its properties (continuing
 * after violations, so each violated property gets its own shortest counterexample), prints a model × property
 * matrix, writes the counterexamples, and exits 0 exactly when every cell matches the expectations file.
 */
import { Command } from 'commander';
import path from 'node:path';
import type { CheckResult } from '../../engine/api/result.js';
import { compileModel } from '../../engine/core/compileModel.js';
import { check } from '../../engine/check.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCode.js';
import { compareCell, readExpectations, type Expectations } from '../expectations.js';
import { loadModel, resolveModelSource } from '../loadModel.js';
import { parseMemorySize, parsePositiveInt } from '../options.js';
import { describeStop, GUARD_POLL_MS, startRunGuard } from '../runGuard.js';
import { formatProgress, progressReporter } from '../progressLine.js';
import { guardOutputWrite, prepareOutputDirectory } from '../outputPaths.js';
import { safeFileName, writeCheckOutputs } from '../writeCheckOutputs.js';
import { shellCommand } from '../../../traces/shellWord.js';
import { traceStepCount } from '../../../traces/traceSteps.js';

interface MatrixOptions {
  readonly expected?: string;
  readonly constants: string;
  readonly out?: string;
  readonly progress?: boolean;
  readonly timing?: boolean;
  readonly workers: number;
  readonly maxMemory?: number;
}

/** One row of the matrix: a property name and, per model, its cell text and whether it matches expectations. */
export interface MatrixRow {
  readonly property: string;
  readonly cells: readonly { readonly text: string; readonly mismatch?: string }[];
}

/**
 * Builds the rows of the matrix for `results` (in model order), with property rows in first-seen order. A violated
 * cell reads `violated (n)`, n the shortest counterexample's length in steps (an aborted last step counted).
 */
export function buildMatrix(
  modelNames: readonly string[],
  results: readonly CheckResult[],
  expectations: Expectations | undefined,
): MatrixRow[] {
  const properties: string[] = [];
  for (const r of results) for (const p of r.properties) if (!properties.includes(p.name)) properties.push(p.name);
  if (expectations) {
    for (const name of modelNames) for (const p of Object.keys(expectations[name] ?? {})) if (!properties.includes(p)) properties.push(p);
  }
  return properties.map((property) => ({
    property,
    cells: results.map((r, i) => {
      const outcome = r.properties.find((p) => p.name === property);
      const text =
        outcome === undefined
          ? 'n/a'
          : outcome.status === 'violated'
            ? `violated (${outcome.counterexample ? traceStepCount(outcome.counterexample) : '?'})`
            : outcome.status;
      const mismatch = expectations ? compareCell(outcome, expectations[modelNames[i]!]?.[property]) : undefined;
      return mismatch === undefined ? { text } : { text, mismatch };
    }),
  }));
}

/** Renders the matrix as an aligned text table; mismatching cells are marked with `✗` and explained below. */
export function renderMatrix(modelNames: readonly string[], rows: readonly MatrixRow[]): string {
  const header = ['property', ...modelNames];
  const body = rows.map((row) => [row.property, ...row.cells.map((c) => (c.mismatch ? `✗ ${c.text}` : c.text))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  out.push('', 'violated (n): the shortest counterexample takes n steps (for an assertion, the call that fails it is the last).');
  const problems = rows.flatMap((row) =>
    row.cells.flatMap((c, i) => (c.mismatch ? [`✗ ${modelNames[i]} / ${row.property}: ${c.mismatch}`] : [])),
  );
  if (problems.length > 0) out.push('', ...problems);
  return `${out.join('\n')}\n`;
}

/** Builds the `matrix` command. */
export function createMatrixCommand(ctx: CommandContext): Command {
  return new Command('matrix')
    .description('check several models against all their properties and print a model × property matrix')
    .argument('<models...>', 'registered model names or module paths')
    .option('--expected <file>', 'expectations file; the exit code says whether every cell matches it')
    .option('--constants <set>', 'the constant set of every model', 'default')
    .option('--out <dir>', 'write results and counterexamples (every trace format) under this folder')
    .option('--timing', 'print each model\'s check time')
    .option('--no-progress', 'no progress lines on stderr')
    .option('--workers <n>', 'worker threads expanding states (same results for any number)', parsePositiveInt, 1)
    .option('--max-memory <size>', 'stop with the partial result when resident memory reaches size (512M, 4G; default: 90% of the machine)', parseMemorySize)
    .action(async (refs: string[], options: MatrixOptions) => {
      if (options.out !== undefined) prepareOutputDirectory(options.out, '--out');
      const expectations = options.expected !== undefined ? readExpectations(options.expected) : undefined;
      const models = [];
      for (const ref of refs) {
        const model = await loadModel(ref);
        // Compiled up front, so that a bad constant set is refused before the first model is checked.
        models.push({ ref, model, compiled: compileModel(model, { constantSet: options.constants }) });
      }
      if (options.out !== undefined) for (const { model } of models) prepareOutputDirectory(path.join(options.out, safeFileName(model.name)), '--out');
      const results: CheckResult[] = [];
      const guard = startRunGuard(options.maxMemory !== undefined ? { maxMemoryBytes: options.maxMemory } : {});
      try {
        for (const { ref, model, compiled } of models) {
          const parallel =
            options.workers > 1
              ? { workers: options.workers, modelSource: await resolveModelSource(ref), constantSet: options.constants }
              : {};
          const result = await check(compiled, {
            continueAfterViolation: true,
            ...parallel,
            signal: guard.signal,
            progressIntervalMs: GUARD_POLL_MS,
            onProgress: progressReporter(guard, options.progress === false ? undefined : (p) => ctx.io.err(`${model.name}: ${formatProgress(p)}\n`)),
          });
          results.push(result);
          const s = result.stats;
          ctx.io.out(
            `${model.name} (constants '${options.constants}'): ${s.distinctStates.toLocaleString('en-US')} distinct states, ` +
              `${s.statesGenerated.toLocaleString('en-US')} generated, depth ${s.depth}, ${result.complete ? 'complete' : 'INCOMPLETE'}` +
              `${options.timing ? `, ${(s.elapsedMs / 1000).toFixed(2)} s` : ''}\n`,
          );
          if (result.error) ctx.io.out(`  the spec threw: ${result.error.message}\n`);
          if (options.out !== undefined) {
            const reproduce = (property: string): string =>
              shellCommand(['lifecheck', 'check', ref, '--constants', options.constants, '--property', property]);
            const dir = path.join(options.out, safeFileName(model.name));
            guardOutputWrite(`--out ${options.out}`, () => writeCheckOutputs(dir, ref, model, result, reproduce));
          }
          if (guard.cause !== undefined) {
            ctx.io.err(`${describeStop(guard.cause, compiled.codec.words * 4)}\n`);
            break;
          }
        }
      } finally {
        guard.dispose();
      }
      const checked = models.slice(0, results.length);
      const skipped = models.slice(results.length).map((m) => m.model.name);
      const names = checked.map((m) => m.model.name);
      const rows = buildMatrix(names, results, expectations);
      ctx.io.out(`\n${renderMatrix(names, rows)}`);
      if (skipped.length > 0) ctx.io.out(`\nNot checked (the run was stopped): ${skipped.join(', ')}\n`);
      if (options.out !== undefined) ctx.io.out(`\nCounterexamples written under ${options.out}/<model>/\n`);
      const complete = skipped.length === 0 && results.every((r) => r.complete);
      // A cell the stopped run could not decide is unknown, not a difference: only decided cells count as mismatches.
      const decided = (row: MatrixRow, i: number): boolean => results[i]!.properties.find((p) => p.name === row.property)?.status !== 'unknown';
      const mismatches = rows.reduce((k, r) => k + r.cells.filter((c, i) => c.mismatch && decided(r, i)).length, 0);
      if (results.some((r) => r.status === 'error')) ctx.setExitCode(ExitCode.specError);
      else if (expectations === undefined) {
        ctx.setExitCode(results.some((r) => r.status === 'violated') ? ExitCode.violated : complete ? ExitCode.ok : ExitCode.incomplete);
      } else if (mismatches > 0) {
        ctx.io.out(`\n${mismatches} cell(s) differ from ${options.expected}.\n`);
        ctx.setExitCode(ExitCode.violated);
      } else if (!complete) {
        ctx.io.out(`\nEvery decided cell matches ${options.expected}; the run did not finish, so the others are unknown.\n`);
        ctx.setExitCode(ExitCode.incomplete);
      } else {
        ctx.io.out(`\nEvery cell matches ${options.expected}.\n`);
        ctx.setExitCode(ExitCode.ok);
      }
    });
}
