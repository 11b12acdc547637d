/**
 * The counters model's twins count what lifecheck counts: the hand-packed loop always, and SPIN and Rumur on the
 * generated Promela and Murphi when they (and cc) are installed (skipped otherwise).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSync } from '../../checker/engine/index.js';
import { handPackedCounters } from '../../bench/handPackedCounters.js';
import { countersMurphi } from '../../bench/peers/countersMurphi.js';
import { countersPromela } from '../../bench/peers/countersPromela.js';
import { onPath, rumurPeer, runPeer, spinPeer, type Peer } from '../../bench/peers/peers.js';
import { counters, countersCounts } from '../../spec/examples/counters.js';

const scratch = mkdtempSync(join(tmpdir(), 'lifecheck-twins-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const lifecheck = (c: { counters: number; max: number }) => {
  const r = checkSync(counters, { constantOverrides: c });
  return { distinctStates: r.stats.distinctStates, statesGenerated: r.stats.statesGenerated, depth: r.stats.depth };
};

describe('counters twins', () => {
  it('countersPromela writes one d_step per (counter, direction)', () => {
    const text = countersPromela(3, 9);
    expect(text.startsWith('byte x[3];\nactive proctype main() {\n  do\n')).toBe(true);
    expect(text.match(/d_step/g)).toHaveLength(6);
    expect(text).toContain('  :: d_step { x[2] > 0 -> x[2]-- }\n');
  });

  it('countersMurphi writes the constants and one ruleset', () => {
    const text = countersMurphi(4, 5);
    expect(text).toContain('const N: 4; const MAX: 5;');
    expect(text.match(/rule "/g)).toHaveLength(2);
  });

  for (const c of [
    { counters: 3, max: 9 },
    { counters: 4, max: 3 },
    { counters: 1, max: 1 },
  ]) {
    it(`hand-packed loop, ${c.counters} counters 0..${c.max}: lifecheck's counts, no deadlock`, () => {
      const hand = handPackedCounters(c.counters, c.max);
      expect(hand.deadlocks).toBe(0);
      const { distinctStates, statesGenerated, depth } = hand;
      expect({ distinctStates, statesGenerated, depth }).toEqual(lifecheck(c));
      expect(distinctStates).toBe(countersCounts(c).distinctStates);
    });
  }

  it('hand-packed loop grows its table past its first size (5 counters 0..9: 100,000 states)', () => {
    const hand = handPackedCounters(5, 9);
    expect([hand.distinctStates, hand.statesGenerated, hand.depth]).toEqual([100_000, 900_001, 46]);
  });

  const peerCase = (peer: Peer, source: string) => {
    const missing = peer.requires.filter((p) => !onPath(p));
    it.skipIf(missing.length > 0)(`${peer.name} counts lifecheck's states and transitions (3 counters 0..9)`, () => {
      const dir = mkdtempSync(join(scratch, `${peer.name}-`));
      const run = runPeer(peer, peer.build(dir, source, 1000), dir);
      const expected = lifecheck({ counters: 3, max: 9 });
      expect(run.distinctStates).toBe(expected.distinctStates);
      expect(run.statesGenerated).toBe(expected.statesGenerated);
    });
  };
  peerCase(spinPeer, countersPromela(3, 9));
  peerCase(rumurPeer, countersMurphi(3, 9));
});
