/**
 * The properties checked on the reachable graph once exploration is complete (`StateGraph`): temporal properties
 * under fairness, with TLC's meaning, and recoverability.
 *
 * Behaviours are infinite; a behaviour may stutter (stay in a state) at any point, so every state is the start of a
 * stuttering loop. A set F of states, strongly connected by the graph's edges (or a single state, by stuttering), is
 * what a behaviour can visit infinitely often; it is *fair* when, for every fairness condition over labels L:
 * - weak (`WF`): some state of F has no L-step, or F has an L-edge between its states;
 * - strong (`SF`): no state of F has an L-step, or F has an L-edge between its states.
 * Fair sets are found SCC by SCC (Tarjan, iteratively): an SCC that fails a weak condition has no fair part; one
 * that fails a strong condition is split by removing the states where L is enabled (Streett decomposition).
 *
 * - `eventually P` is violated when a fair set of ¬P states is reachable from an initial ¬P state through ¬P states;
 * - `alwaysEventually P` when a fair set of ¬P states is reachable at all;
 * - `eventuallyAlways P` when a reachable fair set contains a ¬P state;
 * - `P leadsTo Q` when a fair set of ¬Q states is reachable through ¬Q states from a reachable P ∧ ¬Q state;
 * - `alwaysReachable P` when some reachable state cannot reach a P state.
 * Counterexamples are lassos: the shortest prefix the search gives (ids are in BFS order, and the prefix inside the
 * restricted region is a breadth-first path), and a loop inside the fair set that visits what fairness asks of it
 * and no more (see `loopThrough`): stuttering where no fair action is enabled, else one edge of each condition it
 * must take, or one state where the condition is disabled.
 */
import { InternalError, messageOf, SpecError } from '../api/errors.js';
import type { JsonRecord } from '../api/json.js';
import type { GraphProperty } from '../api/property.js';
import type { CompiledFairness, CompiledModel } from '../core/compileModel.js';
import type { StateTable } from '../store/stateTable.js';
import type { StateGraph } from './stateGraph.js';

/**
 * A path in the graph: the BFS tree path to state `start`, then `edges` (edge indices); for lassos, `loop`: the edges
 * from the path's last state back to itself (empty: stuttering there).
 */
export interface GraphPath {
  readonly start: number;
  readonly edges: readonly number[];
  readonly loop?: readonly number[];
}

/** What checking one graph property found. */
export type GraphVerdict =
  | { readonly status: 'holds' }
  | { readonly status: 'violated'; readonly path: GraphPath; readonly message: string };

/** The pieces of a finished exploration the checks need. */
export interface GraphCheckInput {
  readonly compiled: CompiledModel;
  readonly table: StateTable;
  readonly graph: StateGraph;
}

type Pred = (state: unknown, constants: JsonRecord) => boolean;

/** A set of states a behaviour can repeat for ever, fairly: strongly connected, or one state (stuttering). */
interface FairSet {
  readonly states: readonly number[];
}

/**
 * A graph property's state predicate threw (the spec's fault, LC204): the state it threw on (its id in the table)
 * and what it threw. {@link checkGraphProperty} throws it; the check reports it with the path to that state.
 */
export class GraphPredicateError extends SpecError {
  constructor(
    /** The id of the state the predicate threw on. */
    readonly stateId: number,
    message: string,
  ) {
    super('LC204', message);
    this.name = 'GraphPredicateError';
  }
}

/** Evaluates `pred` on every stored state; throws {@link GraphPredicateError} (the first state, by id) when it throws. */
function evaluate(input: GraphCheckInput, pred: Pred): Uint8Array {
  const { compiled, table } = input;
  const out = new Uint8Array(table.size);
  const words = new Uint32Array(compiled.codec.words);
  for (let id = 0; id < table.size; id += 1) {
    table.copyEncoding(id, words, 0);
    let holds: boolean;
    try {
      holds = pred(compiled.codec.decode(words, 0), compiled.constants);
    } catch (error) {
      throw new GraphPredicateError(id, messageOf(error));
    }
    out[id] = holds ? 1 : 0;
  }
  return out;
}

