/**
 * The changes between two states, leaf by leaf (`groups[0].container: NULL → 0`), and how leaf values are written:
 * the text, Markdown and Mermaid renderers' common ground. Flattening itself is the engine's `flattenState`.
 */
import { flattenState, type Json } from '../checker/engine/index.js';

export { flattenState, type StateLeaf } from '../checker/engine/index.js';

/** A changed leaf between two states: `before` absent for a new leaf, `after` absent for a removed one. */
export interface LeafChange {
  readonly path: string;
  readonly before?: Json;
  readonly after?: Json;
}

/**
 * What differs between `before` and `after`, structurally: records are compared field by field (`after`'s fields in
 * order, then removed ones) and arrays element by element, down to the first level where the two values differ in
 * shape; there one change carries both whole values. So a nullable record that becomes set reads as one change
 * `fds[0]: NULL → {kind: group, obj: 0}` rather than one line per new field, and a scalar change is a leaf change as
 * before (`groups[0].container: NULL → 0`).
 */
export function diffStates(before: unknown, after: unknown): LeafChange[] {
  const changes: LeafChange[] = [];
  const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const asJson = (v: unknown): Json => (v === undefined ? null : (v as Json));
  const walk = (a: unknown, b: unknown, p: string): void => {
    if (Array.isArray(a) && Array.isArray(b) && a.length > 0 && b.length > 0) {
      for (let i = 0; i < Math.max(a.length, b.length); i += 1) walk(a[i], b[i], `${p}[${i}]`);
      return;
    }
    if (isRecord(a) && isRecord(b) && Object.keys(a).length > 0 && Object.keys(b).length > 0) {
      for (const k of Object.keys(b)) walk(a[k], b[k], p === '' ? k : `${p}.${k}`);
      for (const k of Object.keys(a)) if (!(k in b)) walk(a[k], undefined, p === '' ? k : `${p}.${k}`);
      return;
    }
    if (a === undefined && b === undefined) return;
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    changes.push({
      path: p,
      ...(a !== undefined ? { before: asJson(a) } : {}),
      ...(b !== undefined ? { after: asJson(b) } : {}),
    });
  };
  walk(before, after, '');
  return changes;
}

/**
 * A value as text: `null` as NULL, strings bare, numbers and booleans as JSON, records as `{kind: group, obj: 0}`
 * and arrays as `[1, 2]` (their elements formatted the same way); `undefined` (a value that does not exist) as
 * `(none)`.
 */
export function formatLeafValue(value: Json | undefined): string {
  if (value === undefined) return '(none)';
  if (value === null) return 'NULL';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map((v) => formatLeafValue(v)).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${formatLeafValue(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}
