/**
 * Golden-file comparison for the trace renderer tests: compares text with `test/traces/golden/<name>`; with
 * `UPDATE_GOLDEN=1` in the environment it rewrites the file instead (review the diff before committing).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');

/** Asserts that `actual` equals the golden file `name` (or rewrites it under UPDATE_GOLDEN=1). */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 to create it`);
    writeFileSync(file, actual);
    return;
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** The path of a fixture under `test/traces/fixtures`. */
export function fixture(name: string): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name);
}