/** Per fairness condition, per state: whether the condition's labels have a (non-stuttering) step there. */
function enabledSets(input: GraphCheckInput): Uint8Array[] {
  const { graph, compiled } = input;
  return compiled.fairness.map((f: CompiledFairness) => {
    const enabled = new Uint8Array(graph.states);
    for (let id = 0; id < graph.states; id += 1) {
      const { from, to } = graph.range(id);
      for (let e = from; e < to; e += 1) {
        if (f.labels[graph.label(e)] === 1) {
          enabled[id] = 1;
          break;
        }
      }
    }
    return enabled;
  });
}

/** The SCCs of the subgraph induced by `allowed` (iterative Tarjan); each SCC as a list of states. */
function sccs(graph: StateGraph, allowed: Uint8Array): number[][] {
  const n = graph.states;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let next = 0;
  const work: { v: number; e: number; to: number }[] = [];
  for (let root = 0; root < n; root += 1) {
    if (!allowed[root] || index[root] !== -1) continue;
    const r = graph.range(root);
    work.push({ v: root, e: r.from, to: r.to });
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.e < frame.to) {
        const w = graph.target(frame.e++);
        if (!allowed[w]) continue;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = 1;
          const rw = graph.range(w);
          work.push({ v: w, e: rw.from, to: rw.to });
        } else if (onStack[w]) {
          low[frame.v] = Math.min(low[frame.v]!, index[w]!);
        }
        continue;
      }
      work.pop();
      const v = frame.v;
      if (work.length > 0) {
        const parent = work[work.length - 1]!.v;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
          if (w === v) break;
        }
        out.push(component.sort((a, b) => a - b));
      }
    }
  }
  return out;
}

/**
 * The fair sets inside `component` (see the module comment), each strongly connected (or a single state, which
 * stutters). `must`, when given, is a set one of whose states each fair set must contain.
 */
function fairSets(
  graph: StateGraph,
  fairness: readonly CompiledFairness[],
  enabled: readonly Uint8Array[],
  component: readonly number[],
  must: Uint8Array | undefined,
  out: FairSet[],
): void {
  const inSet = new Uint8Array(graph.states);
  for (const v of component) inSet[v] = 1;
  if (must !== undefined && !component.some((v) => must[v])) return;
  // Whether the component has an edge between its own states (a single state needs one for a non-stuttering loop).
  let internal = false;
  const edgeOf = fairness.map(() => -1);
  for (const v of component) {
    const { from, to } = graph.range(v);
    for (let e = from; e < to; e += 1) {
      if (!inSet[graph.target(e)]) continue;
      internal = true;
      const label = graph.label(e);
      fairness.forEach((f, c) => {
        if (edgeOf[c] === -1 && f.labels[label] === 1) edgeOf[c] = e;
      });
    }
  }
  // Every state stutters; a stuttering loop is fair where no fair action is enabled (the shortest loop there is).
  for (const v of component) {
    if (enabled.every((set) => !set[v]) && (must === undefined || must[v])) out.push({ states: [v] });
  }
  if (!internal) return;
  for (let c = 0; c < fairness.length; c += 1) {
    const set = enabled[c]!;
    if (edgeOf[c]! >= 0) continue;
    const everywhere = component.every((v) => set[v]);
    const somewhere = component.some((v) => set[v]);
    if (fairness[c]!.kind === 'weak' ? !everywhere : !somewhere) continue;
    if (fairness[c]!.kind === 'weak') return; // no sub-cycle can be fair either
    // Strong condition failed: drop the states where it is enabled, and look again inside what is left.
    const rest = new Uint8Array(graph.states);
    for (const v of component) if (!set[v]) rest[v] = 1;
    for (const sub of sccs(graph, rest)) fairSets(graph, fairness, enabled, sub, must, out);
    return;
  }
  out.push({ states: [...component] });
}

/** Breadth-first distances and parent edges from `sources` through states of `allowed` (`-1`: unreached). */
function bfs(graph: StateGraph, sources: readonly number[], allowed: Uint8Array): { dist: Int32Array; via: Int32Array } {
  const dist = new Int32Array(graph.states).fill(-1);
  const via = new Int32Array(graph.states).fill(-1);
  const queue: number[] = [];
  for (const s of sources) {
    if (allowed[s] && dist[s] === -1) {
      dist[s] = 0;
      queue.push(s);
    }
  }
  for (let q = 0; q < queue.length; q += 1) {
    const v = queue[q]!;
    const { from, to } = graph.range(v);
    for (let e = from; e < to; e += 1) {
      const w = graph.target(e);
      if (!allowed[w] || dist[w] !== -1) continue;
      dist[w] = dist[v]! + 1;
      via[w] = e;
      queue.push(w);
    }
  }
  return { dist, via };
}

