/**
 * The Markdown report of `lifecheck diff`, for a code review, readable as versions and interleavings grow:
 *
 * 1. a one-screen summary — the versions with their state spaces, each comparison's counts, the number of
 *    first-diverging calls and of divergence groups, and where the full data is;
 * 2. the properties of every version side by side, one table (a column per version), the counterexamples linked;
 * 3. the first-diverging calls, each shown once across all comparisons, grouped by action and by how the versions
 *    split (one row per call, a column per version with its answer), each group's first call with its agreed
 *    prefix, the state fields that differ between the versions and the traces folded into `<details>`;
 * 4. per comparison, folded: state spaces, abstract states only in one model, refinement, source changes.
 *
 * Guarantees: deterministic (a function of the comparisons and options only); the document stays within
 * `maxChars` whenever the summary and the properties table fit, by degrading in fixed steps — embedded traces become
 * links, each group lists its first K calls (K = all, 10, 3, 1) with a count of the rest, counterexample prefixes and
 * per-comparison details are dropped — and says so, naming the JSON document and the trace folder that hold
 * everything.
 *
 * Traces are embedded through a trace renderer the caller injects (`renderTrace`; the CLI passes the Markdown trace
 * renderer of `traces/`, through `traces/diffMarkdown.ts`), so that the engine never imports `traces/`.
 */
import { canonicalJson } from '../../engine/api/json.js';
import type { AnyModel } from '../../engine/api/model.js';
import type { Trace } from '../../engine/api/trace.js';
import type { ModelComparison } from '../diffModels.js';
import type { PropertyVerdict } from '../compareProperties.js';
import { crossVersionDivergences, groupCrossDivergences, type CrossDivergence, type CrossGroup, type VersionAnswer } from './crossVersion.js';
import { formatCall, formatResult, formatStep } from '../../../traces/formatStep.js';
import { traceCallLines } from './renderDiffText.js';
import { stateLeaves } from './stateLeaves.js';
import { stepsText } from '../../../traces/traceSteps.js';

/** What an embedded trace is: whose, why, and how to reproduce it. */
export interface DiffTraceContext {
  readonly model: AnyModel;
  /** How the model is named on the command line. */
  readonly modelRef: string;
  readonly propertyName?: string;
  readonly message?: string;
  readonly reproduceCommand: string;
}

/** Where the full data of a report is, as paths relative to the Markdown document (for links). */
export interface DiffMarkdownLinks {
  /** The folder of `--out`: counterexamples as `<model>/<property>.md`, witnesses as `<A>--<B>/difference-<i>-<model>.md`. */
  readonly outDir?: string;
  /** The JSON document (`--json`). */
  readonly json?: string;
  /** The trace folder as the command line named it (for the replay commands shown), when it differs from `outDir`. */
  readonly outArg?: string;
}

/** Options of {@link renderDiffMarkdown}. */
export interface DiffMarkdownOptions {
  /** The compared models by name, for property documentation and syscall-style calls. */
  readonly models: ReadonlyMap<string, AnyModel>;
  /** How to name the models on a command line (registered name or module path), by model name. */
  readonly refs?: ReadonlyMap<string, string>;
  /** The command that produced the report, shown at the top (already quoted for a shell). */
  readonly command?: string;
  /** Joins command words into one shell command line (the CLI passes `shellCommand`). @defaultValue words joined by spaces */
  readonly commandLine?: (words: readonly string[]) => string;
  /**
   * The first-diverging calls across the versions (see `crossVersionDivergences`; the CLI passes them with the
   * missing versions replayed). @defaultValue computed from the comparisons alone, without replay
   */
  readonly divergences?: readonly CrossDivergence[];
  /** Where the full data is, for links. */
  readonly links?: DiffMarkdownLinks;
  /** At most this many abstract states only in one model are listed per model and comparison. @defaultValue 10 */
  readonly maxAbstractStates?: number;
  /** The document's length limit in characters. @defaultValue 60000 */
  readonly maxChars?: number;
  /** Renders one embedded trace as Markdown. @defaultValue a numbered list of the calls in a text block */
  readonly renderTrace?: (trace: Trace<unknown>, context: DiffTraceContext) => string;
  /**
   * More sections of the same report (e.g. the observable-level comparison of `renderObservableMarkdown`): each one's
   * summary lines end the one-screen summary, its body ends the document. They count toward `maxChars`.
   */
  readonly sections?: readonly { readonly summary: readonly string[]; readonly body: readonly string[] }[];
}

