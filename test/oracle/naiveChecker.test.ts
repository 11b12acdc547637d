/**
 * The naive reference checker reproduces TLC's recorded numbers on the tlaplus/Examples models by itself (a check
 * of the oracle that does not involve the engine's state store), and stops DieHard at its 7-state counterexample.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../../checker/engine/index.js';
import { asyncTerminationDetection } from '../../spec/examples/asyncTerminationDetection.js';
import { barrier } from '../../spec/examples/barrier.js';
import { dieHard } from '../../spec/examples/dieHard.js';
import { mcAlternatingBit } from '../../spec/examples/mcAlternatingBit.js';
import { prisoners } from '../../spec/examples/prisoners.js';
import { simpleAllocator } from '../../spec/examples/simpleAllocator.js';
import { syncTerminationDetection } from '../../spec/examples/syncTerminationDetection.js';
import { tCommit } from '../../spec/examples/tCommit.js';
import { tokenRing } from '../../spec/examples/tokenRing.js';
import { twoPhase } from '../../spec/examples/twoPhase.js';
import { twoPhaseBtm } from '../../spec/examples/twoPhaseBtm.js';
import { naiveCheck } from './naiveChecker.js';

const manifest = JSON.parse(
  readFileSync(new URL('../spec/examples/tlcManifest.json', import.meta.url), 'utf8'),
) as { modules: { path: string; lifecheck: { export: string }; models: { result: string; distinctStates?: number; totalStates?: number; stateDepth?: number }[] }[] };

const models: Record<string, AnyModel> = {
  tCommit,
  twoPhase,
  twoPhaseBtm,
  barrier,
  asyncTerminationDetection,
  mcAlternatingBit,
  tokenRing,
  prisoners,
  simpleAllocator,
  syncTerminationDetection,
};

describe('naive checker vs TLC', () => {
  // The naive checker has no symmetry reduction: the models with SYMMETRY (MCVoting, SimplifiedPaxos) are left to
  // test/checker/symmetry.test.ts and test/spec/examples/simplifiedPaxos.test.ts, which count orbits by brute force.
  const symmetric = ['mcVoting', 'simplifiedPaxos'];
  for (const module of manifest.modules.filter((m) => m.models[0]!.result === 'success' && !symmetric.includes(m.lifecheck.export))) {
    it(module.path, () => {
      const expected = module.models[0]!;
      const model = models[module.lifecheck.export];
      expect(model, `the manifest's ${module.lifecheck.export} has no entry in this test's model map`).toBeDefined();
      const result = naiveCheck(model!);
      expect(result).toEqual({
        distinctStates: expected.distinctStates,
        statesGenerated: expected.totalStates,
        depth: expected.stateDepth,
      });
    });
  }

  it('DieHard: NotSolved fails with a 7-state trace', () => {
    expect(naiveCheck(dieHard).violation).toEqual({ property: 'NotSolved', traceLength: 7 });
  });
});
