/**
 * `lifecheck replay <trace> --model <model>`: replays a recorded call sequence — our JSON trace, an ITF trace, or a
 * recording the model's presentation reads (for the VFIO models, a strace log) — on a model, call by call, with the model's own successor function. Exit 0 when
 * every call is allowed and returns what the model predicts, 1 at the first divergence (printed with the value the
 * model expected and the model's state there), 2 when the input cannot be read or does not fit the model (with the
 * line and step: an empty file, a wrong `format` tag, a state outside the model's schema, an action the model does
 * not have), 3 when the spec itself throws on a call.
 */
import { Command } from 'commander';
import type { JsonRecord } from '../../engine/api/json.js';
import { canonicalJson } from '../../engine/api/json.js';
import { UsageError } from '../../engine/api/errors.js';
import { compileModel } from '../../engine/core/compileModel.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCode.js';
import { loadModel } from '../loadModel.js';
import { collectConstant } from '../options.js';
import { readInputFile } from './trace.js';
import { normaliseRecordingSets, readRecording } from '../../../traces/readRecording.js';
import { checkRecording, replayCalls, ReplaySpecError } from '../../../traces/replay.js';
import { renderReplayText, viewOfReplay, type ReplayView } from '../../../traces/renderReplay.js';
import { schemaOf } from '../../../traces/traceContext.js';
import { replayRecordingText } from '../../../traces/replayRecording.js';
import { TraceInputError } from '../../../traces/traceInputError.js';

interface ReplayOptions {
  readonly model: string;
  readonly constants?: string;
  readonly const?: JsonRecord;
}

/** Builds the `replay` command. */
export function createReplayCommand(ctx: CommandContext): Command {
  return new Command('replay')
    .description('replay a recorded trace (our JSON, ITF, or strace output of a VFIO program) on a model, call by call')
    .argument('<trace>', 'the recording: a .json / .itf.json trace, or a strace log (strace -f -e trace=openat,ioctl,close,dup,mmap,munmap,exit_group)')
    .requiredOption('--model <model>', 'the model to replay on: a registered name (vfio-old, vfio-new, vfio-post, …) or path#export')
    .option('--constants <set>', 'the named constant set (default: the constants the file records, else the model\'s default)')
    .option('--const <name=value>', 'override one constant (repeatable)', collectConstant)
    .action(async (file: string, options: ReplayOptions) => {
      const text = readInputFile(file);
      let recording;
      try {
        recording = readRecording(text, file);
      } catch (error) {
        if (error instanceof TraceInputError) throw new UsageError(error.message);
        throw error;
      }
      const model = await loadModel(options.model);
      const fileConstants = recording.kind === 'trace' && options.constants === undefined && options.const === undefined ? recording.constants : undefined;
      const compiled = compileModel(model, {
        ...(options.constants !== undefined ? { constantSet: options.constants } : {}),
        ...(options.const !== undefined ? { constantOverrides: options.const } : fileConstants ? { constantOverrides: fileConstants } : {}),
      });
      const schema = schemaOf(model, compiled.constants);
      recording = normaliseRecordingSets(recording, schema);
      if (recording.kind === 'trace') {
        try {
          checkRecording(compiled, recording.calls, recording.states, file);
        } catch (error) {
          if (error instanceof TraceInputError) throw new UsageError(error.message);
          throw error;
        }
      }
      const presentation = model.presentation;
      let view: ReplayView;
      try {
        if (recording.kind === 'foreign') {
          const reader = presentation?.recordingReader;
          if (!reader) throw new UsageError(`${file} is not a trace file (our JSON or ITF), and ${options.model} reads no other recordings`);
          view = replayRecordingText(compiled, reader, recording.text, file);
        } else {
          const initial = compiled.initialStates();
          let start = initial[0];
          if (recording.initialState !== undefined) {
            const wanted = canonicalJson(recording.initialState);
            const found = initial.find((s) => canonicalJson(s) === wanted);
            if (found !== undefined) start = found;
            else ctx.io.err(`note: the file's initial state is not an initial state of ${options.model}; replaying from the model's first\n`);
          }
          view = viewOfReplay(replayCalls(compiled, recording.calls, start));
        }
      } catch (error) {
        if (error instanceof TraceInputError) throw new UsageError(error.message);
        if (error instanceof ReplaySpecError) {
          const { line, step } = error.call;
          ctx.io.err(`lifecheck: error[${error.code}]: ${file}${line !== undefined ? `:${line}` : ''}: ${step !== undefined ? `step ${step}: ` : ''}${error.message}\n`);
          ctx.setExitCode(ExitCode.specError);
          return;
        }
        throw error;
      }
      ctx.io.out(renderReplayText(view, { modelName: options.model, color: ctx.io.color, ...(presentation ? { presentation } : {}), ...(schema ? { schema } : {}) }));
      ctx.setExitCode(view.divergence ? ExitCode.violated : ExitCode.ok);
    });
}
