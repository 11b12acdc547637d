/**
 * The text renderer of a diff: one section per question (properties, observable behaviour, state spaces,
 * refinement, source), deterministic bytes (no timings), colour only when asked.
 */
import type { Json } from '../../engine/api/json.js';
import type { Presentation } from '../../engine/api/model.js';
import type { Trace } from '../../engine/api/trace.js';
import type { ModelComparison } from '../diffModels.js';
import type { PropertyVerdict } from '../compareProperties.js';
import { describeDivergence } from './describeDivergence.js';
import { groupDivergences } from '../groupDivergences.js';
import { formatCall, formatStep } from '../../../traces/formatStep.js';
import { differingLeaves, stateLeaves } from './stateLeaves.js';
import { canonicalJson } from '../../engine/api/json.js';
import { renderSourceText } from './renderSourceText.js';
import { stepsText } from '../../../traces/traceSteps.js';

/** Options of {@link renderDiffText}. */
export interface DiffTextOptions {
  readonly color?: boolean;
  /** How each model writes its calls (its `presentation`). */
  readonly presentationA?: Presentation;
  readonly presentationB?: Presentation;
  /** At most this many behaviour witnesses are printed in full. @defaultValue 20 */
  readonly maxWitnesses?: number;
  /** At most this many abstract states only in one model are printed per model. @defaultValue 5 */
  readonly maxAbstractStates?: number;
}

/** `holds`, `violated (4 steps)`, `n/a`, `unknown`. */
export function formatVerdict(v: PropertyVerdict): string {
  if (v.status === 'absent') return 'n/a';
  if (v.status === 'violated') return `violated (${stepsText(v.steps ?? 0)})`;
  return v.status;
}

function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) => indent + r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

/** The calls of a trace, one per line (the aborted call last, marked). */
export function traceCallLines(trace: Trace<unknown>, presentation?: Presentation): string[] {
  const lines = trace.steps.slice(1).map((s, i) => `${i + 1}. ${formatStep(s.label!, s.result, presentation)}`);
  if (trace.aborted) lines.push(`${trace.steps.length}. ${formatCall(trace.aborted.label, presentation)}  ✗ ${trace.aborted.message}`);
  return lines;
}

function abstractText(value: Json): string {
  return canonicalJson(value);
}

