import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkSync } from '../../checker/engine/index.js';
import { dieHard } from '../../spec/examples/dieHard.js';
import { vfioOld } from '../../spec/vfio/models.js';
import { readItf } from '../../traces/itf.js';
import { readTraceDocument, toTrace } from '../../traces/traceFile.js';
import { traceContextFor } from '../../traces/traceContext.js';
import { writeTraceFiles } from '../../traces/writeTraceFiles.js';

describe('writeTraceFiles', () => {
  test('writes the six forms of a VFIO counterexample, byte-for-byte the same on a second run', () => {
    const result = checkSync(vfioOld, { constantSet: 'small' });
    const outcome = result.properties.find((p) => p.status === 'violated')!;
    const trace = outcome.counterexample!;
    const context = traceContextFor(vfioOld, { modelRef: 'vfio-old', constants: result.constants, propertyName: outcome.name, message: outcome.message!, reproduceCommand: `lifecheck check vfio-old --constants small --invariant ${outcome.name}` });
    expect(context.presentation?.cReproducer).toBeDefined();
    expect(context.property?.rationale).toBeDefined();
    const dirs = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), 'lifecheck-out-')));
    const written = dirs.map((dir) => writeTraceFiles(dir, `vfio-old.${outcome.name}`, trace, context));
    expect(written[0]!.map((f) => path.basename(f))).toEqual(['.json', '.txt', '.itf.json', '.md', '.mmd', '.c'].map((e) => `vfio-old.${outcome.name}${e}`));
    for (const file of readdirSync(dirs[0]!)) {
      expect(readFileSync(path.join(dirs[1]!, file), 'utf8'), file).toBe(readFileSync(path.join(dirs[0]!, file), 'utf8'));
    }
    const dir = dirs[0]!;
    expect(readItf(readFileSync(path.join(dir, `vfio-old.${outcome.name}.itf.json`), 'utf8')).trace).toEqual(trace);
    const doc = readTraceDocument(readFileSync(path.join(dir, `vfio-old.${outcome.name}.json`), 'utf8'));
    expect(toTrace(doc)).toEqual(trace);
    expect(doc).toMatchObject({ model: 'vfio-old', property: outcome.name, message: outcome.message, constants: result.constants });
    expect(readFileSync(path.join(dir, `vfio-old.${outcome.name}.txt`), 'utf8')).toMatch(/Reproduce: lifecheck check vfio-old --constants small --invariant \S+\n$/);
    expect(readFileSync(path.join(dir, `vfio-old.${outcome.name}.md`), 'utf8')).toContain(`### \`${outcome.name}\` violated in \`vfio-old\``);
  });

  test('no C reproducer for a model that is not VFIO', () => {
    const outcome = checkSync(dieHard, {}).properties.find((p) => p.name === 'NotSolved')!;
    const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-out-'));
    const files = writeTraceFiles(dir, 'die-hard.NotSolved', outcome.counterexample!, traceContextFor(dieHard, { propertyName: 'NotSolved' }));
    expect(files.map((f) => f.slice(f.indexOf('.NotSolved') + '.NotSolved'.length))).toEqual(['.json', '.txt', '.itf.json', '.md', '.mmd']);
  });
});
