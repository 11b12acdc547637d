/**
 * Warnings (`warnThat`) under the parallel driver: a step that warns is a violation that the workers must notice
 * (the level is redone sequentially, which decides what is first), and its successor is explored like any other, so
 * counts, verdicts and output bytes equal the sequential run's. vfio-lock-new at `unbindOneThread` hits the
 * group-free WARN of vfio_group_put (`warnContainerAtGroupFree`) and goes on past it.
 */
import { describe, expect, it } from 'vitest';
import { check, checkSync, compileModel } from '../../../checker/engine/index.js';
import { loadModel, resolveModelSource } from '../../../checker/cli/loadModel.js';
import { renderCheckResultJson } from '../../../checker/cli/renderCheckResult.js';

describe('parallel BFS with warnings', () => {
  it('vfio-lock-new unbindOneThread: 2 workers give the sequential result byte for byte, the WARN included', async () => {
    const model = await loadModel('vfio-lock-new');
    const options = { constantSet: 'unbindOneThread', continueAfterViolation: true, exhaustive: true, properties: ['warnContainerAtGroupFree', 'unbindWakesAfterDetach', 'containerIffUsers'] };
    const sequential = checkSync(compileModel(model, options), options);
    expect(sequential.properties.find((p) => p.name === 'warnContainerAtGroupFree')?.status).toBe('violated');
    const modelSource = await resolveModelSource('vfio-lock-new');
    const parallel = await check(compileModel(model, options), { ...options, workers: 2, minParallelLevel: 1, modelSource });
    expect(renderCheckResultJson(parallel)).toBe(renderCheckResultJson(sequential));
  });
});
