/**
 * Checks that record the state graph (temporal and recoverability properties) run on the workers, and the parallel
 * driver records the graph of the sequential run: for every expanded state the same (target id, label) edges in the
 * same order — stuttering steps and successors outside the constraint left out — with the same ids, parents and
 * labels in the visited set, and the same verdicts, counterexamples and output bytes, for 1, 2 and 3 workers. Every
 * level goes to the workers (`minParallelLevel: 1`), except where a level is redone sequentially (a violation, an
 * assertion), which the cases with `continueAfterViolation` reach. Workers load the compiled models from dist/
 * (`npm test` builds first).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, compileModel, type AnyModel, type CheckOptions } from '../../../checker/engine/index.js';
import { checkRecorded, type RecordedCheck } from '../../../checker/engine/check.js';
import type { ModelSource } from '../../../checker/engine/parallel/parallelBfs.js';
import type { StateGraph } from '../../../checker/engine/explore/stateGraph.js';
import type { StateTable } from '../../../checker/engine/store/stateTable.js';
import { loadModel, resolveModelSource } from '../../../checker/cli/loadModel.js';
import { renderCheckResultJson, renderCheckResultText } from '../../../checker/cli/renderCheckResult.js';
import { graphLevels } from '../../models/graphLevels.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const graphLevelsSource: ModelSource = {
  moduleUrl: pathToFileURL(path.join(root, 'dist', 'test', 'models', 'graphLevels.js')).href,
  exportName: 'graphLevels',
};

/** The first difference between two recorded graphs, in words, or undefined when they are edge for edge the same. */
function graphDifference(a: StateGraph, b: StateGraph): string | undefined {
  if (a.states !== b.states) return `${a.states} states' edges against ${b.states}`;
  for (let id = 0; id < a.states; id += 1) {
    const ra = a.range(id);
    const rb = b.range(id);
    if (ra.to - ra.from !== rb.to - rb.from) return `state ${id}: ${ra.to - ra.from} edges against ${rb.to - rb.from}`;
    for (let k = 0; k < ra.to - ra.from; k += 1) {
      const ea = ra.from + k;
      const eb = rb.from + k;
      if (a.target(ea) !== b.target(eb) || a.label(ea) !== b.label(eb)) {
        return `state ${id}, edge ${k}: (${a.target(ea)}, label ${a.label(ea)}) against (${b.target(eb)}, label ${b.label(eb)})`;
      }
    }
  }
  return undefined;
}

/** The first state whose parent or label differs between two visited sets, in words, or undefined. */
function tableDifference(a: StateTable, b: StateTable): string | undefined {
  if (a.size !== b.size) return `${a.size} states against ${b.size}`;
  for (let id = 0; id < a.size; id += 1) {
    if (a.parents.get(id) !== b.parents.get(id) || a.label(id) !== b.label(id)) return `state ${id}: parent or label differs`;
  }
  return undefined;
}

interface Case {
  readonly name: string;
  readonly model: () => Promise<AnyModel>;
  readonly source: () => Promise<ModelSource>;
  readonly options: CheckOptions;
}

const registered = (name: string, options: CheckOptions = {}): Case => ({
  name,
  model: () => loadModel(name),
  source: () => resolveModelSource(name),
  options,
});

const cases: Case[] = [
  registered('vfio-post', { constantSet: 'small' }),
  // fingerprint mode: the visited set compares fingerprints only (ids found by fingerprint, in both drivers)
  registered('vfio-post', { constantSet: 'small', fingerprint: true }),
  registered('vfio-post', { constantSet: 'default' }),
  // invariants, an assertion and every recoverability property violated: eventful levels are redone sequentially
  registered('vfio-post', { constantSet: 'faulty', continueAfterViolation: true }),
  registered('simple-allocator'),
  registered('sync-termination'),
  registered('replicated-log'),
  { name: 'graphLevels', model: async () => graphLevels as AnyModel, source: async () => graphLevelsSource, options: { properties: ['origin', 'bFull'] } },
  { name: 'graphLevels', model: async () => graphLevels as AnyModel, source: async () => graphLevelsSource, options: { continueAfterViolation: true } },
];

