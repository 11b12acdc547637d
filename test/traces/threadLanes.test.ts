import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkSync, type AnyModel, type Trace } from '../../checker/engine/index.js';
import { dieHard } from '../../spec/examples/dieHard.js';
import { racyCounter, lockedCounter } from '../../spec/examples/threadCounter.js';
import { abbaLocks } from '../../spec/examples/abba.js';
import { renderTraceMarkdown } from '../../traces/markdown.js';
import { renderTraceMermaid } from '../../traces/mermaid.js';
import { laneSteps } from '../../traces/threadLanes.js';
import { renderPthreadsReproducer } from '../../traces/pthreadsReproducer.js';
import { traceContextFor } from '../../traces/traceContext.js';
import { renderTraceForms } from '../../traces/writeTraceFiles.js';
import { expectGolden } from './goldenFile.js';

function counterexample(model: AnyModel, property: string): Trace<unknown> {
  const r = checkSync(model, {});
  const p = r.properties.find((x) => x.name === property);
  expect(p?.status).toBe('violated');
  return p!.counterexample!;
}

const racy = racyCounter as unknown as AnyModel;
const abba = abbaLocks as unknown as AnyModel;

describe('threads as lanes', () => {
  test('the context of a threaded model carries its threads and locks (from defineThreads), of another model none', () => {
    expect(traceContextFor(racy).threads).toEqual({ threads: 2, locks: [] });
    expect(traceContextFor(lockedCounter as unknown as AnyModel).threads).toEqual({ threads: 2, locks: ['m'] });
    expect(traceContextFor(dieHard).threads).toBeUndefined();
  });

  test('the lost update: each step in its thread, the shared write in the shared column (golden)', () => {
    const trace = counterexample(racy, 'noLostUpdate');
    const context = traceContextFor(racy, { propertyName: 'noLostUpdate', modelRef: 'racy-counter' });
    const steps = laneSteps(trace, context.threads!);
    expect(steps.map((s) => s.thread)).toEqual(trace.steps.slice(1).map((s) => (s.label!.params as { thread: number }).thread));
    const md = renderTraceMarkdown(trace, context);
    const header = md.split('\n').find((l) => l.startsWith('| # |'));
    expect(header).toBe('| # | thread 0 | thread 1 | shared |');
    // Each step row has exactly one non-empty thread cell.
    for (const row of md.split('\n').filter((l) => /^\| [1-9]\d* \|/.test(l))) {
      const cells = row.split(' | ').slice(1, 3);
      expect(cells.filter((c) => c.trim() !== '').length).toBe(1);
    }
    expectGolden('racyCounter.noLostUpdate.md', md);
    const mmd = renderTraceMermaid(trace, { threads: context.threads! });
    expect(mmd).toContain('participant T0 as thread 0');
    expect(mmd).toContain('participant T1 as thread 1');
    expectGolden('racyCounter.noLostUpdate.mmd', mmd);
  });

  test('ABBA: lock and unlock in the lanes and as arrows to the locks (golden)', () => {
    const trace = counterexample(abba, 'noWaitCycle');
    const context = traceContextFor(abba, { propertyName: 'noWaitCycle', modelRef: 'abba' });
    const md = renderTraceMarkdown(trace, context);
    expect(md).toMatch(/\*\*lock A\*\*/);
    expect(md).toMatch(/\*\*lock B\*\*/);
    expectGolden('abba.noWaitCycle.md', md);
    const forms = renderTraceForms(trace, context);
    const mmd = forms.get('.mmd')!;
    expect(mmd).toMatch(/T0->>L_A: lock A/);
    expect(mmd).toMatch(/T1->>L_B: lock B/);
    expectGolden('abba.noWaitCycle.mmd', mmd);
  });
});

describe('the pthreads reproducer of a threaded trace', () => {
  const trace = counterexample(racy, 'noLostUpdate');
  const info = traceContextFor(racy).threads!;
  const program = renderPthreadsReproducer(trace, info, {
    title: 'noLostUpdate violated in racy-counter: two read-then-write increments, one update lost',
    prelude: 'static volatile int x;\nstatic volatile int tmp[2];',
    reset: 'x = 0;',
    stepCode: (s) => (s.label.action === 'increment.read' ? 'tmp[tid] = x;' : 'x = tmp[tid] + 1;'),
    hit: 'x != 2',
    attempts: 200,
  });

  test('one pthread per thread, a barrier before each step, the steps in the trace order (golden)', () => {
    expect(program).toContain('#define THREADS 2');
    expect(program).toContain(`static const int step_thread[STEPS] = {${laneSteps(trace, info).map((s) => s.thread).join(', ')}};`);
    expectGolden('racyCounter.noLostUpdate.pthreads.c', program);
  });

  const cc = spawnSync('cc', ['--version']).status === 0;
  test.skipIf(!cc)('compiles with cc -fsyntax-only, and run, hits the window (the barriers force the lost update); skipped when no cc is on PATH', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-pthreads-'));
    try {
      const file = path.join(dir, 'repro.c');
      writeFileSync(file, program);
      const syntax = spawnSync('cc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-fsyntax-only', file], { encoding: 'utf8' });
      expect(syntax.stderr).toBe('');
      expect(syntax.status).toBe(0);
      const build = spawnSync('cc', ['-O2', '-pthread', '-o', path.join(dir, 'repro'), file], { encoding: 'utf8' });
      expect(build.status).toBe(0);
      const run = spawnSync(path.join(dir, 'repro'), ['50'], { encoding: 'utf8', timeout: 60_000 });
      expect(run.stdout).toBe('window hit in 50 of 50 attempts (100.0%)\n');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
