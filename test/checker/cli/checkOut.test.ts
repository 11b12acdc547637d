import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../checker/cli/program.js';
import { memoryIo } from '../../../checker/cli/io.js';

describe('lifecheck check --out', () => {
  it('writes every VFIO counterexample in all five forms plus our JSON, and result.json', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'lifecheck-out-'));
    const io = memoryIo();
    const code = await createProgram(io).run(['check', 'vfio-new', '--constants', 'small', '--continue', '--no-progress', '--out', out]);
    expect(code).toBe(1);
    const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')) as {
      properties: { name: string; status: string }[];
    };
    const violated = result.properties.filter((p) => p.status === 'violated').map((p) => p.name);
    expect(violated).toContain('nullContainerInDetach');
    for (const name of violated) {
      for (const ext of ['txt', 'itf.json', 'md', 'mmd', 'c', 'json']) {
        expect(existsSync(path.join(out, `vfio-new.${name}.${ext}`)), `${name}.${ext}`).toBe(true);
      }
    }
    const c = readFileSync(path.join(out, 'vfio-new.nullContainerInDetach.c'), 'utf8');
    expect(c).toContain('VFIO_GROUP_UNSET_CONTAINER');
    expect(readFileSync(path.join(out, 'vfio-new.nullContainerInDetach.md'), 'utf8')).toContain('| `ioctl(3, VFIO_GROUP_UNSET_CONTAINER)` | ✗ |');
  });
});