/** Runs `c` with `workers` threads, every level in parallel; checks that it recorded a complete graph. */
async function run(c: Case, workers: number): Promise<RecordedCheck & { readonly text: string; readonly json: string }> {
  const model = await c.model();
  const compiled = compileModel(model, c.options);
  const recorded = await checkRecorded(compiled, { ...c.options, workers, minParallelLevel: 1, modelSource: await c.source() });
  return {
    ...recorded,
    json: renderCheckResultJson(recorded.result),
    text: renderCheckResultText(recorded.result, { model, reproduce: (p) => `lifecheck check ${c.name} --property ${p}` }),
  };
}

describe('parallel BFS recording the state graph', () => {
  it.each(cases.map((c) => [`${c.name} ${JSON.stringify(c.options)}`, c] as const))(
    '%s: 2 and 3 workers record the sequential graph edge for edge, with the same verdicts and traces',
    async (_title, c) => {
      const sequential = await run(c, 1);
      expect(sequential.graph, 'the check records the graph').toBeDefined();
      expect(sequential.parallelLevels).toBe(0);
      expect(sequential.result.complete).toBe(true);
      expect(sequential.graph!.states).toBe(sequential.result.stats.distinctStates);
      for (const workers of [2, 3]) {
        const parallel = await run(c, workers);
        expect(parallel.parallelLevels, `${workers} workers: levels committed from the workers`).toBeGreaterThan(0);
        expect(tableDifference(parallel.table!, sequential.table!), `${workers} workers: visited set`).toBeUndefined();
        expect(graphDifference(parallel.graph!, sequential.graph!), `${workers} workers: graph`).toBeUndefined();
        expect(parallel.json).toBe(sequential.json);
        expect(parallel.text).toBe(sequential.text);
      }
    },
  );

  it('graphLevels has what the graph must get right: self-loops, targets reached twice in a level, steps out of the constraint, back edges', async () => {
    const { graph, table, result } = await run(cases.at(-2)!, 1);
    const g = graph!;
    const t = table!;
    const depth = new Int32Array(t.size);
    for (let id = 0; id < t.size; id += 1) depth[id] = t.parents.get(id) < 0 ? 1 : depth[t.parents.get(id)]! + 1;
    let newAgain = 0; // an edge to a state new in the next level, from a state that is not its BFS parent
    let twice = 0; // two edges of one state to one target
    let back = 0; // an edge to a shallower state
    let edges = 0;
    for (let id = 0; id < g.states; id += 1) {
      const { from, to } = g.range(id);
      const seen = new Set<number>();
      for (let e = from; e < to; e += 1) {
        const target = g.target(e);
        expect(target).not.toBe(id);
        if (depth[target] === depth[id]! + 1 && t.parents.get(target) !== id) newAgain += 1;
        if (depth[target]! < depth[id]!) back += 1;
        if (seen.has(target)) twice += 1;
        seen.add(target);
        edges += 1;
      }
    }
    expect(newAgain).toBeGreaterThan(0);
    expect(twice).toBeGreaterThan(0);
    expect(back).toBeGreaterThan(0);
    // steps from stored states, less one stuttering `stay` per state, less the 3 initial states: more than the edges
    // (other self-loops, and successors outside the constraint)
    expect(edges).toBeLessThan(result.stats.statesGenerated - 3 - t.size);
  });

  it('checkRecorded gives the result check gives', async () => {
    const options = { continueAfterViolation: true };
    const recorded = await checkRecorded(graphLevels as AnyModel, options);
    expect(renderCheckResultJson(recorded.result)).toBe(renderCheckResultJson(await check(graphLevels as AnyModel, options)));
  });
});
