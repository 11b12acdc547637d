import { describe, expect, it } from 'vitest';
import { diffObservable } from '../../../../checker/diff/observable/diffObservable.js';
import { renderObservableMarkdown } from '../../../../checker/diff/render/renderObservableMarkdown.js';
import { counter, mapping } from '../observable/fixtures/counter.js';

describe('renderObservableMarkdown', () => {
  const diff = diffObservable([counter('atomic', true), counter('racy', false)], mapping);
  const render = () => renderObservableMarkdown(diff, { mapping, title: 'Threads', rowTrace: (row, model) => `out/call-${row + 1}-${model}.md` });

  it('puts one summary row per comparison and one table row per first-diverging call, a column per version', () => {
    const { summary, body } = render();
    expect(summary.join('\n')).toContain('| `atomic` → `racy` |');
    const rows = body.filter((l) => /^\| \d+ \| inc\(\) \|.*×\d+ \|$/.test(l));
    expect(rows).toHaveLength(diff.rows.length);
    expect(body).toContain('| # | call | `atomic` | `racy` | events | found in |');
    // The lost update: the racy counter can answer 1 where the atomic one answers 2.
    expect(rows.some((r) => r.includes('| 2 | 1 or 2 |'))).toBe(true);
  });

  it('folds each row\'s calls and returns as thread lanes with links to the concrete interleavings, deterministically', () => {
    const text = render().body.join('\n');
    expect(text).toContain('| # | T0 | T1 |');
    expect(text).toContain('← differs');
    expect(text).toContain('[racy](<out/call-1-racy.md>)');
    expect(render().body.join('\n')).toBe(text);
  });
});
