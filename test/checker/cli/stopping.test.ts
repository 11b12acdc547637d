/**
 * Ending a long run early loses nothing: SIGTERM (CI time-outs) and SIGINT (Ctrl-C) end `check` and `matrix` with
 * the partial result printed and marked incomplete, exit 4; so does memory running out, with one line saying how to
 * get further. These need real processes (signals, Node's heap flags), so they spawn the built binary.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMemorySize } from '../../../checker/cli/options.js';
import { describeStop, oldGenerationLimit } from '../../../checker/cli/runGuard.js';

const MAIN = path.resolve('dist/checker/cli/main.js');
const HEAP_HOG = path.resolve('test/checker/cli/fixtures/heapHog.mjs');

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node [nodeFlags] main.js args`; when `signal` is given, sends it once the first progress line appears on
 * stderr. A run that outlives `timeoutMs` is killed and fails the test.
 */
function runCli(args: readonly string[], options: { signal?: NodeJS.Signals; nodeFlags?: readonly string[]; timeoutMs?: number } = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out; stderr so far:\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (options.signal !== undefined && !sent && stderr.includes('Progress:')) {
        sent = true;
        child.kill(options.signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('signals end a run with its partial result (exit 4)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('check peterson N=6, %s after the first progress line', async (signal) => {
    const r = await runCli(['check', 'peterson', '--const', 'N=6'], { signal });
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toMatch(/Result: INCOMPLETE/);
    expect(r.stdout).toMatch(/unknown {2}mutex \[invariant\]/);
    expect(r.stdout).toMatch(/[\d,]+ states generated, [\d,]+ distinct states found/);
    expect(r.stderr).toContain(signal === 'SIGTERM' ? 'Stopped by SIGTERM: printing what was found so far.' : 'Interrupted: printing what was found so far.');
  }, 90_000);

  it('matrix: SIGTERM prints the matrix so far, lists the models not checked, exit 4', async () => {
    const r = await runCli(['matrix', 'vfio-old', 'vfio-new', '--constants', 'default', '--expected', 'spec/vfio/expected.json'], { signal: 'SIGTERM' });
    expect(r.code, `${r.stderr}\n${r.stdout}`).toBe(4);
    expect(r.stdout).toMatch(/vfio-old \(constants 'default'\): [\d,]+ distinct states, .* INCOMPLETE/);
    expect(r.stdout).toMatch(/I6_deviceFdHasBackend +✗ unknown/);
    expect(r.stdout).toContain('Not checked (the run was stopped): vfio-new');
    expect(r.stdout).toContain('the run did not finish, so the others are unknown');
    expect(r.stderr).toContain('Stopped by SIGTERM');
  }, 90_000);
});

describe('memory running out ends a run with its partial result (exit 4) and one line', () => {
  it('a spec that fills the JS heap stops near the limit instead of crashing (node --max-old-space-size=64)', async () => {
    const r = await runCli(['check', HEAP_HOG, '--no-progress'], { nodeFlags: ['--max-old-space-size=64'] });
    expect(r.stderr).not.toContain('heap out of memory');
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toContain('Result: INCOMPLETE');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Stopped near the JS heap limit \(\d+ MiB of 64 MiB used\): the result is partial; for more, give Node a larger heap \(NODE_OPTIONS=--max-old-space-size=4096\)\.$/);
  }, 60_000);

  it('the state tables fill the process, not the JS heap: peterson N=6 with a 64 MiB heap stops at --max-memory', async () => {
    const r = await runCli(['check', 'peterson', '--const', 'N=6', '--no-progress', '--max-memory', '120M'], { nodeFlags: ['--max-old-space-size=64'] });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toContain('Result: INCOMPLETE (memory)');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^Stopped near the memory limit \(\d+ MiB resident, limit 120 MiB\): the result is partial; for more, raise --max-memory \(or use a machine with more memory\), or --fingerprint \(8 bytes per state instead of 12\)\.$/),
    ]);
  }, 60_000);
});

describe('memory limits and messages', () => {
  it('parses --max-memory sizes in binary units (MiB by default)', () => {
    expect(parseMemorySize('512')).toBe(512 * 2 ** 20);
    expect(parseMemorySize('512M')).toBe(512 * 2 ** 20);
    expect(parseMemorySize('1.5g')).toBe(1.5 * 2 ** 30);
    expect(parseMemorySize('64KiB')).toBe(64 * 2 ** 10);
    for (const bad of ['', '0', '-1G', 'lots', '4X']) expect(() => parseMemorySize(bad), bad).toThrow(/expected a size such as 512M/);
  });

  it('the heap limit leaves out the young generation (--max-old-space-size + 48 MiB is heap_size_limit)', () => {
    expect(oldGenerationLimit(112 * 2 ** 20)).toBe(64 * 2 ** 20);
    expect(oldGenerationLimit(4144 * 2 ** 20)).toBe(4096 * 2 ** 20);
  });

  it('suggests --fingerprint only when it saves memory', () => {
    const cause = { kind: 'memory', pool: 'process', usedBytes: 2 ** 30, limitBytes: 2 ** 30 } as const;
    expect(describeStop(cause, 12)).toContain('--fingerprint (8 bytes per state instead of 12)');
    expect(describeStop(cause, 8)).not.toContain('--fingerprint');
    expect(describeStop({ kind: 'signal', signal: 'SIGTERM' }, 8)).toBe('Stopped by SIGTERM: printing what was found so far.');
  });
});
