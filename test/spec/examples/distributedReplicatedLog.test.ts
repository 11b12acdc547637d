/**
 * MCDistributedReplicatedLog against TLC's record (tlcManifest.json: liveness failure; the module's comment: InSync
 * does not hold, "because followers are permitted to copy only a prefix of the missing suffix"): every InSync
 * conjunct fails with a fair lasso replayed on the model; a variant in which the leader waits for the followers
 * makes InSync hold, and without fairness it fails again.
 */
import { describe, expect, it } from 'vitest';
import { checkSync, compileModel, type ActionDef, type Json } from '../../../checker/engine/index.js';
import {
  DISTRIBUTED_REPLICATED_LOG_CONSTANTS,
  copyAction,
  extendAction,
  mcDistributedReplicatedLog,
  type DistributedReplicatedLogConstants,
  type DistributedReplicatedLogState,
} from '../../../spec/examples/distributedReplicatedLog.js';
import { checkLasso } from './lasso.js';
import { tlcRecord } from './tlcManifest.js';

const tlc = tlcRecord('mcDistributedReplicatedLog');
type State = DistributedReplicatedLogState;
const { Servers } = DISTRIBUTED_REPLICATED_LOG_CONSTANTS;
const pairOf = (name: string): [number, number] => {
  const [, a, b] = name.split('_') as [string, string, string];
  return [Servers.indexOf(a), Servers.indexOf(b)];
};
const equalLogs = (s: State, i: number, j: number): boolean => s.cLogs[i]!.length === s.cLogs[j]!.length && s.cLogs[i]!.every((v, k) => v === s.cLogs[j]![k]);

/** The variant in which a server extends its log only when every log is the same (the leader waits). */
function leaderWaits(): typeof mcDistributedReplicatedLog {
  const m = mcDistributedReplicatedLog;
  const actions = Object.fromEntries(
    Object.entries(m.spec.actions).map(([name, a]): [string, ActionDef<State, DistributedReplicatedLogConstants, Json>] => [
      name,
      name.startsWith('Extend_') ? { ...a, enabled: (s, p, c) => a.enabled!(s, p, c) && s.cLogs.every((l) => l.length === 0) } : a,
    ]),
  );
  return { ...m, spec: { ...m.spec, actions } };
}

describe('MCDistributedReplicatedLog (tlaplus/Examples FiniteMonotonic, MCDistributedReplicatedLog.cfg)', () => {
  it("states the .cfg's invariants and InSync (one property per pair of servers); AllExtending is about steps", () => {
    const names = Object.keys(mcDistributedReplicatedLog.properties);
    const cfgNames = [...new Set(names.map((n) => n.replace(/_.*$/, '')))];
    expect(cfgNames).toEqual([...tlc.cfg!.invariants, ...tlc.cfg!.properties.filter((p) => p !== 'AllExtending')]);
    expect(names.filter((n) => n.startsWith('InSync'))).toEqual(['InSync_n1_n2', 'InSync_n1_n3', 'InSync_n2_n3']);
    expect(compileModel(mcDistributedReplicatedLog).fairness.map((f) => f.name)).toEqual(
      Servers.flatMap((s) => [`WF(${extendAction(s)})`, `WF(${copyAction(s)})`]),
    );
  });

  it(`gives TLC's verdict (${tlc.result}): InSync fails, with fair lassos that are real cycles`, () => {
    expect(tlc.result).toBe('liveness failure');
    const result = checkSync(mcDistributedReplicatedLog, { continueAfterViolation: true });
    expect(result.complete).toBe(true);
    // Servers are symmetric in the spec, so InSync fails for one pair iff for every pair.
    expect(result.properties.map((p) => [p.name, p.status])).toEqual([
      ['TypeOK', 'holds'],
      ['BoundedLag', 'holds'],
      ['InSync_n1_n2', 'violated'],
      ['InSync_n1_n3', 'violated'],
      ['InSync_n2_n3', 'violated'],
      ['deadlock', 'holds'],
    ]);
    for (const p of result.properties.filter((o) => o.status === 'violated')) {
      const lasso = checkLasso(mcDistributedReplicatedLog, p.counterexample);
      const [i, j] = pairOf(p.name);
      expect((lasso.loopStates as State[]).some((s) => equalLogs(s, i, j)), p.name).toBe(false);
      // Stuttering is never fair here: some log is shorter (it must copy) or all are equal (one may extend).
      expect(lasso.loopSteps.length, p.name).toBeGreaterThan(0);
    }
  });

  it('variant: when the leader waits for every follower before extending, InSync holds; without fairness it fails', () => {
    const variant = leaderWaits();
    const result = checkSync(variant, { continueAfterViolation: true });
    expect(result.complete).toBe(true);
    for (const p of result.properties) expect(p.status, p.name).toBe('holds');
    const unfair = { ...variant, fairness: [] };
    const insync = checkSync(unfair, { continueAfterViolation: true }).properties.find((p) => p.name === 'InSync_n1_n2')!;
    expect(insync.status).toBe('violated');
    const lasso = checkLasso(unfair, insync.counterexample);
    expect(lasso.loopSteps).toEqual([]);
    expect(equalLogs(lasso.states.at(-1) as State, 0, 1)).toBe(false);
  });
});
