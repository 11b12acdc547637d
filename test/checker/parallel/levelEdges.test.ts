/**
 * The edge logs of a level reach the graph in id order whichever thread expanded which chunk, in whatever order:
 * every state's edges in the order logged, `~slot` targets replaced by the ids of the slots' states, states without
 * edges kept; a chunk no thread logged, or a graph not at the level's start, is an internal error.
 */
import { describe, expect, it } from 'vitest';
import { StateGraph } from '../../../checker/engine/explore/stateGraph.js';
import { appendLevelEdges, LevelEdgeLog } from '../../../checker/engine/parallel/levelEdges.js';

/** The graph's edges of `ids`, as [id, target, label] triples. */
function edgesOf(graph: StateGraph, ids: readonly number[]): number[][] {
  return ids.flatMap((id) => {
    const { from, to } = graph.range(id);
    return Array.from({ length: to - from }, (_, k) => [id, graph.target(from + k), graph.label(from + k)]);
  });
}

describe('appendLevelEdges', () => {
  it('appends the logged edges in id order, chunks taken from whichever log holds them, slots mapped to ids', () => {
    // the level: ids 10 .. 14 (5 states, chunks of 2: [10, 11], [12, 13], [14]), after ids 0 .. 9 without edges
    const graph = new StateGraph(7);
    for (let id = 0; id < 10; id += 1) {
      graph.begin(id);
      graph.end();
    }
    const a = new LevelEdgeLog();
    const b = new LevelEdgeLog();
    // thread b expands chunk 2 first, then chunk 0; thread a chunk 1
    b.beginChunk(2);
    b.beginState();
    b.edge(~7, 3); // a new state in slot 7
    b.edge(3, 1);
    b.endState();
    b.beginChunk(0);
    b.beginState();
    b.edge(~2, 0);
    b.edge(~2, 5); // the same new state by another label
    b.endState();
    b.beginState(); // id 11: no edges
    b.endState();
    a.beginChunk(1);
    a.beginState();
    a.edge(11, 2);
    a.endState();
    a.beginState();
    a.edge(~7, 6);
    a.edge(~2, 4);
    a.endState();
    const slotIds = new Int32Array(8).fill(-99);
    slotIds[2] = 15;
    slotIds[7] = 16;
    appendLevelEdges(graph, 10, 5, 2, [a.take(), b.take()], slotIds);
    expect(graph.states).toBe(15);
    expect(edgesOf(graph, [10, 11, 12, 13, 14])).toEqual([
      [10, 15, 0],
      [10, 15, 5],
      [12, 11, 2],
      [13, 16, 6],
      [13, 15, 4],
      [14, 16, 3],
      [14, 3, 1],
    ]);
  });

  it('a chunk in no log, or a graph not at the level start, is an internal error', () => {
    const log = new LevelEdgeLog();
    log.beginChunk(0);
    log.beginState();
    log.endState();
    expect(() => appendLevelEdges(new StateGraph(1), 0, 3, 1, [log.take()], new Int32Array(1))).toThrow(/chunk 1 .* no thread/);
    expect(() => appendLevelEdges(new StateGraph(1), 4, 1, 1, [log.take()], new Int32Array(1))).toThrow(/holds 0 states/);
  });

  it('reset forgets what was written; the log grows past its first arrays', () => {
    const log = new LevelEdgeLog();
    log.beginChunk(0);
    log.beginState();
    log.edge(1, 1);
    log.endState();
    log.reset();
    const n = 10_000;
    for (let c = 0; c < n; c += 1) {
      log.beginChunk(c);
      log.beginState();
      for (let k = 0; k < 3; k += 1) log.edge(c, k);
      log.endState();
    }
    const graph = new StateGraph(3);
    appendLevelEdges(graph, 0, n, 1, [log.take()], new Int32Array(0));
    expect(graph.states).toBe(n);
    expect(edgesOf(graph, [0, n - 1])).toEqual([
      [0, 0, 0],
      [0, 0, 1],
      [0, 0, 2],
      [n - 1, n - 1, 0],
      [n - 1, n - 1, 1],
      [n - 1, n - 1, 2],
    ]);
  });
});
