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

describe('lifecheck diff with --observable-models: one document at both levels', () => {
  it('adds the lock-level section (summary first) under the limit, every relative link naming a file it wrote', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-diffdoc-lock-'));
    try {
      const md = path.join(dir, 'docs', 'diff.md');
      const r = await run([
        'diff', 'vfio-old', 'vfio-new', 'vfio-post', '--constants', 'small', '--no-source',
        '--observable-models', 'vfio-lock-pre,vfio-lock-old', '--observable-constants', 'small',
        '--observable-mapping', 'spec/vfio/lock/diffMappings.ts#lockObservable', '--observable-title', 'Lock level',
        '--markdown', md, '--out', path.join(dir, 'out', 'diff'),
      ]);
      expect(r.code, r.err).toBe(0);
      const doc = readFileSync(md, 'utf8');
      expect(doc.length).toBeLessThan(DIFF_MARKDOWN_MAX_CHARS);
      // The lock-level summary is part of the one-screen summary, before the syscall-level properties table.
      expect(doc.indexOf('### Lock level')).toBeGreaterThan(doc.indexOf('## Summary'));
      expect(doc.indexOf('### Lock level')).toBeLessThan(doc.indexOf('### Properties'));
      expect(doc).toContain('## Lock level');
      expect(doc).toContain('| `vfio-lock-pre` → `vfio-lock-old` |');
      expect(doc).toMatch(/\| # \| T0 \| T1 \|/);
      const targets = [...doc.matchAll(/\]\(<([^>]+)>\)/g)].map((m) => decodeURIComponent(m[1]!));
      expect(targets.some((t) => t.includes('lock-level/call-1-vfio-lock-pre.md'))).toBe(true);
      for (const t of targets) expect(existsSync(path.resolve(path.dirname(md), t)), t).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('rejects --observable-models without --observable-mapping with one line and exit code 2', async () => {
    const r = await run(['diff', '--observable-models', 'vfio-lock-pre,vfio-lock-old']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('--observable-models and --observable-mapping go together');
  });
});

describe('the committed docs/vfio-diff.md (npm run diff)', () => {
  it('covers pre/old/new/post at both levels, summary first, under the limit', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../../../docs/vfio-diff.md'), 'utf8');
    expect(doc.length).toBeLessThan(DIFF_MARKDOWN_MAX_CHARS);
    expect(doc.indexOf('## Summary')).toBeLessThan(doc.indexOf('### Lock level'));
    for (const v of ['vfio-old', 'vfio-new', 'vfio-post', 'vfio-lock-pre', 'vfio-lock-old', 'vfio-lock-new', 'vfio-lock-post']) expect(doc).toContain(`\`${v}\``);
    expect(doc).toContain('## Lock level');
  });
});

