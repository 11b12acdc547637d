/**
 * Reproduce hints are pasted into a shell: every word must reach the program unchanged, whatever it holds
 * (property names such as `InSync(n1,n2)`, JSON constants, spaces, quotes). Checked against a real `sh`.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellCommand, shellWord } from '../../traces/shellWord.js';

/** The words `sh` splits `command` into (printed NUL-separated by printf). */
function shellSplit(command: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${command}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shellWord', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(shellWord('die-hard')).toBe('die-hard');
    expect(shellWord('spec/x.ts#model')).toBe("'spec/x.ts#model'");
    expect(shellWord('InSync(n1,n2)')).toBe("'InSync(n1,n2)'");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord('')).toBe("''");
  });

  it('sh reads every quoted word back exactly', () => {
    const words = ['InSync(n1,n2)', 'N={"a":[1,2]}', 'two words', "quote's", '$HOME', '`id`', 'a*b?', '~user', '!x', 'tab\there', '#hash'];
    expect(shellSplit(shellCommand(words))).toEqual(words);
  });

  it('round-trips arbitrary strings without NUL (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }).filter((w) => !w.includes('\0')), { minLength: 1, maxLength: 4 }), (words) => {
        expect(shellSplit(shellCommand(words))).toEqual(words);
      }),
      { numRuns: 60 },
    );
  });
});
