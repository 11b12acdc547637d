/**
 * An ITF file written by Quint itself (informalsystems/quint, `quint/coin_0_sendWithoutMintTest.itf.json`: a
 * one-state trace of the coin tutorial, with Quint's trace-level `#meta` header, `#map` and `#bigint` values) is read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readItf } from '../../traces/itf.js';

describe('ITF written by Quint', () => {
  it('reads the coin tutorial trace: maps with string keys become records, bigints numbers', () => {
    const text = readFileSync(path.join(__dirname, 'fixtures', 'quint.coin.itf.json'), 'utf8');
    const doc = readItf(text, 'quint.coin.itf.json');
    expect(doc.trace.steps).toHaveLength(1);
    expect(doc.trace.steps[0]!.label).toBeNull();
    expect(doc.trace.steps[0]!.state).toEqual({
      minter: 'alice',
      balances: { alice: 0, bob: 0, charlie: 0, eve: 0, null: 0 },
    });
  });
});
