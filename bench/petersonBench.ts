/**
 * The Peterson benchmark: lifecheck on Peterson's filter lock, each run in a fresh `node` child process, side by side
 * with the peers SPIN and Rumur (when they are installed) on the same model, in one interleaved run.
 *
 * Guarantees: every figure is a median over `runs` runs; rounds interleave lifecheck, its baseline and each peer so a
 * change of machine load hits all of them alike; a peer whose programs are missing is reported as skipped, never as
 * a failure; the report holds no timestamps, so two runs differ only in measured times and memory.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReport } from './lifecheckChild.js';
import { median } from './median.js';
import { onPath, rumurPeer, runPeer, spinPeer, type BuiltPeer, type Peer, type PeerRun } from './peers/peers.js';

/** What to run. */
export interface BenchOptions {
  /** Number of processes. @defaultValue 5 */
  readonly n?: number;
  /** Runs of each checker. @defaultValue 5 */
  readonly runs?: number;
  /** Called with one line of progress per step (for stderr). */
  readonly log?: (line: string) => void;
}

/** lifecheck's medians. Rates are per second of `checkMs` (compile + explore, wall clock inside the child). */
export interface LifecheckFigures {
  readonly outcome: string;
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  readonly checkMs: number;
  /** Child process wall time, spawn to exit (Node start-up and module loading included). */
  readonly wallMs: number;
  readonly distinctStatesPerSecond: number;
  readonly statesGeneratedPerSecond: number;
  /** Median CPU time (user + system) of the check, and distinct states per CPU second: robust to a shared machine. */
  readonly checkCpuMs: number;
  readonly distinctStatesPerCpuSecond: number;
  readonly peakRssBytes: number;
  readonly peakRssBytesPerState: number;
  /** Peak RSS of a child that loads and compiles the model but explores nothing. */
  readonly baselineRssBytes: number;
  readonly rssAboveBaselinePerState: number;
  /**
   * Peak RSS of a child that checks the same model for N = 3 (705 states, a table of a few hundred KB): Node, the
   * loaded code and the code paths the search pages in and compiles, a fixed cost that does not grow with states.
   */
  readonly warmBaselineRssBytes: number;
  readonly rssAboveWarmBaselinePerState: number;
  readonly tableBytes: number;
  readonly tableBytesPerState: number;
  /** Every run's `checkMs`, in run order. */
  readonly checkMsRuns: readonly number[];
}

/** A peer's outcome. `lifecheckOverPeer` is lifecheck's median process wall time over the peer's. */
export type PeerFigures =
  | { readonly name: string; readonly status: 'skipped'; readonly reason: string }
  | { readonly name: string; readonly status: 'failed'; readonly reason: string }
  | {
      readonly name: string;
      readonly status: 'ok';
      readonly version: string;
      readonly distinctStates: number;
      readonly sameCount: boolean;
      readonly wallMs: number;
      readonly reportedSeconds: number | undefined;
      readonly lifecheckOverPeer: number;
      /** lifecheck's median check time over the peer's median self-reported time (undefined when it prints none). */
      readonly lifecheckCheckOverPeerReported: number | undefined;
      readonly wallMsRuns: readonly number[];
    };

/** The whole report (what `--json` prints). */
export interface BenchReport {
  readonly benchmark: 'peterson-filter-lock';
  readonly n: number;
  readonly runs: number;
  readonly machine: { readonly node: string; readonly cpu: string; readonly cores: number };
  readonly lifecheck: LifecheckFigures;
  readonly peers: readonly PeerFigures[];
}

const childScript = join(dirname(fileURLToPath(import.meta.url)), 'lifecheckChild.js');

function runChild(mode: 'run' | 'baseline', n: number): { report: ChildReport; wallMs: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [childScript, mode, String(n)], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const wallMs = performance.now() - started;
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`lifecheck child (${mode}) exited ${result.status}: ${result.stderr.slice(-2000)}`);
  return { report: JSON.parse(result.stdout.trim().split('\n').pop()!) as ChildReport, wallMs };
}

