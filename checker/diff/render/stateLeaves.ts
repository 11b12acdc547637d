/**
 * States as (path, value) leaves, and the leaves in which two states differ: how a diff shows "both states at that
 * point" compactly. Paths use `.field` and `[i]`.
 */
import { canonicalJson, type Json } from '../../engine/api/json.js';
import { flattenState } from '../../engine/api/flattenState.js';

/** Flattens a JSON-like value into `path → canonical JSON of the leaf`, depth-first in field order. */
export function stateLeaves(value: unknown): Map<string, string> {
  return new Map(flattenState(value).map((leaf) => [leaf.path, canonicalJson(leaf.value)]));
}

/** A leaf where two states differ; `a` or `b` is absent when the leaf exists on one side only. */
export interface LeafDifference {
  readonly path: string;
  readonly a?: string;
  readonly b?: string;
}

/**
 * Where `a` and `b` differ, walking both together: records and arrays are compared field by field / element by
 * element; anywhere else (a scalar, or `null` against a record) the whole values are one difference, shown as
 * canonical JSON. A field present on one side only has the other side absent.
 */
export function differingLeaves(a: unknown, b: unknown): LeafDifference[] {
  const out: LeafDifference[] = [];
  const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const text = (v: unknown): string => canonicalJson(v as Json);
  const walk = (x: unknown, y: unknown, path: string): void => {
    if (Array.isArray(x) && Array.isArray(y)) {
      for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
        if (i >= x.length) out.push({ path: `${path}[${i}]`, b: text(y[i]) });
        else if (i >= y.length) out.push({ path: `${path}[${i}]`, a: text(x[i]) });
        else walk(x[i], y[i], `${path}[${i}]`);
      }
      return;
    }
    if (isRecord(x) && isRecord(y)) {
      const keys = [...Object.keys(x), ...Object.keys(y).filter((k) => !(k in x))];
      for (const k of keys) {
        const p = path === '' ? k : `${path}.${k}`;
        if (!(k in y)) out.push({ path: p, a: text(x[k]) });
        else if (!(k in x)) out.push({ path: p, b: text(y[k]) });
        else walk(x[k], y[k], p);
      }
      return;
    }
    const tx = text(x);
    const ty = text(y);
    if (tx !== ty) out.push({ path, a: tx, b: ty });
  };
  walk(a, b, '');
  return out;
}
