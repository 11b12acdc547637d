/**
 * Module boundaries (docs/anchors §7.3): the engine never imports a spec, the invariants, the trace renderers or the
 * CLI; specs, invariants and traces reach the engine only through `checker/engine/index.ts`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  const full = path.join(root, dir);
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.push(p);
    }
  };
  walk(full);
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
    found.push(path.relative(root, path.resolve(path.dirname(file), m[1]!)));
  }
  return found;
}

/**
 * The engine's layers, lowest first: a file may import from its own layer and the layers below, never above
 * (`check.ts` and `index.ts` are the top).
 */
const ENGINE_LAYERS = ['api', 'encoding', 'core', 'store', 'trace', 'explore', 'parallel', '(top)'];

function layerOf(rel: string): number {
  const parts = rel.split(path.sep);
  // checker/engine/<layer>/… or checker/engine/<file>.ts
  return parts.length > 3 ? ENGINE_LAYERS.indexOf(parts[2]!) : ENGINE_LAYERS.length - 1;
}

describe('module boundaries', () => {
  it('inside the engine, no layer imports a higher one (api → encoding → core → store → trace → explore → parallel → check)', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join('checker', 'engine'))) {
      const rel = path.relative(root, file);
      const own = layerOf(rel);
      expect(own, `${rel} is in no known layer`).toBeGreaterThanOrEqual(0);
      for (const target of imports(file)) {
        const their = layerOf(target);
        if (their > own) offenders.push(`${rel} (${ENGINE_LAYERS[own]}) imports ${target} (${ENGINE_LAYERS[their]})`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('only diff and lint use ts-morph or the TypeScript compiler, and they load them only when they run', () => {
    const offenders: string[] = [];
    for (const dir of ['checker', 'spec', 'invariants', 'traces']) {
      for (const file of sourceFiles(dir)) {
        const rel = path.relative(root, file);
        const text = readFileSync(file, 'utf8');
        const usesCompiler = /from\s+['"](ts-morph|typescript)['"]|import\(\s*['"](ts-morph|typescript)['"]/.test(text);
        const allowed = rel.startsWith(path.join('checker', 'diff', 'source')) || rel.startsWith(path.join('checker', 'lint'));
        if (usesCompiler && !allowed) offenders.push(rel);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the engine (checker/engine/) imports nothing outside checker/engine/', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join('checker', 'engine'))) {
      const rel = path.relative(root, file);
      for (const target of imports(file)) {
        if (!target.startsWith(path.join('checker', 'engine') + path.sep)) offenders.push(`${rel} imports ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('specs, invariants and traces use only the engine\'s public entry point', () => {
    const offenders: string[] = [];
    for (const dir of ['spec', 'invariants', 'traces']) {
      for (const file of sourceFiles(dir)) {
        for (const target of imports(file)) {
          const publicEntries = [path.join('checker', 'engine', 'index.js'), path.join('checker', 'diff', 'index.js')];
          if (target.startsWith(`checker${path.sep}`) && !publicEntries.includes(target)) {
            offenders.push(`${path.relative(root, file)} imports ${target}`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
