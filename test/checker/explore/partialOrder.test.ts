/**
 * Partial-order reduction (`explore/partialOrder.ts`) against full exploration, on the small threaded models of
 * `test/models/threaded.ts` and on every registered model that declares processes: the reduced run must find
 * exactly the same violated properties (deadlock included), and reach the same valuations of what the invariants
 * read.
 */
import { describe, expect, it } from 'vitest';
import { checkSync, compileModel, defineModel, defineSpec, t, UsageError, type AnyModel, type CheckOptions, type CheckResult } from '../../../checker/engine/index.js';
import { BfsExplorer } from '../../../checker/engine/explore/bfs.js';
import { PartialOrderSelector, type ExpansionSelector } from '../../../checker/engine/explore/partialOrder.js';
import type { CompiledModel } from '../../../checker/engine/core/compileModel.js';
import type { Expansion } from '../../../checker/engine/core/expansion.js';
import type { StateTable } from '../../../checker/engine/store/stateTable.js';
import { modelRegistry } from '../../../spec/registry.js';
import { threadedModels } from '../../models/threaded.js';

const ALL: CheckOptions = { continueAfterViolation: true, exhaustive: true };

/** The violated properties of a result, sorted. */
function violatedOf(r: CheckResult): string[] {
  return r.properties.filter((p) => p.status === 'violated').map((p) => p.name).sort();
}

/** The value at `location` (segments joined by `/`) of `state`. */
function at(state: unknown, location: string): unknown {
  let v: unknown = state;
  for (const s of location === '' ? [] : location.split('/')) {
    if (s === '#keys') return typeof v === 'object' && v !== null ? Object.keys(v).join() : undefined;
    v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[s] : undefined;
  }
  return v;
}

/** A selector that records every expanded state, delegating the choice to `inner` (or keeping every entry). */
class Recording implements ExpansionSelector {
  readonly states: unknown[] = [];
  constructor(private readonly inner?: ExpansionSelector) {}
  select(id: number, parent: unknown, exp: Expansion, table: StateTable): Expansion {
    this.states.push(parent);
    return this.inner === undefined ? exp : this.inner.select(id, parent, exp, table);
  }
}

/** Every state the (reduced or full) exploration expands, with the reduced run redone as `check` does. */
function expanded(compiled: CompiledModel, reduce: boolean): { states: unknown[]; locations: string[] } {
  let selector = reduce ? new PartialOrderSelector(compiled) : undefined;
  for (;;) {
    const recording = new Recording(selector);
    const explorer = new BfsExplorer(compiled, { ...ALL, indexed: true, selector: recording });
    while (explorer.runSlice(1 << 20) === 'running');
    expect(explorer.state).toBe('done');
    if (selector === undefined) return { states: recording.states, locations: [] };
    expect(selector.unsound).toBeUndefined();
    if (!selector.grewAfterUse) return { states: recording.states, locations: [...selector.invariantLocations] };
    selector = new PartialOrderSelector(compiled, selector.invariantLocations);
  }
}

/** Compares reduced and full runs of `model`; returns both results. */
function compare(model: AnyModel, properties?: readonly string[]): { full: CheckResult; reduced: CheckResult } {
  const options: CheckOptions = { ...ALL, ...(properties !== undefined ? { properties } : {}) };
  const full = checkSync(model, options);
  const reduced = checkSync(model, { ...options, partialOrder: true });
  expect(reduced.status).not.toBe('error');
  expect(violatedOf(reduced)).toEqual(violatedOf(full));
  expect(reduced.stats.distinctStates).toBeLessThanOrEqual(full.stats.distinctStates);
  expect(reduced.partialOrder?.unsound).toBeUndefined();
  // every counterexample of the reduced run is a real trace of the full system: it was replayed through the spec
  for (const p of reduced.properties) if (p.status === 'violated' && p.name !== 'deadlock') expect(p.counterexample).toBeDefined();
  return { full, reduced };
}

