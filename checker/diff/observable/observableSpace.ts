/**
 * One model's state space seen at the observable level of an {@link ObservableMapping}: the concrete states (the
 * model's state plus, per thread, the result its current call will return), every concrete transition once (through
 * the engine's successor core, so a step is what `check` would take), and the *subset construction* on top: after a
 * sequence of observable events, the set of every concrete state some interleaving of internal steps can be in.
 * Two versions are then compared on these sets (`compareObservable.ts`): an event one set allows and the other does
 * not is a difference a user of the system can see.
 *
 * Guarantees: deterministic (ids in order of discovery, which follows label order from a breadth-first walk); every
 * concrete state reachable from the initial states is visited by {@link ObservableSpace.explore}, which also
 * evaluates the model's invariants and action properties there and records its assertions; a set is closed under
 * internal steps; {@link ObservableSpace.witness} gives a shortest concrete interleaving (in steps) with the given
 * observable events, replayed through the successor core.
 */
import { canonicalJson, type Json, type JsonRecord } from '../../engine/api/json.js';
import type { Label } from '../../engine/api/label.js';
import type { Trace, TraceStep } from '../../engine/api/trace.js';
import type { CompiledModel } from '../../engine/core/compileModel.js';
import { SuccessorCore } from '../../engine/core/examine.js';
import { EntryFlag, EntryKind, Expansion } from '../../engine/core/expansion.js';
import type { ObservableEvent, ObservableMapping } from './observableMapping.js';

/** The key of an event: equal exactly for the same thread and the same call, result or assertion. */
export function eventKey(e: ObservableEvent): string {
  switch (e.kind) {
    case 'call':
      return canonicalJson({ t: e.thread, call: e.call });
    case 'return':
      return canonicalJson({ t: e.thread, ret: e.result });
    case 'oops':
      return canonicalJson({ t: e.thread, oops: e.property });
  }
}

/** What one model's exhaustive walk found (see {@link ObservableSpace.explore}). */
export interface ObservableExploration {
  /** Concrete states (model state and pending results) reached. */
  readonly states: number;
  /** Distinct model states among them. */
  readonly modelStates: number;
  /** Transitions (steps and assertions) examined. */
  readonly transitions: number;
  /** Property name → shortest trace of a violation (invariants, action properties, assertions met). */
  readonly violations: ReadonlyMap<string, Trace<unknown>>;
  /** Names of the invariants, action properties and assertions checked (the rest are not checked here). */
  readonly checked: readonly string[];
}

/** The transitions of one concrete state: target ids (-1 for an assertion) and event ids (-1 for internal). */
interface Successors {
  readonly targets: Int32Array;
  readonly events: Int32Array;
  readonly labels: Int32Array;
  readonly results: readonly (Json | undefined)[];
}

/** The events a set of concrete states allows, sorted by event id, with the set each leads to (-1: an assertion). */
interface SetEvents {
  readonly events: Int32Array;
  readonly targets: Int32Array;
}

const NONE: readonly (Json | undefined)[] = [];

/** See the module comment. Not safe for re-entrant use. */
export class ObservableSpace {
  readonly compiled: CompiledModel;
  readonly mapping: ObservableMapping;
  private readonly core: SuccessorCore;
  private readonly exp: Expansion;
  private readonly constants: JsonRecord;
  private readonly threadCount: number;
  // Concrete states.
  private readonly ids = new Map<string, number>();
  private readonly states: unknown[] = [];
  private readonly words: Uint32Array[] = [];
  private readonly pending: (readonly Json[])[] = [];
  private readonly succ: (Successors | undefined)[] = [];
  private readonly initial: number[] = [];
  // Events.
  private readonly eventIds = new Map<string, number>();
  /** Every event met, by id. */
  readonly events: ObservableEvent[] = [];
  // Sets.
  private readonly setIds = new Map<string, number>();
  private readonly sets: Int32Array[] = [];
  private readonly setEvents: (SetEvents | undefined)[] = [];
  private stamp = new Uint32Array(1024);
  private generation = 0;
  private exploration: ObservableExploration | undefined;

  constructor(compiled: CompiledModel, mapping: ObservableMapping) {
    this.compiled = compiled;
    this.mapping = mapping;
    this.core = new SuccessorCore(compiled);
    this.exp = new Expansion(compiled.codec.words);
    this.constants = compiled.constants;
    let threads = 0;
    for (const label of compiled.labels) {
      const t = mapping.thread(label);
      if (t !== undefined) threads = Math.max(threads, t + 1);
    }
    this.threadCount = threads;
    const none = Array.from({ length: threads }, () => null);
    for (const state of compiled.initialStates()) {
      const words = new Uint32Array(compiled.codec.words);
      compiled.codec.encode(state, words, 0);
      this.initial.push(this.intern(state, words, none));
    }
  }

