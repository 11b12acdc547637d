import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../checker/cli/program.js';
import { memoryIo } from '../../../checker/cli/io.js';

const fixtures = path.join(__dirname, 'fixtures');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo();
  const code = await createProgram(io).run(argv);
  return { code, stdout: io.stdout.join(''), stderr: io.stderr.join('') };
}

describe('lifecheck matrix', () => {
  it('exits 0 when every cell matches the expectations, and writes the counterexamples', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'lifecheck-matrix-'));
    const r = await run('matrix', 'die-hard', '--expected', path.join(fixtures, 'dieHard.expected.json'), '--out', out, '--no-progress');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/NotSolved\s+violated \(6\)/);
    expect(r.stdout).toContain('violated (n): the shortest counterexample takes n steps');
    expect(r.stdout).toMatch(/TypeOK\s+holds/);
    expect(r.stdout).toContain('Every cell matches');
    const files = readdirSync(path.join(out, 'DieHard'));
    expect(files).toContain('DieHard.NotSolved.txt');
    expect(readFileSync(path.join(out, 'DieHard', 'DieHard.NotSolved.txt'), 'utf8')).toContain('big: 5 → 4');
  });

  it('exits 1 and explains each cell that differs from the expectations', async () => {
    const r = await run('matrix', 'die-hard', '--expected', path.join(fixtures, 'dieHard.wrong.json'), '--no-progress');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ DieHard / NotSolved: expected a shortest counterexample of 5 steps, found 6');
    expect(r.stdout).toContain('✗ DieHard / deadlock: no expectation recorded (found holds)');
  });

  it('refuses the former "length" field (states) with one line saying how to convert it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lifecheck-expected-'));
    const file = path.join(dir, 'old.json');
    writeFileSync(file, JSON.stringify({ DieHard: { NotSolved: { status: 'violated', length: 7, reason: 'r' } } }));
    const r = await run('matrix', 'die-hard', '--expected', file, '--no-progress');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/old\.json: DieHard\.NotSolved has "length" \(states\), no longer read: give "steps" instead/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('counts an aborted last step as a step', async () => {
    const { buildMatrix } = await import('../../../checker/cli/commands/matrix.js');
    const aborted = {
      steps: [{ label: null, state: 0 }, { label: { action: 'a', params: null }, state: 1 }],
      aborted: { label: { action: 'b', params: null }, message: 'boom' },
    };
    const result = {
      properties: [{ name: 'p', kind: 'assertion' as const, status: 'violated' as const, counterexample: aborted }],
    } as unknown as Parameters<typeof buildMatrix>[1][number];
    expect(buildMatrix(['m'], [result], { m: { p: { status: 'violated', steps: 2 } } })).toEqual([{ property: 'p', cells: [{ text: 'violated (2)' }] }]);
  });

  it('refuses an unreadable expectations file with exit 2', async () => {
    const r = await run('matrix', 'die-hard', '--expected', path.join(fixtures, 'missing.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read expectations/);
  });
});

describe('lifecheck simulate', () => {
  it('finds the DieHard solution from a seed, and the same seed gives the same bytes', async () => {
    const a = await run('simulate', 'die-hard', '--seed', '0', '--runs', '1000', '--max-steps', '30');
    const b = await run('simulate', 'die-hard', '--seed', '0', '--runs', '1000', '--max-steps', '30');
    expect(a.code).toBe(1);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('invariant NotSolved is violated');
    expect(a.stdout).toContain('Reproduce: lifecheck simulate die-hard --seed 0');
  });
  it('says a simulation that found nothing is not a proof', async () => {
    const r = await run('simulate', 'die-hard', '--invariant', 'TypeOK', '--runs', '5', '--max-steps', '5');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('not exhaustive');
  });
});
