/**
 * Documentation that must not drift from the code: every error code is listed in `docs/errors.md`, and nothing else.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../checker/engine/index.js';

const root = path.resolve(__dirname, '..');

describe('docs/errors.md', () => {
  it('lists exactly the codes of ERROR_CODES, in order', () => {
    const text = readFileSync(path.join(root, 'docs', 'errors.md'), 'utf8');
    const listed = [...text.matchAll(/^\| (LC\d{3}) \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(Object.keys(ERROR_CODES));
  });
});
