import { describe, expect, it } from 'vitest';
import { median } from '../../bench/median.js';
import { makePromela } from '../../bench/peers/makePromela.js';
import { murphiModel } from '../../bench/peers/murphiModel.js';
import { rumurPeer, spinPeer } from '../../bench/peers/peers.js';

describe('benchmark peers', () => {
  it('makePromela writes one d_step per (process, step), as make-promela.py does', () => {
    const text = makePromela(3);
    expect(text.startsWith('#define N 3\nbyte pc[N]; byte cur[N]; byte level[N]; byte victim[N];\n')).toBe(true);
    expect(text.match(/d_step/g)).toHaveLength(15);
    expect(text).toContain(
      '  :: d_step { (pc[1] == 3 && !((level[0] >= cur[1] || level[2] >= cur[1]) && victim[cur[1]] == 1)) ->' +
        ' if :: cur[1] == N-1 -> pc[1] = 4 :: else -> cur[1]++; pc[1] = 1 fi }\n',
    );
    expect(text.endsWith('  od\n}\n')).toBe(true);
  });

  it('murphiModel sets N and keeps the rest of filter.m', () => {
    const text = murphiModel(4);
    expect(text).toContain('\nconst N: 4;\n');
    expect(text).not.toContain('const N: 5;');
    expect(text).toContain('invariant "mutex"');
  });

  it('parses the peers’ summaries and rejects output without one', () => {
    expect(spinPeer.parse('   344805 states, stored\n  1205326 transitions (= stored+matched)\npan: elapsed time 0.48 seconds\n')).toEqual({
      distinctStates: 344805,
      statesGenerated: 1205326,
      reportedSeconds: 0.48,
    });
    expect(rumurPeer.parse('\tNo error found.\n\t705 states, 1725 rules fired in 0s.\n')).toEqual({
      distinctStates: 705,
      statesGenerated: 1726,
      reportedSeconds: 0,
    });
    expect(spinPeer.parse('  10000000 states, stored\n 1.26e+08 transitions (= stored+matched)\n').statesGenerated).toBeUndefined();
    expect(() => spinPeer.parse('pan: error')).toThrow(/states, stored/);
    expect(() => rumurPeer.parse('')).toThrow(/rules fired/);
  });

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });
});
