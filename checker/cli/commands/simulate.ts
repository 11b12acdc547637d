/**
 * `lifecheck simulate <model>`: seeded random walks (TLC -simulate, quint run); reproducible from the seed.
 */
import { Command, InvalidArgumentError } from 'commander';
import { compileModel } from '../../engine/core/compileModel.js';
import { simulate } from '../../engine/explore/simulate.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCode.js';
import { loadModel } from '../loadModel.js';
import { shellCommand } from '../../../traces/shellWord.js';
import { addModelSelectionOptions, constantFlags, constantOptionsFrom, parsePositiveInt, type ModelSelectionOptions } from '../options.js';
import { selectProperties } from '../propertySelection.js';
import { renderTraceText } from '../../../traces/text.js';
import { schemaOf } from '../../../traces/traceContext.js';

function parseSeed(value: string): number {
  const n = value.startsWith('0x') ? Number.parseInt(value.slice(2), 16) : Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError(`expected 0..4294967295 or 0x…, got '${value}'`);
  return n;
}

/** Builds the `simulate` command. */
export function createSimulateCommand(ctx: CommandContext): Command {
  return addModelSelectionOptions(
    new Command('simulate')
      .description('random walks through a model (not exhaustive), reproducible from --seed')
      .argument('<model>', 'a registered model name or path/to/module.ts#export'),
  )
    .option('--seed <n>', 'the random seed', parseSeed, 0)
    .option('--runs <n>', 'number of walks', parsePositiveInt, 100)
    .option('--max-steps <n>', 'steps per walk at most', parsePositiveInt, 100)
    .action(
      async (
        modelRef: string,
        options: ModelSelectionOptions & { seed: number; runs: number; maxSteps: number },
      ) => {
        const model = await loadModel(modelRef);
        const selection = selectProperties(model, options);
        const compiled = compileModel(model, { ...constantOptionsFrom(options), ...selection.compile });
        const result = simulate(compiled, { seed: options.seed, runs: options.runs, maxSteps: options.maxSteps });
        const reproduce = shellCommand([
          'lifecheck',
          'simulate',
          modelRef,
          ...constantFlags(options),
          ...(selection.names ?? []).flatMap((name) => ['--property', name]),
          ...['--seed', String(result.seed), '--runs', String(options.runs), '--max-steps', String(options.maxSteps)],
        ]);
        const schema = schemaOf(model, compiled.constants);
        const presentation = { ...(model.presentation ? { presentation: model.presentation } : {}), ...(schema ? { schema } : {}) };
        if (result.violation) {
          const v = result.violation;
          // The engine's message for a plain invariant is 'invariant X is violated': say that once.
          const detail = v.message === '' || v.message.includes(`${v.property} is violated`) ? '' : `: ${v.message}`;
          ctx.io.out(`Error: ${v.kind} ${v.property} is violated in walk ${v.run + 1}${detail}\n`);
          ctx.io.out(renderTraceText(v.trace, { color: ctx.io.color, ...presentation }));
          ctx.io.out(`Reproduce: ${reproduce}\n`);
          ctx.setExitCode(ExitCode.violated);
        } else if (result.error) {
          const trace = result.error.trace;
          ctx.io.out(`Error [${result.error.code}]: ${result.error.message}\n${trace ? renderTraceText(trace, presentation) : ''}`);
          ctx.setExitCode(ExitCode.specError);
        } else {
          ctx.io.out(
            `No violation in ${result.runs} walks of at most ${options.maxSteps} steps (${result.steps} steps in all, seed ${result.seed}).\n` +
              'Simulation is not exhaustive: run `lifecheck check` for a proof within the bounds.\n',
          );
          ctx.setExitCode(ExitCode.ok);
        }
      },
    );
}