  /** The model's name. */
  get name(): string {
    return this.compiled.model.name;
  }

  /** Number of concrete states interned so far. */
  get concreteStates(): number {
    return this.states.length;
  }

  /** Number of distinct sets met so far. */
  get setCount(): number {
    return this.sets.length;
  }

  private intern(state: unknown, words: Uint32Array, pending: readonly Json[]): number {
    const key = `${words.join(',')}|${canonicalJson(pending as Json)}`;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const id = this.states.length;
    this.ids.set(key, id);
    this.states.push(state);
    this.words.push(words);
    this.pending.push(pending);
    this.succ.push(undefined);
    return id;
  }

  private internEvent(e: ObservableEvent): number {
    const key = eventKey(e);
    const known = this.eventIds.get(key);
    if (known !== undefined) return known;
    this.eventIds.set(key, this.events.length);
    this.events.push(e);
    return this.events.length - 1;
  }

  /** The id of `e` in this space, or undefined when no state of the space has given it yet. */
  eventId(e: ObservableEvent): number | undefined {
    return this.eventIds.get(eventKey(e));
  }

  /** The transitions of concrete state `id` (computed once). Spec errors throw. */
  successors(id: number): Successors {
    const known = this.succ[id];
    if (known !== undefined) return known;
    const exp = this.exp;
    exp.reset();
    const state = this.states[id];
    const words = this.words[id]!;
    this.core.expandState(state, words, 0, exp);
    const n = exp.count;
    const targets = new Int32Array(n);
    const events = new Int32Array(n);
    const labels = new Int32Array(n);
    let results: (Json | undefined)[] | undefined;
    const pending = this.pending[id]!;
    for (let i = 0; i < n; i += 1) {
      const labelIndex = exp.label[i]!;
      const label = this.compiled.labels[labelIndex]!;
      labels[i] = labelIndex;
      const kind = exp.kind[i];
      if (kind === EntryKind.error) throw new Error(`${this.name}: ${exp.messages[i]?.message ?? 'spec error'}`);
      const thread = this.mapping.thread(label);
      if (kind === EntryKind.assertion) {
        const m = exp.messages[i]!;
        targets[i] = -1;
        events[i] = this.internEvent({ thread: thread ?? -1, kind: 'oops', property: m.property ?? '?', message: m.message });
        continue;
      }
      const same = (exp.flags[i]! & EntryFlag.sameAsParent) !== 0;
      const next = same ? state : exp.states[i];
      const nextWords = same ? words : exp.encodings.slice(i * exp.words, (i + 1) * exp.words);
      const result = exp.results[i];
      if (result !== undefined) (results ??= new Array<Json | undefined>(n).fill(undefined))[i] = result;
      const how = thread === undefined ? 'internal' : this.mapping.classify(label, state, next, this.constants);
      let nextPending = pending;
      let event = -1;
      if (thread !== undefined) {
        const own = how === 'call' ? (result ?? null) : result !== undefined ? result : pending[thread]!;
        if (how === 'call') event = this.internEvent({ thread, kind: 'call', call: this.mapping.call(label) });
        else if (how === 'return') event = this.internEvent({ thread, kind: 'return', result: own });
        const after = how === 'return' ? null : own;
        if (after !== pending[thread]) {
          const copy = pending.slice();
          copy[thread] = after;
          nextPending = copy;
        }
      }
      events[i] = event;
      targets[i] = this.intern(next, nextWords, nextPending);
    }
    const out: Successors = { targets, events, labels, results: results ?? NONE };
    this.succ[id] = out;
    return out;
  }

