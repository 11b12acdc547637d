/**
 * The observable-level section of the `lifecheck diff` Markdown report (for VFIO: the lock-level versions), in two
 * parts that the report places apart: summary lines for the report's one-screen summary, and the section itself —
 * the versions' state counts, the properties whose verdicts differ (a column per version), and the first-diverging
 * calls, each once, in one table with a column per version, then each call's agreed events as thread lanes (a
 * column per thread) folded into `<details>`, with links to the concrete interleavings under the trace folder.
 *
 * Guarantees: deterministic (a function of its inputs); at most `maxRows` calls get a folded lane table (the rest
 * are still rows of the table), so the section's size grows with the number of distinct differences, not with the
 * number of interleavings.
 */
import type { Json } from '../../engine/api/json.js';
import type { ObservableDiff, ObservableVerdict } from '../observable/diffObservable.js';
import type { ObservableAnswer, ObservableRow } from '../observable/crossObservable.js';
import type { ObservableEvent, ObservableMapping } from '../observable/observableMapping.js';

/** Options of {@link renderObservableMarkdown}. */
export interface ObservableMarkdownOptions {
  readonly mapping: ObservableMapping;
  /** The section's title, e.g. `Lock level`. */
  readonly title: string;
  /** The command that reproduces the comparison (already quoted for a shell). */
  readonly command?: string;
  /** The link (relative to the document) to the concrete interleaving of row `row` (0-based) in `model`, if written. */
  readonly rowTrace?: (row: number, model: string) => string | undefined;
  /** The link to `model`'s counterexample of `property`, if written. */
  readonly counterexample?: (model: string, property: string) => string | undefined;
  /** Rows with a folded lane table. @defaultValue 25 */
  readonly maxRows?: number;
}

/** The two parts of the section. */
export interface ObservableMarkdown {
  readonly summary: readonly string[];
  readonly body: readonly string[];
}

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const anchor = (title: string): string => title.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
const link = (target: string): string => `<${target.split('/').map((s) => (s === '.' || s === '..' ? s : encodeURIComponent(s))).join('/')}>`;

function eventText(e: ObservableEvent, m: ObservableMapping): string {
  switch (e.kind) {
    case 'call':
      return m.formatCall(e.call);
    case 'return':
      return `= ${m.formatResult(e.result)}`;
    case 'oops':
      return `oops: ${e.property}`;
  }
}

function answerText(a: ObservableAnswer | undefined, m: ObservableMapping): string {
  if (a === undefined) return '?';
  if (a.kind === 'earlier') return `diverged earlier (event ${a.step})`;
  if (a.kind === 'offered') return a.offered ? 'offered' : 'not offered';
  if (a.answers.length === 0) return 'no answer yet';
  return a.answers.map((e) => (e.kind === 'return' ? m.formatResult(e.result) : e.kind === 'oops' ? `**oops ${e.property}**` : eventText(e, m))).join(' or ');
}

function verdictText(v: ObservableVerdict | undefined, target: string | undefined): string {
  if (v === undefined) return '—';
  if (v.status !== 'violated') return v.status;
  const text = `**violated** (${v.counterexample.steps.length - 1}${v.counterexample.aborted ? ' + 1' : ''} steps)`;
  return target === undefined ? text : `[${text}](${link(target)})`;
}

/** The thread lanes of a row's agreed events and its diverging event (a column per thread). */
function lanes(row: ObservableRow, threads: number, m: ObservableMapping): string[] {
  const head = `| # | ${Array.from({ length: threads }, (_, t) => `T${t}`).join(' | ')} |`;
  const out = [head, `|---:|${Array.from({ length: threads }, () => '---|').join('')}`];
  const line = (k: number, e: ObservableEvent, bold: boolean): string =>
    `| ${k} | ${Array.from({ length: threads }, (_, t) => (t === e.thread ? cell(bold ? `**${eventText(e, m)}** ← differs` : eventText(e, m)) : '')).join(' | ')} |`;
  row.prefix.forEach((e, k) => out.push(line(k + 1, e, false)));
  out.push(line(row.prefix.length + 1, row.event, true));
  return out;
}

function callText(call: Json | null, m: ObservableMapping): string {
  return call === null ? '—' : m.formatCall(call);
}

