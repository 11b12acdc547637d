import { describe, expect, it } from 'vitest';
import { defineModel, defineThreads, t, type Label } from '../../../../checker/engine/index.js';
import type { ObservableMapping } from '../../../../checker/diff/observable/observableMapping.js';
import { diffObservable } from '../../../../checker/diff/observable/diffObservable.js';
import { renderObservableMarkdown } from '../../../../checker/diff/render/renderObservableMarkdown.js';

type Shared = { x: number };
type Local = { v: number; calls: number };
type C = { threads: number };

/** Two threads each increment a counter once and return the value they wrote: atomically, or as a read then a write. */
function counter(name: string, atomic: boolean) {
  const spec = defineThreads<Shared, Local, C>({
    name,
    threads: (c) => c.threads,
    shared: { schema: () => t.record({ x: t.int(0, 2) }), init: () => ({ x: 0 }) },
    locals: { schema: () => t.record({ v: t.int(0, 2), calls: t.int(0, 1) }), init: () => ({ v: 0, calls: 0 }) },
    procedures: {
      user: {
        call: { await: (v) => v.local.calls < 1, run: (k) => { k.local.calls += 1; k.call('inc', 'back'); } },
        back: { run: (k) => k.done() },
      },
      inc: atomic
        ? { only: { run: (k) => { k.shared.x += 1; k.result(k.shared.x); k.ret(); } } }
        : {
            read: { run: (k) => { k.local.v = k.shared.x; } },
            write: { run: (k) => { k.shared.x = k.local.v + 1; k.result(k.shared.x); k.ret(); } },
          },
    },
    start: () => 'user',
  });
  return defineModel({ name, spec: spec.spec, constants: { default: { threads: 2 } }, properties: {} });
}

const mapping: ObservableMapping = {
  thread: (l: Label) => (l.params as { thread?: number } | null)?.thread,
  classify: (l: Label) => (l.action === 'user.call' ? 'call' : l.action === 'user.back' ? 'return' : 'internal'),
  call: () => 'inc',
  formatCall: () => 'inc()',
  formatResult: (r) => String(r),
};

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
