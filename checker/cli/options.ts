/**
 * Shared option parsing for the CLI: each parser turns a string into a typed value or throws a UsageError that says
 * which option was wrong and what it accepts.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { CompileOptions } from '../engine/core/compileModel.js';
import type { Json, JsonRecord } from '../engine/api/json.js';

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

/** The options that choose a model's constants and properties, shared by `check` and `simulate`. */
export interface ModelSelectionOptions {
  readonly const?: JsonRecord;
  readonly constants?: string;
  readonly invariant?: string[];
}

/** Adds `--const`, `--constants` and `--invariant` to `command`. */
export function addModelSelectionOptions(command: Command): Command {
  return command
    .option('--const <name=value>', 'override one constant (repeatable); the value is JSON or a string', collectConstant)
    .option('--constants <set>', "the named constant set to start from (default: the model's default set)")
    .option('--invariant <name>', 'check only this property (repeatable; default: all)', collectString);
}

/** The compile options those flags select. */
export function compileOptionsFrom(options: ModelSelectionOptions): CompileOptions {
  return {
    ...(options.constants !== undefined ? { constantSet: options.constants } : {}),
    ...(options.const !== undefined ? { constantOverrides: options.const } : {}),
    ...(options.invariant !== undefined ? { properties: options.invariant } : {}),
  };
}
