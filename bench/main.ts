/**
 * `npm run bench`: the benchmark's command line.
 *
 *   node dist/bench/main.js [--runs k] [--only model[,model…]] [--workers 1,2] [--json] [--out file]
 *
 * Prints the Markdown tables (or, with `--json`, the report as JSON) on stdout and progress on stderr; `--out` also
 * writes the JSON report to a file. Exit 0 when every checker that ran counted the expected states (missing peers
 * are skipped), 1 when lifecheck failed or a checker counted differently, 2 for bad arguments.
 */
import { writeFileSync } from 'node:fs';
import { benchModels } from './models.js';
import { runBenchmark, type BenchReport } from './runBench.js';
import { renderTable } from './renderTable.js';

interface Options {
  runs: number;
  only: string[];
  workers: number[];
  json: boolean;
  out: string | undefined;
}

const USAGE = `usage: [--runs k] [--only ${benchModels.map((m) => m.name).join('|')}[,…]] [--workers 1,2] [--json] [--out file]`;

function parse(argv: readonly string[]): Options {
  const options: Options = { runs: 3, only: [], workers: [1, 2], json: false, out: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--only') options.only.push(...value().split(',').filter((s) => s !== ''));
    else if (arg === '--workers') options.workers = value().split(',').map(Number);
    else if (arg === '--json') options.json = true;
    else if (arg === '--out') options.out = value();
    else throw new Error(`unknown argument ${arg} (${USAGE})`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs must be a positive integer');
  if (options.workers.length === 0 || !options.workers.every((w) => Number.isInteger(w) && w >= 1)) throw new Error('--workers takes positive integers');
  const unknown = options.only.filter((name) => !benchModels.some((m) => m.name === name));
  if (unknown.length > 0) throw new Error(`--only: no model ${unknown.join(', ')} (${USAGE})`);
  return options;
}

function main(): number {
  let options: Options;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  let report: BenchReport;
  const started = performance.now();
  try {
    report = runBenchmark({ runs: options.runs, only: options.only, workers: options.workers, log: (line) => process.stderr.write(`${line}\n`) });
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`bench: ${((performance.now() - started) / 60_000).toFixed(1)} minutes\n`);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (options.out !== undefined) writeFileSync(options.out, json);
  process.stdout.write(options.json ? json : renderTable(report));
  const differs = report.models.some((m) => m.checkers.some((c) => c.status === 'ok' && (!c.sameCount || c.outcome !== 'done')));
  return differs ? 1 : 0;
}

process.exitCode = main();
