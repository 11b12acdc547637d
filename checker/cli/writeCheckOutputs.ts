/**
 * `--out`: writes the result (`result.json`) and every counterexample, in every trace format (text, ITF, Markdown,
 * Mermaid, C for VFIO models, and our JSON trace file that `replay` and `trace render` read), under a folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AnyModel } from '../engine/api/model.js';
import type { CheckResult } from '../engine/api/result.js';
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
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const resultPath = path.join(dir, 'result.json');
  writeFileSync(resultPath, renderCheckResultJson(result));
  written.push(resultPath);
  for (const p of result.properties) {
    if (p.status !== 'violated' || !p.counterexample) continue;
    const base = path.join(dir, `${safeFileName(model.name)}.${safeFileName(p.name)}`);
    const context = traceContextFor(model, {
      modelRef,
      propertyName: p.name,
      ...(p.message !== undefined ? { message: p.message } : {}),
      reproduceCommand: reproduce(p.name),
    });
    written.push(...writeTraceFiles(dir, path.basename(base), p.counterexample, context));
    writeFileSync(
      `${base}.json`,
      `${JSON.stringify({ format: 'lifecheck-trace', model: modelRef, constants: result.constants, property: p.name, message: p.message ?? null, trace: p.counterexample }, null, 2)}\n`,
    );
    written.push(`${base}.json`);
  }
  return written;
}
