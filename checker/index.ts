/**
 * The `lifecheck` package's root entry (`import { defineSpec, check } from 'lifecheck'`): everything of the engine's
 * public entry point (`checker/engine/index.ts`: the spec API, `check` / `checkSync` / `simulate` / `Replayer`,
 * their options and results, the errors), the trace renderers a user needs to show a counterexample (text,
 * Markdown, Mermaid, ITF, our JSON trace file) and the CLI's report of a check result.
 *
 * Guarantees: this module and `lifecheck/testing` are the package's only supported entry points (the `exports` of
 * package.json); every name here keeps its meaning within a major version. It has no side effects when imported.
 */
export * from './engine/index.js';
export { renderTraceText, renderTraceTextDocument, traceHeading } from '../traces/text.js';
export type { TextTraceOptions } from '../traces/text.js';
export { renderTraceMarkdown } from '../traces/markdown.js';
export { renderTraceMermaid } from '../traces/mermaid.js';
export type { MermaidOptions } from '../traces/mermaid.js';
export { writeItf, readItf } from '../traces/itf.js';
export type { ItfDocument } from '../traces/itf.js';
export { writeTraceJson, readTraceDocument, toTrace, TRACE_FILE_FORMAT, TRACE_FILE_VERSION } from '../traces/traceFile.js';
export type { TraceDocument, TraceFileHeader, TraceFileStep } from '../traces/traceFile.js';
export { traceContextFor } from '../traces/traceContext.js';
export type { TraceContext, TraceContextOptions } from '../traces/traceContext.js';
export { renderTraceForms, writeTraceFiles } from '../traces/writeTraceFiles.js';
export { renderCheckResultText, renderCheckResultJson } from './cli/renderCheckResult.js';
export type { RenderCheckOptions } from './cli/renderCheckResult.js';
