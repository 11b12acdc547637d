/**
 * Module boundaries (docs/anchors §7.3): the engine never imports a spec, the invariants, the trace renderers or the
 * CLI; specs, invariants and traces reach the engine only through `checker/engine/index.ts`. The generic layers
 * (`traces/`, `checker/`) know nothing of VFIO: they import no VFIO module and match no VFIO action name; what is
 * VFIO-specific reaches them through `Model.presentation` (`spec/vfio/presentation/`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYSCALLS } from '../spec/vfio/syscalls.js';

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

  it('only diff, lint and the TypeScript loader hooks use ts-morph or the TypeScript compiler, and they load them only when they run', () => {
    const offenders: string[] = [];
    for (const dir of ['checker', 'spec', 'invariants', 'traces']) {
      for (const file of sourceFiles(dir)) {
        const rel = path.relative(root, file);
        const text = readFileSync(file, 'utf8');
        const usesCompiler = /from\s+['"](ts-morph|typescript)['"]|import\(\s*['"](ts-morph|typescript)['"]/.test(text);
        const allowed =
          rel.startsWith(path.join('checker', 'diff', 'source')) ||
          rel.startsWith(path.join('checker', 'lint')) ||
          // the loader hooks compile a .ts spec module with ts-morph's bundled compiler, imported on first use
          rel === path.join('checker', 'cli', 'tsModules', 'hooks.ts');
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

  it('the generic layers (traces/, checker/) import nothing from spec/vfio/ or traces/vfio/', () => {
    const vfio = [path.join('spec', 'vfio') + path.sep, path.join('traces', 'vfio') + path.sep];
    const offenders: string[] = [];
    for (const dir of ['traces', 'checker']) {
      for (const file of sourceFiles(dir)) {
        for (const target of imports(file)) if (vfio.some((v) => target.startsWith(v))) offenders.push(`${path.relative(root, file)} imports ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('traces/ imports no spec, invariant or CLI code; spec/ imports no trace renderer', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('traces')) {
      for (const target of imports(file)) {
        if (['spec', 'invariants', path.join('checker', 'cli'), path.join('checker', 'diff')].some((d) => target.startsWith(d + path.sep))) {
          offenders.push(`${path.relative(root, file)} imports ${target}`);
        }
      }
    }
    for (const file of sourceFiles('spec')) {
      for (const target of imports(file)) if (target.startsWith(`traces${path.sep}`)) offenders.push(`${path.relative(root, file)} imports ${target}`);
    }
    expect(offenders).toEqual([]);
  });

  it('the generic layers match no VFIO action name (a model named close or exit is rendered generically)', () => {
    const names = Object.keys(SYSCALLS);
    expect(names).toContain('close');
    const offenders: string[] = [];
    for (const dir of ['traces', 'checker']) {
      for (const file of sourceFiles(dir)) {
        const code = stripComments(readFileSync(file, 'utf8'));
        for (const m of code.matchAll(/(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g)) {
          if (names.includes(m[2]!)) offenders.push(`${path.relative(root, file)}: ${m[0]}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});

/** `text` without its comments (block and line comments outside string literals), so that examples in TSDoc do not count. */
function stripComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1;
    } else out += c;
  }
  return out;
}
