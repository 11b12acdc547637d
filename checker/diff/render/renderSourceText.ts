/**
 * The source section of a text diff: actions, state fields and properties added, removed or changed, with file and
 * line, then the variant sites of shared code.
 */
import type { SourceChange, SourceComparison, SourceLocation } from '../source/compareSources.js';

const CATEGORY: Record<SourceChange['category'], string> = { action: 'action', stateField: 'state field', property: 'property' };

function at(location: SourceLocation | undefined): string {
  return location === undefined ? '' : `${location.file}:${location.line}`;
}

/** The section's lines (no trailing newline). `paint` applies an ANSI style or nothing. Deterministic. */
export function renderSourceText(
  source: SourceComparison,
  nameA: string,
  nameB: string,
  paint: (code: string, text: string) => string = (_c, t) => t,
): string[] {
  const out: string[] = [paint('1', `5. Source (${nameA}: ${source.filesA.length} files, ${nameB}: ${source.filesB.length} files)`)];
  if (source.changes.length === 0) out.push('  no action, state field or property added, removed or changed');
  const mark = { added: '+', removed: '-', changed: '~' } as const;
  for (const c of source.changes) {
    const where =
      c.change === 'changed' && c.a && c.b && at(c.a) !== at(c.b) ? `${at(c.a)} → ${at(c.b)}` : at(c.b ?? c.a);
    out.push(`  ${mark[c.change]} ${CATEGORY[c.category]} ${c.name}${c.detail ? ` (${c.detail})` : ''}${where ? `  ${where}` : ''}`);
  }
  if (source.variantSites.length > 0) {
    out.push(`  shared code that branches on the model (${source.variantSites.length} sites):`);
    for (const s of source.variantSites) out.push(`    ${s.file}:${s.line}  ${s.function}: ${s.condition}`);
  }
  return out;
}