  /**
   * Walks every concrete state reachable from the initial states (breadth first), evaluating the invariants on each
   * model state and the action properties on each step, and recording assertions met. Computed once.
   */
  explore(): ObservableExploration {
    if (this.exploration !== undefined) return this.exploration;
    const parent: number[] = [];
    const via: number[] = [];
    let mark = new Uint8Array(0);
    const ensure = (n: number): void => {
      if (n < mark.length) return;
      const next = new Uint8Array(Math.max(n + 1, mark.length * 2, 1024));
      next.set(mark);
      mark = next;
    };
    const queue: number[] = [];
    for (const id of this.initial) {
      ensure(id);
      if (mark[id]) continue;
      mark[id] = 1;
      parent[id] = -1;
      via[id] = -1;
      queue.push(id);
    }
    const violations = new Map<string, Trace<unknown>>();
    const invariants = this.compiled.invariants;
    const actions = this.compiled.actionProperties;
    const assertionNames = [...this.compiled.assertionIndex.keys()];
    const modelStates = new Set<string>();
    let transitions = 0;
    const trace = (id: number, extra?: { label: number; state: unknown; result?: Json }, aborted?: { label: number; message: string }): Trace<unknown> => {
      const path: number[] = [];
      for (let x = id; x >= 0; x = parent[x]!) path.push(x);
      path.reverse();
      const steps: TraceStep<unknown>[] = path.map((x, k) => {
        if (k === 0) return { label: null, state: this.states[x] };
        const p = path[k - 1]!;
        const s = this.successors(p);
        const i = via[x]!;
        const r = s.results[i];
        return r === undefined ? { label: this.compiled.labels[s.labels[i]!]!, state: this.states[x] } : { label: this.compiled.labels[s.labels[i]!]!, result: r, state: this.states[x] };
      });
      if (extra !== undefined) {
        const label = this.compiled.labels[extra.label]!;
        steps.push(extra.result === undefined ? { label, state: extra.state } : { label, result: extra.result, state: extra.state });
      }
      return aborted === undefined ? { steps } : { steps, aborted: { label: this.compiled.labels[aborted.label]!, message: aborted.message } };
    };
    for (let head = 0; head < queue.length; head += 1) {
      const id = queue[head]!;
      const state = this.states[id];
      const wordsKey = this.words[id]!.join(',');
      if (!modelStates.has(wordsKey)) {
        modelStates.add(wordsKey);
        for (const inv of invariants) {
          if (violations.has(inv.name)) continue;
          if (!inv.holds(state, this.constants)) violations.set(inv.name, trace(id));
        }
      }
      const s = this.successors(id);
      for (let i = 0; i < s.targets.length; i += 1) {
        transitions += 1;
        const target = s.targets[i]!;
        const label = this.compiled.labels[s.labels[i]!]!;
        if (target < 0) {
          const e = this.events[s.events[i]!]!;
          if (e.kind === 'oops' && !violations.has(e.property)) violations.set(e.property, trace(id, undefined, { label: s.labels[i]!, message: e.message }));
          continue;
        }
        for (const a of actions) {
          if (violations.has(a.name)) continue;
          if (!a.holds(state, label, this.states[target], this.constants, s.results[i])) {
            violations.set(a.name, trace(id, { label: s.labels[i]!, state: this.states[target], ...(s.results[i] !== undefined ? { result: s.results[i]! } : {}) }));
          }
        }
        ensure(target);
        if (mark[target]) continue;
        mark[target] = 1;
        parent[target] = id;
        via[target] = i;
        queue.push(target);
      }
    }
    this.exploration = {
      states: queue.length,
      modelStates: modelStates.size,
      transitions,
      violations,
      checked: [...invariants.map((p) => p.name), ...actions.map((p) => p.name), ...assertionNames],
    };
    return this.exploration;
  }

  private nextGeneration(): number {
    if (this.stamp.length < this.states.length) {
      const next = new Uint32Array(Math.max(this.states.length * 2, 1024));
      next.set(this.stamp);
      this.stamp = next;
    }
    this.generation += 1;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }

  /** The id of the set that is the closure under internal steps of `seeds`. */
  private closeAndIntern(seeds: readonly number[]): number {
    const members: number[] = [];
    const gen = this.nextGeneration();
    const visit = (id: number): void => {
      if (id >= this.stamp.length) {
        const next = new Uint32Array(Math.max(id * 2, 1024));
        next.set(this.stamp);
        this.stamp = next;
      }
      if (this.stamp[id] === gen) return;
      this.stamp[id] = gen;
      members.push(id);
    };
    for (const id of seeds) visit(id);
    for (let k = 0; k < members.length; k += 1) {
      const s = this.successors(members[k]!);
      for (let i = 0; i < s.targets.length; i += 1) {
        if (s.events[i] === -1 && s.targets[i]! >= 0) visit(s.targets[i]!);
      }
    }
    const sorted = Int32Array.from(members).sort();
    const key = sorted.join(',');
    const known = this.setIds.get(key);
    if (known !== undefined) return known;
    this.setIds.set(key, this.sets.length);
    this.sets.push(sorted);
    this.setEvents.push(undefined);
    return this.sets.length - 1;
  }

