/**
 * `lint` finds in JavaScript (.js, .mjs) what it finds in TypeScript, and takes a module path relative to the current
 * folder, also outside the repository (with the local modules it imports). The fixture is the impure model of
 * test/models/diff/impureCounter.ts in plain JavaScript, with the same `// LINT:<rule>` markers.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../checker/cli/program.js';
import { memoryIo } from '../../../checker/cli/io.js';
import { lintModel } from '../../../checker/lint/lintModel.js';

const root = process.cwd();
const MAIN = path.join(root, 'dist/checker/cli/main.js');
const jsFixture = path.join(root, 'test/checker/lint/fixtures/impureCounter.mjs');
const tsModel = path.join(root, 'test/models/diff/impureCounter.ts');

/** The `// LINT:<rule>` markers of a file: the findings expected, by line. */
function markers(file: string): { line: number; rule: string }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((text, i) => [...text.matchAll(/\/\/ LINT:(\w+)/g)].map((m) => ({ line: i + 1, rule: m[1]! })));
}

/** The JS fixture, copied outside the repository as `name`, importing a local helper that uses Math.random. */
function outsideCopy(name: string): { dir: string; file: string; helperLine: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-lint-'));
  mkdirSync(path.join(dir, 'specs'));
  const file = path.join(dir, 'specs', name);
  copyFileSync(jsFixture, file);
  writeFileSync(path.join(dir, 'specs', 'helper.mjs'), '// a local module of the spec\nexport const coin = () => Math.random() < 0.5; // LINT:random\n');
  writeFileSync(file, readFileSync(file, 'utf8').replace("import { defineModel", "import { coin } from './helper.mjs';\nimport { defineModel"));
  return { dir, file, helperLine: 2 };
}

describe('lint of JavaScript specs', () => {
  it('flags in the .mjs model exactly what it flags in the .ts one: every marked line, one rule each, no look-alike', () => {
    const js = lintModel(path.relative(root, jsFixture), root, []);
    const ts = lintModel(path.relative(root, tsModel), root, []);
    expect(js.files).toEqual(['test/checker/lint/fixtures/impureCounter.mjs']);
    expect(js.findings.map((f) => ({ line: f.line, rule: f.rule }))).toEqual(markers(jsFixture));
    expect(js.findings.map((f) => f.rule)).toEqual(ts.findings.map((f) => f.rule));
    expect(new Set(js.findings.map((f) => f.rule))).toEqual(new Set(['io', 'random', 'time', 'stateMutation', 'unorderedIteration']));
  });

  it('a .js file outside the repository, named relative to the current folder, with the local modules it imports', () => {
    const { dir, file, helperLine } = outsideCopy('impure.js');
    const report = lintModel('./specs/impure.js', root, [], dir);
    expect(report.files).toEqual(['specs/impure.js', 'specs/helper.mjs']);
    const expected = [
      { file: 'specs/helper.mjs', line: helperLine, rule: 'random' },
      ...markers(file).map((m) => ({ file: 'specs/impure.js', ...m })),
    ];
    expect(report.findings.map((f) => ({ file: f.file, line: f.line, rule: f.rule }))).toEqual(expected);
  });

  it('lifecheck lint ./relative.mjs from a folder outside the repository: exit 1, file:line for each finding', () => {
    const { dir, file } = outsideCopy('relative.mjs');
    const r = spawnSync(process.execPath, [MAIN, 'lint', './specs/relative.mjs'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^specs\/helper\.mjs:2:\d+ {2}random {2}Math\.random/m);
    expect(r.stdout).toMatch(/^specs\/relative\.mjs:\d+:\d+ {2}unorderedIteration /m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`${markers(file).length + 1} findings in 2 files`);
    const missing = spawnSync(process.execPath, [MAIN, 'lint', './specs/nothere.mjs'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`lifecheck: error[LC104]: cannot lint ./specs/nothere.mjs: no such file (${path.join(dir, 'specs', 'nothere.mjs')})\n`);
  }, 60_000);

  it('the lint command takes the .mjs path in-process too', async () => {
    const io = memoryIo();
    const code = await createProgram(io).run(['lint', 'test/checker/lint/fixtures/impureCounter.mjs']);
    expect(code).toBe(1);
    expect(io.stdout.join('').trimEnd().split('\n').at(-1)).toBe(`${markers(jsFixture).length} findings in 1 file`);
  });
});
