/**
 * Level-synchronous parallel BFS must give exactly the sequential result — counts, coverage, property outcomes,
 * counterexamples, output bytes — for any number of workers. Workers load the compiled models from dist/
 * (`npm test` builds first).
 */
import { describe, expect, it } from 'vitest';
import { check, checkSync, compileModel } from '../../../checker/engine/index.js';
import { loadModel, resolveModelSource } from '../../../checker/cli/loadModel.js';
import { renderCheckResultJson } from '../../../checker/cli/renderCheckResult.js';

const cases: [string, { constantSet?: string; continueAfterViolation?: boolean; maxStates?: number }][] = [
  ['die-hard', {}],
  ['die-hard', { continueAfterViolation: true }],
  ['two-phase', {}],
  ['alternating-bit', {}],
  ['async-termination', { maxStates: 1000 }],
  ['vfio-old', { constantSet: 'small', continueAfterViolation: true }],
  ['vfio-new', { constantSet: 'small', continueAfterViolation: true }],
];

describe('parallel BFS', () => {
  it.each(cases)('%s %j: 2 and 3 workers give the sequential result byte for byte', async (name, options) => {
    const model = await loadModel(name);
    const compileOptions = options.constantSet !== undefined ? { constantSet: options.constantSet } : {};
    const sequential = renderCheckResultJson(checkSync(compileModel(model, compileOptions), options));
    const modelSource = await resolveModelSource(name);
    for (const workers of [2, 3]) {
      const parallel = await check(compileModel(model, compileOptions), { ...options, ...compileOptions, workers, minParallelLevel: 1, modelSource });
      expect(renderCheckResultJson(parallel)).toBe(sequential);
    }
  });

  it('refuses workers whose model differs from the coordinator\'s', async () => {
    const model = await loadModel('two-phase');
    const modelSource = await resolveModelSource('die-hard');
    await expect(check(compileModel(model), { workers: 2, modelSource })).rejects.toThrow(/different model/);
  });
});
