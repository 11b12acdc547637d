/**
 * Text output of `lifecheck lint`: one line per finding (`file:line:column  rule  message`), the code under it, and
 * a summary line. Deterministic.
 */
import type { LintFinding } from './lintSpec.js';

/** Renders `findings` for the files checked; ends in a newline. */
export function renderLintText(findings: readonly LintFinding[], files: readonly string[]): string {
  const lines: string[] = [];
  for (const f of findings) lines.push(`${f.file}:${f.line}:${f.column}  ${f.rule}  ${f.message}`, `    ${f.code}`);
  const n = findings.length;
  lines.push(n === 0 ? `no impure spec code found in ${files.length} file${files.length === 1 ? '' : 's'}` : `${n} finding${n === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}
