/**
 * How traces of the VFIO models are shown and connected to real systems: the `presentation` of `vfioOld`, `vfioNew`
 * and `vfioPost` (set in `../models.ts`). Steps read as the system calls userspace makes (`close(3) = 0`), sequence
 * diagrams go from userspace to the kernel objects, each trace has a C reproducer, and `replay` reads `strace -f`
 * output of a real VFIO program.
 *
 * Why it lives here, beside the model, and not under `traces/`: the trace renderers of `traces/` and the CLI of
 * `checker/` are generic, and reach anything model-specific only through `Model.presentation` (they never import
 * VFIO code nor match action names; `test/architecture.test.ts` checks both). A presentation attached where the
 * models are composed (the registry, the CLI) would need those layers to import VFIO code, or `spec/` to import
 * `traces/`, which imports `spec/`; and a model loaded by path (`spec/vfio/models.ts#vfioOld`) or by a test would
 * come without it. Defined with the model, using only engine types, it travels with the model wherever it is loaded,
 * and the dependencies all point one way: `traces/` and `checker/` → engine ← `spec/vfio/`. What the C
 * reproducer and the strace reader need from the generic side they receive as arguments: the trace and its context,
 * or a {@link RecordingReader}'s replay target, whose `step` is the generic replay's (so the strace reader decodes
 * calls, and never re-implements what a step does).
 */
import type { Presentation } from '../../../checker/engine/index.js';
import { CReproducerError, renderCReproducer } from './cReproducer.js';
import { vfioSequenceDiagram } from './sequenceDiagram.js';
import { parseStrace, StraceInputError } from './straceParse.js';
import { replayStrace, type StraceReplayReport } from './straceReplay.js';
import { formatSyscall, formatSyscallResult } from './syscallText.js';

/** A reader of recordings (the `recordingReader` of {@link Presentation}). */
type RecordingReader = NonNullable<Presentation['recordingReader']>;
/** A replayed recording, as the generic replay prints it. */
type RecordingReplay = Exclude<ReturnType<RecordingReader['replay']>, { readonly inputError: unknown }>;

/** The strace replay's report in the generic form: calls with their lines and text, the divergence, what was skipped. */
export function straceRecordingReplay(report: StraceReplayReport): RecordingReplay {
  const d = report.divergence;
  return {
    calls: report.steps.map((s) => ({ line: s.call.line, label: s.label, ...(s.result !== undefined ? { result: s.result } : {}), original: s.call.text })),
    ...(d
      ? {
          divergence: {
            line: d.call.line,
            label: d.label,
            // an fd or mapping the model would have renumbered: show what the kernel really returned
            ...(d.recorded === 'success' && d.call.returned !== undefined
              ? { recorded: Number(d.call.returned) }
              : d.recorded !== undefined
                ? { recorded: d.recorded }
                : {}),
            ...(d.expected !== undefined ? { expected: d.expected } : {}),
            message: d.message,
            state: d.state,
            original: d.call.text,
          },
        }
      : {}),
    notes: [
      `${report.skippedNonVfio} call(s) on non-VFIO fds or paths skipped`,
      ...(report.skippedNotModelled ? [`${report.skippedNotModelled} VFIO call(s) the model does not represent skipped`] : []),
    ],
  };
}

/** Reads `strace -f -e trace=openat,ioctl,close,dup,mmap,munmap,exit_group` output (see `straceReplay.ts`). */
export const straceRecordingReader: RecordingReader = {
  description: 'strace -f output of a VFIO program',
  replay(text, target) {
    try {
      return straceRecordingReplay(replayStrace(target, parseStrace(text)));
    } catch (error) {
      if (error instanceof StraceInputError) return { inputError: { line: error.line, reason: error.reason } };
      throw error;
    }
  },
};

/** The presentation of the VFIO models. Every hook is a pure function of its arguments. */
export const vfioPresentation: Presentation = {
  formatStep: formatSyscall,
  // exit_group does not return: strace writes `exit_group(0) = ?`, and so do formatStep and every result column
  formatResult: (label, result) => (label.action === 'exit' ? '?' : formatSyscallResult(label.action, result)),
  sequenceDiagram: vfioSequenceDiagram,
  cReproducer: (trace, context) => {
    try {
      return renderCReproducer(trace, context);
    } catch (error) {
      if (error instanceof CReproducerError) return undefined;
      throw error;
    }
  },
  recordingReader: straceRecordingReader,
};
