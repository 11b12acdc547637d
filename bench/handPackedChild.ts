/**
 * The benchmark's hand-packed child process: runs {@link handPackedCounters} once and prints one line of JSON
 * ({@link ChildReport}) on stdout.
 *
 *   node dist/bench/handPackedChild.js <counters> <max>
 */
import type { ChildReport } from './childReport.js';
import { handPackedCounters } from './handPackedCounters.js';
import { peakRssBytes } from './peakRss.js';

const [counters, max] = process.argv.slice(2).map(Number);
const started = performance.now();
const cpuStart = process.cpuUsage();
const result = handPackedCounters(counters ?? 7, max ?? 9);
const cpu = process.cpuUsage(cpuStart);
const report: ChildReport = {
  outcome: result.deadlocks === 0 ? 'done' : 'violated',
  distinctStates: result.distinctStates,
  statesGenerated: result.statesGenerated,
  depth: result.depth,
  checkMs: performance.now() - started,
  checkCpuMs: (cpu.user + cpu.system) / 1000,
  peakRssBytes: peakRssBytes(),
  tableBytes: result.tableBytes,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
