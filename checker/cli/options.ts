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

/** Parses a memory size (`--max-memory 512M`): a number of MiB, or a number with K, M, G or T (binary units). */
export function parseMemorySize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(value.trim());
  if (m === null || Number(m[1]) <= 0) throw new InvalidArgumentError(`expected a size such as 512M or 4G, got '${value}'`);
  const unit = m[2]!.toLowerCase();
  const factor = unit === 'k' ? 2 ** 10 : unit === 'g' ? 2 ** 30 : unit === 't' ? 2 ** 40 : 2 ** 20;
  return Math.round(Number(m[1]) * factor);
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
  /** `--property`: the properties to check (repeatable); `deadlock` names the built-in deadlock check. */
  readonly property?: string[];
  /** `--invariant`: an alias of `--property`, kept for existing scripts. */
  readonly invariant?: string[];
  /**
   * `--no-symmetry` gives false: explore every state, not one per orbit of the model's symmetry; `--symmetry` gives
   * true: use a symmetry the model declares opt-in (the lock-level VFIO models' thread symmetry).
   */
  readonly symmetry?: boolean;
}

/** Adds `--const`, `--constants`, `--property` and its alias `--invariant` to `command`. */
export function addModelSelectionOptions(command: Command): Command {
  return command
    .option('--const <name=value>', 'override one constant (repeatable); the value is JSON or a string', collectConstant)
    .option('--constants <set>', "the named constant set to start from (default: the model's default set)")
    .option('--property <name>', 'check only this property (repeatable; an invariant, action property, assertion, or deadlock; default: all)', collectString)
    .option('--invariant <name>', 'the same as --property (an alias)', collectString)
    .option('--symmetry', "use the model's symmetry also when it declares it opt-in (thread symmetry of the lock-level models)")
    .option('--no-symmetry', "explore every state, not one per orbit of the model's symmetry (when it declares one)");
}

/** The compile options for the model's constants (`--constants`, `--const`) and symmetry (`--no-symmetry`). */
export function constantOptionsFrom(options: ModelSelectionOptions): Pick<CompileOptions, 'constantSet' | 'constantOverrides' | 'symmetry'> {
  return {
    ...(options.constants !== undefined ? { constantSet: options.constants } : {}),
    ...(options.const !== undefined ? { constantOverrides: options.const } : {}),
    ...(options.symmetry !== undefined ? { symmetry: options.symmetry } : {}),
  };
}

/**
 * The `--constants` and `--const` flags of `options` as command-line words (a constant as `name=<JSON>`), for a
 * reproduce hint to quote with `shellCommand`, so that the hint runs with the same constants.
 */
export function constantFlags(options: ModelSelectionOptions): string[] {
  const flags = options.constants !== undefined ? ['--constants', options.constants] : [];
  for (const [k, v] of Object.entries(options.const ?? {})) flags.push('--const', `${k}=${JSON.stringify(v)}`);
  if (options.symmetry === false) flags.push('--no-symmetry');
  if (options.symmetry === true) flags.push('--symmetry');
  return flags;
}
