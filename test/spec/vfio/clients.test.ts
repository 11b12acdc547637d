/**
 * Sequences A–C and the real clients of semantics §5, replayed on every version: each step returns exactly what
 * the kernel returns (spec/vfio/clients.ts).
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../checker/engine/index.js';
import { clientSequences, expectedResult } from '../../../spec/vfio/clients.js';
import { vfioModels } from '../../../spec/vfio/models.js';
import { replay } from './replay.js';

describe.each(Object.entries(vfioModels))('vfio-%s', (version, model) => {
  it.each(clientSequences.map((c) => [c.name, c] as const))('%s returns what the kernel returns', (_n, sequence) => {
    const replayed = replay(model, sequence.constantSet, sequence.steps.map((st) => st.call));
    const got = replayed.map((r, i) => `${i}: ${canonicalJson(r.call)} -> ${String(r.result)}`);
    const want = sequence.steps.map(
      (st, i) => `${i}: ${canonicalJson(st.call)} -> ${String(expectedResult(st, version as 'old' | 'new' | 'post'))}`,
    );
    expect(got).toEqual(want);
  });
});

describe('the sequences differ between versions only where the kernel does', () => {
  it('OLD and POST return the same results on every client sequence (semantics §4.4)', () => {
    for (const sequence of clientSequences) {
      for (const step of sequence.steps) expect(expectedResult(step, 'old')).toBe(expectedResult(step, 'post'));
    }
  });
  it('NEW differs from POST exactly on the SET_CONTAINER after a detach by group release', () => {
    const differing = clientSequences.flatMap((c) =>
      c.steps.filter((st) => expectedResult(st, 'new') !== expectedResult(st, 'post')).map((st) => st.call.action),
    );
    expect(differing).toEqual(['groupSetContainer', 'groupSetContainer', 'groupSetContainer', 'groupSetContainer']);
  });
});