/** The default length limit of the document: under GitHub's 65,536 characters of a comment, with room to spare. */
export const DIFF_MARKDOWN_MAX_CHARS = 60_000;

function plainTrace(trace: Trace<unknown>, context: DiffTraceContext): string {
  const lines = traceCallLines(trace, context.model.presentation);
  return ['```text', ...(lines.length === 0 ? ['(initial state)'] : lines), '```', '', `Reproduce: \`${context.reproduceCommand}\``, ''].join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  const flat = text.replace(/\n/g, ' ');
  return flat.includes('`') ? `\`\` ${flat} \`\`` : `\`${flat}\``;
}

function details(summary: string, body: string): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', body.trimEnd(), '', '</details>', ''];
}

/** A Markdown link target for a relative path: each segment percent-encoded, in angle brackets. */
function href(...segments: string[]): string {
  const encoded = segments
    .flatMap((s) => s.split('/'))
    .map((s) => (s === '.' || s === '..' ? s : encodeURIComponent(s).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)))
    .join('/');
  return `<${encoded}>`;
}

/** How much the document shows; higher levels show less (see the module comment). */
interface Level {
  /** Embed full traces (only when there is no trace folder to link to). */
  readonly embed: boolean;
  /** Calls listed per group (Infinity: all). */
  readonly perGroup: number;
  /** Counterexample call lists in the properties section. */
  readonly counterexamples: boolean;
  /** Per-comparison details (state spaces, abstract states, refinement, source). */
  readonly comparisons: boolean;
  /** Group details (prefix, differing fields, traces) for at most this many groups. */
  readonly groupDetails: number;
}

const LEVELS: readonly Level[] = [
  { embed: true, perGroup: Infinity, counterexamples: true, comparisons: true, groupDetails: Infinity },
  { embed: false, perGroup: Infinity, counterexamples: true, comparisons: true, groupDetails: Infinity },
  { embed: false, perGroup: 10, counterexamples: true, comparisons: true, groupDetails: Infinity },
  { embed: false, perGroup: 3, counterexamples: false, comparisons: true, groupDetails: Infinity },
  { embed: false, perGroup: 1, counterexamples: false, comparisons: true, groupDetails: 20 },
  { embed: false, perGroup: 1, counterexamples: false, comparisons: false, groupDetails: 5 },
  { embed: false, perGroup: 1, counterexamples: false, comparisons: false, groupDetails: 0 },
];

/** The versions of a report: every model of the comparisons, in order of first appearance. */
export function diffVersions(comparisons: readonly ModelComparison[]): string[] {
  const out: string[] = [];
  for (const c of comparisons) for (const m of [c.a.model, c.b.model]) if (!out.includes(m)) out.push(m);
  return out;
}

interface Ctx {
  readonly comparisons: readonly ModelComparison[];
  readonly versions: readonly string[];
  readonly divergences: readonly CrossDivergence[];
  readonly groups: readonly CrossGroup[];
  readonly options: DiffMarkdownOptions;
  readonly join: (words: readonly string[]) => string;
  readonly ref: (model: string) => string;
}

function verdict(v: PropertyVerdict | undefined): string {
  if (v === undefined || v.status === 'absent') return 'n/a';
  if (v.status === 'violated') return `**violated** (${stepsText(v.steps ?? 0)})`;
  return v.status;
}

/** Each version's verdict of each property (the first comparison that has the version decides; all agree). */
function propertyTable(ctx: Ctx): { name: string; kind: string; verdicts: Map<string, PropertyVerdict> }[] {
  const rows = new Map<string, { name: string; kind: string; verdicts: Map<string, PropertyVerdict> }>();
  for (const c of ctx.comparisons) {
    for (const p of c.properties) {
      let row = rows.get(p.name);
      if (row === undefined) rows.set(p.name, (row = { name: p.name, kind: p.kind, verdicts: new Map() }));
      if (!row.verdicts.has(c.a.model) && p.a.status !== 'absent') row.verdicts.set(c.a.model, p.a);
      if (!row.verdicts.has(c.b.model) && p.b.status !== 'absent') row.verdicts.set(c.b.model, p.b);
    }
  }
  return [...rows.values()];
}

