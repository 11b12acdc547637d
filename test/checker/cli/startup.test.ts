/**
 * Start-up cost: ts-morph and the TypeScript compiler (1–4 s of start-up) are loaded only by the commands that use
 * them (`diff`, `lint`), and a registered model loads only its own modules. The built binary runs with a preloaded
 * recorder (fixtures/recordImports.mjs) that logs every ES module resolved and every CommonJS module required; the
 * `lint` run shows that the recorder does see ts-morph and TypeScript (bundled as @ts-morph/common/dist/typescript.js)
 * when they are loaded.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = path.resolve('dist/checker/cli/main.js');
const RECORDER = path.resolve('test/checker/cli/fixtures/recordImports.mjs');

/** The modules loaded by `lifecheck <args>`, as URLs (ES modules) and `cjs:<file>` (CommonJS), and the exit code. */
function loadedModules(...args: string[]): { code: number | null; modules: string[] } {
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'lifecheck-imports-')), 'modules.log');
  const r = spawnSync(process.execPath, ['--import', RECORDER, MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIFECHECK_IMPORT_LOG: log },
    timeout: 60_000,
  });
  expect(r.error).toBeUndefined();
  return { code: r.status, modules: [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))] };
}

const compilerModules = (modules: readonly string[]): string[] =>
  modules.filter((m) => /[\\/]node_modules[\\/](ts-morph|@ts-morph|typescript)[\\/]/.test(m));

describe('start-up loads only what the command needs', () => {
  it('check die-hard loads neither ts-morph nor TypeScript, nor any other model\'s modules', () => {
    const { code, modules } = loadedModules('check', 'die-hard', '--no-progress');
    expect(code).toBe(1);
    expect(modules.some((m) => m.endsWith('/dist/spec/examples/dieHard.js'))).toBe(true);
    expect(compilerModules(modules)).toEqual([]);
    const otherModels = modules.filter((m) => /\/dist\/spec\/(examples\/(?!dieHard\.js)|vfio\/models\.js)/.test(m));
    expect(otherModels).toEqual([]);
  }, 60_000);

  it('lint loads them (so the recorder would have seen them above)', () => {
    const { code, modules } = loadedModules('lint', 'die-hard');
    expect(code).toBe(0);
    const loaded = compilerModules(modules);
    expect(loaded.some((m) => /ts-morph/.test(m))).toBe(true);
    // ts-morph bundles the compiler as @ts-morph/common/dist/typescript.js, required through CommonJS.
    expect(loaded.some((m) => m.startsWith('cjs:') && /[\\/]typescript(\.js|[\\/])/.test(m))).toBe(true);
  }, 60_000);
});