/** The edges of the BFS path to `target` recorded in `via` (from its source). */
function pathTo(graph: StateGraph, via: Int32Array, target: number): { start: number; edges: number[] } {
  const edges: number[] = [];
  let v = target;
  for (let e = via[v]!; e >= 0; e = via[v]!) {
    edges.push(e);
    v = sourceOf(graph, e);
  }
  return { start: v, edges: edges.reverse() };
}

/** The state an edge leaves (edges are grouped by source: a binary search over the rows). */
function sourceOf(graph: StateGraph, edge: number): number {
  let lo = 0;
  let hi = graph.states - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (graph.range(mid).from <= edge) lo = mid;
    else hi = mid - 1;
  }
  // rows can be empty: move to the last row starting at or before the edge that contains it
  while (graph.range(lo).to <= edge) lo += 1;
  return lo;
}

/**
 * A fair closed walk from `entry` inside the fair set `fair`, short rather than exhaustive. It starts as stuttering
 * at `entry` and adds, one at a time and nearest first (breadth-first inside the set), what an unmet condition asks
 * for: with `must`, a must state; for a weak condition not taken whose labels are enabled in every state visited so
 * far, the nearest state where they are not, or the nearest of its edges; for a strong condition not taken whose
 * labels are enabled in some visited state, the nearest of its edges. Then it walks back to `entry`, and goes on
 * while the way back made a condition unmet. A requirement once met stays met (an edge taken stays taken, a state
 * visited stays visited), so this ends after at most one round per condition; and what is asked for exists, since
 * the set is fair: a weak condition enabled in all of it, or a strong one enabled in part of it, has an edge in it.
 * Empty when stuttering at `entry` is fair.
 */
function loopThrough(
  graph: StateGraph,
  fairness: readonly CompiledFairness[],
  enabled: readonly Uint8Array[],
  fair: FairSet,
  entry: number,
  must: Uint8Array | undefined,
): number[] {
  const inSet = new Uint8Array(graph.states);
  for (const v of fair.states) inSet[v] = 1;
  const conditions = fairness.length;
  const taken = new Uint8Array(conditions);
  const disabledSeen = new Uint8Array(conditions);
  const enabledSeen = new Uint8Array(conditions);
  let mustSeen = must === undefined;
  const walk: number[] = [];
  let at = entry;
  const visit = (v: number): void => {
    for (let c = 0; c < conditions; c += 1) {
      if (enabled[c]![v]) enabledSeen[c] = 1;
      else disabledSeen[c] = 1;
    }
    if (must !== undefined && must[v]) mustSeen = true;
  };
  const take = (e: number): void => {
    walk.push(e);
    const label = graph.label(e);
    for (let c = 0; c < conditions; c += 1) if (fairness[c]!.labels[label] === 1) taken[c] = 1;
    at = graph.target(e);
    visit(at);
  };
  /** An edge of condition `c` from `v` to a state of the set, or -1. */
  const edgeOf = (c: number, v: number): number => {
    const { from, to } = graph.range(v);
    for (let e = from; e < to; e += 1) if (inSet[graph.target(e)] && fairness[c]!.labels[graph.label(e)] === 1) return e;
    return -1;
  };
  // Breadth-first search inside the set from `at` to the nearest state where `target` holds, then along the path.
  const parent = new Map<number, number>();
  const walkTo = (target: (v: number) => boolean): void => {
    parent.clear();
    parent.set(at, -1);
    const queue = [at];
    let found = -1;
    for (let q = 0; q < queue.length && found < 0; q += 1) {
      const v = queue[q]!;
      if (target(v)) {
        found = v;
        break;
      }
      const { from, to } = graph.range(v);
      for (let e = from; e < to; e += 1) {
        const w = graph.target(e);
        if (!inSet[w] || parent.has(w)) continue;
        parent.set(w, e);
        queue.push(w);
      }
    }
    if (found < 0) throw new InternalError('a fair set lacks a state or edge its loop needs');
    const path: number[] = [];
    for (let v = found; parent.get(v)! >= 0; v = sourceOf(graph, parent.get(v)!)) path.push(parent.get(v)!);
    for (const e of path.reverse()) take(e);
  };
  const takeEdgeOf = (c: number): void => {
    walkTo((v) => edgeOf(c, v) >= 0);
    take(edgeOf(c, at));
  };
  visit(entry);
  for (;;) {
    let c = 0;
    for (; c < conditions; c += 1) {
      if (taken[c]) continue;
      if (fairness[c]!.kind === 'weak' ? !disabledSeen[c] : enabledSeen[c]) break;
    }
    if (!mustSeen) {
      walkTo((v) => must![v] === 1);
    } else if (c < conditions) {
      if (fairness[c]!.kind === 'strong') {
        takeEdgeOf(c);
      } else {
        const k = c;
        walkTo((v) => !enabled[k]![v] || edgeOf(k, v) >= 0);
        if (enabled[k]![at]) take(edgeOf(k, at));
      }
    } else if (at === entry) {
      return walk;
    } else {
      walkTo((v) => v === entry);
    }
  }
}

