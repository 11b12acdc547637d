/**
 * issue 10's "Done when", as a new user meets it: the packed tarball, installed offline into an empty temporary
 * folder outside the repository (test/package/offlineInstall.ts), gives an import that type-checks, a bin that
 * checks a TypeScript spec with relative .ts imports and typed parameters, `lifecheck init` followed by a passing
 * `npm test`, and a failing property that fails `npm test` with its counterexample. Slow (packing builds the project,
 * and every step spawns npm): the time-outs are generous, and nothing here measures speed.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmUnavailable, offlineInstall, packTarball, run } from './offlineInstall.js';

const skip = npmUnavailable();
const LONG = 900_000;

describe.skipIf(skip !== undefined)(`the packed tarball in a user's folder${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let dir = '';
  let packed: ReturnType<typeof packTarball>;

  beforeAll(() => {
    packed = packTarball();
    dir = offlineInstall(packed.tarball);
  }, LONG);

  afterAll(() => {
    // The user's folder and the packing copy are both one level under their own mkdtemp folder.
    for (const made of [dir === '' ? undefined : path.dirname(dir), packed === undefined ? undefined : path.dirname(path.dirname(packed.tarball))]) {
      if (made !== undefined && process.env.LIFECHECK_KEEP_TMP !== '1') rmSync(made, { recursive: true, force: true });
    }
  });

  it('ships compiled code, types, README and docs only: no sources, tests or tsconfigs', () => {
    const files = run(path.dirname(packed.tarball), 'tar', ['-tzf', packed.tarball]).stdout.split('\n').filter(Boolean);
    expect(files.length).toBe(packed.files);
    expect(files).toContain('package/dist/checker/index.d.ts');
    expect(files).toContain('package/dist/checker/testing.d.ts');
    expect(files).toContain('package/README.md');
    expect(files.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))).toEqual([]);
    expect(files.filter((f) => /^package\/(test|dist\/test|bench|dist\/bench)\//.test(f) || /tsconfig/.test(f))).toEqual([]);
    console.log(`tarball: ${packed.files} files, ${packed.packedBytes} B packed, ${packed.unpackedBytes} B unpacked`);
  });

  it('lifecheck init scaffolds into the installed folder, and npm test passes there', () => {
    const init = run(dir, 'npx', ['lifecheck', 'init']);
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    for (const f of ['spec.ts', 'spec.test.ts', 'tsconfig.json']) expect(existsSync(path.join(dir, f))).toBe(true);
    const test = run(dir, 'npm', ['test']);
    expect(test.status, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/1 passed/);
  }, LONG);

  it('a failing property fails npm test, with the counterexample in the output', () => {
    const test = run(dir, 'npm', ['test'], { LIFECHECK_SHOW_FAILURE: '1' });
    expect(test.status).not.toBe(0);
    const out = test.stdout + test.stderr;
    expect(out).toContain('invariant neverThree is violated in Counter (2 steps)');
    expect(out).toMatch(/State 1: initial state[\s\S]*n = 0[\s\S]*State 3: add\(\d\)[\s\S]*n: \d → 3/);
  }, LONG);

  it("the import type-checks with the user's tsc, and a type error in the user's spec is caught", () => {
    const ok = run(dir, 'npx', ['tsc', '-p', '.']);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    writeFileSync(
      path.join(dir, 'wrong.ts'),
      "import { action } from 'lifecheck';\nexport const a = action({ params: [{ k: 1 }], next: (s: { n: number }, { k }) => ({ n: s.n + k.length }) });\n",
    );
    const bad = run(dir, 'npx', ['tsc', '-p', '.']);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/wrong\.ts\(2,\d+\): error TS2339: Property 'length' does not exist on type 'number'/);
    rmSync(path.join(dir, 'wrong.ts'));
  }, LONG);

  it('npx lifecheck check ./spec.ts checks the scaffolded spec: 4 distinct states, 9 generated', () => {
    const r = run(dir, 'npx', ['lifecheck', 'check', './spec.ts', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('9 states generated, 4 distinct states found, 0 states left on queue.');
  }, LONG);

  it("the README's own-project spec (jugs.ts: a relative .ts import, destructured typed parameters) type-checks and is checked, with --workers and no #export", () => {
    const readme = readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Use it on your own system'));
    const snippet = /```ts\n(\/\/ jugs\.ts[\s\S]*?)```/.exec(section)?.[1];
    expect(snippet).toBeDefined();
    writeFileSync(path.join(dir, 'jugs.ts'), snippet!);
    writeFileSync(path.join(dir, 'capacity.ts'), /\/\/ (export const capacity = \d+;)/.exec(snippet!)![1]! + '\n');
    const tsc = run(dir, 'npx', ['tsc', '-p', '.']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    for (const workers of ['1', '2']) {
      const r = run(dir, 'npx', ['lifecheck', 'check', './jugs.ts', '--workers', workers, '--no-progress']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('Invariant belowMax is violated');
      expect(r.stdout).toMatch(/State 3: pour\(.*\)\n {4}n: \d → 3\n/);
      expect(r.stdout).toContain('Reproduce: lifecheck check ./jugs.ts --property belowMax');
    }
  }, LONG);

  it('a TypeScript syntax error in a spec is one file:line:column line, exit 2', () => {
    writeFileSync(path.join(dir, 'broken.ts'), "import { t } from 'lifecheck';\nexport const x = t.record({ n: t.int(0, 1) };\n");
    const r = run(dir, 'npx', ['lifecheck', 'check', './broken.ts']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/broken\.ts:2:\d+/);
  }, LONG);

  it('lint takes a relative .mjs module outside the repository', () => {
    writeFileSync(
      path.join(dir, 'impure.mjs'),
      "import { defineModel, defineSpec, t } from 'lifecheck';\nexport const m = defineModel({ name: 'M', constants: { default: {} }, spec: defineSpec({ name: 'M', schema: () => t.record({ n: t.int(0, 1) }), init: () => [{ n: 0 }], actions: { a: { next: () => ({ n: Math.random() < 0.5 ? 0 : 1 }) } } }), properties: {} });\n",
    );
    const r = run(dir, 'npx', ['lifecheck', 'lint', './impure.mjs']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/impure\.mjs:2:\d+/);
    expect(r.stdout).toContain('Math.random');
  }, LONG);

  it('lifecheck init refuses the now non-empty folder with one line and exit 2', () => {
    const before = readdirSync(dir).sort();
    const r = run(dir, 'npx', ['lifecheck', 'init']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/error\[LC106\]: lifecheck init: \. is not empty/);
    expect(readdirSync(dir).sort()).toEqual(before);
  }, LONG);
});
