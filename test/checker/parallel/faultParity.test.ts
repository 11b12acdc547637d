/**
 * Sequential and parallel runs must agree byte for byte on faulty specs too — thrower, mutator, impure, constrained,
 * assert-and-throw in one state, throwing invariant and action property, states outside the schema, compile-time
 * faults — in text and in JSON, for 1, 2 and 3 workers. Workers load the models from `dist/test/models/faults.js`
 * (`npm test` builds first). (The earlier parity tests had no faulty spec, which is how sequential and parallel runs
 * came to disagree on them.)
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, type AnyModel, type CheckOptions } from '../../../checker/engine/index.js';
import { renderCheckResultJson, renderCheckResultText } from '../../../checker/cli/renderCheckResult.js';
import * as faults from '../../models/faults.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const moduleUrl = pathToFileURL(path.join(root, 'dist', 'test', 'models', 'faults.js')).href;

const names = Object.keys(faults).filter((k) => k !== 'usesRandom') as (keyof typeof faults)[];
const variants: CheckOptions[] = [{}, { continueAfterViolation: true }];

describe('faulty specs: 1, 2 and 3 workers give the same bytes', () => {
  it.each(names)('%s', async (name) => {
    const model = faults[name] as AnyModel;
    for (const options of variants) {
      const outputs = new Set<string>();
      for (const workers of [1, 2, 3]) {
        // Every level in parallel, except for the impure spec: a level with an error is redone sequentially, which
        // calls its actions again — and an impure spec may answer differently then (docs/errors.md says so).
        const minParallelLevel = name === 'impurePerState' ? 256 : 1;
        const result = await check(model, { ...options, workers, minParallelLevel, modelSource: { moduleUrl, exportName: name } });
        outputs.add(renderCheckResultJson(result));
        outputs.add(renderCheckResultText(result, { model, reproduce: (p) => `lifecheck check ${name} --property ${p}` }));
      }
      expect(outputs.size, `${name} ${JSON.stringify(options)}`).toBe(2);
    }
  });
});
