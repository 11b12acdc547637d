/**
 * The labels two models are driven by together: the union of their labels, matched by `canonicalJson` equality of
 * `{action, params}`.
 */
import { canonicalJson } from '../engine/api/json.js';
import type { Label } from '../engine/api/label.js';
import type { CompiledModel } from '../engine/core/compileModel.js';

/** The union of two compiled models' labels, with each joint label's index in either model (-1: absent there). */
export interface JointLabels {
  /** A's labels in A's order, then B's labels that A lacks, in B's order. */
  readonly labels: readonly Label[];
  /** For each joint label, its index in A's label table, or -1 when A has no such label. */
  readonly toA: Int32Array;
  /** For each joint label, its index in B's label table, or -1 when B has no such label. */
  readonly toB: Int32Array;
}

/** The canonical key of a label: equal keys exactly when action and params are equal JSON. */
export function labelKey(label: Label): string {
  return canonicalJson({ action: label.action, params: label.params });
}

/**
 * Builds the joint label table of `a` and `b`. Guarantees: every label of either model appears exactly once, and
 * `toA`/`toB` map it back to the model's own label index (so the models' own `apply`/`expand` are used unchanged).
 */
export function buildJointLabels(a: CompiledModel, b: CompiledModel): JointLabels {
  const labels: Label[] = [];
  const toA: number[] = [];
  const toB: number[] = [];
  const byKey = new Map<string, number>();
  a.labels.forEach((label, i) => {
    const key = labelKey(label);
    if (byKey.has(key)) return;
    byKey.set(key, labels.length);
    labels.push(label);
    toA.push(i);
    toB.push(-1);
  });
  b.labels.forEach((label, i) => {
    const key = labelKey(label);
    const joint = byKey.get(key);
    if (joint !== undefined) {
      if (toB[joint] === -1) toB[joint] = i;
      return;
    }
    byKey.set(key, labels.length);
    labels.push(label);
    toA.push(-1);
    toB.push(i);
  });
  return { labels, toA: Int32Array.from(toA), toB: Int32Array.from(toB) };
}
