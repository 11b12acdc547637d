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
