/**
 * Flattening a state into (path, value) leaves — `groups[0].container = null` — the common ground of the text,
 * Markdown and diff renderers. Paths use `.field` for records and `[i]` for arrays; leaves are JSON scalars, and
 * empty arrays/records are leaves of their own so that "became empty" is visible.
 */
import type { Json } from '../checker/index.js';

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

/** A changed leaf between two states: `before` absent for a new leaf, `after` absent for a removed one. */
export interface LeafChange {
  readonly path: string;
  readonly before?: Json;
  readonly after?: Json;
}

/** The leaves that differ between `before` and `after`, in `after`'s order, then removed leaves. */
export function diffStates(before: unknown, after: unknown): LeafChange[] {
  const old = new Map(flattenState(before).map((l) => [l.path, l.value]));
  const changes: LeafChange[] = [];
  const seen = new Set<string>();
  for (const leaf of flattenState(after)) {
    seen.add(leaf.path);
    if (!old.has(leaf.path)) changes.push({ path: leaf.path, after: leaf.value });
    else if (JSON.stringify(old.get(leaf.path)) !== JSON.stringify(leaf.value)) {
      changes.push({ path: leaf.path, before: old.get(leaf.path)!, after: leaf.value });
    }
  }
  for (const [path, value] of old) if (!seen.has(path)) changes.push({ path, before: value });
  return changes;
}

/** A leaf value as text: `null` as NULL, strings bare, others as JSON. */
export function formatLeafValue(value: Json | undefined): string {
  if (value === undefined) return '(none)';
  if (value === null) return 'NULL';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
