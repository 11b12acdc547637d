import { describe, expect, it } from 'vitest';
import { formatElapsed, formatProgress, formatProgressJson, parseProgressInterval, progressReporter } from '../../../checker/cli/progressLine.js';
import type { RunGuard } from '../../../checker/cli/runGuard.js';

const p = { distinctStates: 155_816, statesGenerated: 537_607, depth: 33, queue: 16_552, elapsedMs: 2000 };

describe('progress lines', () => {
  it("text: TLC's counts (generated, distinct, queue), the rate and the time elapsed", () => {
    expect(formatProgress(p)).toBe(
      'Progress: depth 33, 537,607 states generated, 155,816 distinct states found, 16,552 states left on queue; 77,908 distinct states/s, 2.0 s elapsed',
    );
  });
  it('JSON: one object per line with the same counts as numbers', () => {
    const line = formatProgressJson(p, 'Peterson');
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ type: 'progress', model: 'Peterson', depth: 33, statesGenerated: 537_607, distinctStates: 155_816, queue: 16_552, distinctStatesPerSecond: 77_908, elapsedMs: 2000 });
  });
  it('elapsed time in seconds, minutes, hours', () => {
    expect(formatElapsed(800)).toBe('0.8 s');
    expect(formatElapsed(185_000)).toBe('3 min 05 s');
    expect(formatElapsed(7_260_000)).toBe('2 h 01 min');
  });
  it('--progress-interval takes positive seconds and refuses anything else', () => {
    expect(parseProgressInterval('0.5')).toBe(500);
    expect(parseProgressInterval('10')).toBe(10_000);
    for (const bad of ['0', '-1', 'x', '1s', '']) expect(() => parseProgressInterval(bad)).toThrow(/positive number of seconds/);
  });
  it('shows a line about every interval, and polls the guard on every call', () => {
    let polls = 0;
    const guard = { poll: () => void polls++ } as unknown as RunGuard;
    const shown: number[] = [];
    const report = progressReporter(guard, (q) => shown.push(q.elapsedMs), 500);
    for (let t = 0; t <= 2000; t += 25) report({ ...p, elapsedMs: t });
    expect(polls).toBe(81);
    expect(shown).toEqual([500, 1000, 1500, 2000]);
  });
});
