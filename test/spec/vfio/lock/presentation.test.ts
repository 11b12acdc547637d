/**
 * The lock-level models' pthreads reproducers (spec/vfio/lock/presentation.ts through traces/syscallReproducer.ts):
 * PRE's P4 race as `lifecheck trace render --format c` writes it — the set-up that opens the fds, one pthread per
 * model thread, the barrier, UNSET_CONTAINER and SET_CONTAINER racing, the attempts loop, GET_STATUS as the symptom
 * — and compiled against the kernel uAPI headers when a C compiler is on PATH; its Mermaid form has a participant
 * per thread; the P3 window's trace, which ends in an oops, says so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { canonicalJson, checkSync, compileModel, Replayer, type Json, type Label, type TraceStep } from '../../../../checker/engine/index.js';
import { memoryIo } from '../../../../checker/cli/io.js';
import { createTraceCommand } from '../../../../checker/cli/commands/trace.js';
import { vfioLockOld, vfioLockPost, vfioLockPre } from '../../../../spec/vfio/lock/models.js';
import { lockThreadedCall } from '../../../../spec/vfio/lock/presentation.js';
import { cProgramOf } from '../../../../traces/cProgram.js';
import { traceContextFor } from '../../../../traces/traceContext.js';
import { writeTraceJson } from '../../../../traces/traceFile.js';

const P4_RACE = JSON.parse(readFileSync(new URL('./p4race.json', import.meta.url), 'utf8')) as [string, number, Json?][];

function p4Trace(): { steps: TraceStep<unknown>[]; constants: Json } {
  const compiled = compileModel(vfioLockPre, { constantSet: 'default' });
  const replayer = new Replayer(compiled);
  let position = replayer.start();
  const steps: TraceStep<unknown>[] = [{ label: null, state: position.state }];
  for (const [action, thread, arg] of P4_RACE) {
    const label: Label = { action, params: arg === undefined ? { thread } : { thread, arg } };
    const next = replayer.step(position, compiled.labels.findIndex((l) => canonicalJson(l) === canonicalJson(label)));
    if (next.kind !== 'step') throw new Error(`${canonicalJson(label)}: ${next.kind}`);
    position = next.position;
    steps.push({ label, state: position.state, ...(next.result !== undefined ? { result: next.result } : {}) });
  }
  return { steps, constants: compiled.constants as Json };
}

async function render(file: string, format: string): Promise<{ out: string; err: string }> {
  const io = memoryIo();
  const ctx = { io, setExitCode: () => undefined };
  const program = new Command('lifecheck').exitOverride();
  program.addCommand(createTraceCommand(ctx));
  await program.parseAsync(['trace', 'render', file, '--format', format], { from: 'user' });
  return { out: io.stdout.join(''), err: io.stderr.join('') };
}

const cc = spawnSync('cc', ['--version']).status === 0;
if (!cc) console.warn('presentation.test: no cc on PATH; the compile tests are skipped (apt-get install gcc)');

function compiles(program: string): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-lock-c-'));
  try {
    const file = path.join(dir, 'repro.c');
    writeFileSync(file, program);
    const r = spawnSync('cc', ['-std=c11', '-Wall', '-Wextra', '-Werror', '-fsyntax-only', file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("PRE's P4 race as a pthreads program", () => {
  const { steps, constants } = p4Trace();
  const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-p4-'));
  const file = path.join(dir, 'p4.json');
  writeFileSync(file, writeTraceJson({ steps }, { model: 'vfio-lock-pre', constants: constants as never, property: 'noContainerLeak' }));

  it('trace render --format c: the set-up opens the fds, then UNSET and SET_CONTAINER race behind a barrier, retried', async () => {
    const { out } = await render(file, 'c');
    // the set-up, in the main thread: both containers, the group, the first SET_CONTAINER
    expect(out).toMatch(
      / \* {3}set-up, one after the other in the main thread:\n \* {5}thread 0: open\("\/dev\/vfio\/vfio", O_RDWR\) = 0\n \* {5}thread 1: open\("\/dev\/vfio\/vfio", O_RDWR\) = 1\n \* {5}thread 0: open\("\/dev\/vfio\/<group>", O_RDWR\) = 2\n \* {5}thread 0: ioctl\(group, VFIO_GROUP_SET_CONTAINER, \[0\]\) = 0\n/,
    );
    // the race: one round, both calls returning 0 (their returns run on in the model after the trace's last step)
    expect(out).toMatch(/ \* {3}round 1: after a barrier, the calls start together, in this order:\n( \* {5}thread [01]: .*\n){2}/);
    expect(out).toContain('thread 1: ioctl(group, VFIO_GROUP_UNSET_CONTAINER) = 0');
    expect(out).toContain('thread 0: ioctl(group, VFIO_GROUP_SET_CONTAINER, [1]) = 0');
    expect(out).toContain('#define THREADS 2');
    expect(out).toContain('#define ROUNDS 1');
    expect(out).toContain('pthread_barrier_wait(&barrier);');
    expect(out).toContain('pthread_create(&threads[t], NULL, thread_main, (void *)t)');
    expect(out).toContain('for (long attempt = 0; attempt < attempts; attempt++) {');
    // what user space sees of the leak: no container attached, and not viable (the leaked container owns the DMA)
    expect(out).toContain('(st.flags & mask) == (0);');
    expect(out).toContain('neither CONTAINER_SET nor VIABLE');
  });

  it.skipIf(!cc)('compiles against <linux/vfio.h> with -Wall -Wextra -Werror, and without /dev/vfio exits 77 (skipped without cc)', async () => {
    const { out } = await render(file, 'c');
    compiles(out);
    const build = spawnSync('cc', ['-O2', '-pthread', '-o', path.join(dir, 'repro'), '-x', 'c', '-'], { input: out, encoding: 'utf8' });
    expect(build.status).toBe(0);
    const usage = spawnSync(path.join(dir, 'repro'), [], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^usage: .* <group> \[attempts\]\n$/);
    const run = spawnSync(path.join(dir, 'repro'), ['0', '3'], { encoding: 'utf8' });
    if (!readable('/dev/vfio/vfio')) {
      expect(run.status).toBe(77);
      expect(run.stdout).toContain('skipped');
    }
  });

  it('trace render --format mermaid: a participant per thread and per lock (the lanes of the Markdown form)', async () => {
    const { out } = await render(file, 'mermaid');
    expect(out).toContain('participant T0 as thread 0');
    expect(out).toContain('participant T1 as thread 1');
    expect(out).toContain('participant L_group_lock0 as lock group_lock0');
    expect(out).toMatch(/T1->>L_group_lock0: lock group_lock0/);
    expect(out).not.toContain('participant S as state');
  });
});

function readable(p: string): boolean {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false;
  }
}

describe('the calls of the lock-level models', () => {
  it('only syscall.call starts a call; an fd-returning call remembers its fd; the others are compared as they are', () => {
    expect(lockThreadedCall({ action: 'vfio_group_set_container.check', params: { thread: 0 } }, undefined)).toBeUndefined();
    const open = lockThreadedCall({ action: 'syscall.call', params: { thread: 0, arg: { op: 'openGroup' } } }, 2)!;
    expect(open.expect).toBe('success');
    expect(open.after).toBe('bind_fd(2, r, 1);');
    const set = lockThreadedCall({ action: 'syscall.call', params: { thread: 1, arg: { op: 'setContainer', fd: 1 } } }, -22)!;
    expect(set.expect).toBe('equal');
    expect(set.code).toContain('VFIO_GROUP_SET_CONTAINER, &container_fd');
  });

  it("PRE's P3 window (an oops in open_device's notifier): the program says where the kernel oopses, and looks at no status", () => {
    const r = checkSync(vfioLockPre, { constantSet: 'small', properties: ['nullContainerInIommuNotifier'] });
    const trace = r.properties.find((p) => p.name === 'nullContainerInIommuNotifier')!.counterexample!;
    const context = traceContextFor(vfioLockPre, { propertyName: 'nullContainerInIommuNotifier', modelRef: 'vfio-lock-pre', constants: vfioLockPre.constants['small'] });
    const program = cProgramOf(trace, context)!;
    expect(program).toContain(' * The trace ends in a kernel assertion: ');
    expect(program).toContain('look in dmesg');
    expect(program).not.toContain('VFIO_GROUP_GET_STATUS');
    expect(program).toContain('VFIO_GROUP_GET_DEVICE_FD');
    expect(program).toContain('VFIO_GROUP_UNSET_CONTAINER');
    if (cc) compiles(program);
  });
});

describe('the unbind window as a pthreads program (constant unbind)', () => {
  const trace = (model: typeof vfioLockPost) =>
    checkSync(model, { constantSet: 'unbindOneThread', properties: ['unbindWakesAfterDetach'] }).properties[0]!.counterexample!;
  const contextOf = (model: typeof vfioLockPost) =>
    traceContextFor(model, { propertyName: 'unbindWakesAfterDetach', modelRef: model.name, constants: model.constants['unbindOneThread'] });

  it('POST: the unbind is a sysfs write, right after it returns a host bind probes the window; root, and vfio-pci rebound after each attempt', () => {
    const program = cProgramOf(trace(vfioLockPost), contextOf(vfioLockPost))!;
    expect(program).toContain('r = sysfs_write(vfio_unbind_path, device);');
    // the trace ends when the device put wakes the unbind: the program binds the host driver itself, right after
    expect(program).toContain('if (r == 0 && probe_host_bind) host_refused = sysfs_write(host_bind_path, device) != 0 && errno == EBUSY;');
    expect(program).toContain('probe_host_bind = 1;');
    expect(program).toContain('symptom = host_refused;');
    expect(program).toContain('a host driver bound right after the unbind returned is refused with EBUSY');
    expect(program).toContain('<group> <device> <host-driver>');
    expect(program).toContain('geteuid() != 0');
    expect(program).toContain('rebind_vfio();');
    if (cc) compiles(program);
  });

  it('OLD: its window needs the process to end with both releases queued, which a pthread cannot do: no program', () => {
    expect(cProgramOf(trace(vfioLockOld), contextOf(vfioLockOld))).toBeUndefined();
  });
});
