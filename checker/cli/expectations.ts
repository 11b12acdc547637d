/**
 * Expectations files: what each model is expected to do for each property, recorded by people (for the VFIO models:
 * what the kernel does), and compared with what the checker finds on every run. The file only holds expectations;
 * results always come from the checker.
 *
 * Format: `{ "<model name>": { "<property>": { "status": "holds" } | { "status": "violated", "steps"?: n,
 * "reason": "…" } | { "status": "n/a", "reason"?: "…" } } }`; keys starting with `$` are comments. `steps` is the
 * shortest counterexample's length in steps (transitions, an aborted last step counted), the unit of every report;
 * the former `length` (in states) is refused with a message saying how to convert it.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../engine/api/errors.js';
import type { PropertyOutcome } from '../engine/api/result.js';
import { traceStepCount } from '../../traces/traceSteps.js';

/** One expected cell. */
export interface ExpectedCell {
  readonly status: 'holds' | 'violated' | 'n/a';
  /** For violations: the length of the shortest counterexample in steps (an aborted last step counted). */
  readonly steps?: number;
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
      const c = cell as Partial<ExpectedCell> & { readonly length?: unknown };
      if (c.status !== 'holds' && c.status !== 'violated' && c.status !== 'n/a') {
        throw new UsageError(`${file}: ${model}.${property}.status must be holds, violated or n/a`);
      }
      if (c.length !== undefined) {
        throw new UsageError(
          `${file}: ${model}.${property} has "length" (states), no longer read: give "steps" instead (transitions, an aborted last step counted: n states are n − 1 steps, or n with an aborted step)`,
        );
      }
      if (c.steps !== undefined && (typeof c.steps !== 'number' || !Number.isInteger(c.steps) || c.steps < 0)) {
        throw new UsageError(`${file}: ${model}.${property}.steps must be a non-negative integer`);
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
  if (actual === 'violated' && expected.steps !== undefined) {
    const steps = outcome?.counterexample ? traceStepCount(outcome.counterexample) : 0;
    if (steps !== expected.steps) return `expected a shortest counterexample of ${expected.steps} steps, found ${steps}`;
  }
  return undefined;
}
