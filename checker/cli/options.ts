/**
 * Shared option parsing for the CLI: each parser turns a string into a typed value or throws a UsageError that says
 * which option was wrong and what it accepts.
 */
import { InvalidArgumentError } from 'commander';
import type { Json, JsonRecord } from '../api/json.js';

/** Parses a positive integer option (`--max-states 1000`). */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive whole number, got '${value}'`);
  }
  return n;
}

/** Collects repeated `--const k=v` options into a record; values are JSON when they parse as JSON, else strings. */
export function collectConstant(value: string, previous: JsonRecord = {}): JsonRecord {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected name=value, got '${value}'`);
  const key = value.slice(0, eq);
  const text = value.slice(eq + 1);
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    parsed = text;
  }
  return { ...previous, [key]: parsed };
}

/** Collects a repeatable string option. */
export function collectString(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
