/**
 * One step formatter for every renderer: the generic form, the presentation hooks, and the same text for the same
 * step in the text, Markdown and Mermaid traces, the replay report and the diff.
 */
import { describe, expect, test } from 'vitest';
import type { Presentation, Trace } from '../../checker/engine/index.js';
import { traceCallLines } from '../../checker/diff/render/renderDiffText.js';
import { vfioPresentation } from '../../spec/vfio/presentation/index.js';
import { formatCall, formatResult, formatStep } from '../../traces/formatStep.js';
import { renderTraceMarkdown } from '../../traces/markdown.js';
import { renderTraceMermaid } from '../../traces/mermaid.js';
import { renderReplayText } from '../../traces/renderReplay.js';
import { renderTraceText } from '../../traces/text.js';

describe('formatStep', () => {
  test('generic form: a bare action without params, canonical JSON params, results written as state values', () => {
    expect(formatStep({ action: 'Tick', params: null }, undefined)).toBe('Tick');
    expect(formatStep({ action: 'Tick', params: null }, null)).toBe('Tick = NULL');
    expect(formatStep({ action: 'Set', params: { b: 2, a: 'x' } }, { kind: 'group', obj: 0 })).toBe('Set({"a":"x","b":2}) = {kind: group, obj: 0}');
    expect(formatStep({ action: 'close', params: { fd: 3 } }, '-EBADF')).toBe('close({"fd":3}) = -EBADF');
    expect(formatCall({ action: 'Set', params: [1, 2] })).toBe('Set([1,2])');
    expect(formatResult({ action: 'Set', params: null }, [1, null])).toBe('[1, NULL]');
  });

  test('the presentation decides when it has the hook', () => {
    const onlyResult: Presentation = { formatResult: (_l, r) => `<${String(r)}>` };
    expect(formatStep({ action: 'A', params: null }, 1, onlyResult)).toBe('A = <1>');
    expect(formatStep({ action: 'mmap', params: { fd: 5 } }, 0, vfioPresentation)).toBe('mmap(NULL, size, PROT_READ|PROT_WRITE, MAP_SHARED, 5, offset) = mapping0');
    expect(formatCall({ action: 'mmap', params: { fd: 5 } }, vfioPresentation)).toBe('mmap(NULL, size, PROT_READ|PROT_WRITE, MAP_SHARED, 5, offset)');
    expect(formatResult({ action: 'mmap', params: { fd: 5 } }, 0, vfioPresentation)).toBe('mapping0');
    expect(formatStep({ action: 'exit', params: null }, 0, vfioPresentation)).toBe('exit_group(0) = ?');
    expect(formatResult({ action: 'exit', params: null }, 0, vfioPresentation)).toBe('?');
  });
});

describe('every renderer writes a step the same way', () => {
  const generic: Trace<unknown> = {
    steps: [
      { label: null, state: { x: 0 } },
      { label: { action: 'Tick', params: null }, result: null, state: { x: 1 } },
      { label: { action: 'Set', params: { v: 2 } }, result: { ok: true }, state: { x: 2 } },
    ],
  };
  const vfio: Trace<unknown> = {
    steps: [
      { label: null, state: {} },
      { label: { action: 'mmap', params: { fd: 5 } }, result: 0, state: {} },
      { label: { action: 'exit', params: null }, result: 0, state: {} },
    ],
  };
  for (const [name, trace, presentation] of [
    ['generic', generic, undefined],
    ['VFIO', vfio, vfioPresentation],
  ] as const) {
    test(name, () => {
      const steps = trace.steps.slice(1).map((s) => ({ call: formatCall(s.label!, presentation), result: formatResult(s.label!, s.result!, presentation), whole: formatStep(s.label!, s.result, presentation) }));
      const options = presentation ? { presentation } : {};
      const text = renderTraceText(trace, options);
      const md = renderTraceMarkdown(trace, { modelName: 'm', ...options });
      const mmd = renderTraceMermaid(trace, options);
      const replay = renderReplayText({ rows: trace.steps.slice(1).map((s) => ({ label: s.label!, result: s.result })) }, { modelName: 'm', ...options });
      const diff = traceCallLines(trace, presentation);
      steps.forEach((s, i) => {
        expect(text).toContain(`State ${i + 2}: ${s.whole}\n`);
        expect(md).toContain(`| ${i + 1} | \`${s.call.replace(/\|/g, '\\|')}\` | \`${s.result}\` |`);
        expect(mmd).toContain(presentation ? `${i + 1}. ${s.call}\n` : `${i + 1}. ${s.whole}\n`);
        if (presentation) expect(mmd).toContain(`-->>U: ${s.result}\n`);
        expect(replay).toContain(`${s.whole}  ok`);
        expect(diff[i]).toBe(`${i + 1}. ${s.whole}`);
      });
    });
  }
});
