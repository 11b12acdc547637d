/**
 * Type-level tests: the files of this folder named `*.types.ts` are compiled with the project's compiler options
 * (strict). Each must compile with no diagnostic; their `@ts-expect-error` lines must meet an error, or TypeScript
 * reports the directive as unused — so accepting a wrong parameter type fails here.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');

function diagnosticsOf(file: string): string[] {
  const configPath = path.join(root, 'tsconfig.test.json');
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram([file], { ...parsed.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const name = d.file ? path.relative(root, d.file.fileName) : '';
    return `${name}:${where ? where.line + 1 : 0}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('type-level tests', () => {
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.types.ts'));
  it('exist', () => expect(files.length).toBeGreaterThan(0));
  it.each(files)('%s compiles, with every @ts-expect-error met', (file) => {
    expect(diagnosticsOf(path.join(__dirname, file))).toEqual([]);
  });
});
