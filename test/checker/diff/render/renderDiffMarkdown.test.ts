import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnyModel, CompiledModel, Label } from '../../../../checker/engine/index.js';
import { compileModel } from '../../../../checker/engine/index.js';
import { createDiffCache, diffModels, type ModelComparison } from '../../../../checker/diff/diffModels.js';
import { comparisonPairs } from '../../../../checker/cli/commands/diff.js';
import { shellCommand } from '../../../../traces/shellWord.js';
import { answerKey, crossVersionDivergences } from '../../../../checker/diff/render/crossVersion.js';
import { DIFF_MARKDOWN_MAX_CHARS, diffVersions, renderDiffMarkdown, type DiffMarkdownOptions } from '../../../../checker/diff/render/renderDiffMarkdown.js';
import { vfioNew, vfioOld, vfioPost } from '../../../../spec/vfio/models.js';

/**
 * The diff document of the VFIO versions at the `small` constants (the structure does not depend on the constants;
 * `npm run diff` writes the `default` one to docs/vfio-diff.md). Four versions: old, new, post and a renamed copy of
 * post (the lock-level models land later), so the document has a column per version and a version that only replay
 * can fill in.
 */
const old = vfioOld as unknown as AnyModel;
const next = vfioNew as unknown as AnyModel;
const post = vfioPost as unknown as AnyModel;
const postAgain: AnyModel = { ...post, name: 'vfio-post-again' };

const cache = createDiffCache();
function comparisonsOf(models: readonly AnyModel[]): ModelComparison[] {
  return comparisonPairs(models).map(([a, b]) => diffModels(a, b, { constantSet: 'small', cache }));
}
const three = [old, next, post];
const four = [old, next, post, postAgain];
const threeComparisons = comparisonsOf(three);
const fourComparisons = comparisonsOf(four);
const compiled = (models: readonly AnyModel[]): Map<string, CompiledModel> => new Map(models.map((m) => [m.name, compileModel(m, { constantSet: 'small' })]));

function options(models: readonly AnyModel[], comparisons: readonly ModelComparison[], extra: Partial<DiffMarkdownOptions> = {}): DiffMarkdownOptions {
  return {
    models: new Map(models.map((m) => [m.name, m])),
    refs: new Map(models.map((m) => [m.name, m === postAgain ? 'spec/vfio/models.ts#vfioPost' : m.name])),
    command: shellCommand(['lifecheck', 'diff', ...models.map((m) => m.name), '--constants', 'small']),
    commandLine: shellCommand,
    divergences: crossVersionDivergences(comparisons, diffVersions(comparisons), compiled(models)),
    links: { outDir: 'out/diff', json: 'out/diff/vfio.json' },
    ...extra,
  };
}

