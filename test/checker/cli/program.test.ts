import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../checker/cli/program.js';
import { memoryIo } from '../../../checker/cli/io.js';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo();
  const code = await createProgram(io).run(argv);
  return { code, stdout: io.stdout.join(''), stderr: io.stderr.join('') };
}

describe('lifecheck check', () => {
  it('prints DieHard\'s 6-step counterexample with the changed variables and exits 1', async () => {
    const r = await run('check', 'die-hard', '--no-progress');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Error: Invariant NotSolved is violated.');
    expect(r.stdout).toContain('State 7: BigToSmall');
    expect(r.stdout).toContain('big: 5 → 4');
    expect(r.stdout).not.toContain('State 8:');
    expect(r.stdout).toContain('Reproduce: lifecheck check die-hard --property NotSolved');
  });

  it('exits 0 when the checked properties hold, with TLC counts', async () => {
    const r = await run('check', 'die-hard', '--invariant', 'TypeOK', '--no-progress');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('97 states generated, 16 distinct states found, 0 states left on queue.');
    expect(r.stdout).toContain('No error has been found.');
  });

  it('ends a limited run as incomplete (exit 4) with properties unknown', async () => {
    const r = await run('check', 'die-hard', '--invariant', 'TypeOK', '--max-states', '3', '--no-progress');
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('unknown  TypeOK');
    expect(r.stdout).toContain('INCOMPLETE (maxStates)');
  });

  it('gives the same bytes twice, and valid JSON with --format json', async () => {
    const a = await run('check', 'die-hard', '--format', 'json', '--continue', '--no-progress');
    const b = await run('check', 'die-hard', '--format', 'json', '--continue', '--no-progress');
    expect(a.stdout).toBe(b.stdout);
    const data = JSON.parse(a.stdout) as { status: string; properties: { name: string; status: string }[] };
    expect(data.status).toBe('violated');
    expect(data.properties.map((p) => `${p.name}:${p.status}`)).toEqual(['TypeOK:holds', 'NotSolved:violated', 'deadlock:holds']);
  });

  it.each([
    [['check', 'no-such-model'], /unknown model 'no-such-model'/],
    [['check', 'die-hard', '--const', 'N=3'], /has no constant 'N'/],
    [['check', 'die-hard', '--invariant', 'Nope'], /has no property 'Nope'/],
    [['check', 'die-hard', '--constants', 'huge'], /has no constant set 'huge'/],
    [['check', 'die-hard', '--max-states', '-1'], /positive whole number/],
    [['check', 'spec/examples/none.ts#x'], /cannot load/],
  ])('refuses %j with one line and exit 2', async (argv, pattern) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});

describe('lifecheck list and models', () => {
  it('lists actions, properties and constant sets', async () => {
    const r = await run('list', 'die-hard');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('FillSmallJug');
    expect(r.stdout).toContain('NotSolved [invariant]');
    expect(r.stdout).toContain('default: {}');
  });
  it('lists registered models', async () => {
    const r = await run('models');
    expect(r.stdout).toContain('die-hard');
  });
});
