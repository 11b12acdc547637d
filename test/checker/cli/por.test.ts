/** `lifecheck check --por / --no-por / --por-baseline`: the flags, the printed counts, and the refusals (exit 2). */
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../checker/cli/program.js';
import { memoryIo } from '../../../checker/cli/io.js';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo();
  const code = await createProgram(io).run(argv);
  return { code, stdout: io.stdout.join(''), stderr: io.stderr.join('') };
}

const LOCAL_WORK = 'test/models/threaded.ts#localWork';

describe('lifecheck check --por', () => {
  it('is off by default, and --no-por is the same as nothing', async () => {
    const plain = await run('check', LOCAL_WORK, '--no-progress');
    const off = await run('check', LOCAL_WORK, '--no-por', '--no-progress');
    expect(plain.code).toBe(0);
    expect(off.stdout).toBe(plain.stdout);
    expect(plain.stdout).toContain('302 states generated, 125 distinct states found');
    expect(plain.stdout).not.toContain('Partial-order reduction');
  });

  it('reduces localWork and says so', async () => {
    const r = await run('check', LOCAL_WORK, '--por', '--no-progress');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('23 states generated, 17 distinct states found');
    expect(r.stdout).toContain('Partial-order reduction: 9 states expanded by one thread\'s ample set');
    expect(r.stdout).toContain('No error has been found.');
  });

  it('--por-baseline reports both counts, deterministically (JSON without timings)', async () => {
    const r = await run('check', LOCAL_WORK, '--por-baseline', '--no-progress');
    expect(r.stdout).toContain('Without the reduction: 125 distinct states and 302 generated; with it: 17 and 23.');
    const a = await run('check', LOCAL_WORK, '--por-baseline', '--format', 'json', '--no-progress');
    const b = await run('check', LOCAL_WORK, '--por-baseline', '--format', 'json', '--no-progress');
    expect(a.stdout).toBe(b.stdout);
    const json = JSON.parse(a.stdout) as { partialOrder: { baseline: Record<string, number>; distinctStates: number } };
    expect(json.partialOrder.baseline).toEqual({ distinctStates: 125, statesGenerated: 302 });
    expect(json.partialOrder.distinctStates).toBe(17);
  });

  it('still finds the lost update', async () => {
    const r = await run('check', 'test/models/threaded.ts#lostUpdate', '--por', '--no-progress');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Invariant noLostUpdate is violated');
  });

  it('refuses temporal or recoverability properties with one line and exit 2', async () => {
    const r = await run('check', 'racy-counter', '--por', '--no-progress');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('error[LC104]');
    expect(r.stderr).toContain('noThreadStuck');
  });

  it('refuses a spec that declares no processes with one line and exit 2', async () => {
    const r = await run('check', 'die-hard', '--por', '--no-progress');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('declares no processes');
  });

  it('accepts the safety part of a threaded registry model', async () => {
    const r = await run('check', 'racy-counter', '--property', 'noLostUpdate', '--por', '--no-progress');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Invariant noLostUpdate is violated');
  });
});

describe('lifecheck check --por with workers', () => {
  it('runs on the main thread: the same output for any --workers', async () => {
    const one = await run('check', LOCAL_WORK, '--por', '--no-progress');
    const two = await run('check', LOCAL_WORK, '--por', '--workers', '2', '--no-progress');
    expect(two.stdout).toBe(one.stdout);
  });
});
