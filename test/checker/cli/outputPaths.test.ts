/**
 * Output destinations are validated before any exploration starts: each bad destination is one line on stderr,
 * exit 2, and nothing on stdout (the run never started). The special trees (/proc, /sys, /dev/null/x) run in a child
 * process with a time limit, because Node's recursive mkdir loops there synchronously, which no in-process test
 * timeout could interrupt.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../checker/cli/program.js';
import { memoryIo } from '../../../checker/cli/io.js';
import { makeDirectory, prepareOutputDirectory, prepareOutputFile } from '../../../checker/cli/outputPaths.js';
import { UsageError } from '../../../checker/engine/index.js';

const MAIN = path.resolve('dist/checker/cli/main.js');
const isRoot = process.getuid?.() === 0;

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo();
  const code = await createProgram(io).run(argv);
  return { code, stdout: io.stdout.join(''), stderr: io.stderr.join('') };
}

/** A fresh folder holding a regular file `afile` and, when not root, a read-only folder `ro` (mode 555). */
function sandbox(): { dir: string; file: string; unwritable: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-out-'));
  const file = path.join(dir, 'afile');
  writeFileSync(file, 'not a folder\n');
  const ro = path.join(dir, 'ro');
  mkdirSync(ro);
  chmodSync(ro, 0o555);
  // root ignores permissions: a path under a regular file is then the unwritable destination.
  return { dir, file, unwritable: isRoot ? path.join(file, 'sub') : ro };
}

function expectOneLine(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
}

describe('output destinations are checked before the run', () => {
  const { dir, file, unwritable } = sandbox();

  it.each([
    ['check', ['check', 'die-hard', '--no-progress', '--out']],
    ['matrix', ['matrix', 'die-hard', '--no-progress', '--out']],
    ['diff', ['diff', 'die-hard', 'die-hard', '--no-source', '--out']],
  ])('%s --out under a regular file, at a regular file, and in an unwritable folder: exit 2, one line', async (_name, argv) => {
    expectOneLine(await run(...argv, path.join(file, 'x')), /^lifecheck: error\[LC\d+\]: --out .*afile\/x: .*afile is a file, not a folder/);
    expectOneLine(await run(...argv, file), /^lifecheck: error\[LC\d+\]: --out .*afile: .*afile is a file; --out needs a folder\n$/);
    expectOneLine(await run(...argv, path.join(unwritable, 'x')), isRoot ? /is a file, not a folder/ : /cannot create the folder .*permission denied \(EACCES\)/);
    if (!isRoot) expectOneLine(await run(...argv, unwritable), /cannot write in the folder .*ro: permission denied \(EACCES\)/);
  }, 20_000);

  it('diff --markdown / --json: a folder where a file is wanted, a file under a regular file, an unwritable folder', async () => {
    const base = ['diff', 'die-hard', 'die-hard', '--no-source'];
    expectOneLine(await run(...base, '--markdown', dir), /^lifecheck: error\[LC\d+\]: --markdown .*: .* is a folder; --markdown needs a file name\n$/);
    expectOneLine(await run(...base, '--json', path.join(file, 'd.json')), /^lifecheck: error\[LC\d+\]: --json .*afile\/d\.json: .*afile is a file, not a folder/);
    expectOneLine(await run(...base, '--json', path.join(unwritable, 'd.json')), isRoot ? /is a file, not a folder/ : /permission denied \(EACCES\)/);
  }, 20_000);

  it('matrix refuses an --out whose per-model folder is a regular file, before checking', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'lifecheck-out-'));
    writeFileSync(path.join(out, 'DieHard'), '');
    expectOneLine(await run('matrix', 'die-hard', '--no-progress', '--out', out), /^lifecheck: error\[LC\d+\]: --out .*: .*DieHard is a file; --out needs a folder\n$/);
  });

  it('a good --out is created with its parents, and the probe file is not left behind', async () => {
    const out = path.join(dir, 'new', 'a', 'b');
    const r = await run('check', 'die-hard', '--no-progress', '--out', out);
    expect(r.code).toBe(1);
    expect(readdirSync(out).sort()).toContain('result.json');
    expect(readdirSync(out).some((f) => f.startsWith('.lifecheck-write-test'))).toBe(false);
  });

  it.each([
    ['/proc/lifecheck-x', /cannot create the folder \/proc\/lifecheck-x: the file system does not allow it there \(ENOENT\)/],
    ['/sys/lifecheck-x', /cannot create the folder \/sys\/lifecheck-x: (permission denied|read-only file system|the file system does not allow it there)/],
    ['/dev/null/x', /\/dev\/null is a device, not a folder/],
  ])('check --out %s ends at once with exit 2 and one line (a child process, so that a hang fails)', (out, pattern) => {
    if (!existsSync(path.dirname(out))) return;
    const r = spawnSync(process.execPath, [MAIN, 'check', 'die-hard', '--no-progress', '--out', out], { encoding: 'utf8', timeout: 15_000 });
    expect(r.error, 'the command hung').toBeUndefined();
    expectOneLine({ code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }, pattern);
  }, 20_000);
});

describe('makeDirectory (mkdir -p one component at a time)', () => {
  it('creates missing parents, accepts existing folders, and refuses a component that is not a folder', () => {
    const { dir, file } = sandbox();
    const target = path.join(dir, 'p', 'q', 'r');
    makeDirectory(target);
    makeDirectory(target);
    expect(statSync(target).isDirectory()).toBe(true);
    expect(() => makeDirectory(path.join(file, 'x'), '--out y')).toThrow(UsageError);
    expect(() => makeDirectory(path.join(file, 'x'), '--out y')).toThrow(/^--out y: .*afile is a file, not a folder/);
  });

  it('prepareOutputDirectory and prepareOutputFile leave an existing file untouched and create nothing for a file', () => {
    const { dir, file } = sandbox();
    expect(() => prepareOutputDirectory(file, '--out')).toThrow(/needs a folder/);
    prepareOutputFile(file, '--json');
    expect(statSync(file).size).toBe('not a folder\n'.length);
    const fresh = path.join(dir, 'sub', 'report.md');
    prepareOutputFile(fresh, '--markdown');
    expect(existsSync(fresh)).toBe(false);
    expect(statSync(path.dirname(fresh)).isDirectory()).toBe(true);
  });
});