/** Checks one graph property of a complete exploration. */
export function checkGraphProperty(input: GraphCheckInput, property: GraphProperty<unknown, JsonRecord>): GraphVerdict {
  const { graph, table, compiled } = input;
  const n = graph.states;
  if (property.kind === 'alwaysReachable') return checkRecoverability(input, evaluate(input, (s, c) => property.holds(s, c)));
  const all = new Uint8Array(n).fill(1);
  const enabled = enabledSets(input);
  const roots: number[] = [];
  for (let id = 0; id < table.size && table.parents.get(id) < 0; id += 1) roots.push(id);
  let allowed: Uint8Array;
  let sources: number[];
  let must: Uint8Array | undefined;
  let describe: string;
  if (property.kind === 'leadsTo') {
    const from = evaluate(input, (s, c) => property.from(s, c));
    const to = evaluate(input, (s, c) => property.to(s, c));
    allowed = to.map((b) => 1 - b);
    sources = [];
    for (let id = 0; id < n; id += 1) if (from[id] && !to[id]) sources.push(id);
    describe = 'from a state where its condition holds, a fair behaviour never reaches one where its goal holds';
  } else {
    const p = evaluate(input, (s, c) => property.holds(s, c));
    const notP = p.map((b) => 1 - b);
    if (property.kind === 'eventually') {
      allowed = notP;
      sources = roots;
      describe = 'a fair behaviour never reaches a state where it holds';
    } else if (property.kind === 'alwaysEventually') {
      allowed = notP;
      sources = [];
      for (let id = 0; id < n; id += 1) if (notP[id]) sources.push(id);
        describe = 'a fair behaviour reaches a point after which it never holds again';
    } else {
      allowed = all;
      must = notP;
      sources = [];
      for (let id = 0; id < n; id += 1) sources.push(id);
        describe = 'a fair behaviour makes it false again and again';
    }
  }
  // Fair sets inside the region, and which states can reach one through the region.
  const found: FairSet[] = [];
  for (const component of sccs(graph, allowed)) fairSets(graph, compiled.fairness, enabled, component, must, found);
  if (found.length === 0) return { status: 'holds' };
  const fairOf = new Int32Array(n).fill(-1);
  found.forEach((f, k) => {
    for (const v of f.states) if (fairOf[v] === -1) fairOf[v] = k;
  });
  // The source with the smallest id (BFS order: the shortest prefix from an initial state) that reaches a fair set.
  const reaching = backwardReach(graph, fairOf, allowed);
  const start = sources.filter((s) => allowed[s] && reaching[s]).sort((a, b) => a - b)[0];
  if (start === undefined) return { status: 'holds' };
  const { dist, via } = bfs(graph, [start], allowed);
  let entry = -1;
  for (let v = 0; v < n; v += 1) {
    if (fairOf[v] >= 0 && dist[v]! >= 0 && (entry < 0 || dist[v]! < dist[entry]!)) entry = v;
  }
  const inner = pathTo(graph, via, entry);
  const loop = loopThrough(graph, compiled.fairness, enabled, found[fairOf[entry]!]!, entry, must);
  const fairnessNote = compiled.fairness.length === 0 ? ' (no fairness is assumed: behaviours may stutter for ever)' : '';
  // The trace: the BFS tree path to `start` (for `eventually`, an initial state), the region path, the loop.
  return { status: 'violated', path: { start, edges: inner.edges, loop }, message: `${property.kind} is violated: ${describe}${fairnessNote}` };
}

