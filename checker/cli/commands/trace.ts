/**
 * `lifecheck trace render <file> --format text|itf|markdown|mermaid|c [--full] [--model <model>]`: renders a trace
 * file (our JSON or ITF) in any review form. The model (named by `--model`, else by the file when it is a registered
 * name) supplies the property's documentation and its presentation (step formatting, diagram participants, the C
 * reproducer); without one, the generic forms are used and there is no C reproducer.
 */
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { UsageError } from '../../engine/api/errors.js';
import type { AnyModel } from '../../engine/api/model.js';
import type { CommandContext } from '../commandContext.js';
import { loadModel, registeredModelNames } from '../loadModel.js';
import { cProgramOf } from '../../../traces/cProgram.js';
import { writeItf } from '../../../traces/itf.js';
import { renderTraceMarkdown } from '../../../traces/markdown.js';
import { renderTraceMermaid } from '../../../traces/mermaid.js';
import { renderTraceTextDocument } from '../../../traces/text.js';
import { traceContextFor, type TraceContext } from '../../../traces/traceContext.js';
import { readTraceDocument, toTrace } from '../../../traces/traceFile.js';
import { TraceInputError } from '../../../traces/traceInputError.js';

interface RenderOptions {
  readonly format: 'text' | 'itf' | 'markdown' | 'mermaid' | 'c';
  readonly full?: boolean;
  readonly model?: string;
}

/** Reads a file for a command, turning a missing or unreadable file into a one-line {@link UsageError}. */
export function readInputFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Builds the `trace` command and its `render` subcommand. */
export function createTraceCommand(ctx: CommandContext): Command {
  const trace = new Command('trace').description('work with trace files (our JSON or ITF)');
  trace
    .command('render')
    .description('render a trace file as text, ITF, Markdown (for a review), a Mermaid diagram or a C reproducer')
    .argument('<file>', 'a trace file: our .json or an .itf.json (ours or Quint\'s)')
    .addOption(new Option('--format <format>', 'output form').choices(['text', 'itf', 'markdown', 'mermaid', 'c']).default('text'))
    .option('--full', 'text: print whole states, not just the changes')
    .option('--model <model>', 'the model the trace belongs to (default: the one the file names, when registered)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) })
    .action(async (file: string, options: RenderOptions) => {
      const text = readInputFile(file);
      let doc;
      let tr;
      try {
        doc = readTraceDocument(text, file);
        tr = toTrace(doc, file);
      } catch (error) {
        if (error instanceof TraceInputError) throw new UsageError(error.message);
        throw error;
      }
      let model: AnyModel | undefined;
      if (options.model !== undefined) model = await loadModel(options.model);
      else if (doc.model !== undefined && registeredModelNames().includes(doc.model)) model = await loadModel(doc.model);
      const modelName = options.model ?? doc.model ?? model?.name ?? 'unknown model';
      const context: TraceContext = model
        ? traceContextFor(model, {
            modelRef: modelName,
            ...(doc.property !== undefined ? { propertyName: doc.property } : {}),
            ...(doc.constants !== undefined ? { constants: doc.constants } : {}),
          })
        : { modelName, ...(doc.property !== undefined ? { propertyName: doc.property } : {}) };
      switch (options.format) {
        case 'text':
          ctx.io.out(renderTraceTextDocument(tr, context, { full: options.full ?? false, color: ctx.io.color }));
          break;
        case 'itf':
          ctx.io.out(writeItf(tr, context));
          break;
        case 'markdown':
          ctx.io.out(renderTraceMarkdown(tr, context));
          break;
        case 'mermaid':
          // the same options as the .mmd file that check --out writes: lanes for a threaded trace, sets as sets
          ctx.io.out(
            renderTraceMermaid(tr, {
              ...(context.presentation ? { presentation: context.presentation } : {}),
              ...(context.schema ? { schema: context.schema } : {}),
              ...(context.threads ? { threads: context.threads } : {}),
            }),
          );
          break;
        case 'c': {
          const c = cProgramOf(tr, context);
          if (c === undefined) {
            throw new UsageError(
              model
                ? `${file}: ${modelName} has no C reproducer for this trace`
                : `${file}: no C reproducer without a model: name it with --model (the file names ${doc.model === undefined ? 'none' : `'${doc.model}', which is not registered`})`,
            );
          }
          ctx.io.out(c);
          break;
        }
      }
    });
  return trace;
}
