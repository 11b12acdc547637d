/**
 * Progress lines on stderr while a check runs, as TLC prints them: depth, states generated, distinct states, the
 * queue, the rate and the time elapsed — as one text line, or in `--format json` as one JSON object per line.
 *
 * Guarantees: progress goes to stderr only, so stdout stays byte-for-byte deterministic; the text line starts with
 * `Progress:`; every JSON line is an object with `"type": "progress"` and the counts as numbers.
 */
import { InvalidArgumentError } from 'commander';
import type { Progress } from '../engine/check.js';
import type { RunGuard } from './runGuard.js';

const n = (x: number): string => x.toLocaleString('en-US');

/** The default time between two progress lines (ms). */
export const PROGRESS_EVERY_MS = 1000;

/** Distinct states per second so far (0 before any time has passed). */
function rate(p: Progress): number {
  return p.elapsedMs > 0 ? Math.round((p.distinctStates * 1000) / p.elapsedMs) : 0;
}

/** `0.8 s`, `42.0 s`, `3 min 05 s`, `2 h 01 min`. */
export function formatElapsed(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** One text progress line (without newline), e.g. `Progress: depth 35, 1,234 states generated, …`. */
export function formatProgress(p: Progress): string {
  return (
    `Progress: depth ${p.depth}, ${n(p.statesGenerated)} states generated, ${n(p.distinctStates)} distinct states found, ` +
    `${n(p.queue)} states left on queue; ${n(rate(p))} distinct states/s, ${formatElapsed(p.elapsedMs)} elapsed`
  );
}

/** One JSON progress line (without newline), for `--format json`. */
export function formatProgressJson(p: Progress, model?: string): string {
  return JSON.stringify({
    type: 'progress',
    ...(model !== undefined ? { model } : {}),
    depth: p.depth,
    statesGenerated: p.statesGenerated,
    distinctStates: p.distinctStates,
    queue: p.queue,
    distinctStatesPerSecond: rate(p),
    elapsedMs: Math.round(p.elapsedMs),
  });
}

/** Parses `--progress-interval <seconds>`: a positive number of seconds (0.5, 10, 60), as milliseconds. */
export function parseProgressInterval(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(seconds > 0)) throw new InvalidArgumentError(`expected a positive number of seconds, got '${value}'`);
  return Math.max(1, Math.round(seconds * 1000));
}

/**
 * The progress callback of a guarded check: samples memory on every call (the engine calls it every
 * `GUARD_POLL_MS`) and passes progress on to `show` about every `everyMs`.
 */
export function progressReporter(guard: RunGuard, show: ((p: Progress) => void) | undefined, everyMs: number = PROGRESS_EVERY_MS): (p: Progress) => void {
  let shownAt = 0;
  return (p) => {
    guard.poll();
    if (show !== undefined && p.elapsedMs - shownAt >= everyMs) {
      shownAt = p.elapsedMs;
      show(p);
    }
  };
}