/** Runs the benchmark. Throws only when lifecheck itself fails; peer problems are reported in `peers`. */
export function runBenchmark(options: BenchOptions = {}): BenchReport {
  const n = options.n ?? 5;
  const runs = options.runs ?? 5;
  const log = options.log ?? (() => undefined);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer (got ${runs})`);

  const scratch = mkdtempSync(join(tmpdir(), 'lifecheck-bench-'));
  try {
    // A first, untimed lifecheck run: checks that it completes and gives the state count that sizes pan's tables.
    const probe = runChild('run', n).report;
    if (probe.outcome !== 'done') throw new Error(`lifecheck did not complete: ${probe.outcome}`);
    const peers: { peer: Peer; built?: BuiltPeer; version?: string; failure?: PeerFigures; runs: PeerRun[] }[] = [];
    for (const peer of [spinPeer, rumurPeer]) {
      const missing = peer.requires.filter((program) => !onPath(program));
      if (missing.length > 0) {
        log(`${peer.name}: skipped (${missing.join(', ')} not on PATH)`);
        peers.push({ peer, failure: { name: peer.name, status: 'skipped', reason: `${missing.join(', ')} not on PATH` }, runs: [] });
        continue;
      }
      try {
        const dir = join(scratch, peer.name);
        mkdirSync(dir);
        const built = peer.build(dir, n, probe.distinctStates);
        peers.push({ peer, built, version: peer.version(), runs: [] });
        log(`${peer.name}: built`);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log(`${peer.name}: build failed: ${reason}`);
        peers.push({ peer, failure: { name: peer.name, status: 'failed', reason }, runs: [] });
      }
    }

    const lifecheckRuns: { report: ChildReport; wallMs: number }[] = [];
    const baselines: number[] = [];
    const warmBaselines: number[] = [];
    for (let round = 0; round < runs; round += 1) {
      const run = runChild('run', n);
      if (run.report.outcome !== 'done') throw new Error(`lifecheck did not complete: ${run.report.outcome}`);
      lifecheckRuns.push(run);
      baselines.push(runChild('baseline', n).report.peakRssBytes);
      warmBaselines.push(runChild('run', 3).report.peakRssBytes);
      log(`round ${round + 1}/${runs}: lifecheck ${run.report.checkMs.toFixed(0)} ms`);
      for (const entry of peers) {
        if (entry.built === undefined || entry.failure !== undefined) continue;
        try {
          const peerRun = runPeer(entry.peer, entry.built);
          entry.runs.push(peerRun);
          log(`round ${round + 1}/${runs}: ${entry.peer.name} ${peerRun.wallMs.toFixed(0)} ms`);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          entry.failure = { name: entry.peer.name, status: 'failed', reason };
        }
      }
    }

    const first = lifecheckRuns[0]!.report;
    const distinct = first.distinctStates;
    const checkMs = median(lifecheckRuns.map((r) => r.report.checkMs));
    const wallMs = median(lifecheckRuns.map((r) => r.wallMs));
    const checkCpuMs = median(lifecheckRuns.map((r) => r.report.checkCpuMs));
    const peakRss = median(lifecheckRuns.map((r) => r.report.peakRssBytes));
    const baselineRss = median(baselines);
    const warmBaselineRss = median(warmBaselines);
    const lifecheck: LifecheckFigures = {
      outcome: first.outcome,
      distinctStates: distinct,
      statesGenerated: first.statesGenerated,
      depth: first.depth,
      checkMs,
      wallMs,
      distinctStatesPerSecond: distinct / (checkMs / 1000),
      statesGeneratedPerSecond: first.statesGenerated / (checkMs / 1000),
      checkCpuMs,
      distinctStatesPerCpuSecond: distinct / (checkCpuMs / 1000),
      peakRssBytes: peakRss,
      peakRssBytesPerState: peakRss / distinct,
      baselineRssBytes: baselineRss,
      rssAboveBaselinePerState: (peakRss - baselineRss) / distinct,
      warmBaselineRssBytes: warmBaselineRss,
      rssAboveWarmBaselinePerState: (peakRss - warmBaselineRss) / distinct,
      tableBytes: first.tableBytes,
      tableBytesPerState: first.tableBytes / distinct,
      checkMsRuns: lifecheckRuns.map((r) => r.report.checkMs),
    };
    const peerFigures: PeerFigures[] = peers.map((entry) => {
      if (entry.failure !== undefined) return entry.failure;
      const peerWall = median(entry.runs.map((r) => r.wallMs));
      const reported = entry.runs.map((r) => r.reportedSeconds).filter((s): s is number => s !== undefined);
      const peerDistinct = entry.runs[0]!.distinctStates;
      return {
        name: entry.peer.name,
        status: 'ok',
        version: entry.version ?? '',
        distinctStates: peerDistinct,
        sameCount: peerDistinct === distinct,
        wallMs: peerWall,
        reportedSeconds: reported.length > 0 ? median(reported) : undefined,
        lifecheckOverPeer: wallMs / peerWall,
        lifecheckCheckOverPeerReported:
          reported.length > 0 && median(reported) > 0 ? checkMs / (median(reported) * 1000) : undefined,
        wallMsRuns: entry.runs.map((r) => r.wallMs),
      };
    });
    return {
      benchmark: 'peterson-filter-lock',
      n,
      runs,
      machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length },
      lifecheck,
      peers: peerFigures,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
