import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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
    expect(r.stdout).toMatch(/NotSolved\s+violated \(7\)/);
    expect(r.stdout).toMatch(/TypeOK\s+holds/);
    expect(r.stdout).toContain('Every cell matches');
    const files = readdirSync(path.join(out, 'DieHard'));
    expect(files).toContain('DieHard.NotSolved.txt');
    expect(readFileSync(path.join(out, 'DieHard', 'DieHard.NotSolved.txt'), 'utf8')).toContain('big: 5 → 4');
  });

  it('exits 1 and explains each cell that differs from the expectations', async () => {
    const r = await run('matrix', 'die-hard', '--expected', path.join(fixtures, 'dieHard.wrong.json'), '--no-progress');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ DieHard / NotSolved: expected a shortest counterexample of 5 states, found 7');
    expect(r.stdout).toContain('✗ DieHard / deadlock: no expectation recorded (found holds)');
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
