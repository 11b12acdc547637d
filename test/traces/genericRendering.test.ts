/**
 * A model whose actions happen to be named like VFIO system calls (`close`, `exit`) but that has no presentation is
 * rendered generically: no syscall text, no userspace/kernel diagram, no C reproducer. The renderers take what is
 * model-specific from `Model.presentation` only, never from action names.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { action, checkSync, defineModel, defineSpec, t, withResult, type Infer } from '../../checker/engine/index.js';
import { renderCheckResultText } from '../../checker/cli/renderCheckResult.js';
import { traceContextFor } from '../../traces/traceContext.js';
import { renderTraceForms, writeTraceFiles } from '../../traces/writeTraceFiles.js';

const schema = t.record({ open: t.array(t.bool(), 2), exited: t.bool() });
type State = Infer<typeof schema>;

/** Two "fds" that can be closed, and an exit; `neverExits` is violated by close(fd 3), exit. */
const closeAndExit = defineModel<State, Record<string, never>>({
  name: 'closeAndExit',
  constants: { default: {} },
  spec: defineSpec<State, Record<string, never>>({
    name: 'closeAndExit',
    schema: () => schema,
    init: () => [{ open: [true, true], exited: false }],
    actions: {
      close: action({
        params: [{ fd: 3 }, { fd: 4 }],
        enabled: (s, { fd }) => s.open[fd - 3]! && !s.exited,
        next: (s, { fd }) => withResult({ ...s, open: s.open.map((o, i) => (i === fd - 3 ? false : o)) }, 0),
      }),
      exit: { enabled: (s) => !s.exited && !s.open[0], next: (s) => ({ ...s, exited: true }) },
    },
  }),
  properties: { neverExits: { kind: 'invariant', holds: (s) => !s.exited } },
  deadlock: false,
});

describe('a model with actions named close and exit, and no presentation', () => {
  const result = checkSync(closeAndExit, {});
  const outcome = result.properties.find((p) => p.name === 'neverExits')!;
  const trace = outcome.counterexample!;
  const context = traceContextFor(closeAndExit, { propertyName: 'neverExits', message: outcome.message! });

  test('its counterexample is close then exit', () => {
    expect(trace.steps.map((s) => s.label?.action ?? null)).toEqual([null, 'close', 'exit']);
  });

  test('gets generic rendering in every form and no .c file', () => {
    const forms = renderTraceForms(trace, context);
    expect([...forms.keys()]).not.toContain('.c');
    const text = forms.get('.txt')!;
    expect(text).toContain('close({"fd":3}) = 0');
    expect(text).not.toMatch(/close\(3\)|exit_group/);
    const mmd = forms.get('.mmd')!;
    expect(mmd).toContain('participant S as state');
    expect(mmd).not.toMatch(/userspace|kernel/);
    const md = forms.get('.md')!;
    expect(md).toContain('`close({"fd":3})`');
    expect(md).not.toContain('exit_group');
    const files = writeTraceFiles(mkdtempSync(path.join(tmpdir(), 'lifecheck-generic-')), 'closeAndExit.neverExits', trace, context);
    expect(files.some((f) => f.endsWith('.c'))).toBe(false);
  });

  test('the check report writes its steps generically too', () => {
    const report = renderCheckResultText(result, { model: closeAndExit });
    expect(report).toContain('State 2: close({"fd":3}) = 0');
    expect(report).not.toContain('exit_group');
  });
});