describe('partial-order reduction on small threaded models', () => {
  for (const [name, { model, properties }] of Object.entries(threadedModels)) {
    it(`${name}: same violations, deadlock verdict and invariant-relevant coverage as full exploration`, () => {
      const { full, reduced } = compare(model, properties);
      const compiled = compileModel(model, properties !== undefined ? { properties } : {});
      const r = expanded(compiled, true);
      const f = expanded(compiled, false);
      const project = (s: unknown): string => JSON.stringify(r.locations.sort().map((l) => at(s, l)));
      expect(new Set(r.states.map(project))).toEqual(new Set(f.states.map(project)));
      expect(f.states.length).toBe(full.stats.distinctStates);
      console.log(
        `${name}: ${full.stats.distinctStates}/${full.stats.statesGenerated} -> ${reduced.stats.distinctStates}/${reduced.stats.statesGenerated}` +
          ` (runs ${reduced.partialOrder?.runs}, ample ${reduced.partialOrder?.ampleStates}, violated ${violatedOf(full).join(',') || '-'})` +
          ` ${full.stats.elapsedMs.toFixed(1)}ms -> ${reduced.stats.elapsedMs.toFixed(1)}ms`,
      );
    });
  }

  it('localWork is reduced to far fewer states, and lostUpdate still loses its update', () => {
    const local = compare(threadedModels.localWork!.model);
    expect(local.reduced.stats.distinctStates * 3).toBeLessThan(local.full.stats.distinctStates);
    const lost = compare(threadedModels.lostUpdate!.model);
    expect(violatedOf(lost.reduced)).toEqual(['noLostUpdate']);
    expect(lost.reduced.stats.distinctStates).toBeLessThan(lost.full.stats.distinctStates);
  });

  it('visibility: the invariant read set grows, the search is redone, and the violation is found', () => {
    const { reduced } = compare(threadedModels.visibility!.model);
    expect(violatedOf(reduced)).toEqual(['notTwoWhenRaised']);
    expect(reduced.partialOrder!.runs).toBeGreaterThan(1);
  });

  it('spinner: the cycle proviso lets the postponed thread run', () => {
    const { reduced } = compare(threadedModels.spinner!.model);
    expect(violatedOf(reduced)).toEqual(['xStaysZero']);
  });

  it('choice: a thread whose other label waits on another thread is not postponed past it', () => {
    const { reduced } = compare(threadedModels.choice!.model);
    expect(violatedOf(reduced)).toEqual(['noHarm']);
  });

  it('abba: the deadlock is found with the reduction too', () => {
    const { reduced } = compare(threadedModels.abba!.model, threadedModels.abba!.properties);
    expect(violatedOf(reduced)).toContain('deadlock');
  });

  it('refuses runs it is not sound for', () => {
    // temporal / recoverability properties (abba's noThreadStuck)
    expect(() => checkSync(threadedModels.abba!.model, { partialOrder: true })).toThrow(UsageError);
    // a spec with no processes
    const plain = Object.values(modelRegistry)[0]!;
    return plain.load().then((m) => {
      if (m.spec.processes === undefined) expect(() => checkSync(m, { partialOrder: true })).toThrow(/declares no processes/);
    });
  });

  it('a spec that breaks its ownership promise is explored again without reduction, and told so', () => {
    type V = { v: number[] };
    const liar = defineModel<V, Record<string, never>>({
      name: 'Liar',
      spec: defineSpec<V, Record<string, never>>({
        name: 'Liar',
        schema: () => t.record({ v: t.array(t.int(0, 2), 2) }),
        init: () => [{ v: [0, 0] }],
        actions: {
          Inc0: { enabled: (s: V) => s.v[0]! < 2, next: (s: V) => ({ v: s.v.with(0, s.v[0]! + 1) }) },
          Copy: { next: (s: V) => ({ v: s.v.with(1, s.v[0]!) }) },
        },
        // Copy (process 1) reads v[0], which process 0 is said to own
        processes: { processOf: (action) => (action === 'Inc0' ? 0 : 1), owned: (p) => [['v', p]] },
      }),
      constants: { default: {} },
      deadlock: false,
      properties: { notTwo: { kind: 'invariant', holds: (s) => s.v[1] !== 2 } },
    }) as unknown as AnyModel;
    const { full, reduced } = { full: checkSync(liar, ALL), reduced: checkSync(liar, { ...ALL, partialOrder: true }) };
    expect(reduced.partialOrder?.unsound).toMatch(/touches what another process owns/);
    expect(reduced.stats.distinctStates).toBe(full.stats.distinctStates);
    expect(violatedOf(reduced)).toEqual(['notTwo']);
  });

  it('without --por nothing changes: no partialOrder field', () => {
    expect(checkSync(threadedModels.localWork!.model).partialOrder).toBeUndefined();
  });
});

/**
 * Constant sets above this many states are not compared (the full run stops there and the set is skipped). On the
 * lock models that keeps `tiny`, `small` and `deviceFdFailures` (21,000–26,000 states each; the reduced run costs
 * several times the full one per state) and leaves out `diff` (47,000–49,000) and the `default`-sized sets.
 */
const COMPARED_STATES = 30_000;

describe('partial-order reduction on every registered model that declares processes', () => {
  for (const [name, entry] of Object.entries(modelRegistry)) {
    it(`${name}: same violated properties with and without --por`, async () => {
      const model = await entry.load();
      if (model.spec.processes === undefined) return;
      // the safety part of its properties: invariants, assertions and deadlock (the reduction refuses the rest)
      const properties = [...Object.entries(model.properties).filter(([, p]) => p.kind === 'invariant' || p.kind === 'assertion').map(([n]) => n), 'deadlock'];
      const sets = Object.keys(model.constants);
      for (const constantSet of sets) {
        const options: CheckOptions = { ...ALL, properties, constantSet, symmetry: false, maxStates: COMPARED_STATES };
        if (model.constraint !== undefined) continue;
        const full = checkSync(model, options);
        if (!full.complete) {
          console.log(`${name} ${constantSet}: more than ${COMPARED_STATES} states, not compared`);
          continue;
        }
        const reduced = checkSync(model, { ...options, partialOrder: true });
        expect(reduced.complete).toBe(true);
        expect(violatedOf(reduced), `${name} ${constantSet}`).toEqual(violatedOf(full));
        console.log(`${name} ${constantSet}: ${full.stats.distinctStates}/${full.stats.statesGenerated} -> ${reduced.stats.distinctStates}/${reduced.stats.statesGenerated}`);
      }
    }, 600_000);
  }
});
