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
    // test/.tmp/ is as deep as spec/examples/, so the snippet's import path works unchanged.
    writeFileSync(file, match![1]!);
    const module = (await import(file)) as { dieHard: AnyModel };
    const result = checkSync(module.dieHard);
    expect(result.status).toBe('violated');
    expect(result.properties.find((p) => p.name === 'NotSolved')?.counterexample?.steps.at(-1)?.state).toEqual({ big: 4, small: 3 });
  });
});
