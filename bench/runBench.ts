/**
 * The benchmark: every model of `models.ts` checked by lifecheck on 1 and 2 workers, by SPIN and Rumur where the
 * model has a twin for them, and by the hand-packed loop where it has one — each run in a fresh process, in
 * interleaved rounds, reduced to medians.
 *
 * Guarantees: every figure is a median over `runs` runs; a round runs every checker of every model once, in the same
 * order, so a change of machine load hits all of them alike; ratios compare medians of the same run; a peer whose
 * programs are missing is reported as skipped, never as a failure; every checker's counts are compared with the
 * model's expected counts; the report holds no timestamps.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseChildReport, type ChildReport } from './childReport.js';
import { median } from './median.js';
import { benchModels, type BenchModel } from './models.js';
import { onPath, rumurPeer, runPeer, spinPeer, type Peer } from './peers/peers.js';

/** What to run. */
export interface BenchOptions {
  /** Runs of each checker. @defaultValue 3 */
  readonly runs?: number;
  /** Only the models with these names (`BenchModel.name`). @defaultValue all */
  readonly only?: readonly string[];
  /** Worker counts for lifecheck. @defaultValue [1, 2] */
  readonly workers?: readonly number[];
  /** Called with one line of progress per step (for stderr). */
  readonly log?: (line: string) => void;
}

/** One measured run of one checker. */
interface Measurement {
  readonly wallMs: number;
  /** The checker's own time: lifecheck's and the hand-packed loop's in-process time, a peer's self-reported time. */
  readonly checkMs: number | undefined;
  readonly cpuMs: number | undefined;
  readonly peakRssBytes: number | undefined;
  readonly distinctStates: number;
  readonly statesGenerated: number | undefined;
  readonly outcome: string;
  readonly properties?: Readonly<Record<string, string>>;
}

/** A checker's figures on one model (medians). */
export type CheckerFigures =
  | { readonly checker: string; readonly status: 'skipped' | 'failed'; readonly reason: string }
  | {
      readonly checker: string;
      readonly status: 'ok';
      readonly version?: string;
      readonly distinctStates: number;
      readonly statesGenerated: number | undefined;
      /** Whether distinct states (and states generated, where both are known) equal the expected counts. */
      readonly sameCount: boolean;
      readonly outcome: string;
      /** Process wall time, spawn to exit (Node start-up and module loading included for the JavaScript ones). */
      readonly wallMs: number;
      readonly checkMs: number | undefined;
      readonly cpuMs: number | undefined;
      /** This checker's median wall time over lifecheck's on 1 worker (below 1: faster than lifecheck). */
      readonly overLifecheck1: number | undefined;
      readonly distinctStatesPerSecond: number;
      /** Distinct states per second of the checker's own time (`checkMs`). */
      readonly distinctStatesPerCheckSecond: number | undefined;
      readonly peakRssBytes: number | undefined;
      readonly peakRssBytesPerState: number | undefined;
      /** Peak RSS of the same checker on the model's small constants (Node, the code and the JIT; no states to speak of). */
      readonly baselineRssBytes: number | undefined;
      readonly rssAboveBaselinePerState: number | undefined;
      readonly wallMsRuns: readonly number[];
      readonly properties?: Readonly<Record<string, string>>;
    };

/** One model's part of the report. */
export interface ModelReport {
  readonly name: string;
  readonly title: string;
  readonly expected: BenchModel['expected'];
  readonly checkers: readonly CheckerFigures[];
}

/** One of the targets, evaluated on this run. */
export interface TargetFigure {
  readonly target: string;
  /** The measured value (a ratio, a rate or bytes per state), or undefined when its checkers did not run. */
  readonly value: number | undefined;
  readonly limit: number;
  /** 'max': value must be at most `limit`; 'min': at least. */
  readonly kind: 'max' | 'min';
  readonly met: boolean | undefined;
}

/** The whole report (what `--json` prints). */
export interface BenchReport {
  readonly runs: number;
  readonly machine: { readonly node: string; readonly cpu: string; readonly cores: number; readonly memoryGiB: number };
  readonly models: readonly ModelReport[];
  readonly targets: readonly TargetFigure[];
}

const here = dirname(fileURLToPath(import.meta.url));

function runNode(script: string, args: readonly string[]): { report: ChildReport; wallMs: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(here, script), ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const wallMs = performance.now() - started;
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${script} ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  return { report: parseChildReport(result.stdout), wallMs };
}

const fromChild = ({ report, wallMs }: { report: ChildReport; wallMs: number }): Measurement => ({
  wallMs,
  checkMs: report.checkMs,
  cpuMs: report.checkCpuMs,
  peakRssBytes: report.peakRssBytes,
  distinctStates: report.distinctStates,
  statesGenerated: report.statesGenerated,
  outcome: report.outcome,
  ...(report.properties !== undefined ? { properties: report.properties } : {}),
});

