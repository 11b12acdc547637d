/**
 * Expectations files: what each model is expected to do for each property, recorded by people (for the VFIO models:
 * what the kernel does), and compared with what the checker finds on every run. The file only holds expectations;
 * results always come from the checker.
 *
 * Format: `{ "<model name>": { "<property>": { "status": "holds" } | { "status": "violated", "length"?: n,
 * "reason": "…" } | { "status": "n/a", "reason"?: "…" } } }`; keys starting with `$` are comments.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../engine/api/errors.js';
import type { PropertyOutcome } from '../engine/api/result.js';

/** One expected cell. */
export interface ExpectedCell {
  readonly status: 'holds' | 'violated' | 'n/a';
  /** For violations: the number of states in the shortest counterexample. */
  readonly length?: number;
  readonly reason?: string;
}

/** Expected cells by model name, then property name. */
export type Expectations = { readonly [model: string]: { readonly [property: string]: ExpectedCell } };

/** Reads and validates an expectations file. */
export function readExpectations(file: string): Expectations {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read expectations ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof data !== 'object' || data === null) throw new UsageError(`${file}: expected a JSON object of models`);
  const result: Record<string, Record<string, ExpectedCell>> = {};
  for (const [model, cells] of Object.entries(data as Record<string, unknown>)) {
    if (model.startsWith('$')) continue;
    if (typeof cells !== 'object' || cells === null) throw new UsageError(`${file}: ${model} must map properties to cells`);
    result[model] = {};
    for (const [property, cell] of Object.entries(cells as Record<string, unknown>)) {
      if (property.startsWith('$')) continue;
      const c = cell as Partial<ExpectedCell>;
      if (c.status !== 'holds' && c.status !== 'violated' && c.status !== 'n/a') {
        throw new UsageError(`${file}: ${model}.${property}.status must be holds, violated or n/a`);
      }
      result[model]![property] = c as ExpectedCell;
    }
  }
  return result;
}

/** Compares one outcome with its expectation: undefined when they agree, else a one-line explanation. */
export function compareCell(outcome: PropertyOutcome | undefined, expected: ExpectedCell | undefined): string | undefined {
  const actual = outcome?.status ?? 'n/a';
  if (expected === undefined) return actual === 'n/a' ? undefined : `no expectation recorded (found ${actual})`;
  if (actual === 'unknown') return `expected ${expected.status}, but the check did not finish`;
  if (actual !== expected.status) return `expected ${expected.status}, found ${actual}`;
  if (actual === 'violated' && expected.length !== undefined) {
    const length = outcome?.counterexample?.steps.length ?? 0;
    if (length !== expected.length) return `expected a shortest counterexample of ${expected.length} states, found ${length}`;
  }
  return undefined;
}
