/**
 * Every reproduce hint re-runs to the same verdict: `--property <name>` selects exactly that property — an
 * invariant, an action property, an assertion, or `deadlock` — and an assertion or deadlock that was not asked about
 * cannot end the run first. The hints of die-hard, of a walker with a property of every kind and a deadlock
 * (fixtures/gridWalker.mjs, the model of test/models/grid.ts), and of VFIO's assertion violations are run again
 * and must give exit 1, the same property violated alone, and the same counterexample.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../checker/cli/program.js';
import { memoryIo } from '../../../checker/cli/io.js';

const GRID = 'test/checker/cli/fixtures/gridWalker.mjs';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo();
  const code = await createProgram(io).run(argv);
  return { code, stdout: io.stdout.join(''), stderr: io.stderr.join('') };
}

/** A hint's words, as a shell would split them (single quotes group), without the leading `lifecheck`. */
function argvOf(command: string): string[] {
  const words = [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  expect(words[0]).toBe('lifecheck');
  return words.slice(1);
}

/** Each violation's report block (headline, trace) by the property its `Reproduce:` line names, with the hint. */
function violations(stdout: string): Map<string, { block: string; hint: string }> {
  const found = new Map<string, { block: string; hint: string }>();
  for (const block of stdout.split('\n\n')) {
    const hint = /^Reproduce: (.*--property (\S+).*)$/m.exec(block);
    if (block.startsWith('Error: ') && hint) found.set(hint[2]!, { block: block.slice(0, hint.index), hint: hint[1]! });
  }
  return found;
}

/** Re-runs every hint of `stdout` and checks each gives exit 1 with that property violated alone, same trace. */
async function expectHintsReproduce(stdout: string, expected: readonly string[]): Promise<void> {
  const found = violations(stdout);
  expect([...found.keys()]).toEqual(expected);
  for (const [property, { block, hint }] of found) {
    const again = await run(...argvOf(hint), '--no-progress');
    expect(again.code, `${hint}\n${again.stderr}`).toBe(1);
    expect(again.stdout, hint).toMatch(new RegExp(`^Result: VIOLATED \\(${property}\\)`, 'm'));
    expect([...violations(again.stdout).keys()], hint).toEqual([property]);
    expect(violations(again.stdout).get(property)!.block, hint).toBe(block);
    const length = new RegExp(`^  violated ${property} \\[\\w+\\] \\(counterexample of \\d+ steps\\)$`, 'm');
    expect(again.stdout.match(length)?.[0], hint).toBe(stdout.match(length)?.[0]);
  }
}

describe('reproduce hints use --property and re-run to the same verdict', () => {
  it('die-hard, stopping at the first violation and with --continue', async () => {
    const first = await run('check', 'die-hard', '--no-progress');
    expect(first.stdout).toContain('Reproduce: lifecheck check die-hard --property NotSolved');
    await expectHintsReproduce(first.stdout, ['NotSolved']);
    await expectHintsReproduce((await run('check', 'die-hard', '--continue', '--no-progress')).stdout, ['NotSolved']);
  });

  it('a model with an invariant, an action property, an assertion and a deadlock: every hint, deadlock included', async () => {
    const all = await run('check', GRID, '--continue', '--no-progress');
    expect(all.code).toBe(1);
    expect(all.stdout).toContain(`Reproduce: lifecheck check ${GRID} --property deadlock`);
    await expectHintsReproduce(all.stdout, ['sumBelow3', 'notAt22', 'notAt40', 'noUpAtX3', 'ceiling', 'deadlock']);
  });

  it('hints keep the constants (--constants and --const), so the re-run checks the same model', async () => {
    const r = await run('check', GRID, '--constants', 'default', '--const', 'ceiling=false', '--continue', '--no-progress');
    expect(r.stdout).toContain(`Reproduce: lifecheck check ${GRID} --constants default --const ceiling=false --property deadlock`);
    await expectHintsReproduce(r.stdout, ['sumBelow3', 'notAt22', 'notAt40', 'noUpAtX3', 'deadlock']);
  });

  it('VFIO assertion violations of vfio-new (NULL container in detach and in assign)', async () => {
    const r = await run('check', 'vfio-new', '--constants', 'default', '--property', 'nullContainerInDetach', '--property', 'nullContainerInAssign', '--no-progress');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Reproduce: lifecheck check vfio-new --constants default --property nullContainerInDetach');
    await expectHintsReproduce(r.stdout, ['nullContainerInDetach', 'nullContainerInAssign']);
  });

  it('the hints matrix writes re-run too', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'lifecheck-hints-'));
    expect((await run('matrix', 'die-hard', '--out', out, '--no-progress')).code).toBe(1);
    const text = readFileSync(path.join(out, 'DieHard', 'DieHard.NotSolved.txt'), 'utf8');
    const hint = /^Reproduce: (.*)$/m.exec(text)![1]!;
    expect(hint).toBe('lifecheck check die-hard --constants default --property NotSolved');
    const again = await run(...argvOf(hint), '--no-progress');
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/^ {2}violated NotSolved \[invariant\] \(counterexample of 6 steps\)$/m);
  });

  it('the simulate hint keeps constants and properties, and gives the same bytes', async () => {
    const r = await run('simulate', GRID, '--const', 'ceiling=false', '--property', 'notAt40', '--seed', '7', '--runs', '50', '--max-steps', '10');
    expect(r.code).toBe(1);
    const hint = /^Reproduce: (.*)$/m.exec(r.stdout)![1]!;
    expect(hint).toBe(`lifecheck simulate ${GRID} --const ceiling=false --property notAt40 --seed 7 --runs 50 --max-steps 10`);
    expect(await run(...argvOf(hint))).toEqual(r);
  });
});

