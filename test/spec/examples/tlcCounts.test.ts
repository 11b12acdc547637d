/**
 * TLC-exact counts: every example model re-expressed from tlaplus/Examples must give TLC's distinct states, states
 * generated and depth (from `tlcManifest.json`, the numbers recorded in the Examples manifests), with every property
 * holding — temporal properties under the spec's fairness included (Prisoners, SimpleAllocator,
 * SyncTerminationDetection; their own tests check the fairness and mutants); DieHard must violate NotSolved with
 * TLC's 7-state counterexample; MCDistributedReplicatedLog (TLC: liveness failure, no counts recorded) must violate
 * a temporal property, and only temporal ones, with a lasso.
 */
import { describe, expect, it } from 'vitest';
import { checkSync, type AnyModel, type CheckResult } from '../../../checker/engine/index.js';
import { assertModel } from '../../../checker/testing.js';
import { asyncTerminationDetection } from '../../../spec/examples/asyncTerminationDetection.js';
import { barrier } from '../../../spec/examples/barrier.js';
import { dieHard } from '../../../spec/examples/dieHard.js';
import { mcDistributedReplicatedLog } from '../../../spec/examples/distributedReplicatedLog.js';
import { mcAlternatingBit } from '../../../spec/examples/mcAlternatingBit.js';
import { mcVoting } from '../../../spec/examples/mcVoting.js';
import { prisoners } from '../../../spec/examples/prisoners.js';
import { simpleAllocator } from '../../../spec/examples/simpleAllocator.js';
import { simplifiedPaxos } from '../../../spec/examples/simplifiedPaxos.js';
import { syncTerminationDetection } from '../../../spec/examples/syncTerminationDetection.js';
import { tCommit } from '../../../spec/examples/tCommit.js';
import { tokenRing } from '../../../spec/examples/tokenRing.js';
import { twoPhase } from '../../../spec/examples/twoPhase.js';
import { twoPhaseBtm } from '../../../spec/examples/twoPhaseBtm.js';
import { manifest } from './tlcManifest.js';

/** The example models by export name (the manifest names each one). */
const models: Record<string, AnyModel> = {
  tCommit: tCommit,
  twoPhase: twoPhase,
  barrier: barrier,
  asyncTerminationDetection: asyncTerminationDetection,
  mcAlternatingBit: mcAlternatingBit,
  tokenRing: tokenRing,
  mcVoting: mcVoting,
  dieHard: dieHard,
  prisoners: prisoners,
  simpleAllocator: simpleAllocator,
  syncTerminationDetection: syncTerminationDetection,
  mcDistributedReplicatedLog: mcDistributedReplicatedLog,
  twoPhaseBtm: twoPhaseBtm,
  simplifiedPaxos: simplifiedPaxos,
};

/** The kinds of property whose violation is a liveness failure in TLC's words (a lasso). */
const LIVENESS_KINDS: readonly string[] = ['eventually', 'alwaysEventually', 'eventuallyAlways', 'leadsTo'];

const counts = (r: CheckResult) => ({
  distinctStates: r.stats.distinctStates,
  statesGenerated: r.stats.statesGenerated,
  depth: r.stats.depth,
});

describe('TLC-exact counts of the tlaplus/Examples models', () => {
  it('covers every example model', () => {
    expect(manifest.modules.map((m) => m.lifecheck.export).sort()).toEqual(Object.keys(models).sort());
  });

  for (const module of manifest.modules) {
    const expected = module.models[0]!;
    const model = models[module.lifecheck.export];
    it(`${module.path}: ${expected.result}`, () => {
      expect(model, `no model exported as ${module.lifecheck.export}`).toBeDefined();
      if (expected.result === 'success') {
        const tlc = { distinctStates: expected.distinctStates, statesGenerated: expected.totalStates, depth: expected.stateDepth };
        // assertModel throws, with the counterexample as its message, unless the run is complete and every property holds
        const result = assertModel(model!);
        expect(result.status).toBe('ok');
        expect(counts(result)).toEqual(tlc);
        expect(result.properties.length).toBeGreaterThan(0);
        for (const property of result.properties) expect(property.status, property.name).toBe('holds');
        // 64-bit fingerprints (TLC's own mode) give the same numbers on these small state spaces.
        const fingerprinted = checkSync(model!, { fingerprint: true });
        expect(fingerprinted.status).toBe('ok');
        expect(counts(fingerprinted)).toEqual(tlc);
      } else if (expected.result === 'liveness failure') {
        // The whole graph explored, no safety property violated, and some temporal property violated by a lasso.
        const result = checkSync(model!);
        expect(result.status).toBe('violated');
        expect(result.complete).toBe(true);
        const violated = result.properties.filter((p) => p.status === 'violated');
        expect(violated.length).toBeGreaterThan(0);
        for (const property of violated) {
          expect(LIVENESS_KINDS, property.name).toContain(property.kind);
          expect(property.counterexample?.loop, property.name).toBeDefined();
        }
      } else {
        // every property but the expected one holds, over the whole state space
        const result = assertModel(model!, { expectViolated: [expected.violatedProperty!] });
        expect(result.status).toBe('violated');
        const violated = result.properties.filter((p) => p.status === 'violated');
        expect(violated.map((p) => p.name)).toEqual([expected.violatedProperty]);
        const steps = violated[0]!.counterexample!.steps;
        expect(steps).toHaveLength(expected.counterexampleStates!);
        expect(steps[steps.length - 1]!.state).toMatchObject(expected.finalState!);
      }
    });
  }
});
