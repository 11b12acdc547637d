/**
 * JSON values: what constants, action parameters, labels and observable results are made of, so that they can be
 * printed, written to trace files and sent to worker threads.
 */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** A JSON object: the shape of a constants record. */
export type JsonRecord = { readonly [key: string]: Json };

/** Deep read-only view of a value: what spec code receives, so that the type checker rejects mutation of a state. */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer E)[]
    ? readonly DeepReadonly<E>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/**
 * Whether `value` is JSON: null, a boolean, a finite number, a string, or an array or plain record (prototype
 * `Object.prototype` or none) of JSON, nested at most 32 deep. What constants, labels, parameters and set members
 * must be made of; `undefined`, functions, class instances, `NaN` and cycles are not.
 */
export function isJsonValue(value: unknown, depth = 0): value is Json {
  if (depth > 32) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJsonValue(v, depth + 1));
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(value as object).every((v) => isJsonValue(v, depth + 1));
  }
  return false;
}

/**
 * Canonical JSON text of a value: object keys sorted, no spaces. Equal values give equal strings, whatever the
 * order in which their keys were written; used for labels, file output and determinism checks.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value === undefined ? null : value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

/**
 * Whether `a` and `b` have the same {@link canonicalJson} text, decided without building either text: equal
 * primitives, arrays of equal length with equal elements, records with the same keys (keys whose value is
 * `undefined` do not count, as in `canonicalJson`) holding equal values. Returns at the first difference, so
 * comparing a state with a fixed one (e.g. the initial state) costs little when they differ early.
 */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return canonicalJson(a) === canonicalJson(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!jsonEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let keys = 0;
  for (const k of Object.keys(ra)) {
    if (ra[k] === undefined) continue;
    keys += 1;
    if (!Object.prototype.hasOwnProperty.call(rb, k) || !jsonEquals(ra[k], rb[k])) return false;
  }
  for (const k of Object.keys(rb)) if (rb[k] !== undefined) keys -= 1;
  return keys === 0;
}
