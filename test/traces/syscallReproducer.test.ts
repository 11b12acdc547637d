/**
 * `traces/syscallReproducer.ts` on the tiny kernel-counter model (`syscallFixture.ts`): the set-up and the rounds, one
 * pthread per model thread, the barriers and the ordered starts, the attempt loop; the program compiles (and runs)
 * when a C compiler is on PATH.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { compileModel, type ThreadedCallsPresentation } from '../../checker/engine/index.js';
import { cProgramOf } from '../../traces/cProgram.js';
import { replayTarget } from '../../traces/replayRecording.js';
import { planSyscallReproducer, renderSyscallReproducer } from '../../traces/syscallReproducer.js';
import { traceContextFor } from '../../traces/traceContext.js';
import { EARLY_ENTRY, kernelCounter, kernelCounterCalls, traceOf } from './syscallFixture.js';

const info = { threads: 2, locks: [] };
const trace = traceOf('two', EARLY_ENTRY);
const target = replayTarget(compileModel(kernelCounter, { constantSet: 'two' }));
const context = traceContextFor(kernelCounter, { propertyName: 'noLostUpdate', constants: { calls: 2 } });

describe('the pthreads program of a threaded trace of system calls', () => {
  test('set-up: the calls before the first overlap; then one round of the racing calls', () => {
    const plan = planSyscallReproducer(trace, info, kernelCounterCalls, target)!;
    expect(plan.setup).toBe(1);
    expect(plan.rounds).toEqual([0, 0]);
    expect(plan.threads).toEqual([0, 1]);
    const literal = planSyscallReproducer(trace, info, kernelCounterCalls)!;
    expect(literal.setup).toBe(0);
  });

  const program = renderSyscallReproducer(trace, info, kernelCounterCalls, context, { target, attempts: 50 })!;

  test('one pthread per racing thread, a barrier per round, the starts in the trace order, the attempts loop', () => {
    expect(program).toContain('#define THREADS 2');
    expect(program).toContain('#define SETUP 1');
    expect(program).toContain('#define ROUNDS 1');
    expect(program).toContain('pthread_barrier_wait(&barrier);');
    expect(program).toContain('while (atomic_load(&turn) != k) sched_yield();');
    expect(program).toContain('for (long attempt = 0; attempt < attempts; attempt++) {');
    expect(program).toContain('static const long model_result[CALLS] = {1, 2, 2};');
    expect(program).toContain('printf("window hit in %ld of %ld attempts');
    expect(program).toContain('symptom = counter != 2;');
  });

  test('cProgramOf uses it for a threaded model with threadedCalls, with the model from the context', () => {
    expect(cProgramOf(trace, context)).toBe(program.replace('(default 50)', '(default 1000)').replace(': 50;', ': 1000;'));
  });

  test('a call the presentation has no C for: no program', () => {
    const partial: ThreadedCallsPresentation = { ...kernelCounterCalls, program: () => undefined };
    expect(renderSyscallReproducer(trace, info, partial, context, { target })).toBeUndefined();
  });

  const cc = spawnSync('cc', ['--version']).status === 0;
  if (!cc) console.warn('syscallReproducer.test: no cc on PATH; the compile and run test is skipped (apt-get install gcc)');
  test.skipIf(!cc)('compiles with cc -std=c11 -Wall -Wextra -Werror, and runs: counts its hits over the attempts (skipped without cc)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-syscalls-'));
    try {
      const file = path.join(dir, 'repro.c');
      writeFileSync(file, program);
      const syntax = spawnSync('cc', ['-std=c11', '-Wall', '-Wextra', '-Werror', '-fsyntax-only', file], { encoding: 'utf8' });
      expect(syntax.stderr).toBe('');
      expect(syntax.status).toBe(0);
      const build = spawnSync('cc', ['-O2', '-pthread', '-o', path.join(dir, 'repro'), file], { encoding: 'utf8' });
      expect(build.status).toBe(0);
      const run = spawnSync(path.join(dir, 'repro'), ['20'], { encoding: 'utf8', timeout: 60_000 });
      expect(run.stdout).toMatch(/^attempt 1: (hit|missed) the window\n/);
      const last = /window hit in (\d+) of 20 attempts \(\d+\.\d%\)\n$/.exec(run.stdout);
      expect(last).not.toBeNull();
      expect(run.status).toBe(Number(last![1]) > 0 ? 0 : 1);
      const bad = spawnSync(path.join(dir, 'repro'), ['0'], { encoding: 'utf8' });
      expect(bad.status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
