import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSourceFiles } from '../../../checker/lint/lintSpec.js';
import { renderLintText } from '../../../checker/lint/renderLintText.js';
import { createSourceProject, modelSourceFiles } from '../../../checker/diff/source/sourceProject.js';

const root = process.cwd();
const impure = path.join(root, 'test/models/diff/impureCounter.ts');

/** The `// LINT:<rule>` markers of the impure model: the findings we expect, by line. */
function markers(file: string): { line: number; rule: string }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((text, i) => [...text.matchAll(/\/\/ LINT:(\w+)/g)].map((m) => ({ line: i + 1, rule: m[1]! })));
}

describe('lintSourceFiles', () => {
  it('flags exactly the marked lines of the deliberately impure model, one per rule, and none of its pure look-alikes', () => {
    const project = createSourceProject(root);
    const files = modelSourceFiles(project, root, impure);
    expect(files.map((f) => path.relative(root, f.getFilePath()))).toEqual(['test/models/diff/impureCounter.ts']);
    const findings = lintSourceFiles(files, root);
    const expected = markers(impure);
    expect(new Set(expected.map((m) => m.rule))).toEqual(new Set(['io', 'random', 'time', 'stateMutation', 'unorderedIteration']));
    expect(findings.map((f) => ({ line: f.line, rule: f.rule }))).toEqual(expected);
    expect(findings.every((f) => f.file === 'test/models/diff/impureCounter.ts')).toBe(true);
    const text = renderLintText(findings, ['test/models/diff/impureCounter.ts']);
    const randomLine = expected.find((m) => m.rule === 'random')!.line;
    expect(text).toContain(`test/models/diff/impureCounter.ts:${randomLine}:`);
    expect(text.trimEnd().split('\n').at(-1)).toBe(`${expected.length} findings in 1 file`);
  });

  it('finds nothing in pure specs (the example models and the tiny diff models)', () => {
    const project = createSourceProject(root);
    for (const file of ['spec/examples/dieHard.ts', 'spec/examples/peterson.ts', 'spec/examples/threadCounter.ts', 'spec/examples/abba.ts', 'test/models/diff/counters.ts', 'test/models/diff/switchV2.ts']) {
      const files = modelSourceFiles(project, root, path.join(root, file));
      expect(lintSourceFiles(files, root), file).toEqual([]);
    }
  });

  it('lets threaded step bodies write through their private copies (@privateCopies), and only those', () => {
    const file = path.join(root, 'test/models/diff/impureThreads.ts');
    const project = createSourceProject(root);
    const findings = lintSourceFiles(modelSourceFiles(project, root, file), root);
    expect(findings.map((f) => ({ line: f.line, rule: f.rule }))).toEqual(markers(file));
    expect(findings[0]!.code).toBe('k.constants.tags.push(1)');
  });
});