  /** The set of the empty event sequence: the initial states and everything internal steps reach from them. */
  initialSet(): number {
    return this.closeAndIntern(this.initial);
  }

  /** The concrete states of set `set`. */
  members(set: number): Int32Array {
    return this.sets[set]!;
  }

  /** The events set `set` allows (ids sorted), each with the set it leads to (-1 for an assertion). */
  eventsOf(set: number): SetEvents {
    const known = this.setEvents[set];
    if (known !== undefined) return known;
    const seeds = new Map<number, number[]>();
    for (const id of this.sets[set]!) {
      const s = this.successors(id);
      for (let i = 0; i < s.targets.length; i += 1) {
        const e = s.events[i]!;
        if (e < 0) continue;
        let list = seeds.get(e);
        if (list === undefined) seeds.set(e, (list = []));
        if (s.targets[i]! >= 0) list.push(s.targets[i]!);
      }
    }
    const order = [...seeds.keys()].sort((x, y) => x - y);
    const events = Int32Array.from(order);
    const targets = Int32Array.from(order.map((e) => (this.events[e]!.kind === 'oops' ? -1 : this.closeAndIntern(seeds.get(e)!))));
    const out = { events, targets };
    this.setEvents[set] = out;
    return out;
  }

  /** The set reached from `set` by event `e` (an event of any space), -1 for an assertion, undefined when refused. */
  after(set: number, e: ObservableEvent): number | undefined {
    const id = this.eventId(e);
    if (id === undefined) return undefined;
    const ev = this.eventsOf(set);
    const k = ev.events.indexOf(id);
    return k < 0 ? undefined : ev.targets[k]!;
  }

  /** The events `set` allows, as events. */
  allowed(set: number): ObservableEvent[] {
    return [...this.eventsOf(set).events].map((e) => this.events[e]!);
  }

  /**
   * A shortest concrete interleaving (in steps) whose observable events are `events`, in order, from an initial
   * state; when the last event is an assertion the trace ends `aborted` in it. Undefined when there is none.
   */
  witness(events: readonly ObservableEvent[]): Trace<unknown> | undefined {
    const want = events.map((e) => this.eventId(e));
    if (want.some((w) => w === undefined)) return undefined;
    type Node = { readonly id: number; readonly k: number; readonly parent: number; readonly via: number };
    const nodes: Node[] = [];
    const seen = new Set<string>();
    for (const id of this.initial) {
      const key = `${id}:0`;
      if (seen.has(key)) continue;
      seen.add(key);
      nodes.push({ id, k: 0, parent: -1, via: -1 });
    }
    const build = (n: number, last?: { label: number; message: string }): Trace<unknown> => {
      const path: Node[] = [];
      for (let x = n; x >= 0; x = nodes[x]!.parent) path.push(nodes[x]!);
      path.reverse();
      const steps: TraceStep<unknown>[] = path.map((node, j) => {
        if (j === 0) return { label: null, state: this.states[node.id] };
        const s = this.successors(path[j - 1]!.id);
        const label = this.compiled.labels[s.labels[node.via]!]!;
        const r = s.results[node.via];
        return r === undefined ? { label, state: this.states[node.id] } : { label, result: r, state: this.states[node.id] };
      });
      return last === undefined ? { steps } : { steps, aborted: { label: this.compiled.labels[last.label]!, message: last.message } };
    };
    if (want.length === 0 && nodes.length > 0) return build(0);
    for (let head = 0; head < nodes.length; head += 1) {
      const node = nodes[head]!;
      const s = this.successors(node.id);
      for (let i = 0; i < s.targets.length; i += 1) {
        const e = s.events[i]!;
        let k = node.k;
        if (e >= 0) {
          if (e !== want[k]) continue;
          k += 1;
        }
        const target = s.targets[i]!;
        if (target < 0) {
          if (k === want.length) return build(head, { label: s.labels[i]!, message: (this.events[e]! as { message: string }).message });
          continue;
        }
        const key = `${target}:${k}`;
        if (seen.has(key)) continue;
        seen.add(key);
        nodes.push({ id: target, k, parent: head, via: i });
        if (k === want.length) return build(nodes.length - 1);
      }
    }
    return undefined;
  }

  /** Number of threads the mapping assigns steps to. */
  get threads(): number {
    return this.threadCount;
  }

  /** The model's label `index`. */
  label(index: number): Label {
    return this.compiled.labels[index]!;
  }
}