function answerText(answer: VersionAnswer | undefined, d: CrossDivergence, model: AnyModel | undefined): string {
  if (answer === undefined) return '?';
  switch (answer.kind) {
    case 'refused':
      return 'refused';
    case 'earlier':
      return `differs at call ${answer.step}`;
    case 'assertion':
      return `✗ ${code(answer.property)}`;
    case 'taken':
      return answer.result === undefined ? 'taken' : code(formatResult(d.label, answer.result as never, model?.presentation));
  }
}

function summary(ctx: Ctx, level: Level, levelIndex: number): string[] {
  const { comparisons, versions } = ctx;
  const out: string[] = ['## Summary', ''];
  const constants = comparisons[0] ? (comparisons[0].a.constantSet ?? canonicalJson(comparisons[0].a.constants)) : '—';
  out.push(`${versions.length} versions at constants ${code(constants)}; ${comparisons.length} comparison${comparisons.length === 1 ? '' : 's'}.`, '');
  const space = new Map<string, ModelComparison['stateSpaces']['a']>();
  for (const c of comparisons) {
    if (!space.has(c.a.model)) space.set(c.a.model, c.stateSpaces.a);
    if (!space.has(c.b.model)) space.set(c.b.model, c.stateSpaces.b);
  }
  out.push('| version | distinct states | transitions | depth | exhaustive |', '|---|---:|---:|---:|---|');
  for (const v of versions) {
    const s = space.get(v);
    out.push(`| ${code(v)} | ${s?.distinctStates ?? '—'} | ${s?.transitions ?? '—'} | ${s?.depth ?? '—'} | ${s === undefined ? '—' : s.complete ? 'yes' : '**no**'} |`);
  }
  out.push('');
  out.push('| comparison | properties with a different verdict | observable behaviour | refinement |', '|---|---:|---|---|');
  for (const c of comparisons) {
    const n = c.behaviour.divergences.length + c.behaviour.divergencesOmitted;
    const behaviour = c.behaviour.equivalent ? 'no difference' : `${n} diverging call${n === 1 ? '' : 's'}${c.behaviour.complete ? '' : ' (incomplete)'}`;
    out.push(`| ${code(c.a.model)} → ${code(c.b.model)} | ${c.properties.filter((p) => p.changed).length} | ${behaviour} | ${c.refinement?.status ?? '—'} |`);
  }
  out.push('');
  const omitted = comparisons.reduce((n, c) => n + c.behaviour.divergencesOmitted, 0);
  const d = ctx.divergences.length;
  out.push(
    d === 0
      ? '**No first-diverging call** in any comparison.'
      : `**${d} first-diverging call${d === 1 ? '' : 's'} in ${ctx.groups.length} divergence group${ctx.groups.length === 1 ? '' : 's'}**, each shown once below with every version's answer${omitted > 0 ? ` (${omitted} more found beyond the witness limit, counted only)` : ''}.`,
    '',
  );
  const where = [ctx.options.links?.json ? `the JSON document [${ctx.options.links.json}](${href(ctx.options.links.json)})` : '', ctx.options.links?.outDir ? `the trace files under [${ctx.options.links.outDir}](${href(ctx.options.links.outDir)})` : '']
    .filter(Boolean)
    .join(' and ');
  if (levelIndex > 1) {
    out.push(`This document is shortened to stay under ${ctx.options.maxChars ?? DIFF_MARKDOWN_MAX_CHARS} characters${level.perGroup !== Infinity ? ` (at most ${level.perGroup} call${level.perGroup === 1 ? '' : 's'} per group)` : ''}; the full data is in ${where || 'the JSON output (`--json`) and the trace folder (`--out`)'}.`, '');
  } else if (where) out.push(`Full data: ${where}.`, '');
  for (const section of ctx.options.sections ?? []) out.push(...section.summary);
  return out;
}

