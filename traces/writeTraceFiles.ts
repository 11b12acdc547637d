/**
 * Writing one trace in every form: `<base>.json` (our trace file, which `replay` and `trace render` read),
 * `<base>.txt` (text), `<base>.itf.json` (ITF), `<base>.md` (Markdown), `<base>.mmd` (Mermaid) and, when the model's
 * presentation has one for the trace, `<base>.c` (the C reproducer). `check --out`, `matrix --out` (so
 * `npm run check`) and `diff --out` call this for every trace they write.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Trace } from '../checker/engine/index.js';
import { cProgramOf } from './cProgram.js';
import { writeItf } from './itf.js';
import { renderTraceMarkdown } from './markdown.js';
import { renderTraceMermaid } from './mermaid.js';
import { renderTraceTextDocument } from './text.js';
import { writeTraceJson } from './traceFile.js';
import type { TraceContext } from './traceContext.js';

/**
 * Every form of `trace`, by file extension (without the base name), in the order `.json`, `.txt`, `.itf.json`, `.md`,
 * `.mmd`, `.c` (only when the model gives one: `cProgramOf`). Pure and deterministic. The text form starts with
 * the trace's heading (property, model, length in steps) and ends with `Reproduce: <command>` when the context has
 * one.
 */
export function renderTraceForms(trace: Trace<unknown>, context: TraceContext): Map<string, string> {
  const forms = new Map<string, string>();
  forms.set(
    '.json',
    writeTraceJson(trace, {
      model: context.modelName,
      ...(context.constants !== undefined ? { constants: context.constants } : {}),
      ...(context.propertyName !== undefined ? { property: context.propertyName } : {}),
      ...(context.message !== undefined ? { message: context.message } : {}),
    }),
  );
  const presentation = context.presentation;
  forms.set('.txt', renderTraceTextDocument(trace, context));
  forms.set('.itf.json', writeItf(trace, context));
  forms.set('.md', renderTraceMarkdown(trace, context));
  forms.set(
    '.mmd',
    renderTraceMermaid(trace, {
      ...(presentation ? { presentation } : {}),
      ...(context.schema ? { schema: context.schema } : {}),
      ...(context.threads ? { threads: context.threads } : {}),
    }),
  );
  const c = cProgramOf(trace, context);
  if (c !== undefined) forms.set('.c', c);
  return forms;
}

/**
 * Writes every form of `trace` into `dir` (created if missing) as `<baseName><ext>`, and returns the paths written,
 * in a fixed order. Overwrites existing files. Throws what the file system throws.
 */
export function writeTraceFiles(dir: string, baseName: string, trace: Trace<unknown>, context: TraceContext): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [ext, text] of renderTraceForms(trace, context)) {
    const file = path.join(dir, `${baseName}${ext}`);
    writeFileSync(file, text);
    written.push(file);
  }
  return written;
}
