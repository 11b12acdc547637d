/**
 * `npm run bench`: the Peterson benchmark's command line.
 *
 *   node dist/bench/main.js [--runs k] [--n N] [--json] [--out file]
 *
 * Prints a table (or, with `--json`, the report as JSON) on stdout and progress on stderr; `--out` also writes the
 * JSON report to a file. Exit 0 when lifecheck completed (peers that are missing are skipped), 1 when lifecheck
 * failed or found a different number of states than a peer, 2 for bad arguments.
 */
import { writeFileSync } from 'node:fs';
import { runBenchmark } from './petersonBench.js';
import { renderTable } from './renderTable.js';

function parse(argv: readonly string[]): { runs: number; n: number; json: boolean; out: string | undefined } {
  const options = { runs: 5, n: 5, json: false, out: undefined as string | undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--n') options.n = Number(value());
    else if (arg === '--json') options.json = true;
    else if (arg === '--out') options.out = value();
    else throw new Error(`unknown argument ${arg} (usage: [--runs k] [--n N] [--json] [--out file])`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs must be a positive integer');
  if (!Number.isInteger(options.n) || options.n < 2) throw new Error('--n must be an integer >= 2');
  return options;
}

function main(): number {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  let report: ReturnType<typeof runBenchmark>;
  try {
    report = runBenchmark({ runs: options.runs, n: options.n, log: (line) => process.stderr.write(`${line}\n`) });
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 1;
  }
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (options.out !== undefined) writeFileSync(options.out, json);
  process.stdout.write(options.json ? json : renderTable(report));
  return report.peers.some((p) => p.status === 'ok' && !p.sameCount) ? 1 : 0;
}

process.exitCode = main();
