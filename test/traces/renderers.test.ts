import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checkSync, type Trace } from '../../checker/engine/index.js';
import { dieHard } from '../../spec/examples/dieHard.js';
import { renderTraceMarkdown } from '../../traces/markdown.js';
import { renderTraceMermaid } from '../../traces/mermaid.js';
import { renderTraceText } from '../../traces/text.js';
import { traceContextFor, type TraceContext } from '../../traces/traceContext.js';
import { readTraceDocument, toTrace } from '../../traces/traceFile.js';
import { vfioPresentation } from '../../spec/vfio/presentation/index.js';
import { expectGolden, fixture } from './goldenFile.js';

function dieHardCounterexample(): { trace: Trace<unknown>; context: TraceContext } {
  const result = checkSync(dieHard, {});
  const outcome = result.properties.find((p) => p.name === 'NotSolved')!;
  const trace = outcome.counterexample!;
  return { trace, context: traceContextFor(dieHard, { propertyName: 'NotSolved', message: outcome.message!, modelRef: 'die-hard' }) };
}

function vfioFixture(name: string): { trace: Trace<unknown>; context: TraceContext } {
  const doc = readTraceDocument(readFileSync(fixture(name), 'utf8'), name);
  const trace = toTrace(doc);
  return {
    trace,
    context: {
      modelName: doc.model!,
      propertyName: doc.property!,
      property: { summary: 'at vfio_group_fops_release: DF(G) == 0, container_users in {0, 1}, notifier empty', rationale: 'device files pin the group file in NEW/POST', reference: 'semantics §4.1 I-5' },
      reproduceCommand: `lifecheck check ${doc.model} --constants small --invariant ${doc.property}`,
      presentation: vfioPresentation,
    },
  };
}

describe('text renderer', () => {
  test('DieHard counterexample (golden)', () => {
    const { trace } = dieHardCounterexample();
    expectGolden('dieHard.NotSolved.txt', renderTraceText(trace));
    expectGolden('dieHard.NotSolved.full.txt', renderTraceText(trace, { full: true }));
  });
  test('VFIO trace in syscall style (golden)', () => {
    const { trace, context } = vfioFixture('vfioOld.I5.json');
    const text = renderTraceText(trace, { presentation: context.presentation! });
    expect(text).toContain('State 4: ioctl(3, VFIO_GROUP_SET_CONTAINER, [4]) = 0');
    expectGolden('vfioOld.I5.txt', text);
    expectGolden('vfio.aborted.txt', renderTraceText(vfioFixture('vfio.aborted.json').trace, { presentation: vfioPresentation }));
  });
  test('colour only when asked', () => {
    const { trace } = dieHardCounterexample();
    expect(renderTraceText(trace)).not.toContain('\u001b[');
    expect(renderTraceText(trace, { color: true })).toContain('\u001b[');
  });
});

describe('Markdown renderer', () => {
  test('DieHard and VFIO (golden)', () => {
    const d = dieHardCounterexample();
    expectGolden('dieHard.NotSolved.md', renderTraceMarkdown(d.trace, d.context));
    const v = vfioFixture('vfioOld.I5.json');
    const md = renderTraceMarkdown(v.trace, v.context);
    expect(md).toMatch(/^### `I5_groupReleaseClean` violated in `vfio-old` \(6 steps\)/);
    expect(md).toContain('| 3 | `ioctl(3, VFIO_GROUP_SET_CONTAINER, [4])` | `0` |');
    expect(md).toContain('<details><summary>Final state</summary>');
    expect(md).toContain('lifecheck check vfio-old --constants small --invariant I5_groupReleaseClean');
    expectGolden('vfioOld.I5.md', md);
    const a = vfioFixture('vfio.aborted.json');
    expectGolden('vfio.aborted.md', renderTraceMarkdown(a.trace, a.context));
  });
  test('table cells escape pipes', () => {
    const trace: Trace<unknown> = { steps: [{ label: null, state: { x: 'a' } }, { label: { action: 'Set', params: 'a|b' }, state: { x: 'a|b' } }] };
    const md = renderTraceMarkdown(trace, { modelName: 'm' });
    expect(md).toContain('`Set("a\\|b")`');
    expect(md.split('\n').filter((l) => l.startsWith('| 1 '))[0]!.split(/(?<!\\)\|/).length).toBe(6);
  });
});

describe('Mermaid renderer', () => {
  test('DieHard falls back to action participants (golden)', () => {
    const d = dieHardCounterexample();
    const mmd = renderTraceMermaid(d.trace);
    expect(mmd).toMatch(/^sequenceDiagram\n    participant S as state\n    participant A_FillBigJug as FillBigJug/);
    expectGolden('dieHard.NotSolved.mmd', mmd);
  });
  test('VFIO traces have userspace and kernel-object participants (golden)', () => {
    const v = vfioFixture('vfioOld.I5.json');
    const mmd = renderTraceMermaid(v.trace, { presentation: vfioPresentation });
    expect(mmd).toContain('participant U as userspace');
    expect(mmd).toContain('participant group0 as group 0');
    expect(mmd).toContain('participant container0 as container 0');
    expect(mmd).toContain('group0-->>U: 3');
    expectGolden('vfioOld.I5.mmd', mmd);
    expectGolden('vfio.aborted.mmd', renderTraceMermaid(vfioFixture('vfio.aborted.json').trace, { presentation: vfioPresentation }));
  });
  test('semicolons and hashes are escaped', () => {
    const trace: Trace<unknown> = { steps: [{ label: null, state: { x: 0 } }, { label: { action: 'A', params: 'x;#y' }, state: { x: 1 } }] };
    const mmd = renderTraceMermaid(trace);
    const message = mmd.split('\n').find((l) => l.includes('->>'))!;
    expect(message).toContain('x#59;#35;y');
    expect(message.replace(/#(35|59);/g, '')).not.toMatch(/[;#]/);
  });
});

describe('the default reproduce command', () => {
  test('quotes a model path or property name that a shell would split or expand, and leaves plain words bare', () => {
    expect(traceContextFor(dieHard, { propertyName: 'NotSolved', modelRef: 'die-hard' }).reproduceCommand).toBe('lifecheck check die-hard --property NotSolved');
    expect(traceContextFor(dieHard, { propertyName: 'NotSolved', modelRef: './my specs/jugs.ts#dieHard' }).reproduceCommand).toBe(
      "lifecheck check './my specs/jugs.ts#dieHard' --property NotSolved",
    );
  });
});
