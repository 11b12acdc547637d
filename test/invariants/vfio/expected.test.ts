/**
 * The checker's results at `default` constants agree with spec/vfio/expected.json (which records what each kernel
 * version does, established from the kernel source), cell by cell, including the shortest counterexample lengths
 * (in steps: transitions, an aborted last step counted).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSync } from '../../../checker/engine/index.js';
import { vfioModels } from '../../../spec/vfio/models.js';
import { traceStepCount } from '../../../traces/traceSteps.js';

type Expectation = { status: 'holds' } | { status: 'violated'; steps: number; reason: string };
const expected = JSON.parse(
  readFileSync(new URL('../../../spec/vfio/expected.json', import.meta.url), 'utf8'),
) as Record<string, Record<string, Expectation>>;

describe.each(Object.values(vfioModels).map((m) => [m.name, m] as const))('%s at default', (name, model) => {
  it('matches expected.json in every cell', () => {
    const result = checkSync(model, { continueAfterViolation: true });
    expect(result.complete).toBe(true);
    expect(result.error).toBeUndefined();
    const want = expected[name]!;
    expect(Object.keys(want).sort()).toEqual(Object.keys(model.properties).sort());
    const got = Object.fromEntries(
      result.properties.map((p) => [
        p.name,
        p.status === 'violated' ? `violated/${traceStepCount(p.counterexample!)}` : p.status,
      ]),
    );
    const wantCells = Object.fromEntries(
      Object.entries(want).map(([p, e]) => [p, e.status === 'violated' ? `violated/${e.steps}` : e.status]),
    );
    expect(got).toEqual(wantCells);
    for (const p of result.properties) {
      if (p.status === 'violated' && p.kind === 'assertion') {
        expect(p.counterexample!.aborted).toBeDefined();
        expect(p.message).toMatch(/^[a-z_]+: /); // names the kernel function
      }
    }
  });
});