/** Renders the section (see the module comment). */
export function renderObservableMarkdown(diff: ObservableDiff, options: ObservableMarkdownOptions): ObservableMarkdown {
  const m = options.mapping;
  const models = diff.versions.map((v) => v.model);
  const title = options.title;
  const callsTitle = `${title}: first-diverging calls`;
  const threads = Math.max(1, ...diff.spaces.map((s) => s.threads));
  // A property a version does not have (n/a) is no difference.
  const changed = diff.properties.filter((p) => new Set(models.map((v) => p.verdicts.get(v)?.status).filter((s) => s !== 'n/a')).size > 1);
  const constants = diff.constantSet ?? 'default';

  const summary: string[] = [`### ${title}`, ''];
  summary.push(
    `${models.length} versions (${models.map(code).join(', ')}) at constants ${code(constants)}, compared on what userspace observes — ${m.summary ?? 'calls, returns and oopses'}. ` +
      'Two versions *differ* after a sequence of calls and returns when some interleaving of one lets a thread see an answer (a return value, an oops) or make a call that no interleaving of the other allows.',
    '',
  );
  summary.push('| comparison | sets compared | first divergences: kinds (occurrences) | properties with a different verdict |', '|---|---:|---|---:|');
  for (const c of diff.comparisons) {
    const props = diff.properties.filter((p) => {
      const [va, vb] = [p.verdicts.get(c.a)?.status, p.verdicts.get(c.b)?.status];
      return va !== vb && va !== 'n/a' && vb !== 'n/a';
    }).length;
    const behaviour = c.equivalent ? 'none: equivalent at these bounds' : `${c.divergences.length} (${c.occurrences})${c.complete ? '' : ' — incomplete'}`;
    summary.push(`| ${code(c.a)} → ${code(c.b)} | ${c.jointStates} | ${behaviour} | ${props} |`);
  }
  summary.push('', `**${diff.rows.length} first-diverging call${diff.rows.length === 1 ? '' : 's'}** at the lock level, each shown once in [${callsTitle}](#${anchor(callsTitle)}); ${changed.length} propert${changed.length === 1 ? 'y has' : 'ies have'} different verdicts.`, '');

  const body: string[] = [`## ${title}`, ''];
  if (options.command) body.push('Reproduce: ', '', '```sh', options.command, '```', '');
  body.push('| version | concrete states | model states | transitions |', '|---|---:|---:|---:|');
  for (const v of diff.versions) body.push(`| ${code(v.model)} | ${v.exploration.states} | ${v.exploration.modelStates} | ${v.exploration.transitions} |`);
  body.push('', 'Concrete states are model states with, per thread, the value its call in progress will return.', '');
  body.push(`### ${title}: properties with different verdicts`, '');
  if (changed.length === 0) body.push('Every property has the same verdict in every version.', '');
  else {
    body.push(`| property | ${models.map(code).join(' | ')} |`, `|---|${models.map(() => '---|').join('')}`);
    for (const p of changed) body.push(`| ${code(p.name)} | ${models.map((v) => verdictText(p.verdicts.get(v), options.counterexample?.(v, p.name))).join(' | ')} |`);
    const notChecked = diff.properties.filter((p) => models.some((v) => p.verdicts.get(v)?.status === 'not checked')).map((p) => code(p.name));
    body.push('', `${diff.properties.length - changed.length} more have the same verdict in every version that has them.${notChecked.length > 0 ? ` Not evaluated by this walk (graph properties; see the lock matrix of \`npm run check\`): ${notChecked.join(', ')}.` : ''}`, '');
  }
  body.push(`### ${callsTitle}`, '');
  if (diff.rows.length === 0) body.push('No version differs from another at these bounds: the walks were exhaustive.', '');
  else {
    body.push(`| # | call | ${models.map(code).join(' | ')} | events | found in |`, `|---:|---|${models.map(() => '---|').join('')}---:|---|`);
    diff.rows.forEach((row, i) => {
      const found = row.foundIn.map((f) => `${f.a.replace(/^.*-/, '')}→${f.b.replace(/^.*-/, '')} ×${f.occurrences}`).join(', ');
      body.push(`| ${i + 1} | ${cell(row.event.kind === 'call' ? `${callText(row.call, m)} (call)` : callText(row.call, m))} | ${models.map((v) => cell(answerText(row.answers.get(v), m))).join(' | ')} | ${row.prefix.length + 1} | ${found} |`);
    });
    body.push('', '`events`: length of the shortest sequence of calls and returns ending in the difference; `found in`: the comparisons that found it and how many first divergences of this kind (after other prefixes) they met.', '');
    const max = options.maxRows ?? 25;
    diff.rows.slice(0, max).forEach((row, i) => {
      const traces = models
        .map((v) => {
          const target = options.rowTrace?.(i, v);
          return target === undefined ? undefined : `[${v}](${link(target)})`;
        })
        .filter((x): x is string => x !== undefined);
      body.push(`<details>`, `<summary>${i + 1}. ${cell(callText(row.call, m))}: the calls and returns before it (${row.prefix.length + 1} events)</summary>`, '');
      body.push(...lanes(row, threads, m), '');
      if (traces.length > 0) body.push(`Shortest concrete interleavings (every kernel step, thread lanes): ${traces.join(', ')}.`, '');
      body.push('</details>', '');
    });
    if (diff.rows.length > max) body.push(`Rows ${max + 1}–${diff.rows.length} have no folded lanes here; the JSON document has every row.`, '');
  }
  return { summary, body };
}