function propertiesSection(ctx: Ctx, level: Level): string[] {
  const { versions, options } = ctx;
  const outDir = options.links?.outDir;
  const out: string[] = ['### Properties', '', `| property | kind | ${versions.map(code).join(' | ')} |`, `|---|---|${versions.map(() => '---|').join('')}`];
  const rows = propertyTable(ctx);
  const cex = new Map<string, { version: string; names: string[]; steps: number; lines: string[] }>();
  for (const row of rows) {
    const statuses = new Set(versions.map((v) => row.verdicts.get(v)?.status ?? 'absent'));
    const name = statuses.size > 1 ? `**${code(row.name)}**` : code(row.name);
    const cells = versions.map((v) => {
      const x = row.verdicts.get(v);
      const text = verdict(x);
      return x?.status === 'violated' && outDir !== undefined ? `[${text}](${href(outDir, v, `${row.name}.md`)})` : text;
    });
    out.push(`| ${name} | ${row.kind} | ${cells.join(' | ')} |`);
    if (!level.counterexamples) continue;
    for (const v of versions) {
      const x = row.verdicts.get(v);
      const model = options.models.get(v);
      if (x?.status !== 'violated' || x.counterexample === undefined || model === undefined) continue;
      const lines = traceCallLines(x.counterexample, model.presentation);
      const key = `${v}\n${lines.join('\n')}`;
      const entry = cex.get(key);
      if (entry === undefined) cex.set(key, { version: v, names: [row.name], steps: x.steps ?? 0, lines });
      else entry.names.push(row.name);
    }
  }
  out.push('');
  if (outDir === undefined) out.push(`Reproduce a counterexample: \`${ctx.join(['lifecheck', 'check', '<model>', '--property', '<property>'])}\`.`, '');
  if (cex.size > 0) {
    const body: string[] = [];
    for (const e of cex.values()) {
      body.push(`${e.names.map(code).join(', ')} in ${code(e.version)} (${stepsText(e.steps)}):`, '', '```text', ...(e.lines.length === 0 ? ['(initial state)'] : e.lines), '```', '');
    }
    out.push(...details('Counterexamples: the calls of each (identical ones once)', body.join('\n')));
  }
  return out;
}

function divergencesSection(ctx: Ctx, level: Level): string[] {
  const { versions, options, divergences, groups } = ctx;
  if (divergences.length === 0) return [];
  const outDir = options.links?.outDir;
  const renderTrace = options.renderTrace ?? plainTrace;
  const out: string[] = ['## First-diverging calls', ''];
  out.push(
    'Each is a shortest call sequence on which the compared versions agree, then one call they answer differently; a column per version gives its answer to that call after the same calls (`differs at call k`: that version already answered call k differently; `?`: not compared).',
    '',
  );
  groups.forEach((g, gi) => {
    const first = divergences[g.members[0]!]!;
    const classes = new Map<number, string[]>();
    g.pattern.forEach((p, vi) => {
      if (p >= 0) classes.set(p, [...(classes.get(p) ?? []), versions[vi]!]);
    });
    const split = [...classes.values()].map((vs) => vs.map(code).join(' = ')).join(' ≠ ');
    out.push(`### ${gi + 1}. ${code(g.action)}: ${split} (${g.members.length} call${g.members.length === 1 ? '' : 's'})`, '');
    out.push(`| # | after | diverging call | ${versions.map(code).join(' | ')} |`, `|---:|---:|---|${versions.map(() => '---|').join('')}`);
    const shown = g.members.slice(0, level.perGroup);
    for (const i of shown) {
      const d = divergences[i]!;
      const presentation = options.models.get(versions[0]!)?.presentation;
      const answers = versions.map((v) => answerText(d.answers.get(v), d, options.models.get(v)));
      out.push(`| ${i + 1} | ${stepsText(d.steps - 1)} | ${code(formatCall(d.label, presentation))} | ${answers.join(' | ')} |`);
    }
    out.push('');
    if (shown.length < g.members.length) {
      const rest = g.members.length - shown.length;
      out.push(`… and ${rest} more call${rest === 1 ? '' : 's'} of this group, in the JSON document${outDir !== undefined ? ` and under ${code(outDir)}` : ''}.`, '');
    }
    if (gi >= level.groupDetails) return;
    const body: string[] = [];
    const presentation = options.models.get(versions[0]!)?.presentation;
    const prefix = first.prefix.map((s, k) => `${k + 1}. ${code(formatStep(s.label, s.result as never, presentation))}`);
    if (prefix.length === 0) body.push('From the initial states.', '');
    else body.push('The calls before it, answered alike:', '', ...prefix, '');
    const known = versions.filter((v) => first.before.has(v));
    const leaves = known.map((v) => stateLeaves(first.before.get(v)));
    const paths = [...new Set(leaves.flatMap((l) => [...l.keys()]))];
    const differing = paths.filter((p) => new Set(leaves.map((l) => l.get(p) ?? '(none)')).size > 1);
    if (differing.length === 0) body.push(`The states before the call are equal in ${known.map(code).join(', ')}.`, '');
    else {
      body.push('The state fields that differ before the call:', '', `| field | ${known.map(code).join(' | ')} |`, `|---|${known.map(() => '---|').join('')}`);
      for (const p of differing) body.push(`| ${code(p)} | ${leaves.map((l) => cell(l.get(p) ?? '(none)')).join(' | ')} |`);
      body.push('');
    }
    const w = first.witnesses[0]!;
    const c = ctx.comparisons[w.comparison]!;
    const d = c.behaviour.divergences[w.divergence]!;
    const reproduce = ctx.join(['lifecheck', 'diff', ctx.ref(c.a.model), ctx.ref(c.b.model)]);
    if (outDir !== undefined) {
      const pair = `${c.a.model}--${c.b.model}`;
      const links = [c.a.model, c.b.model].map((m) => `[${m}](${href(outDir, pair, `difference-${w.divergence + 1}-${m}.md`)})`);
      body.push(`Full traces: ${links.join(', ')} (also \`.txt\`, \`.mmd\`, \`.itf.json\`${options.models.get(c.a.model)?.presentation?.cReproducer ? ', `.c`' : ''} beside them). Reproduce: \`${reproduce}\`.`, '');
      const file = `${(options.links?.outArg ?? outDir).replace(/\/+$/, '')}/${pair}/difference-${w.divergence + 1}-${c.a.model}.json`;
      body.push(`Replay ${code(c.a.model)}'s trace on ${code(c.b.model)}: \`${ctx.join(['lifecheck', 'replay', file, '--model', ctx.ref(c.b.model)])}\`.`, '');
    } else if (level.embed) {
      for (const [name, trace] of [
        [c.a.model, d.traceA],
        [c.b.model, d.traceB],
      ] as const) {
        const model = options.models.get(name);
        if (model) body.push(...details(`Trace in ${code(name)}`, renderTrace(trace, { model, modelRef: ctx.ref(name), reproduceCommand: reproduce })));
      }
    } else body.push(`Reproduce: \`${reproduce}\` (the traces are in its \`--json\` and \`--out\` outputs).`, '');
    out.push(...details(`Call ${g.members[0]! + 1}: the calls before it, the differing state fields, the traces`, body.join('\n')));
  });
  return out;
}

