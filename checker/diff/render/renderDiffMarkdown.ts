/**
 * The Markdown report of `lifecheck diff`, for a code review: per comparison of two models, the properties side by
 * side, the observable differences (each with both traces), the state spaces (with abstract states reachable in one
 * model only), refinement, and the source changes.
 *
 * Traces are embedded through a trace renderer the caller injects (`renderTrace`; the CLI passes the Markdown trace
 * renderer of `traces/`, through `traces/diffMarkdown.ts`), so that the engine never imports `traces/`.
 */
import { canonicalJson } from '../../engine/api/json.js';
import type { AnyModel } from '../../engine/api/model.js';
import type { Trace } from '../../engine/api/trace.js';
import type { ModelComparison } from '../diffModels.js';
import type { PropertyVerdict } from '../compareProperties.js';
import { groupDivergences } from '../groupDivergences.js';
import { describeDivergence } from './describeDivergence.js';
import { formatCall, formatResult, formatStep } from '../../../traces/formatStep.js';
import { traceCallLines } from './renderDiffText.js';
import { differingLeaves } from './stateLeaves.js';
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

/** Options of {@link renderDiffMarkdown}. */
export interface DiffMarkdownOptions {
  /** The compared models by name, for property documentation and syscall-style calls. */
  readonly models: ReadonlyMap<string, AnyModel>;
  /** How to name the models on a command line (registered name or module path), by model name. */
  readonly refs?: ReadonlyMap<string, string>;
  /** The command that produced the report, shown at the top. */
  readonly command?: string;
  /**
   * Which behaviour witnesses get a full section with both traces: `group` = the first (shortest) of each
   * (action, kind) group, the others being listed in the table only; `all` = every witness. @defaultValue 'group'
   */
  readonly witnesses?: 'group' | 'all';
  /** At most this many abstract states only in one model are shown (with traces) per model. @defaultValue 10 */
  readonly maxAbstractStates?: number;
  /** Renders one embedded trace as Markdown. @defaultValue a numbered list of the calls in a text block */
  readonly renderTrace?: (trace: Trace<unknown>, context: DiffTraceContext) => string;
}

function plainTrace(trace: Trace<unknown>, context: DiffTraceContext): string {
  const lines = traceCallLines(trace, context.model.presentation);
  return ['```text', ...(lines.length === 0 ? ['(initial state)'] : lines), '```', '', `Reproduce: \`${context.reproduceCommand}\``, ''].join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function verdict(v: PropertyVerdict): string {
  if (v.status === 'absent') return 'n/a';
  if (v.status === 'violated') return `**violated** (${stepsText(v.steps ?? 0)})`;
  return v.status;
}

function details(summary: string, body: string): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', body.trimEnd(), '', '</details>', ''];
}


