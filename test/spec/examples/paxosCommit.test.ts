/**
 * PaxosCommit's counts. The `tlc` constant set (PaxosCommit.cfg) is TLC's 1,321,761 distinct states — too many for a
 * unit test, so `npm run bench` checks that one against the manifest (`bench/models.ts`); here smaller constant sets
 * are checked against a second, independent reading of the TLA+ spec (`paxosCommitDirect.ts`), which gives TLC's
 * manifest numbers on PaxosCommit.cfg too.
 */
import { describe, expect, it } from 'vitest';
import { checkSync, compileModel } from '../../../checker/engine/index.js';
import { paxosCommit, type PaxosCommitConstants } from '../../../spec/examples/paxosCommit.js';
import { directPaxosCommitCounts } from './paxosCommitDirect.js';

const counts = (c: PaxosCommitConstants) => {
  const r = checkSync(paxosCommit, { constantOverrides: c });
  expect(r.status).toBe('ok');
  for (const p of r.properties) expect(p.status, p.name).toBe('holds');
  return { distinctStates: r.stats.distinctStates, statesGenerated: r.stats.statesGenerated, depth: r.stats.depth };
};

const acceptors3 = {
  Acceptor: ['a1', 'a2', 'a3'],
  Majority: [
    ['a1', 'a2'],
    ['a1', 'a3'],
    ['a2', 'a3'],
  ],
};

describe('PaxosCommit (tlaplus/Examples transaction_commit)', () => {
  it('the tlc constant set is PaxosCommit.cfg; 94 labels; 6 words per state', () => {
    expect(paxosCommit.constants.tlc).toEqual({ RM: ['r1', 'r2'], ...acceptors3, Ballot: [0, 1] });
    const compiled = compileModel(paxosCommit, { constantSet: 'tlc' });
    expect(compiled.labels).toHaveLength(94);
    expect(compiled.properties.map((p) => p.name)).toEqual(['PCTypeOK', 'TCConsistent', 'deadlock']);
  });

  it('default (RM = {r1}, PaxosCommit.cfg otherwise): 1,461 distinct, 9,936 generated, depth 15, as the direct reading', () => {
    const c = paxosCommit.constants.default;
    const expected = { distinctStates: 1_461, statesGenerated: 9_936, depth: 15 };
    expect(directPaxosCommitCounts(c)).toEqual(expected);
    expect(counts(c)).toEqual(expected);
  });

  for (const c of [
    { RM: ['r1', 'r2'], Acceptor: ['a1'], Majority: [['a1']], Ballot: [0, 1] },
    { RM: ['r1'], Acceptor: ['a1', 'a2'], Majority: [['a1', 'a2']], Ballot: [0, 1, 2] },
    { RM: ['r1'], ...acceptors3, Ballot: [0, 2] },
    { RM: ['r1', 'r2', 'r3'], Acceptor: ['a1'], Majority: [['a1']], Ballot: [0] },
  ] satisfies PaxosCommitConstants[]) {
    it(`RM ${c.RM.length}, acceptors ${c.Acceptor.length}, ballots ${c.Ballot.join(',')}: the direct reading's counts`, () => {
      expect(counts(c)).toEqual(directPaxosCommitCounts(c));
    });
  }
});
