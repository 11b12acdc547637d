/**
 * The benchmark report as Markdown tables (what `npm run bench` prints without `--json`, and what `bench/README.md`
 * holds): one table per model, then the issue's targets. The only parts that vary between runs are the measured
 * figures.
 */
import type { BenchReport, CheckerFigures, TargetFigure } from './runBench.js';

const int = (x: number): string => Math.round(x).toLocaleString('en-US');
const seconds = (ms: number | undefined): string => (ms === undefined ? '–' : (ms / 1000).toFixed(2));
const mib = (bytes: number | undefined): string => (bytes === undefined ? '–' : (bytes / 2 ** 20).toFixed(0));
const perState = (bytes: number | undefined): string => (bytes === undefined ? '–' : bytes.toFixed(1));

function row(c: CheckerFigures): string {
  if (c.status !== 'ok') return `| ${c.checker} | ${c.status}: ${c.reason.split('\n')[0]!.slice(0, 120)} | | | | | | | |`;
  const counts = c.sameCount ? 'same' : `DIFFERENT: ${int(c.distinctStates)} / ${c.statesGenerated === undefined ? '?' : int(c.statesGenerated)}`;
  return (
    `| ${c.checker} | ${seconds(c.wallMs)} | ${c.overLifecheck1 === undefined ? '–' : c.overLifecheck1.toFixed(2)} | ` +
    `${seconds(c.checkMs)} | ${int(c.distinctStatesPerSecond)} | ${c.distinctStatesPerCheckSecond === undefined ? '–' : int(c.distinctStatesPerCheckSecond)} | ` +
    `${mib(c.peakRssBytes)} | ${perState(c.peakRssBytesPerState)} | ${perState(c.rssAboveBaselinePerState)} | ${counts} |`
  );
}

function targetRow(t: TargetFigure): string {
  const value = t.value === undefined ? '–' : t.value >= 1000 ? int(t.value) : t.value.toFixed(2);
  const limit = `${t.kind === 'max' ? '≤' : '≥'} ${t.limit >= 1000 ? int(t.limit) : t.limit.toFixed(1)}`;
  return `| ${t.target} | ${value} | ${limit} | ${t.met === undefined ? 'not run' : t.met ? 'met' : 'not met'} |`;
}

/** Renders `report` as Markdown (see the module comment). */
export function renderTable(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `Medians of ${report.runs} interleaved run(s); Node ${m.node}, ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB.`,
    'wall: process spawn to exit; × lc 1w: wall time over lifecheck 1 worker’s; own: the checker’s own time',
    '(lifecheck: compile + explore; peers: as they print it); states/s: distinct states per second of wall / own time;',
    'B/state: peak RSS per distinct state, and peak RSS above the same checker’s run on small constants, per state.',
  ];
  for (const model of report.models) {
    const e = model.expected;
    lines.push(
      '',
      `**${model.name}**: ${model.title}; ${int(e.distinctStates)} distinct states` +
        `${e.statesGenerated === undefined ? '' : `, ${int(e.statesGenerated)} generated`} (expected, from ${e.source})`,
      '',
      '| checker | wall s | × lc 1w | own s | states/s wall | states/s own | peak RSS MiB | B/state | B/state above baseline | counts |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
      ...model.checkers.map(row),
    );
    const verdicts = model.checkers.find((c) => c.status === 'ok' && c.properties !== undefined);
    if (verdicts?.status === 'ok' && verdicts.properties !== undefined) {
      const statuses = Object.values(verdicts.properties);
      const holds = statuses.filter((s) => s === 'holds').length;
      lines.push('', `Properties: ${holds} of ${statuses.length} hold${holds === statuses.length ? '' : ` (${JSON.stringify(verdicts.properties)})`}.`);
    }
  }
  lines.push('', '**Targets** (issue 9)', '', '| target | measured | limit | |', '|---|---:|---:|---|', ...report.targets.map(targetRow));
  return `${lines.join('\n')}\n`;
}
