/**
 * `traces/cProgram.ts`: which C program a trace gets — the pthreads reproducer for a threaded trace whose model has
 * `threadedCalls`, else the model's own `cReproducer`, else none.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checkSync, type AnyModel } from '../../checker/engine/index.js';
import { dieHard } from '../../spec/examples/dieHard.js';
import { racyCounter } from '../../spec/examples/threadCounter.js';
import { vfioOld } from '../../spec/vfio/models.js';
import { cProgramOf } from '../../traces/cProgram.js';
import { traceContextFor } from '../../traces/traceContext.js';
import { readTraceDocument, toTrace } from '../../traces/traceFile.js';
import { fixture } from './goldenFile.js';
import { kernelCounter } from './syscallFixture.js';

const counterexample = (model: AnyModel, property: string) => checkSync(model, {}).properties.find((p) => p.name === property)!.counterexample!;

describe('the C program of a trace', () => {
  test('a threaded model with threadedCalls: the pthreads program', () => {
    const c = cProgramOf(counterexample(kernelCounter, 'noLostUpdate'), traceContextFor(kernelCounter, { propertyName: 'noLostUpdate' }))!;
    expect(c).toContain('lifecheck pthreads reproducer for kernel-counter, property noLostUpdate.');
    expect(c).toContain('pthread_barrier_wait(&barrier);');
  });

  test("a model with a cReproducer only: the model's program (the VFIO atomic models)", () => {
    const doc = readTraceDocument(readFileSync(fixture('vfioOld.I5.json'), 'utf8'), 'vfioOld.I5.json');
    const trace = toTrace(doc, 'vfioOld.I5.json');
    const context = traceContextFor(vfioOld, { propertyName: 'I5_groupReleaseClean', modelRef: 'vfio-old' });
    expect(cProgramOf(trace, context)).toBe(vfioOld.presentation!.cReproducer!(trace, context));
    expect(cProgramOf(trace, context)).toContain('#include <linux/vfio.h>');
  });

  test('a model with neither, threaded or not: none', () => {
    const racy = racyCounter as unknown as AnyModel;
    expect(cProgramOf(counterexample(racy, 'noLostUpdate'), traceContextFor(racy))).toBeUndefined();
    expect(cProgramOf(counterexample(dieHard, 'NotSolved'), traceContextFor(dieHard))).toBeUndefined();
  });
});
