import { Command } from 'commander';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../checker/engine/index.js';
import { createDiffCommand, comparisonPairs } from '../../../checker/cli/commands/diff.js';
import { createLintCommand } from '../../../checker/cli/commands/lint.js';
import { memoryIo } from '../../../checker/cli/io.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  let code = 0;
  const ctx = { io, setExitCode: (c: number) => (code = c) };
  const program = new Command('lifecheck').exitOverride();
  program.addCommand(createDiffCommand(ctx).exitOverride());
  program.addCommand(createLintCommand(ctx).exitOverride());
  await program.parseAsync(argv, { from: 'user' });
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}

describe('lifecheck diff', () => {
  it('pairs three models as A→B, B→C, A→C', () => {
    expect(comparisonPairs(['old', 'new', 'post'])).toEqual([
      ['old', 'new'],
      ['new', 'post'],
      ['old', 'post'],
    ]);
    expect(comparisonPairs(['a', 'b'])).toEqual([['a', 'b']]);
  });

  it('finds no difference between a model and itself, with the source compared through the registry', async () => {
    const r = await run(['diff', 'die-hard', 'die-hard']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('2. Observable behaviour: no difference for these constants');
    expect(r.out).toContain('(exhaustive joint exploration: 16 joint states');
    expect(r.out).toContain('5. Source (DieHard: 1 files, DieHard: 1 files)');
    expect(r.out).toContain('no action, state field or property added, removed or changed');
  });

  it('prints JSON with --format json', async () => {
    const r = await run(['diff', 'die-hard', 'die-hard', '--format', 'json', '--no-source']);
    const doc = JSON.parse(r.out) as { format: string; comparisons: { behaviour: { equivalent: boolean } }[] };
    expect(doc.format).toBe('lifecheck-diff');
    expect(doc.comparisons[0]!.behaviour.equivalent).toBe(true);
  });

  it('writes the Markdown report, the JSON document and every counterexample in all trace formats', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-diff-'));
    try {
      const md = path.join(dir, 'report.md');
      const json = path.join(dir, 'report.json');
      const r = await run(['diff', 'die-hard', 'die-hard', '--no-source', '--markdown', md, '--json', json, '--out', path.join(dir, 'traces')]);
      expect(r.code).toBe(0);
      const markdown = readFileSync(md, 'utf8');
      expect(markdown).toContain('| `DieHard` → `DieHard` | 0 | no difference | — |');
      expect(markdown).toContain('lifecheck diff die-hard die-hard');
      expect((JSON.parse(readFileSync(json, 'utf8')) as { comparisons: unknown[] }).comparisons).toHaveLength(1);
      // NotSolved is violated in DieHard: its counterexample is written once, in every trace form.
      const written = readdirSync(path.join(dir, 'traces', 'DieHard'));
      expect(written.filter((f) => f.startsWith('NotSolved.')).length).toBeGreaterThanOrEqual(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads an abstraction and a refinement mapping from a module (a .mjs file here; .ts files load their dist twin)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-diff-'));
    try {
      const module = path.join(dir, 'mappings.mjs');
      writeFileSync(
        module,
        [
          'export const bigOnly = (s) => ({ big: s.big });',
          'export const same = (s) => s;',
          'export const notAFunction = 3;',
          "export const mappings = [{ from: 'DieHard', to: 'DieHard', map: (s) => ({ big: s.small, small: s.big }) }];",
        ].join('\n'),
      );
      const r = await run(['diff', 'die-hard', 'die-hard', '--no-source', '--abstraction', `${module}#bigOnly`, '--refinement', `${module}#same`]);
      expect(r.code).toBe(0);
      // DieHard's big jug takes the values 0..5 (4 included: NotSolved is violated).
      expect(r.out).toContain('abstract states: 6 in DieHard, 6 in DieHard, 6 in both');
      expect(r.out).toContain('4. Refinement (DieHard ⇒ DieHard): holds (16 states of DieHard, exhaustive)');
      // {from, to, map} mappings are matched to comparisons by model name; swapping the jugs is not a refinement.
      const swapped = await run(['diff', 'die-hard', 'die-hard', '--no-source', '--refinement', `${module}#mappings`]);
      expect(swapped.out).toContain('4. Refinement (DieHard ⇒ DieHard): violated');
      await expect(run(['diff', 'die-hard', 'die-hard', '--abstraction', `${module}#notAFunction`])).rejects.toThrow(/must be a function/);
      await expect(run(['diff', 'die-hard', 'die-hard', '--abstraction', `${module}#missing`])).rejects.toThrow(/has no export 'missing'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses one model with a UsageError', async () => {
    await expect(run(['diff', 'die-hard'])).rejects.toBeInstanceOf(UsageError);
  });

  it('exits 4 when a limit made an exploration incomplete', async () => {
    const r = await run(['diff', 'die-hard', 'die-hard', '--max-states', '3', '--no-source']);
    expect(r.code).toBe(4);
    expect(r.out).toContain('INCOMPLETE joint exploration');
  });
});

describe('lifecheck lint', () => {
  it('flags the impure model with file and line and exits 1', async () => {
    const r = await run(['lint', 'test/models/diff/impureCounter.ts']);
    expect(r.code).toBe(1);
    const source = readFileSync('test/models/diff/impureCounter.ts', 'utf8').split('\n');
    const randomLine = source.findIndex((l) => l.includes('// LINT:random')) + 1;
    const markers = source.filter((l) => /\/\/ LINT:\w+/.test(l)).length;
    expect(r.out).toMatch(new RegExp(`^test/models/diff/impureCounter\\.ts:${randomLine}:\\d+ {2}random {2}Math\\.random`, 'm'));
    expect(r.out.trimEnd().split('\n').at(-1)).toBe(`${markers} findings in 1 file`);
  });

  it('exits 0 on a pure registered model', async () => {
    const r = await run(['lint', 'die-hard']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('no impure spec code found in 1 file\n');
  });
});
