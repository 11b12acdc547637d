/**
 * What every benchmark child process (`lifecheckChild.ts`, `handPackedChild.ts`) prints: one line of JSON, and how
 * the parent reads it back.
 */

/** One child run. Times are milliseconds of wall clock inside the child. */
export interface ChildReport {
  /** 'done' when the exploration finished with no violation (or the baseline, which explores nothing). */
  readonly outcome: string;
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  /** From compiling the model to the end of exploration. */
  readonly checkMs: number;
  /** CPU time (user + system) of the process over the same span, all threads. */
  readonly checkCpuMs: number;
  readonly peakRssBytes: number;
  /** The engine's own typed arrays at the end (`CheckStats.storeBytes`; the hand-packed loop's arrays). */
  readonly tableBytes: number;
  /** The status of every property (lifecheck only), name → status. */
  readonly properties?: Readonly<Record<string, string>>;
}

/** Parses the last line a child printed. Throws when it is not a report. */
export function parseChildReport(stdout: string): ChildReport {
  const line = stdout.trim().split('\n').pop() ?? '';
  const report = JSON.parse(line) as ChildReport;
  if (typeof report.distinctStates !== 'number' || typeof report.checkMs !== 'number') throw new Error(`not a child report: ${line.slice(0, 200)}`);
  return report;
}
