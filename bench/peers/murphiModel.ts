/**
 * The Murphi model of Peterson's filter lock (`bench/peers/filter.m`, for Rumur) with N set to a given value.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The path of `bench/peers/filter.m`, found from this module's location (works from `bench/peers/` and from
 * `dist/bench/peers/`). Throws if the file is missing.
 */
export function murphiModelPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up += 1) {
    const candidate = join(dir, 'bench', 'peers', 'filter.m');
    if (existsSync(candidate)) return candidate;
    const here = join(dir, 'filter.m');
    if (existsSync(here)) return here;
    dir = dirname(dir);
  }
  throw new Error('bench/peers/filter.m not found');
}

/** The Murphi source with `const N` set to `n`. Throws if the file's `const N:` line is missing. */
export function murphiModel(n: number): string {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`murphiModel: N must be an integer >= 2 (got ${n})`);
  const source = readFileSync(murphiModelPath(), 'utf8');
  const replaced = source.replace(/^const N: \d+;$/m, `const N: ${n};`);
  if (replaced === source && !source.includes(`const N: ${n};`)) throw new Error('filter.m has no "const N: <n>;" line');
  return replaced;
}