/** Renders one comparison as text ending in a newline. Deterministic. */
export function renderDiffText(c: ModelComparison, options: DiffTextOptions = {}): string {
  const paint = (code: string, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const A = c.a.model;
  const B = c.b.model;
  const pa = options.presentationA;
  const pb = options.presentationB;
  const out: string[] = [];
  const constants = c.a.constantSet ?? canonicalJson(c.a.constants);
  out.push(paint('1', `lifecheck diff: ${A} → ${B} (constants ${constants})`), '');

  // 1. Properties.
  const changed = c.properties.filter((p) => p.changed).length;
  out.push(paint('1', `1. Properties (${c.properties.length}, ${changed} with a different verdict)`));
  out.push(
    ...table([
      ['property', 'kind', A, B, ''],
      ...c.properties.map((p) => [p.name, p.kind, formatVerdict(p.a), formatVerdict(p.b), p.changed ? paint('33', '≠') : '']),
    ]),
  );
  out.push('');

  // 2. Behaviour.
  const beh = c.behaviour;
  const how = `${beh.complete ? 'exhaustive' : 'INCOMPLETE'} joint exploration: ${beh.jointStates} joint states, ${beh.jointTransitions} joint transitions, depth ${beh.depth}`;
  if (beh.equivalent) {
    out.push(paint('1', '2. Observable behaviour: no difference for these constants'), `  (${how})`);
  } else {
    const n = beh.divergences.length + beh.divergencesOmitted;
    out.push(paint('1', `2. Observable behaviour: ${n} first-diverging call${n === 1 ? '' : 's'}`), `  (${how})`);
    if (beh.labelsOnlyInA.length > 0) out.push(`  calls only ${A} has: ${beh.labelsOnlyInA.map((l) => formatCall(l, pa)).join(', ')}`);
    if (beh.labelsOnlyInB.length > 0) out.push(`  calls only ${B} has: ${beh.labelsOnlyInB.map((l) => formatCall(l, pb)).join(', ')}`);
    const kinds: Record<string, string> = {
      result: 'results differ',
      refusedByA: `${A} refuses`,
      refusedByB: `${B} refuses`,
      assertionInA: `assertion in ${A}`,
      assertionInB: `assertion in ${B}`,
    };
    out.push('  by action:');
    out.push(
      ...table(
        [
          ['action', 'how', 'labels', 'shortest', 'witness'],
          ...groupDivergences(beh.divergences).map((g) => [g.action, kinds[g.kind]!, String(g.count), stepsText(g.shortest), `[${g.first + 1}]`]),
        ],
        '    ',
      ),
    );
    const max = options.maxWitnesses ?? 20;
    beh.divergences.slice(0, max).forEach((d, i) => {
      out.push(`  [${i + 1}] after ${d.steps - 1} agreed step${d.steps === 2 ? '' : 's'}: ${paint('36', describeDivergence(d, A, B, pa, pb))}`);
      for (const line of traceCallLines({ steps: d.traceA.steps.slice(0, d.steps) }, pa)) out.push(`      ${line}`);
      const before = differingLeaves(d.traceA.steps[d.steps - 1]!.state, d.traceB.steps[d.steps - 1]!.state);
      if (before.length === 0) out.push('      states before the call: equal');
      else {
        out.push('      states before the call differ in:');
        for (const leaf of before) out.push(`        ${leaf.path}: ${A} ${leaf.a ?? '(none)'}, ${B} ${leaf.b ?? '(none)'}`);
      }
    });
    const hidden = beh.divergences.length - Math.min(beh.divergences.length, max) + beh.divergencesOmitted;
    if (hidden > 0) out.push(`  … and ${hidden} more (see the JSON or Markdown output)`);
  }
  out.push('');

  // 3. State spaces.
  const sa = c.stateSpaces.a;
  const sb = c.stateSpaces.b;
  out.push(paint('1', '3. State spaces'));
  out.push(
    ...table([
      ['', A, B],
      ['distinct states', String(sa.distinctStates), String(sb.distinctStates)],
      ['transitions', String(sa.transitions), String(sb.transitions)],
      ['depth', String(sa.depth), String(sb.depth)],
      ['exhaustive', sa.complete ? 'yes' : 'NO', sb.complete ? 'yes' : 'NO'],
    ]),
  );
  const actions = [...new Set([...sa.coverage.map((x) => x.action), ...sb.coverage.map((x) => x.action)])];
  const cov = (list: typeof sa.coverage, action: string): string => {
    const e = list.find((x) => x.action === action);
    return e === undefined ? 'n/a' : `${e.statesGenerated} / ${e.distinctStates}`;
  };
  out.push('  coverage (transitions / new distinct states):');
  out.push(...table([['action', A, B], ...actions.map((x) => [x, cov(sa.coverage, x), cov(sb.coverage, x)])], '    '));
  if (c.abstraction) {
    const ab = c.abstraction;
    out.push(`  abstract states: ${ab.countA} in ${A}, ${ab.countB} in ${B}, ${ab.common} in both${ab.complete ? '' : ' (INCOMPLETE exploration)'}`);
    const maxAbstract = options.maxAbstractStates ?? 5;
    const list = (name: string, all: typeof ab.onlyInA, omittedBeyond: number, p?: Presentation): void => {
      const items = all.slice(0, maxAbstract);
      const omitted = omittedBeyond + all.length - items.length;
      for (const item of items) {
        out.push(`    only in ${name}: ${abstractText(item.abstract)}`);
        const lines = traceCallLines(item.trace, p);
        out.push(...(lines.length === 0 ? ['initial state'] : lines).map((l) => `        ${l}`));
      }
      if (omitted > 0) out.push(`    … and ${omitted} more only in ${name}`);
    };
    list(A, ab.onlyInA, ab.omittedA, pa);
    list(B, ab.onlyInB, ab.omittedB, pb);
  }
  out.push('');

  // 4. Refinement.
  if (c.refinement) {
    const r = c.refinement;
    out.push(paint('1', `4. Refinement (${B} ⇒ ${A}): ${r.status}`) + ` (${r.statesExplored} states of ${B}${r.complete ? ', exhaustive' : ''})`);
    if (r.status === 'violated' && r.counterexample) {
      out.push(`  ${r.message ?? ''}`);
      out.push(...traceCallLines(r.counterexample, pb).map((l) => `    ${l}`));
      if (r.mappedBefore !== undefined) {
        out.push(`  mapped ${A} state changes in:`);
        for (const leaf of differingLeaves(r.mappedBefore, r.mappedAfter)) out.push(`    ${leaf.path}: ${leaf.a ?? '(none)'} → ${leaf.b ?? '(none)'}`);
        if ((r.closestSteps ?? []).length === 0) out.push(`  ${A} has no step from the mapped state`);
        for (const step of r.closestSteps ?? []) {
          const diffs = step.differences.map((leaf) => `${leaf.path}: ${leaf.a ?? '(none)'} vs ${leaf.b ?? '(none)'}`);
          out.push(`  closest step of ${A}: ${formatCall(step.label, pa)} — differs in ${diffs.join(', ')}`);
        }
      } else {
        out.push(`  mapped initial state: ${[...stateLeaves(r.mappedAfter)].map(([k, v]) => `${k}=${v}`).join(' ')}`);
      }
    } else if (r.message) out.push(`  ${r.message}`);
    out.push('');
  }

  // 5. Source.
  if (c.source) out.push(...renderSourceText(c.source, A, B, paint), '');
  return `${out.join('\n').trimEnd()}\n`;
}