/** The document's lines between the heading `title` (a `## ` line) and the next `## ` heading. */
function section(doc: string, title: string): string[] {
  const lines = doc.split('\n');
  const start = lines.indexOf(title);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe('the diff document (VFIO, small constants)', () => {
  const doc3 = renderDiffMarkdown(threeComparisons, options(three, threeComparisons));
  const doc4 = renderDiffMarkdown(fourComparisons, options(four, fourComparisons));

  it(`stays under ${DIFF_MARKDOWN_MAX_CHARS} characters for three and four versions`, () => {
    expect(doc3.length).toBeLessThan(DIFF_MARKDOWN_MAX_CHARS);
    expect(doc4.length).toBeLessThan(DIFF_MARKDOWN_MAX_CHARS);
  });

  it('leads with the summary: versions, comparisons, counts, groups, then the properties as one table', () => {
    const headings = doc4.split('\n').filter((l) => l.startsWith('## '));
    expect(headings[0]).toBe('## Summary');
    const summary = section(doc4, '## Summary');
    const firstDetails = summary.findIndex((l) => l === '<details>');
    const before = firstDetails < 0 ? summary : summary.slice(0, firstDetails);
    for (const m of four) expect(before.some((l) => l.startsWith(`| \`${m.name}\` |`))).toBe(true);
    expect(before.join('\n')).toMatch(/\*\*12 first-diverging calls in 3 divergence groups\*\*/);
    const header = before.find((l) => l.startsWith('| property |'));
    expect(header).toBe(`| property | kind | ${four.map((m) => `\`${m.name}\``).join(' | ')} |`);
    // One row per property, whatever the number of comparisons.
    const rows = before.filter((l) => /^\| (\*\*)?`[^`]+`(\*\*)? \| (invariant|action|assertion|alwaysReachable|temporal)/.test(l));
    expect(new Set(rows.map((r) => r.split(' | ')[0])).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(20);
  });

  it('shows each first-diverging call once, with a column per version, grouped', () => {
    const lines = section(doc4, '## First-diverging calls');
    const rows = lines.filter((l) => /^\| \d+ \| \d+ steps? \|/.test(l));
    const divergences = options(four, fourComparisons).divergences!;
    expect(rows).toHaveLength(divergences.length);
    // Both old→new and new→post find these calls: each is still one row.
    const calls = rows.map((r) => r.split(' | ').slice(1, 3).join(' | '));
    expect(new Set(calls).size).toBe(calls.length);
    for (const r of rows) expect(r.split(' | ')).toHaveLength(3 + four.length);
    expect(lines.filter((l) => l.startsWith('### '))).toHaveLength(3);
  });

  it('fills the versions no comparison covered by replay, and the replayed answers are the recorded ones', () => {
    const divergences = options(four, fourComparisons).divergences!;
    expect(divergences.length).toBe(12);
    for (const d of divergences) {
      expect(d.witnesses.every((w) => w.comparison < 2)).toBe(true); // post → post-again finds nothing
      expect(answerKey(d.answers.get('vfio-post-again'))).toBe(answerKey(d.answers.get('vfio-post')));
      expect(answerKey(d.answers.get('vfio-old'))).not.toBe(answerKey(d.answers.get('vfio-new')));
    }
  });

  it('folds states and traces into <details>, and links the trace files', () => {
    const lines = doc4.split('\n');
    let depth = 0;
    const outside: string[] = [];
    for (const l of lines) {
      if (l === '<details>' || l.startsWith('<details>')) depth += 1;
      else if (l === '</details>') depth -= 1;
      else if (depth === 0) outside.push(l);
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    const folded = ['The state fields that differ', 'The calls before it', 'Full traces:', '```text'];
    for (const f of folded) {
      expect(doc4).toContain(f);
      expect(outside.some((l) => l.startsWith(f))).toBe(false);
    }
    expect(doc4).toContain('(<out/diff/vfio-old--vfio-new/difference-1-vfio-old.md>)');
    expect(doc4).toContain('(<out/diff/vfio-old/I1_noContainerWithoutGroupFile.md>)');
  });

  it('shell-quotes the reproduce and replay hints', () => {
    expect(doc4).toContain("`lifecheck diff vfio-old vfio-new`");
    expect(doc4).toContain('`lifecheck replay out/diff/vfio-old--vfio-new/difference-1-vfio-old.json --model vfio-new`');
    expect(doc4).toContain("lifecheck diff vfio-old vfio-new vfio-post vfio-post-again --constants small");
    const quoted = renderDiffMarkdown(threeComparisons, options(three, threeComparisons, { refs: new Map([['vfio-old', 'spec/vfio/models.ts#vfioOld']]) }));
    expect(quoted).toContain("`lifecheck diff 'spec/vfio/models.ts#vfioOld' vfio-new`");
  });

  it('is deterministic', () => {
    expect(renderDiffMarkdown(fourComparisons, options(four, fourComparisons))).toBe(doc4);
  });
});

describe('the diff document under its length limit', () => {
  /** The VFIO comparisons with every divergence repeated `n` times under distinct (fictitious) labels. */
  function inflate(comparisons: readonly ModelComparison[], n: number): ModelComparison[] {
    return comparisons.map((c) => ({
      ...c,
      behaviour: {
        ...c.behaviour,
        divergences: c.behaviour.divergences.flatMap((d) =>
          Array.from({ length: n }, (_, k) => {
            const label: Label = { action: d.label.action, params: { copy: k, of: d.label.params } };
            return { ...d, label };
          }),
        ),
      },
    }));
  }

  it('degrades in steps, deterministically, says where the full data is, and stays under the limit', () => {
    const big = inflate(fourComparisons, 40);
    const opts = { ...options(four, big), divergences: crossVersionDivergences(big, diffVersions(big)) };
    expect(opts.divergences.length).toBe(12 * 40);
    const doc = renderDiffMarkdown(big, opts);
    expect(doc.length).toBeLessThanOrEqual(DIFF_MARKDOWN_MAX_CHARS);
    expect(doc).toMatch(/This document is shortened to stay under 60000 characters/);
    expect(doc).toContain('[out/diff/vfio.json](<out/diff/vfio.json>)');
    expect(doc).toMatch(/… and \d+ more calls of this group, in the JSON document and under `out\/diff`\./);
    expect(doc).toMatch(/\*\*480 first-diverging calls in 3 divergence groups\*\*/);
    expect(renderDiffMarkdown(big, opts)).toBe(doc);
    // A tighter limit shows less, but still the summary and every group.
    const tight = renderDiffMarkdown(big, { ...opts, maxChars: 15_000 });
    expect(tight.length).toBeLessThanOrEqual(15_000);
    expect(tight.split('\n').filter((l) => /^### \d+\. /.test(l))).toHaveLength(3);
  });

  it('does not shorten a document that fits', () => {
    const doc = renderDiffMarkdown(threeComparisons, options(three, threeComparisons));
    expect(doc).not.toContain('shortened');
    expect(doc).not.toContain('more calls of this group');
  });
});

describe('docs/vfio-diff.md (written by npm run diff at the default constants)', () => {
  it(`is under ${DIFF_MARKDOWN_MAX_CHARS} characters and leads with the summary`, () => {
    const doc = readFileSync('docs/vfio-diff.md', 'utf8');
    expect(doc.length).toBeLessThan(DIFF_MARKDOWN_MAX_CHARS);
    expect(doc.split('\n').find((l) => l.startsWith('## '))).toBe('## Summary');
    expect(doc).toContain('lifecheck diff vfio-old vfio-new vfio-post --constants default');
  });
});
