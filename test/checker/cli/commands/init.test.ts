/**
 * `lifecheck init` without npm: what it writes into a new folder, an npm-initialised one and a non-empty one. The
 * install and `npm test` in the scaffold are tested from the packed tarball in test/package/tarball.test.ts.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgram } from '../../../../checker/cli/program.js';
import { memoryIo } from '../../../../checker/cli/io.js';
import { projectRoot } from '../../../../checker/cli/loadModel.js';
import { checkSync, type AnyModel } from '../../../../checker/engine/index.js';

async function init(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await createProgram(io).run(['init', ...args]);
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}

const made: string[] = [];
const fresh = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-init-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('lifecheck init', () => {
  it('creates a new folder with the spec, the test, a tsconfig and package.json; lifecheck is a file: spec of this installation, never the registry', async () => {
    const dir = path.join(fresh(), 'my model');
    const r = await init(dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['package.json', 'spec.test.ts', 'spec.ts', 'tsconfig.json']);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; type: string; scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.name).toBe('my-model');
    expect(pkg.type).toBe('module');
    expect(pkg.scripts).toEqual({ test: 'vitest run', check: 'lifecheck check ./spec.ts' });
    expect(pkg.devDependencies.lifecheck).toMatch(/^file:/);
    expect(path.resolve(dir, pkg.devDependencies.lifecheck!.slice('file:'.length))).toBe(projectRoot());
    expect(pkg.devDependencies.vitest).toMatch(/^\^?\d/);
    expect(r.out).toContain('npm install');
    expect(r.out).toMatch(/and package\.json in \S.*my model\. Next:/);
  });

  it("keeps an npm-initialised folder's fields and dependencies, and adds nothing it already has", async () => {
    const dir = fresh();
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'mine', version: '2.0.0', scripts: { lint: 'eslint .' }, devDependencies: { lifecheck: 'file:../lifecheck-0.1.0.tgz', vitest: '^4.0.0' } }));
    mkdirSync(path.join(dir, 'node_modules'));
    const r = await init(dir);
    expect(r.code).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toEqual({
      name: 'mine',
      version: '2.0.0',
      type: 'module',
      scripts: { lint: 'eslint .', test: 'vitest run', check: 'lifecheck check ./spec.ts' },
      devDependencies: { lifecheck: 'file:../lifecheck-0.1.0.tgz', vitest: '^4.0.0' },
    });
    expect(r.out).not.toContain('npm install');
  });

  it('refuses a folder that holds anything else, with one line (LC106) and exit 2, writing nothing', async () => {
    const dir = fresh();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const r = await init(dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^lifecheck: error\[LC106\]: lifecheck init: .* is not empty \(it holds notes\.txt\); give a new or empty folder\n$/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    const file = path.join(dir, 'notes.txt');
    const onFile = await init(file);
    expect(onFile.code).toBe(2);
    expect(onFile.err).toContain('is a file, not a folder');
  });

  it('the scaffolded spec, loaded as written, has 4 distinct and 9 generated states and its property holds', async () => {
    const dir = path.join(fresh(), 'm');
    await init(dir);
    // The scaffold imports 'lifecheck'; inside the repository that is this package's own entry (package.json exports).
    const text = readFileSync(path.join(dir, 'spec.ts'), 'utf8');
    expect(text).toContain("from 'lifecheck'");
    const local = path.join(projectRoot(), 'test', '.tmp', 'initSpec.ts');
    mkdirSync(path.dirname(local), { recursive: true });
    writeFileSync(local, text.replace("from 'lifecheck'", "from '../../checker/index.js'"));
    const { counter } = (await import(local)) as { counter: AnyModel };
    const result = checkSync(counter);
    expect(result.status).toBe('ok');
    expect(result.stats.distinctStates).toBe(4);
    expect(result.stats.statesGenerated).toBe(9);
  });
});