/** Renders one comparison (headings start at `##`). Deterministic. */
export function renderComparisonMarkdown(c: ModelComparison, options: DiffMarkdownOptions): string {
  const A = c.a.model;
  const B = c.b.model;
  const modelA = options.models.get(A);
  const modelB = options.models.get(B);
  const refA = options.refs?.get(A) ?? A;
  const refB = options.refs?.get(B) ?? B;
  const renderTrace = options.renderTrace ?? plainTrace;
  const pa = modelA?.presentation;
  const pb = modelB?.presentation;
  const out: string[] = [];
  const constants = c.a.constantSet ?? canonicalJson(c.a.constants);
  out.push(`## \`${A}\` → \`${B}\` (constants \`${constants}\`)`, '');

  // 1. Properties.
  out.push('### 1. Properties', '');
  out.push(`| property | kind | \`${A}\` | \`${B}\` |`, '|---|---|---|---|');
  for (const p of c.properties) {
    const name = p.changed ? `**${code(p.name)}**` : code(p.name);
    out.push(`| ${name} | ${p.kind} | ${verdict(p.a)} | ${verdict(p.b)} |`);
  }
  out.push('');
  const changedViolations = c.properties.filter((p) => p.changed);
  for (const p of changedViolations) {
    for (const [side, v, model, ref] of [
      [A, p.a, modelA, refA],
      [B, p.b, modelB, refB],
    ] as const) {
      if (v.status !== 'violated' || !v.counterexample || !model) continue;
      const context: DiffTraceContext = {
        model,
        modelRef: ref,
        propertyName: p.name,
        ...(v.message !== undefined ? { message: v.message } : {}),
        reproduceCommand: `lifecheck check ${ref} --property ${p.name}`,
      };
      out.push(...details(`Counterexample: ${code(p.name)} in ${code(side)} (${stepsText(v.steps ?? 0)})`, renderTrace(v.counterexample, context)));
    }
  }

  // 2. Behaviour.
  const beh = c.behaviour;
  const how = `${beh.complete ? 'exhaustive' : '**incomplete**'} joint exploration of ${beh.jointStates} joint states, ${beh.jointTransitions} joint transitions, depth ${beh.depth}`;
  out.push('### 2. Observable behaviour', '');
  if (beh.equivalent) {
    out.push(`**No difference for these constants**: the same calls give the same results in both models (${how}).`, '');
  } else {
    const n = beh.divergences.length + beh.divergencesOmitted;
    out.push(`**${n} first-diverging call${n === 1 ? '' : 's'}** (${how}). Each is a shortest call sequence on which both models agree, then one call they answer differently.`, '');
    if (beh.labelsOnlyInA.length > 0) out.push(`Calls only \`${A}\` has: ${beh.labelsOnlyInA.map((l) => code(formatCall(l, pa))).join(', ')}.`, '');
    if (beh.labelsOnlyInB.length > 0) out.push(`Calls only \`${B}\` has: ${beh.labelsOnlyInB.map((l) => code(formatCall(l, pb))).join(', ')}.`, '');
    const kinds: Record<string, string> = {
      result: 'results differ',
      refusedByA: `\`${A}\` refuses`,
      refusedByB: `\`${B}\` refuses`,
      assertionInA: `assertion in \`${A}\``,
      assertionInB: `assertion in \`${B}\``,
    };
    out.push('| action | how | labels | shortest witness |', '|---|---|---:|---|');
    for (const g of groupDivergences(beh.divergences)) {
      out.push(`| ${code(g.action)} | ${kinds[g.kind]} | ${g.count} | ${stepsText(g.shortest)} (difference ${g.first + 1}) |`);
    }
    out.push('');
    out.push(`| # | after | diverging call | \`${A}\` | \`${B}\` |`, '|---:|---:|---|---|---|');
    beh.divergences.forEach((d, i) => {
      const side = (o: (typeof d)['a'], p: typeof pa): string =>
        o.kind === 'refused' ? 'refused' : o.kind === 'assertion' ? `✗ ${o.property}` : o.result === undefined ? 'taken' : code(formatResult(d.label, o.result, p));
      out.push(`| ${i + 1} | ${stepsText(d.steps - 1)} | ${code(formatCall(d.label, pa))} | ${side(d.a, pa)} | ${side(d.b, pb)} |`);
    });
    out.push('');
    const shown = new Set(
      options.witnesses === 'all' ? beh.divergences.map((_, i) => i) : groupDivergences(beh.divergences).map((g) => g.first),
    );
    beh.divergences.forEach((d, i) => {
      if (!shown.has(i)) return;
      out.push(`#### Difference ${i + 1}: ${cell(describeDivergence(d, A, B, pa, pb))}`, '');
      const prefix = d.traceA.steps.slice(1, d.steps).map((s, k) => `${k + 1}. ${code(formatStep(s.label!, s.result, pa))}`);
      out.push(prefix.length === 0 ? 'From the initial states.' : 'After these calls, answered alike by both models:', '', ...prefix, '');
      const before = differingLeaves(d.traceA.steps[d.steps - 1]!.state, d.traceB.steps[d.steps - 1]!.state);
      if (before.length === 0) out.push('The two states before the diverging call are equal.', '');
      else {
        out.push('The two states before the diverging call differ in:', '', `| field | \`${A}\` | \`${B}\` |`, '|---|---|---|');
        for (const leaf of before) out.push(`| ${code(leaf.path)} | ${leaf.a ?? '(none)'} | ${leaf.b ?? '(none)'} |`);
        out.push('');
      }
      const reproduce = `lifecheck diff ${refA} ${refB}`;
      for (const [name, trace, model, ref] of [
        [A, d.traceA, modelA, refA],
        [B, d.traceB, modelB, refB],
      ] as const) {
        if (!model) continue;
        out.push(...details(`Trace in ${code(name)}`, renderTrace(trace, { model, modelRef: ref, reproduceCommand: reproduce })));
      }
    });
    const hidden = beh.divergences.length - shown.size + beh.divergencesOmitted;
    if (hidden > 0) {
      out.push(
        `${hidden === 1 ? 'The other difference is' : `The ${hidden} other differences are`} listed in the table above; their traces are in the JSON output (\`--json\`) and under \`--out\`.`,
        '',
      );
    }
  }

  // 3. State spaces.
  const sa = c.stateSpaces.a;
  const sb = c.stateSpaces.b;
  out.push('### 3. State spaces', '');
  out.push(`| | \`${A}\` | \`${B}\` |`, '|---|---:|---:|');
  out.push(`| distinct states | ${sa.distinctStates} | ${sb.distinctStates} |`);
  out.push(`| transitions | ${sa.transitions} | ${sb.transitions} |`);
  out.push(`| depth | ${sa.depth} | ${sb.depth} |`);
  out.push(`| exhaustive | ${sa.complete ? 'yes' : '**no**'} | ${sb.complete ? 'yes' : '**no**'} |`, '');
  const actions = [...new Set([...sa.coverage.map((x) => x.action), ...sb.coverage.map((x) => x.action)])];
  const cov = (list: typeof sa.coverage, action: string): string => {
    const e = list.find((x) => x.action === action);
    return e === undefined ? 'n/a' : `${e.statesGenerated} / ${e.distinctStates}`;
  };
  out.push(`| action (transitions / new states) | \`${A}\` | \`${B}\` |`, '|---|---:|---:|');
  for (const x of actions) out.push(`| ${code(x)} | ${cov(sa.coverage, x)} | ${cov(sb.coverage, x)} |`);
  out.push('');
  if (c.abstraction) {
    const ab = c.abstraction;
    out.push(`Abstract states: ${ab.countA} in \`${A}\`, ${ab.countB} in \`${B}\`, ${ab.common} in both${ab.complete ? '' : ' (**incomplete** exploration)'}.`, '');
    const maxAbstract = options.maxAbstractStates ?? 10;
    for (const [name, all, omittedBeyond, model, ref] of [
      [A, ab.onlyInA, ab.omittedA, modelA, refA],
      [B, ab.onlyInB, ab.omittedB, modelB, refB],
    ] as const) {
      const items = all.slice(0, maxAbstract);
      const omitted = omittedBeyond + all.length - items.length;
      for (const item of items) {
        const title = `Only in ${code(name)}: ${code(canonicalJson(item.abstract))}`;
        if (!model) out.push(`- ${title}`);
        else out.push(...details(title, renderTrace(item.trace, { model, modelRef: ref, reproduceCommand: `lifecheck diff ${refA} ${refB}` })));
      }
      if (items.length > 0) out.push('');
      if (omitted > 0) out.push(`… and ${omitted} more abstract states only in \`${name}\`.`, '');
    }
  }

  // 4. Refinement.
  if (c.refinement) {
    const r = c.refinement;
    out.push('### 4. Refinement', '');
    out.push(`Every step of \`${B}\`, mapped to \`${A}\`, is a step of \`${A}\` or a stutter: **${r.status}** (${r.statesExplored} states of \`${B}\`${r.complete ? ', exhaustive' : ''}).`, '');
    if (r.status === 'violated' && r.counterexample && modelB) {
      if (r.message) out.push(r.message, '');
      if (r.mappedBefore !== undefined) {
        out.push(`The mapped \`${A}\` state changes in:`, '', '| field | before | after |', '|---|---|---|');
        for (const leaf of differingLeaves(r.mappedBefore, r.mappedAfter)) out.push(`| ${code(leaf.path)} | ${leaf.a ?? '(none)'} | ${leaf.b ?? '(none)'} |`);
        out.push('');
        if ((r.closestSteps ?? []).length === 0) out.push(`\`${A}\` has no step from the mapped state.`, '');
        else {
          out.push(`The closest steps of \`${A}\`, and where their successors still differ from the mapped state:`, '');
          for (const step of r.closestSteps ?? []) {
            const diffs = step.differences.map((leaf) => `${code(leaf.path)} ${leaf.a ?? '(none)'} vs ${leaf.b ?? '(none)'}`);
            out.push(`- ${code(formatCall(step.label, pa))}: ${diffs.join(', ')}`);
          }
          out.push('');
        }
      }
      out.push(...details(`Trace in ${code(B)}`, renderTrace(r.counterexample, { model: modelB, modelRef: refB, reproduceCommand: `lifecheck diff ${refA} ${refB}` })));
    } else if (r.message) out.push(r.message, '');
  }

  // 5. Source.
  if (c.source) {
    const s = c.source;
    out.push('### 5. Source', '');
    if (s.changes.length === 0) out.push('No action, state field or property was added, removed or changed.', '');
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
  return `${out.join('\n').trimEnd()}\n`;
}

/** Renders the whole report: a summary table, then every comparison. Deterministic. */
export function renderDiffMarkdown(comparisons: readonly ModelComparison[], options: DiffMarkdownOptions): string {
  const out: string[] = ['# lifecheck diff', ''];
  if (options.command) out.push('Produced by:', '', '```sh', options.command, '```', '');
  out.push('| comparison | properties with a different verdict | observable behaviour | refinement |', '|---|---:|---|---|');
  for (const c of comparisons) {
    const n = c.behaviour.divergences.length + c.behaviour.divergencesOmitted;
    const behaviour = c.behaviour.equivalent ? 'no difference' : `${n} diverging call${n === 1 ? '' : 's'}${c.behaviour.complete ? '' : ' (incomplete)'}`;
    out.push(`| \`${c.a.model}\` → \`${c.b.model}\` | ${c.properties.filter((p) => p.changed).length} | ${behaviour} | ${c.refinement?.status ?? '—'} |`);
  }
  out.push('');
  for (const c of comparisons) out.push(renderComparisonMarkdown(c, options));
  return `${out.join('\n').trimEnd()}\n`;
}