/** The reversed edges of whole graphs, built once per graph (every `alwaysReachable` property reverses all of it). */
const fullReverses = new WeakMap<StateGraph, { starts: Int32Array; sources: Int32Array }>();

/**
 * States that can reach a marked state (`fairOf ≥ 0`) through `allowed` states (reverse BFS). `everyState` says that
 * `allowed` holds every state of the complete graph, whose reversal is then kept for the next such call.
 */
function backwardReach(graph: StateGraph, fairOf: Int32Array, allowed: Uint8Array, everyState = false): Uint8Array {
  const n = graph.states;
  let reverse = everyState ? fullReverses.get(graph) : undefined;
  if (reverse === undefined) {
    reverse = reverseGraph(graph, allowed);
    if (everyState) fullReverses.set(graph, reverse);
  }
  const reach = new Uint8Array(n);
  const queue: number[] = [];
  for (let v = 0; v < n; v += 1) {
    if (fairOf[v]! >= 0) {
      reach[v] = 1;
      queue.push(v);
    }
  }
  for (let q = 0; q < queue.length; q += 1) {
    const v = queue[q]!;
    for (let k = reverse.starts[v]!; k < reverse.starts[v + 1]!; k += 1) {
      const u = reverse.sources[k]!;
      if (!reach[u] && allowed[u]) {
        reach[u] = 1;
        queue.push(u);
      }
    }
  }
  return reach;
}

/** The reversed edges between `allowed` states, as rows of sources per target. */
function reverseGraph(graph: StateGraph, allowed: Uint8Array): { starts: Int32Array; sources: Int32Array } {
  const n = graph.states;
  const starts = new Int32Array(n + 1);
  for (let v = 0; v < n; v += 1) {
    if (!allowed[v]) continue;
    const { from, to } = graph.range(v);
    for (let e = from; e < to; e += 1) if (allowed[graph.target(e)]) starts[graph.target(e) + 1]! += 1;
  }
  for (let v = 0; v < n; v += 1) starts[v + 1]! += starts[v]!;
  const fill = starts.slice(0, n);
  const sources = new Int32Array(starts[n]!);
  for (let v = 0; v < n; v += 1) {
    if (!allowed[v]) continue;
    const { from, to } = graph.range(v);
    for (let e = from; e < to; e += 1) {
      const w = graph.target(e);
      if (allowed[w]) sources[fill[w]!++] = v;
    }
  }
  return { starts, sources };
}

/** `alwaysReachable P`: the first (shortest-trace) reachable state from which no P state can be reached. */
function checkRecoverability(input: GraphCheckInput, p: Uint8Array): GraphVerdict {
  const { graph } = input;
  const n = graph.states;
  const all = new Uint8Array(n).fill(1);
  const marks = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v += 1) if (p[v]) marks[v] = 0;
  const reach = backwardReach(graph, marks, all, true);
  let bad = -1;
  for (let v = 0; v < n && bad < 0; v += 1) if (!reach[v]) bad = v;
  if (bad < 0) return { status: 'holds' };
  // What can still happen from there: the states and actions reachable from it (none satisfies P).
  const { dist } = bfs(graph, [bad], all);
  let states = 0;
  const actions = new Set<string>();
  for (let v = 0; v < n; v += 1) {
    if (dist[v]! < 0) continue;
    states += 1;
    const { from, to } = graph.range(v);
    for (let e = from; e < to; e += 1) actions.add(input.compiled.labels[graph.label(e)]!.action);
  }
  const what =
    actions.size === 0
      ? 'nothing can happen from there any more but stuttering'
      : `from there ${states === 1 ? 'only this state' : `${states} states`} can be reached (actions ${[...actions].sort().join(', ')}), none of them a goal state`;
  return { status: 'violated', path: { start: bad, edges: [] }, message: `alwaysReachable is violated: ${what}` };
}