function comparisonDetails(ctx: Ctx, c: ModelComparison): string[] {
  const A = c.a.model;
  const B = c.b.model;
  const pa = ctx.options.models.get(A)?.presentation;
  const out: string[] = [];
  const sa = c.stateSpaces.a;
  const sb = c.stateSpaces.b;
  const beh = c.behaviour;
  out.push(
    `Observable behaviour: ${beh.complete ? 'exhaustive' : '**incomplete**'} joint exploration of ${beh.jointStates} joint states, ${beh.jointTransitions} joint transitions, depth ${beh.depth}; ${beh.equivalent ? '**no difference for these constants**' : `${beh.divergences.length + beh.divergencesOmitted} first-diverging calls`}.`,
    '',
  );
  if (beh.labelsOnlyInA.length > 0) out.push(`Calls only ${code(A)} has: ${beh.labelsOnlyInA.map((l) => code(formatCall(l, pa))).join(', ')}.`, '');
  if (beh.labelsOnlyInB.length > 0) out.push(`Calls only ${code(B)} has: ${beh.labelsOnlyInB.map((l) => code(formatCall(l, ctx.options.models.get(B)?.presentation))).join(', ')}.`, '');
  const actions = [...new Set([...sa.coverage.map((x) => x.action), ...sb.coverage.map((x) => x.action)])];
  const cov = (list: typeof sa.coverage, action: string): string => {
    const e = list.find((x) => x.action === action);
    return e === undefined ? 'n/a' : `${e.statesGenerated} / ${e.distinctStates}`;
  };
  out.push(`| action (transitions / new states) | ${code(A)} | ${code(B)} |`, '|---|---:|---:|');
  for (const x of actions) out.push(`| ${code(x)} | ${cov(sa.coverage, x)} | ${cov(sb.coverage, x)} |`);
  out.push('');
  if (c.abstraction) {
    const ab = c.abstraction;
    out.push(`Abstract states: ${ab.countA} in ${code(A)}, ${ab.countB} in ${code(B)}, ${ab.common} in both${ab.complete ? '' : ' (**incomplete** exploration)'}.`, '');
    const maxAbstract = ctx.options.maxAbstractStates ?? 10;
    for (const [name, all, omittedBeyond] of [
      [A, ab.onlyInA, ab.omittedA],
      [B, ab.onlyInB, ab.omittedB],
    ] as const) {
      const items = all.slice(0, maxAbstract);
      const omitted = omittedBeyond + all.length - items.length;
      for (const item of items) out.push(`- only in ${code(name)} (${stepsText(item.trace.steps.length - 1)}): ${code(canonicalJson(item.abstract))}`);
      if (items.length > 0) out.push('');
      if (omitted > 0) out.push(`… and ${omitted} more abstract states only in ${code(name)}.`, '');
    }
  }
  if (c.refinement) {
    const r = c.refinement;
    out.push(`Refinement (every step of ${code(B)}, mapped to ${code(A)}, is a step of ${code(A)} or a stutter): **${r.status}** (${r.statesExplored} states of ${code(B)}${r.complete ? ', exhaustive' : ''}).`, '');
    if (r.message) out.push(cell(r.message), '');
    const model = ctx.options.models.get(B);
    if (r.status === 'violated' && r.counterexample && model) {
      const lines = traceCallLines(r.counterexample, model.presentation);
      out.push('```text', ...(lines.length === 0 ? ['(initial state)'] : lines), '```', '');
      if (r.mappedBefore !== undefined) {
        const before = stateLeaves(r.mappedBefore);
        const after = stateLeaves(r.mappedAfter);
        const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p));
        if (changed.length > 0) out.push(`The mapped ${code(A)} state changes in: ${changed.map((p) => `${code(p)} ${before.get(p) ?? '(none)'} → ${after.get(p) ?? '(none)'}`).join(', ')}.`, '');
      }
    }
  }
  if (c.source) {
    const s = c.source;
    if (s.changes.length === 0) out.push('Source: no action, state field or property was added, removed or changed.', '');
    else {
      out.push('| change | kind | name | detail | where |', '|---|---|---|---|---|');
      for (const x of s.changes) {
        const where = [x.a ? `${A}: ${x.a.file}:${x.a.line}` : '', x.b ? `${B}: ${x.b.file}:${x.b.line}` : ''].filter(Boolean).join('<br>');
        out.push(`| ${x.change} | ${x.category} | ${code(x.name)} | ${cell(x.detail ?? '')} | ${where} |`);
      }
      out.push('');
    }
    if (s.variantSites.length > 0) {
      out.push('Shared code that branches on the model:', '', '| where | function | condition |', '|---|---|---|');
      for (const v of s.variantSites) out.push(`| ${v.file}:${v.line} | ${code(v.function)} | ${code(v.condition)} |`);
      out.push('');
    }
  }
  return details(`${code(A)} → ${code(B)}: behaviour, state spaces, abstract states, refinement, source`, out.join('\n'));
}