/** A checker ready to run on one model. */
interface Runner {
  readonly checker: string;
  readonly version?: string;
  /** lifecheck failing is an error of the benchmark; a peer failing is reported. */
  readonly essential: boolean;
  measure(): Measurement;
  /** Peak RSS of the warm baseline. */
  baseline?(): number;
}

function lifecheckRunner(model: BenchModel, workers: number): Runner {
  const args = (constants: object): string[] => ['run', model.registered, String(workers), JSON.stringify(constants)];
  return {
    checker: `lifecheck ${workers} worker${workers === 1 ? '' : 's'}`,
    essential: true,
    measure: () => fromChild(runNode('lifecheckChild.js', args(model.constants))),
    baseline: () => runNode('lifecheckChild.js', args(model.warmConstants)).report.peakRssBytes,
  };
}

function handPackedRunner(spec: NonNullable<BenchModel['handPacked']>): Runner {
  return {
    checker: 'hand-packed JS',
    essential: true,
    measure: () => fromChild(runNode('handPackedChild.js', [String(spec.counters), String(spec.max)])),
    baseline: () => runNode('handPackedChild.js', ['3', String(spec.max)]).report.peakRssBytes,
  };
}

/** Builds `peer` for `model` in `scratch`; undefined (with the reason) when it cannot run. */
function peerRunner(peer: Peer, model: BenchModel, scratch: string): Runner | { readonly skipped: string } | undefined {
  const source = peer.source(model.peers());
  if (source === undefined) return undefined;
  const missing = peer.requires.filter((program) => !onPath(program));
  if (missing.length > 0) return { skipped: `${missing.join(', ')} not on PATH` };
  const dir = join(scratch, `${model.name}-${peer.name}`);
  mkdirSync(dir);
  const built = peer.build(dir, source, model.expected.distinctStates);
  return {
    checker: peer.name === 'spin' ? 'SPIN pan -DBFS' : 'Rumur 1 thread',
    version: peer.version(),
    essential: false,
    measure: () => {
      const run = runPeer(peer, built, dir);
      return {
        wallMs: run.wallMs,
        checkMs: run.reportedSeconds === undefined ? undefined : run.reportedSeconds * 1000,
        cpuMs: undefined,
        peakRssBytes: run.peakRssBytes,
        distinctStates: run.distinctStates,
        statesGenerated: run.statesGenerated,
        outcome: 'done',
      };
    },
  };
}

const optionalMedian = (values: readonly (number | undefined)[]): number | undefined => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === values.length && known.length > 0 ? median(known) : undefined;
};

