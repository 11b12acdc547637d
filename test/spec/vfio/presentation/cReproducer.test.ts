import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Label, Trace } from '../../../../checker/engine/index.js';
import { SYSCALLS } from '../../../../spec/vfio/syscalls.js';
import { cReproducerArguments, cString, renderCReproducer } from '../../../../spec/vfio/presentation/cReproducer.js';
import { vfioPresentation } from '../../../../spec/vfio/presentation/index.js';
import { readTraceDocument, toTrace } from '../../../../traces/traceFile.js';
import { fixture } from '../../../traces/goldenFile.js';

function hasCc(): boolean {
  return spawnSync('cc', ['--version'], { stdio: 'ignore' }).status === 0;
}
const cc = hasCc();
if (!cc) console.warn('cReproducer.test.ts: no `cc` on this machine: the C reproducers are generated but not compiled');

function compile(source: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-c-'));
  const file = path.join(dir, 'repro.c');
  writeFileSync(file, source);
  const exe = path.join(dir, 'repro');
  execFileSync('cc', ['-Wall', '-Werror', '-o', exe, file], { stdio: 'pipe' });
  return exe;
}

const fixtureTrace = (name: string): Trace<unknown> => toTrace(readTraceDocument(readFileSync(fixture(name), 'utf8'), name));

/** A trace using every VFIO action once (states are not used by the C renderer). */
function everyAction(): Trace<unknown> {
  const params: { [k: string]: Label['params'] } = {
    openGroup: { group: 1 }, openContainer: null, dup: { fd: 3 }, close: { fd: 9 }, exit: null, mmap: { fd: 5 },
    munmap: { mapping: 0 }, getApiVersion: { fd: 4 }, checkExtension: { fd: 4 }, setIommu: { fd: 4 }, mapDma: { fd: 4 },
    groupGetStatus: { fd: 3 }, groupSetContainer: { fd: 3, containerFd: 4 }, groupUnsetContainer: { fd: 3 },
    groupGetDeviceFd: { fd: 3, device: '0000:01:00.0' }, deviceIoctl: { fd: 5 }, kvmGroupAdd: { fd: 3 }, kvmGroupDel: { fd: 3 },
  };
  const steps: Trace<unknown>['steps'][number][] = [{ label: null, state: {} }];
  for (const action of Object.keys(SYSCALLS)) {
    steps.push({ label: { action, params: params[action] ?? null }, result: action === 'close' ? '-EBADF' : 0, state: {} });
  }
  steps.push({ label: { action: 'groupGetDeviceFd', params: { fd: 3, device: 'unknown' } }, result: '-ENODEV', state: {} });
  return { steps };
}

describe('C reproducer', () => {
  test('issues every step in order with the model prediction beside it', () => {
    const source = renderCReproducer(fixtureTrace('vfioOld.I5.json'), { modelName: 'vfio-old', propertyName: 'I5_groupReleaseClean' });
    expect(source).toContain('#include <linux/vfio.h>');
    const reports = [...source.matchAll(/report\((\d+), "((?:[^"\\]|\\.)*)", r, errno, "([^"]*)", (\d)\)/g)].map((m) => [Number(m[1]), m[3], Number(m[4])]);
    expect(reports).toEqual([[1, '3', 1], [2, '4', 1], [3, '0', 0], [4, '0', 0], [5, '5', 1], [6, '0', 0]]);
    expect(source).toContain('VFIO_GROUP_SET_CONTAINER, &cfd');
    expect(cReproducerArguments(fixtureTrace('vfioOld.I5.json'))).toEqual({ groupCount: 1, devices: ['0000:01:00.0'] });
  });

  test('the presentation hook gives the reproducer, and no reproducer for a trace with a call it cannot issue', () => {
    const trace = fixtureTrace('vfioOld.I5.json');
    const context = { modelName: 'vfio-old', propertyName: 'I5_groupReleaseClean' };
    expect(vfioPresentation.cReproducer!(trace, context)).toBe(renderCReproducer(trace, context));
    const foreign: Trace<unknown> = { steps: [{ label: null, state: {} }, { label: { action: 'FillBigJug', params: null }, state: {} }] };
    expect(vfioPresentation.cReproducer!(foreign, context)).toBeUndefined();
  });

  test('C string literals escape quotes, backslashes, ? and non-ASCII', () => {
    expect(cString('a"b\\c?d\né')).toBe('"a\\"b\\\\c\\?d\\012\\303\\251"');
  });

  test.skipIf(!cc)('compiles with cc -Wall -Werror and exits 77 without /dev/vfio', () => {
    for (const [name, trace] of [
      ['vfioOld.I5', fixtureTrace('vfioOld.I5.json')],
      ['vfio.aborted', fixtureTrace('vfio.aborted.json')],
      ['everyAction', everyAction()],
    ] as const) {
      const exe = compile(renderCReproducer(trace, { modelName: name, propertyName: 'P', message: 'a */ comment "quoted"', reproduceCommand: 'lifecheck check x' }));
      const usage = spawnSync(exe, [], { encoding: 'utf8' });
      expect(usage.status, name).toBe(2);
      expect(usage.stderr).toMatch(/^usage: /);
      const run = spawnSync(exe, ['12,13', '0000:01:00.0'], { encoding: 'utf8' });
      if (!existsSync('/dev/vfio')) {
        expect(run.status, name).toBe(77);
        expect(run.stdout).toContain('no /dev/vfio');
      } else {
        expect([0, 1, 77]).toContain(run.status);
      }
    }
  });
});
