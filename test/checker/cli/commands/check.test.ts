/**
 * `lifecheck check --workers n` on a check that cannot use the workers (it uses symmetry or partial-order reduction)
 * says so on stderr, once, and gives the bytes of the one-worker run on stdout; a check that uses them — one that
 * records the state graph included — says nothing.
 */
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../../checker/cli/program.js';
import { memoryIo } from '../../../../checker/cli/io.js';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await createProgram(io).run(args);
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}

describe('lifecheck check --workers on a one-thread check', () => {
  it('vfio-post (recoverability properties: the state graph is recorded) uses the workers: no notice, the same stdout', async () => {
    const one = await cli('check', 'vfio-post', '--constants', 'small', '--no-progress');
    const two = await cli('check', 'vfio-post', '--constants', 'small', '--no-progress', '--workers', '2');
    expect(two.code).toBe(one.code);
    expect(two.out).toBe(one.out);
    expect(one.err).toBe('');
    expect(two.err).toBe('');
  });

  it('symmetry (MCVoting, acceptors and values symmetric) is named as the reason', async () => {
    const one = await cli('check', 'mc-voting', '--no-progress');
    const two = await cli('check', 'mc-voting', '--no-progress', '--workers', '2');
    expect(two.out).toBe(one.out);
    expect(two.err).toBe('--workers 2: this check runs on one thread: symmetry reduction canonicalises states on the main thread\n');
  });

  it('as a JSON line under --format json', async () => {
    const r = await cli('check', 'mc-voting', '--no-progress', '--workers', '2', '--format', 'json');
    const notice = JSON.parse(r.err.trim()) as { type: string; model: string; message: string };
    expect(notice).toMatchObject({ type: 'notice', model: 'MCVoting' });
    expect(notice.message).toBe('--workers 2: this check runs on one thread: symmetry reduction canonicalises states on the main thread');
  });
});
