/**
 * The README's 20-line spec must stay a working spec: extract it, load it, check it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSync, type AnyModel } from '../checker/engine/index.js';

describe('README', () => {
  it('its example spec runs and finds the DieHard counterexample', async () => {
    const root = path.resolve(__dirname, '..');
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const match = /```ts\n([\s\S]*?)```/.exec(readme);
    expect(match).not.toBeNull();
    const dir = path.join(root, 'test', '.tmp');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'readmeSpec.ts');
    // The snippet imports 'lifecheck', as a user's spec does: inside the repository that is the package's
    // self-reference (package.json exports, the built dist/), so the snippet runs unchanged.
    expect(match![1]).toContain("from 'lifecheck'");
    writeFileSync(file, match![1]!);
    const module = (await import(file)) as { dieHard: AnyModel };
    const result = checkSync(module.dieHard);
    expect(result.status).toBe('violated');
    expect(result.properties.find((p) => p.name === 'NotSolved')?.counterexample?.steps.at(-1)?.state).toEqual({ big: 4, small: 3 });
  });
});

describe("README's matrix excerpt", () => {
  it('agrees with spec/vfio/expected.json (which expected.test.ts checks against the checker) and the matrix legend', async () => {
    const root = path.resolve(__dirname, '..');
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = /```\n(property +vfio-old +vfio-new +vfio-post\n[\s\S]*?)```/.exec(readme)![1]!;
    const expected = JSON.parse(readFileSync(path.join(root, 'spec', 'vfio', 'expected.json'), 'utf8')) as Record<string, Record<string, { status: string; steps?: number }>>;
    const models = ['vfio-old', 'vfio-new', 'vfio-post'];
    const rows = block.split('\n').filter((l) => /^[A-Za-z]\w+ +(holds|violated|n\/a)/.test(l));
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      const [property, ...cells] = row.split(/ {2,}/);
      cells.forEach((cell, i) => {
        const want = expected[models[i]!]![property!];
        const text = want === undefined || want.status === 'n/a' ? 'n/a' : want.status === 'violated' ? `violated (${want.steps})` : want.status;
        expect(cell.trim(), `${property} / ${models[i]}`).toBe(text);
      });
    }
    const { renderMatrix } = await import('../checker/cli/commands/matrix.js');
    const legend = renderMatrix(models, []).split('\n').find((l) => l.startsWith('violated (n)'))!;
    expect(block).toContain(`\n${legend}\n`);
  });
});

describe("README's CLI synopsis", () => {
  it("names every command and every option of commander's program, and nothing the program does not have", async () => {
    const { createProgram } = await import('../checker/cli/program.js');
    const { memoryIo } = await import('../checker/cli/io.js');
    const root = path.resolve(__dirname, '..');
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const cli = readme.slice(readme.indexOf('## CLI'));
    const block = /```\n(lifecheck [\s\S]*?)```/.exec(cli)![1]!;
    // Each command's part of the synopsis: from its `lifecheck <name>` line to the next one.
    const parts = new Map<string, string>();
    let current = '';
    for (const line of block.split('\n')) {
      const m = /^lifecheck (\S+)/.exec(line);
      if (m) current = m[1]!;
      parts.set(current, `${parts.get(current) ?? ''}\n${line}`);
    }
    const { program } = createProgram(memoryIo());
    const leaves = program.commands.flatMap((c) => (c.commands.length > 0 ? c.commands.map((s) => ({ key: c.name(), command: s })) : [{ key: c.name(), command: c }]));
    expect([...parts.keys()].sort()).toEqual([...new Set(leaves.map((l) => l.key))].sort());
    for (const { key, command } of leaves) {
      const text = parts.get(key)!;
      const flags = command.options.map((o) => o.long!).filter((f) => f !== '--help');
      for (const flag of flags) expect(text, `lifecheck ${key}: ${flag}`).toMatch(new RegExp(`\\[?${flag}(?![\\w-])`));
      const written = [...text.matchAll(/(?<![\w-])--[a-z][\w-]*/g)].map((m) => m[0]);
      for (const flag of written) expect(flags, `lifecheck ${key} in the README has ${flag}`).toContain(flag);
    }
  });
});
