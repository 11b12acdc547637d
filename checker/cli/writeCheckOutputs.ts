/**
 * `--out`: writes the result (`result.json`) and every counterexample, in every trace form (`writeTraceFiles`: our
 * JSON trace file that `replay` and `trace render` read, text, ITF, Markdown, Mermaid, and C when the model's
 * presentation has a reproducer), under a folder.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AnyModel } from '../engine/api/model.js';
import type { CheckResult } from '../engine/api/result.js';
import { makeDirectory } from './outputPaths.js';
import { renderCheckResultJson } from './renderCheckResult.js';
import { writeTraceFiles } from '../../traces/writeTraceFiles.js';
import { traceContextFor } from '../../traces/traceContext.js';

/** A file-system-safe name for a property. */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '_');
}

/** Writes the outputs of `result`; returns the paths written. */
export function writeCheckOutputs(
  dir: string,
  modelRef: string,
  model: AnyModel,
  result: CheckResult,
  reproduce: (property: string) => string,
): string[] {
  makeDirectory(dir);
  const written: string[] = [];
  const resultPath = path.join(dir, 'result.json');
  writeFileSync(resultPath, renderCheckResultJson(result));
  written.push(resultPath);
  for (const p of result.properties) {
    if (p.status !== 'violated' || !p.counterexample) continue;
    const context = traceContextFor(model, {
      modelRef,
      constants: result.constants,
      propertyName: p.name,
      ...(p.message !== undefined ? { message: p.message } : {}),
      reproduceCommand: reproduce(p.name),
    });
    written.push(...writeTraceFiles(dir, `${safeFileName(model.name)}.${safeFileName(p.name)}`, p.counterexample, context));
  }
  return written;
}
