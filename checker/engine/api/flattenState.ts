/**
 * Flattening a state into (path, value) leaves — `groups[0].container = null` — the common ground of the trace
 * renderers and the diff. Paths use `.field` for records and `[i]` for arrays; leaves are JSON scalars, and empty
 * arrays/records are leaves of their own so that "became empty" is visible.
 */
import type { Json } from './json.js';

/** One leaf of a flattened state. */
export interface StateLeaf {
  readonly path: string;
  readonly value: Json;
}

/** Flattens `value` depth-first in field/element order. Deterministic. */
export function flattenState(value: unknown, prefix = ''): StateLeaf[] {
  const leaves: StateLeaf[] = [];
  const walk = (v: unknown, p: string): void => {
    if (Array.isArray(v)) {
      if (v.length === 0) leaves.push({ path: p, value: [] });
      v.forEach((e, i) => walk(e, `${p}[${i}]`));
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 0) leaves.push({ path: p, value: {} });
      for (const k of keys) walk((v as Record<string, unknown>)[k], p === '' ? k : `${p}.${k}`);
    } else {
      leaves.push({ path: p, value: (v === undefined ? null : v) as Json });
    }
  };
  walk(value, prefix);
  return leaves;
}