/** Runs the benchmark. Throws when lifecheck (or the hand-packed loop) fails; peer problems are reported. */
export function runBenchmark(options: BenchOptions = {}): BenchReport {
  const runs = options.runs ?? 3;
  const workerCounts = options.workers ?? [1, 2];
  const log = options.log ?? (() => undefined);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer (got ${runs})`);
  const unknown = (options.only ?? []).filter((name) => !benchModels.some((m) => m.name === name));
  if (unknown.length > 0) throw new RangeError(`no benchmark model ${unknown.join(', ')} (the models: ${benchModels.map((m) => m.name).join(', ')})`);
  const models = benchModels.filter((m) => options.only === undefined || options.only.length === 0 || options.only.includes(m.name));

  const scratch = mkdtempSync(join(tmpdir(), 'lifecheck-bench-'));
  try {
    type Entry = { runner?: Runner; fixed?: CheckerFigures; runs: Measurement[]; baselines: number[]; failure?: string };
    const plan = models.map((model) => {
      const entries: Entry[] = workerCounts.map((w) => ({ runner: lifecheckRunner(model, w), runs: [], baselines: [] }));
      if (model.handPacked !== undefined) entries.push({ runner: handPackedRunner(model.handPacked), runs: [], baselines: [] });
      for (const peer of [spinPeer, rumurPeer]) {
        const name = peer.name === 'spin' ? 'SPIN pan -DBFS' : 'Rumur 1 thread';
        try {
          const built = peerRunner(peer, model, scratch);
          if (built === undefined) continue;
          if ('skipped' in built) {
            log(`${model.name}: ${peer.name} skipped (${built.skipped})`);
            entries.push({ fixed: { checker: name, status: 'skipped', reason: built.skipped }, runs: [], baselines: [] });
          } else {
            log(`${model.name}: ${peer.name} built`);
            entries.push({ runner: built, runs: [], baselines: [] });
          }
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          log(`${model.name}: ${peer.name} build failed: ${reason}`);
          entries.push({ fixed: { checker: name, status: 'failed', reason }, runs: [], baselines: [] });
        }
      }
      return { model, entries };
    });

    for (let round = 0; round < runs; round += 1) {
      for (const { model, entries } of plan) {
        for (const entry of entries) {
          const runner = entry.runner;
          if (runner === undefined || entry.failure !== undefined) continue;
          try {
            const m = runner.measure();
            entry.runs.push(m);
            if (runner.baseline !== undefined) entry.baselines.push(runner.baseline());
            log(`round ${round + 1}/${runs}: ${model.name}: ${runner.checker} ${(m.wallMs / 1000).toFixed(2)} s, ${m.distinctStates} states`);
          } catch (error) {
            if (runner.essential) throw error;
            entry.failure = error instanceof Error ? error.message : String(error);
            log(`round ${round + 1}/${runs}: ${model.name}: ${runner.checker} failed: ${entry.failure}`);
          }
        }
      }
    }

    const reports: ModelReport[] = plan.map(({ model, entries }) => {
      const reference = entries[0]!.runs.length > 0 ? median(entries[0]!.runs.map((r) => r.wallMs)) : undefined;
      const checkers = entries.map((entry): CheckerFigures => {
        if (entry.fixed !== undefined) return entry.fixed;
        const runner = entry.runner!;
        if (entry.failure !== undefined) return { checker: runner.checker, status: 'failed', reason: entry.failure };
        const first = entry.runs[0]!;
        const distinct = first.distinctStates;
        const wallMs = median(entry.runs.map((r) => r.wallMs));
        const checkMs = optionalMedian(entry.runs.map((r) => r.checkMs));
        const peakRss = optionalMedian(entry.runs.map((r) => r.peakRssBytes));
        const baseline = entry.baselines.length > 0 ? median(entry.baselines) : undefined;
        const expected = model.expected;
        const sameCount =
          entry.runs.every((r) => r.distinctStates === expected.distinctStates) &&
          (expected.statesGenerated === undefined || entry.runs.every((r) => r.statesGenerated === undefined || r.statesGenerated === expected.statesGenerated));
        return {
          checker: runner.checker,
          status: 'ok',
          ...(runner.version !== undefined ? { version: runner.version } : {}),
          distinctStates: distinct,
          statesGenerated: first.statesGenerated,
          sameCount,
          outcome: first.outcome,
          wallMs,
          checkMs,
          cpuMs: optionalMedian(entry.runs.map((r) => r.cpuMs)),
          overLifecheck1: reference === undefined ? undefined : wallMs / reference,
          distinctStatesPerSecond: distinct / (wallMs / 1000),
          distinctStatesPerCheckSecond: checkMs === undefined || checkMs === 0 ? undefined : distinct / (checkMs / 1000),
          peakRssBytes: peakRss,
          peakRssBytesPerState: peakRss === undefined ? undefined : peakRss / distinct,
          baselineRssBytes: baseline,
          rssAboveBaselinePerState: peakRss === undefined || baseline === undefined ? undefined : (peakRss - baseline) / distinct,
          wallMsRuns: entry.runs.map((r) => r.wallMs),
          ...(first.properties !== undefined ? { properties: first.properties } : {}),
        };
      });
      return { name: model.name, title: model.title, expected: model.expected, checkers };
    });
    return {
      runs,
      machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
      models: reports,
      targets: targetsOf(reports),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The targets (issue 9), evaluated on `models`. */
export function targetsOf(models: readonly ModelReport[]): TargetFigure[] {
  const figures = (model: string, checker: string) => {
    const c = models.find((m) => m.name === model)?.checkers.find((x) => x.checker === checker);
    return c?.status === 'ok' ? c : undefined;
  };
  const ratio = (model: string, a: string, b: string): number | undefined => {
    const x = figures(model, a);
    const y = figures(model, b);
    return x === undefined || y === undefined ? undefined : x.wallMs / y.wallMs;
  };
  const target = (name: string, value: number | undefined, kind: 'max' | 'min', limit: number): TargetFigure => ({
    target: name,
    value,
    limit,
    kind,
    met: value === undefined ? undefined : kind === 'max' ? value <= limit : value >= limit,
  });
  const one = 'lifecheck 1 worker';
  const two = 'lifecheck 2 workers';
  return [
    target('counters: lifecheck 1 worker / hand-packed JS (wall)', ratio('counters', one, 'hand-packed JS'), 'max', 2.0),
    target('Peterson N = 6: lifecheck 1 worker / SPIN pan -DBFS (wall)', ratio('peterson-6', one, 'SPIN pan -DBFS'), 'max', 1.0),
    target('Peterson N = 6: 2 workers / 1 worker (wall)', ratio('peterson-6', two, one), 'max', 0.6),
    target('counters: 2 workers / 1 worker (wall)', ratio('counters', two, one), 'max', 0.6),
    target('vfio-post large: 2 workers / 1 worker (wall)', ratio('vfio-post', two, one), 'max', 0.6),
    target('vfio-post large: distinct states per second of check time, 1 worker', figures('vfio-post', one)?.distinctStatesPerCheckSecond, 'min', 100_000),
    target('Peterson N = 6: peak RSS / state, 1 worker (bytes)', figures('peterson-6', one)?.peakRssBytesPerState, 'max', 40),
    target('counters: peak RSS / state, 1 worker (bytes)', figures('counters', one)?.peakRssBytesPerState, 'max', 40),
  ];
}
