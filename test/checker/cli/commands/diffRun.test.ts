import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../../checker/cli/program.js';
import { memoryIo } from '../../../../checker/cli/io.js';
import { DIFF_MARKDOWN_MAX_CHARS } from '../../../../checker/diff/render/renderDiffMarkdown.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await createProgram(io).run(argv);
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}

describe('lifecheck diff --markdown --json --out on the VFIO versions (small constants)', () => {
  it('writes a document under the limit whose every relative link names a file it wrote', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-diffdoc-'));
    try {
      const md = path.join(dir, 'docs', 'diff.md');
      const r = await run(['diff', 'vfio-old', 'vfio-new', 'vfio-post', '--constants', 'small', '--no-source', '--markdown', md, '--json', path.join(dir, 'out', 'diff.json'), '--out', path.join(dir, 'out', 'diff')]);
      expect(r.code).toBe(0);
      const doc = readFileSync(md, 'utf8');
      expect(doc.length).toBeLessThan(DIFF_MARKDOWN_MAX_CHARS);
      const targets = [...doc.matchAll(/\]\(<([^>]+)>\)/g)].map((m) => decodeURIComponent(m[1]!));
      expect(targets.length).toBeGreaterThanOrEqual(10);
      for (const t of targets) expect(existsSync(path.resolve(path.dirname(md), t)), t).toBe(true);
      // The reproduce hints are shell-quoted command lines.
      expect(doc).toContain('Reproduce: `lifecheck diff vfio-old vfio-new`.');
      expect(doc).toContain(`--model vfio-new\``);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
