/**
 * The benchmark's lifecheck child process: checks one registered model once and prints one line of JSON
 * ({@link ChildReport}) on stdout.
 *
 *   node dist/bench/lifecheckChild.js <run|baseline> <registered model> <workers> '<constants JSON>'
 *
 * The constants JSON is `{"set": name}` and/or `{"overrides": {...}}`. `run` checks the model with that many
 * workers (worker threads load it from the registry's module); `baseline` loads and compiles it as `run` does but
 * explores nothing (the memory of Node and the loaded code).
 */
import { check, compileModel, type JsonRecord } from '../checker/engine/index.js';
import { modelRegistry } from '../spec/registry.js';
import type { ChildReport } from './childReport.js';
import { peakRssBytes } from './peakRss.js';

/** The constants of a benchmark run: a named set and/or overrides of single constants. */
export interface BenchConstants {
  readonly set?: string;
  readonly overrides?: JsonRecord;
}

async function main(argv: readonly string[]): Promise<void> {
  const [mode, name, workersText, constantsText] = argv;
  const entry = modelRegistry[name ?? ''];
  if (entry === undefined) throw new Error(`no registered model ${String(name)}`);
  const workers = Number(workersText ?? '1');
  const constants = JSON.parse(constantsText ?? '{}') as BenchConstants;
  const model = await entry.load();
  const compileOptions = {
    ...(constants.set !== undefined ? { constantSet: constants.set } : {}),
    ...(constants.overrides !== undefined ? { constantOverrides: constants.overrides } : {}),
  };
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let report: ChildReport;
  if (mode === 'baseline') {
    compileModel(model, compileOptions);
    report = { outcome: 'baseline', distinctStates: 0, statesGenerated: 0, depth: 0, checkMs: 0, checkCpuMs: 0, peakRssBytes: peakRssBytes(), tableBytes: 0 };
  } else {
    const moduleUrl = new URL(entry.module, new URL('../spec/registry.js', import.meta.url)).href;
    const result = await check(model, {
      ...compileOptions,
      workers,
      modelSource: { moduleUrl, exportName: entry.exportName },
      progressIntervalMs: 1e9,
    });
    const checkMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    report = {
      outcome: result.status === 'ok' ? 'done' : result.status,
      distinctStates: result.stats.distinctStates,
      statesGenerated: result.stats.statesGenerated,
      depth: result.stats.depth,
      checkMs,
      checkCpuMs: (cpu.user + cpu.system) / 1000,
      peakRssBytes: peakRssBytes(),
      tableBytes: result.stats.storeBytes,
      properties: Object.fromEntries(result.properties.map((p) => [p.name, p.status])),
    };
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
