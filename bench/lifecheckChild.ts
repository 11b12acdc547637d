/**
 * The benchmark's child process: checks Peterson's filter lock once and prints one line of JSON
 * ({@link ChildReport}) on stdout. Run as `node dist/bench/lifecheckChild.js <run|baseline> <N>`: `run` checks the
 * model for N processes; `baseline` loads and compiles it exactly as `run` does but explores nothing (the memory of
 * Node and the loaded code). Run `run 3` for a warm baseline: the same code paths exercised on 705 states.
 */
import { checkSync, compileModel } from '../checker/engine/index.js';
import { peterson } from '../spec/examples/peterson.js';
import { peakRssBytes } from './peakRss.js';

/** What one child run reports. Times are milliseconds of wall clock inside the child. */
export interface ChildReport {
  readonly mode: 'run' | 'baseline';
  readonly n: number;
  /** 'done' when the exploration finished with no violation. */
  readonly outcome: string;
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  /** From compiling the model to the end of exploration. */
  readonly checkMs: number;
  /** CPU time (user + system) of the process over the same span, in milliseconds: less sensitive to other load. */
  readonly checkCpuMs: number;
  readonly peakRssBytes: number;
  /** `StateTable.bytes` at the end: the engine's own typed arrays. */
  readonly tableBytes: number;
}

function main(argv: readonly string[]): void {
  const mode = argv[0] === 'baseline' ? 'baseline' : 'run';
  const n = Number(argv[1] ?? '5');
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const compiled = compileModel(peterson, { constantOverrides: { N: n } });
  let report: ChildReport;
  if (mode === 'baseline') {
    report = { mode, n, outcome: 'baseline', distinctStates: 0, statesGenerated: 0, depth: 0, checkMs: 0, checkCpuMs: 0, peakRssBytes: peakRssBytes(), tableBytes: 0 };
  } else {
    const result = checkSync(compiled);
    const checkMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    report = {
      mode,
      n,
      outcome: result.status === 'ok' ? 'done' : result.status,
      distinctStates: result.stats.distinctStates,
      statesGenerated: result.stats.statesGenerated,
      depth: result.stats.depth,
      checkMs,
      checkCpuMs: (cpu.user + cpu.system) / 1000,
      peakRssBytes: peakRssBytes(),
      tableBytes: result.stats.storeBytes,
    };
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main(process.argv.slice(2));