describe('--property selects exactly the named properties', () => {
  it('deadlock alone: only the deadlock check runs (violated in the walker, holds in die-hard)', async () => {
    const grid = await run('check', GRID, '--property', 'deadlock', '--no-progress');
    expect(grid.code).toBe(1);
    expect(grid.stdout).toMatch(/Properties:\n {2}violated deadlock \[deadlock\] \(counterexample of 8 steps\)\nResult: VIOLATED \(deadlock\)/);
    const dieHard = await run('check', 'die-hard', '--property', 'deadlock', '--no-progress');
    expect(dieHard.code).toBe(0);
    expect(dieHard.stdout).toMatch(/Properties:\n {2}holds {4}deadlock \[deadlock\]\nModel checking completed/);
  });

  it('an unselected assertion or deadlock does not end the run first (ceiling fires at 4 states, notAt22 at 5)', async () => {
    const r = await run('check', GRID, '--property', 'notAt22', '--no-progress');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Properties:\n {2}violated notAt22 \[invariant\] \(counterexample of 4 steps\)\nResult: VIOLATED \(notAt22\)/);
    const assertion = await run('check', GRID, '--property', 'ceiling', '--no-progress');
    expect(assertion.stdout).toMatch(/Properties:\n {2}violated ceiling \[assertion\] \(counterexample of 4 steps\)\nResult: VIOLATED \(ceiling\)/);
  });

  it('a selected property that holds is proven: exit 0 even when an unselected one is violated', async () => {
    const r = await run('check', 'die-hard', '--property', 'TypeOK', '--property', 'deadlock', '--no-progress');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Model checking completed. No error has been found.');
  });

  it('--invariant is an alias: the same bytes as --property', async () => {
    for (const name of ['NotSolved', 'deadlock', 'TypeOK']) {
      expect(await run('check', 'die-hard', '--invariant', name, '--no-progress')).toEqual(await run('check', 'die-hard', '--property', name, '--no-progress'));
    }
  });

  it.each([
    [['check', 'die-hard', '--property', 'Nope'], /^lifecheck: error\[LC\d+\]: model DieHard has no property 'Nope'; its properties are: TypeOK, NotSolved, deadlock\n$/],
    [['check', 'die-hard', '--property', 'deadlock', '--no-deadlock'], /^lifecheck: error\[LC\d+\]: --property deadlock and --no-deadlock contradict each other/],
  ])('refuses %j with one line and exit 2', async (argv, pattern) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
  });
});
