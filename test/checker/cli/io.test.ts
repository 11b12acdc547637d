import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorFromEnv } from '../../../checker/cli/io.js';

describe('colour', () => {
  it('NO_COLOR, FORCE_COLOR=0/false and TERM=dumb turn it off even on a terminal; FORCE_COLOR turns it on when piped', () => {
    expect(colorFromEnv({}, true)).toBe(true);
    expect(colorFromEnv({}, false)).toBe(false);
    expect(colorFromEnv({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorFromEnv({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorFromEnv({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorFromEnv({ FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(colorFromEnv({ TERM: 'dumb' }, true)).toBe(false);
    expect(colorFromEnv({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorFromEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(false);
  });
});

describe('a closed pipe (lifecheck … | head)', () => {
  it('exits quietly: no stack trace on stderr', () => {
    const main = path.resolve('dist/checker/cli/main.js');
    // `trace render` of a large output, or `list`, written into a pipe that head closes after one line.
    const r = spawnSync('sh', ['-c', `for i in 1 2 3 4 5; do "${process.execPath}" "${main}" check peterson --const N=3 --full --no-progress; done | head -c 10 >/dev/null; "${process.execPath}" "${main}" list peterson | head -n 1 >/dev/null`], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
  }, 300_000);
});