function renderAt(ctx: Ctx, levelIndex: number): string {
  const level = LEVELS[levelIndex]!;
  const out: string[] = ['# lifecheck diff', ''];
  if (ctx.options.command) out.push('Produced by:', '', '```sh', ctx.options.command, '```', '');
  out.push(...summary(ctx, level, levelIndex));
  out.push(...propertiesSection(ctx, level));
  out.push(...divergencesSection(ctx, level));
  if (level.comparisons && ctx.comparisons.length > 0) {
    out.push('## Per comparison', '');
    for (const c of ctx.comparisons) out.push(...comparisonDetails(ctx, c));
  }
  for (const section of ctx.options.sections ?? []) out.push(...section.body);
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * Renders the whole report (see the module comment): the most detailed level whose document fits `maxChars`, or
 * the least detailed one when none fits. Deterministic.
 */
export function renderDiffMarkdown(comparisons: readonly ModelComparison[], options: DiffMarkdownOptions): string {
  const versions = diffVersions(comparisons);
  const divergences = options.divergences ?? crossVersionDivergences(comparisons, versions);
  const ctx: Ctx = {
    comparisons,
    versions,
    divergences,
    groups: groupCrossDivergences(divergences, versions),
    options,
    join: options.commandLine ?? ((words) => words.join(' ')),
    ref: (model) => options.refs?.get(model) ?? model,
  };
  const max = options.maxChars ?? DIFF_MARKDOWN_MAX_CHARS;
  let text = '';
  for (let i = 0; i < LEVELS.length; i += 1) {
    text = renderAt(ctx, i);
    if (text.length <= max) return text;
  }
  return text;
}
