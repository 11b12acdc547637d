/**
 * The `trace render` and `replay` commands, run in-process with captured output. The harness mirrors the lead's
 * program.ts: a UsageError or a commander error is one line on stderr and exit 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { describe, expect, test } from 'vitest';
import { checkSync, UsageError, type AnyModel } from '../../checker/engine/index.js';
import { racyCounter } from '../../spec/examples/threadCounter.js';
import { traceContextFor } from '../../traces/traceContext.js';
import { writeTraceJson } from '../../traces/traceFile.js';
import { renderTraceForms } from '../../traces/writeTraceFiles.js';
import { memoryIo } from '../../checker/cli/io.js';
import { createReplayCommand } from '../../checker/cli/commands/replay.js';
import { createTraceCommand } from '../../checker/cli/commands/trace.js';
import { fixture } from './goldenFile.js';

const CLIENTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../traces/clients');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  let code = 0;
  const ctx = { io, setExitCode: (c: number) => (code = c) };
  const program = new Command('lifecheck').exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  for (const command of [createTraceCommand(ctx), createReplayCommand(ctx)]) {
    command.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    program.addCommand(command);
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`lifecheck: ${error.message}\n`);
      code = 2;
    } else if (error instanceof CommanderError) code = error.exitCode === 0 ? 0 : 2;
    else throw error;
  }
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}

function tempFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lifecheck-cli-')), name);
  writeFileSync(file, text);
  return file;
}

describe('lifecheck trace render', () => {
  test('renders a trace file in every form', async () => {
    const file = fixture('vfioOld.I5.json');
    const text = await run('trace', 'render', file);
    expect(text.code).toBe(0);
    expect(text.out).toContain('State 4: ioctl(3, VFIO_GROUP_SET_CONTAINER, [4]) = 0');
    const full = await run('trace', 'render', file, '--full');
    expect(full.out).toContain('    groups[0].containerUsers = 1');
    const md = await run('trace', 'render', file, '--format', 'markdown');
    expect(md.out).toMatch(/^### `I5_groupReleaseClean` violated in `vfio-old`/);
    expect(md.out).toContain('**Why it should hold:**');
    const mmd = await run('trace', 'render', file, '--format', 'mermaid');
    expect(mmd.out).toMatch(/^sequenceDiagram\n    participant U as userspace/);
    const c = await run('trace', 'render', file, '--format', 'c');
    expect(c.out).toContain('#include <linux/vfio.h>');
    const itf = await run('trace', 'render', file, '--format', 'itf');
    const itfFile = tempFile('t.itf.json', itf.out);
    const again = await run('trace', 'render', itfFile);
    expect(again.out).toBe(text.out);
  });

  test('a C reproducer only from a model that has one; bad files give one line and exit 2', async () => {
    const quint = await run('trace', 'render', fixture('quint.dieHard.itf.json'), '--format', 'c');
    expect(quint.code).toBe(2);
    expect(quint.err).toMatch(/^lifecheck: .*no C reproducer without a model: name it with --model.*\n$/);
    const dieHard = await run('trace', 'render', fixture('quint.dieHard.itf.json'), '--format', 'c', '--model', 'die-hard');
    expect(dieHard.code).toBe(2);
    expect(dieHard.err).toMatch(/^lifecheck: .*die-hard has no C reproducer for this trace\n$/);
    const truncated = tempFile('t.json', readFileSync(fixture('vfioOld.I5.json'), 'utf8').slice(0, 700));
    const bad = await run('trace', 'render', truncated);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^lifecheck: .*t\.json:\d+: .*truncated.*\n$/);
    const missing = await run('trace', 'render', '/nonexistent/trace.json');
    expect(missing).toMatchObject({ code: 2, err: 'lifecheck: cannot read /nonexistent/trace.json: ENOENT\n' });
    const pdf = await run('trace', 'render', fixture('vfioOld.I5.json'), '--format', 'pdf');
    expect(pdf.code).toBe(2);
    expect(pdf.err).toMatch(/option '--format <format>' argument 'pdf' is invalid/);
    const noModel = await run('replay', fixture('vfioOld.I5.json'));
    expect(noModel.code).toBe(2);
    expect(noModel.err).toMatch(/required option '--model <model>' not specified/);
    const calls = await run('trace', 'render', path.join(CLIENTS, 'qemuAttachDetach.json'));
    expect(calls.code).toBe(2);
    expect(calls.err).toMatch(/step 0 has no state: this file holds calls only/);
  });
});

describe('lifecheck trace render of a threaded trace', () => {
  test('--format mermaid draws a participant per thread, as the .mmd file of check --out does (it fell back to the generic diagram)', async () => {
    const r = checkSync(racyCounter, {});
    const trace = r.properties.find((p) => p.name === 'noLostUpdate')!.counterexample!;
    const file = tempFile('racy.json', writeTraceJson(trace, { model: 'racy-counter', property: 'noLostUpdate', constants: { threads: 2, increments: 1 } }));
    const mmd = await run('trace', 'render', file, '--format', 'mermaid');
    expect(mmd.code).toBe(0);
    expect(mmd.out).toContain('participant T0 as thread 0');
    expect(mmd.out).toContain('participant T1 as thread 1');
    const context = traceContextFor(racyCounter as unknown as AnyModel, { propertyName: 'noLostUpdate', modelRef: 'racy-counter', constants: { threads: 2, increments: 1 } });
    expect(mmd.out).toBe(renderTraceForms(trace, context).get('.mmd'));
  });
});

describe('lifecheck replay', () => {
  test('client traces and the strace log conform to every version: exit 0', async () => {
    for (const model of ['vfio-old', 'vfio-new', 'vfio-post']) {
      for (const file of ['qemuAttachDetach.json', 'dpdkSetupTeardown.json', 'selftestsLibrary.json', 'dpdkSetupTeardown.strace', 'qemuAttachDetach.strace']) {
        const r = await run('replay', path.join(CLIENTS, file), '--model', model, '--constants', 'small');
        expect(r.code, `${model} ${file}\n${r.out}`).toBe(0);
        expect(r.out).toMatch(new RegExp(`Conforms to ${model}: \\d+ call\\(s\\) replayed`));
      }
    }
  });

  test('our JSON counterexample and its ITF form replay on their model', async () => {
    const file = fixture('vfioOld.I5.json');
    const json = await run('replay', file, '--model', 'vfio-old', '--constants', 'small');
    expect(json.code).toBe(0);
    const itf = tempFile('c.itf.json', (await run('trace', 'render', file, '--format', 'itf')).out);
    const r = await run('replay', itf, '--model', 'vfio-old', '--constants', 'small');
    expect(r.code).toBe(0);
    const withoutLines = (text: string): string => text.replace(/line \d+ +/g, '');
    expect(withoutLines(r.out)).toBe(withoutLines(json.out));
  });

  test('a tampered copy diverges at that step: exit 1, expected value and kernel state printed', async () => {
    const original = readFileSync(path.join(CLIENTS, 'dpdkSetupTeardown.strace'), 'utf8');
    const file = tempFile('tampered.strace', original.replace('= -1 EBUSY (Device or resource busy)', '= 9'));
    const line = original.split('\n').findIndex((l) => l.includes('EBUSY')) + 1;
    const r = await run('replay', file, '--model', 'vfio-post', '--constants', 'small');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`  15  line ${line}   open("/dev/vfio/0", O_RDWR) = 9  DIVERGES`);
    expect(r.out).toContain('the kernel returned 9, the model returns -EBUSY');
    expect(r.out).toContain('the model expected: -EBUSY');
    expect(r.out).toContain('model state before this call:');
    expect(r.out).toMatch(new RegExp(`Diverges from vfio-post at call 15 \\(line ${line}\\)\\.\\n$`));
  });

  test('unreadable inputs give one clear line and exit 2', async () => {
    const truncated = tempFile('t.json', readFileSync(path.join(CLIENTS, 'qemuAttachDetach.json'), 'utf8').slice(0, 600));
    const t = await run('replay', truncated, '--model', 'vfio-old');
    expect(t.code).toBe(2);
    expect(t.err).toMatch(/^lifecheck: .*t\.json:\d+: unterminated string \(truncated file\?\)\n$|^lifecheck: .*t\.json:\d+: unexpected end of input \(truncated file\?\)\n$/);
    const ioctl = tempFile('u.strace', 'openat(AT_FDCWD, "/dev/vfio/vfio", O_RDWR) = 3\nioctl(3, 0x3b99, 0) = -1 ENOTTY (Inappropriate ioctl for device)\n');
    const u = await run('replay', ioctl, '--model', 'vfio-old');
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/^lifecheck: .*u\.strace:2: unknown ioctl 0x3b99 on VFIO fd 3 \(a container fd\)\n$/);
    const noReader = await run('replay', path.join(CLIENTS, 'dpdkSetupTeardown.strace'), '--model', 'die-hard');
    expect(noReader.code).toBe(2);
    expect(noReader.err).toMatch(/^lifecheck: .*dpdkSetupTeardown\.strace is not a trace file \(our JSON or ITF\), and die-hard reads no other recordings\n$/);
    const model = await run('replay', path.join(CLIENTS, 'qemuAttachDetach.json'), '--model', 'vfio-ancient');
    expect(model.code).toBe(2);
    expect(model.err).toMatch(/^lifecheck: unknown model 'vfio-ancient'.*\n$/);
    expect(model.err.split('\n')).toHaveLength(2);
  });
});

describe('files written by check --out', () => {
  test('the counterexample JSON that check --out writes renders and replays', async () => {
    const { createCheckCommand } = await import('../../checker/cli/commands/check.js');
    const io = memoryIo();
    const ctx = { io, setExitCode: () => undefined };
    const out = mkdtempSync(path.join(tmpdir(), 'lifecheck-check-'));
    await createCheckCommand(ctx).exitOverride().parseAsync(['die-hard', '--out', out, '--no-progress'], { from: 'user' });
    const file = path.join(out, 'DieHard.NotSolved.json');
    const md = await run('trace', 'render', file, '--format', 'markdown');
    expect(md.code, md.err).toBe(0);
    expect(md.out).toMatch(/^### `NotSolved` violated in `die-hard` \(6 steps\)/);
    expect(md.out).toContain('**Property:** the big jug never holds 4 gallons');
    const replay = await run('replay', file, '--model', 'die-hard');
    expect(replay.code, replay.out).toBe(0);
    expect(replay.out).toMatch(/Conforms to die-hard: 6 call\(s\) replayed/);
  });
});
