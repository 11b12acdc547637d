/** The benchmark report as a plain-text table (what `npm run bench` prints without `--json`). */
import type { BenchReport } from './petersonBench.js';

const int = (x: number): string => Math.round(x).toLocaleString('en-US');
const fixed = (x: number, digits: number): string => x.toFixed(digits);
const mb = (bytes: number): string => `${(bytes / (1 << 20)).toFixed(1)} MiB`;

/** Renders `report` as aligned text lines; the only varying parts between runs are the measured figures. */
export function renderTable(report: BenchReport): string {
  const l = report.lifecheck;
  const rows: [string, string][] = [
    ['distinct states', int(l.distinctStates)],
    ['states generated', int(l.statesGenerated)],
    ['depth', String(l.depth)],
    ['check time (median)', `${fixed(l.checkMs, 0)} ms`],
    ['distinct states/s', int(l.distinctStatesPerSecond)],
    ['states generated/s', int(l.statesGeneratedPerSecond)],
    ['check CPU time (median)', `${fixed(l.checkCpuMs, 0)} ms`],
    ['distinct states / CPU second', int(l.distinctStatesPerCpuSecond)],
    ['peak RSS', mb(l.peakRssBytes)],
    ['peak RSS / distinct state', `${fixed(l.peakRssBytesPerState, 1)} B`],
    ['baseline RSS (node + model, no search)', mb(l.baselineRssBytes)],
    ['(peak RSS - baseline) / distinct state', `${fixed(l.rssAboveBaselinePerState, 1)} B`],
    ['warm baseline RSS (same check at N = 3)', mb(l.warmBaselineRssBytes)],
    ['(peak RSS - warm baseline) / state', `${fixed(l.rssAboveWarmBaselinePerState, 1)} B`],
    ['state table bytes / distinct state', `${fixed(l.tableBytesPerState, 1)} B`],
    ['process wall time (median)', `${fixed(l.wallMs, 0)} ms`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [
    `Peterson filter lock, N = ${report.n}, ${report.runs} run(s) each, medians (${report.machine.node}, ${report.machine.cores} × ${report.machine.cpu})`,
    '',
    'lifecheck',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    '',
    'peers (same model, same run; ratio = lifecheck wall time / peer wall time)',
  ];
  for (const peer of report.peers) {
    if (peer.status !== 'ok') {
      lines.push(`  ${peer.name.padEnd(6)} ${peer.status}: ${peer.reason.split('\n')[0]}`);
      continue;
    }
    const own =
      peer.reportedSeconds === undefined
        ? ''
        : `, self-reported ${peer.reportedSeconds} s` +
          (peer.lifecheckCheckOverPeerReported === undefined
            ? ''
            : ` (lifecheck check time / that = ${fixed(peer.lifecheckCheckOverPeerReported, 2)})`);
    lines.push(
      `  ${peer.name.padEnd(6)} ${int(peer.distinctStates)} states${peer.sameCount ? '' : ' (DIFFERENT COUNT)'}, ` +
        `${fixed(peer.wallMs, 0)} ms wall, lifecheck/${peer.name} wall = ${fixed(peer.lifecheckOverPeer, 2)}${own}  [${peer.version}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}
