/**
 * Partial-order reduction by ample sets, as an *expansion selector* of breadth-first search: the successor core
 * expands every state fully, as always, and the selector chooses which of the entries are committed. It never
 * interprets an action itself; every entry it keeps is the core's own. `docs/reduction.md` explains it.
 *
 * For a state s, the selector commits only the entries of one process P (an ample set) when all of these hold, and
 * every entry otherwise:
 * - C0/C1 (persistence): each enabled label of P reads and writes only what P owns (footprints observed on a
 *   tracking proxy, `core/footprint.ts`; the spec's {@link Processes} declaration promises no other process touches
 *   it), and each disabled label of P reads, to decide it is disabled, only what P owns — so no other process can
 *   enable, disable or interfere with P's steps before P moves; no global label is enabled;
 * - C2 (invisibility): no entry of P writes a location any invariant reads. The invariants' reads are tracked while
 *   they are evaluated on every expanded state and every successor; when they grow after a proper ample set was
 *   used, the exploration is run again with the larger set (until it no longer grows);
 * - C3' (cycle proviso, BFS form): every successor of the ample set is a state not stored before. A cycle then
 *   always contains a fully expanded state, so no step is postponed for ever;
 * - it is proper: P's entries are not already all of s's entries.
 * Assertions raised by P's labels are kept like steps; an error entry means a full expansion.
 *
 * Guarantees (for the runs {@link partialOrderRefusal} admits): the same invariants and assertions are violated,
 * and the same deadlock verdict is reached, as with full exploration; counterexamples are real traces but need not
 * be shortest. Deterministic: the choice depends only on the state and the labels' order.
 */
import type { JsonRecord } from '../api/json.js';
import { locationOf } from '../api/processes.js';
import type { Schema } from '../api/schema.js';
import type { CompiledModel } from '../core/compileModel.js';
import { EntryFlag, EntryKind, Expansion } from '../core/expansion.js';
import { invariantReads, labelFootprint, overlaps, ROOT, within, type Footprint } from '../core/footprint.js';
import type { StateTable } from '../store/stateTable.js';

/** Chooses which entries of a full expansion are committed (see `explore/bfs.ts`). */
export interface ExpansionSelector {
  /** The entries of stored state `id` (object `parent`, fully expanded in `exp`) to commit: `exp` or a subset. */
  select(id: number, parent: unknown, exp: Expansion, table: StateTable): Expansion;
}

/**
 * Why partial-order reduction cannot be used for this compiled model, or undefined when it can. It is sound for
 * invariants, assertions and deadlock only, on specs that declare their processes, without a constraint or symmetry.
 */
export function partialOrderRefusal(compiled: CompiledModel): string | undefined {
  const name = compiled.model.name;
  if (compiled.model.spec.processes === undefined) {
    return `model ${name} declares no processes (spec.processes), so partial-order reduction cannot tell independent steps apart`;
  }
  if (compiled.graphProperties.length > 0) {
    return `partial-order reduction preserves safety properties only; ${name}'s selection has temporal or recoverability properties (${compiled.graphProperties.map((p) => p.name).join(', ')}): select only invariants, or drop --por`;
  }
  if (compiled.actionProperties.length > 0) {
    return `partial-order reduction does not preserve action properties (${compiled.actionProperties.map((p) => p.name).join(', ')}): select only invariants, or drop --por`;
  }
  if (compiled.constraint !== undefined) return `partial-order reduction is not sound with a state constraint (model ${name} has one): drop --por`;
  if (compiled.symmetry !== undefined) return `partial-order reduction is not combined with symmetry: add --no-symmetry, or drop --por`;
  if (compiled.stateParams.length > 0) {
    return `partial-order reduction needs every label's process and footprint fixed in advance, but ${name}'s action ${compiled.stateParams[0]!.action} has state-dependent parameters (stateParams): drop --por`;
  }
  return undefined;
}

/** What a partial-order run did. */
export interface PartialOrderStats {
  /** States committed through a proper ample set. */
  ampleStates: number;
  /** States committed fully expanded. */
  fullStates: number;
  /** Locations the invariants read (the visibility set). */
  invariantLocations: number;
}

/** The ample-set selector of one exploration (see the module comment). */
export class PartialOrderSelector implements ExpansionSelector {
  readonly stats: PartialOrderStats = { ampleStates: 0, fullStates: 0, invariantLocations: 0 };
  /** The locations the invariants read so far. */
  readonly invariantLocations: Set<string>;
  /** Whether the invariants' reads grew after a proper ample set was used (the run must be redone). */
  grewAfterUse = false;
  /** Why the spec's process declaration was seen broken (the run must be redone without reduction). */
  unsound: string | undefined;
  private usedAmple = false;
  private readonly compiled: CompiledModel;
  /** Per label: its process, or -1 for a global label. */
  private readonly labelProcess: Int32Array;
  /** Per process: its labels. */
  private readonly processLabels = new Map<number, number[]>();
  private readonly ownedCache = new Map<number, string[]>();
  private readonly constantLocations = new Map<string, boolean>();
  private readonly schema: Schema;
  private readonly subset: Expansion;

  constructor(compiled: CompiledModel, seed: Iterable<string> = []) {
    this.compiled = compiled;
    this.invariantLocations = new Set(seed);
    const processes = compiled.model.spec.processes!;
    this.labelProcess = Int32Array.from(compiled.labels, (l) => {
      const p = processes.processOf(l.action, l.params, compiled.constants);
      return p === undefined ? -1 : p;
    });
    this.labelProcess.forEach((p, label) => {
      if (p < 0) return;
      let list = this.processLabels.get(p);
      if (list === undefined) this.processLabels.set(p, (list = []));
      list.push(label);
    });
    this.schema = compiled.model.spec.schema(compiled.constants);
    this.subset = new Expansion(compiled.codec.words);
  }

  select(_id: number, parent: unknown, exp: Expansion, table: StateTable): Expansion {
    const before = this.invariantLocations.size;
    invariantReads(this.compiled, parent, this.invariantLocations);
    for (let e = 0; e < exp.count; e += 1) {
      if (exp.kind[e] === EntryKind.step && (exp.flags[e]! & EntryFlag.sameAsParent) === 0) {
        invariantReads(this.compiled, exp.states[e] ?? this.compiled.codec.decode(exp.encodings, e * exp.words), this.invariantLocations);
      }
    }
    if (this.invariantLocations.size !== before && this.usedAmple) this.grewAfterUse = true;
    this.stats.invariantLocations = this.invariantLocations.size;
    const chosen = this.unsound === undefined ? this.ample(parent, exp, table) : undefined;
    if (chosen === undefined) {
      this.stats.fullStates += 1;
      return exp;
    }
    this.usedAmple = true;
    this.stats.ampleStates += 1;
    const out = this.subset;
    out.reset();
    const W = exp.words;
    for (const e of chosen) {
      const j = out.push(exp.label[e]!, exp.kind[e]!, exp.flags[e]!);
      out.encodings.set(exp.encodings.subarray(e * W, (e + 1) * W), j * W);
      out.states[j] = exp.states[e];
      out.results[j] = exp.results[e];
      out.messages[j] = exp.messages[e];
    }
    return out;
  }

  /** The entries of an ample set of `parent`, or undefined for a full expansion. */
  private ample(parent: unknown, exp: Expansion, table: StateTable): number[] | undefined {
    if (exp.count <= 1) return undefined;
    const byProcess = new Map<number, number[]>();
    let global = false;
    for (let e = 0; e < exp.count; e += 1) {
      if (exp.kind[e] === EntryKind.error) return undefined;
      const p = this.labelProcess[exp.label[e]!]!;
      if (p < 0) {
        global = true;
        continue;
      }
      let list = byProcess.get(p);
      if (list === undefined) byProcess.set(p, (list = []));
      list.push(e);
    }
    if (global) {
      if (byProcess.size > 0) this.unsound = 'a global label (of no process) was enabled together with a process label';
      return undefined;
    }
    if (byProcess.size < 2) return undefined;
    // The footprints of every enabled label: to choose P, and to check the ownership promise for all of them.
    const footprints = new Map<number, Footprint>();
    for (let e = 0; e < exp.count; e += 1) {
      const label = exp.label[e]!;
      footprints.set(e, this.reduced(labelFootprint(this.compiled, parent, label).footprint));
    }
    for (const [p, entries] of byProcess) {
      const others = [...this.processLabels.keys()].filter((q) => q !== p).flatMap((q) => this.owned(q));
      for (const e of entries) {
        const f = footprints.get(e)!;
        if (f.unknown) continue;
        if (touchesAny(f, others)) {
          const l = this.compiled.labels[exp.label[e]!]!;
          this.unsound = `action ${l.action} ${JSON.stringify(l.params)} of process ${p} touches what another process owns`;
          return undefined;
        }
      }
    }
    for (const p of [...byProcess.keys()].sort((a, b) => a - b)) {
      if (this.eligible(p, byProcess.get(p)!, footprints, parent, exp, table)) return byProcess.get(p)!;
    }
    return undefined;
  }

  /** Whether process `p`'s entries form an ample set (C1, C2, C3'). */
  private eligible(p: number, entries: readonly number[], footprints: ReadonlyMap<number, Footprint>, parent: unknown, exp: Expansion, table: StateTable): boolean {
    const owned = this.owned(p);
    for (const e of entries) {
      const f = footprints.get(e)!;
      if (!within(f, owned)) return false;
      for (const w of f.writes) for (const r of this.invariantLocations) if (overlaps(w, r)) return false;
    }
    const enabledLabels = new Set(entries.map((e) => exp.label[e]!));
    for (const label of this.processLabels.get(p) ?? []) {
      if (enabledLabels.has(label)) continue;
      const f = labelFootprint(this.compiled, parent, label);
      if (f.enabled || !within(this.reduced(f.footprint), owned)) return false;
    }
    for (const e of entries) {
      if (exp.kind[e] !== EntryKind.step) continue;
      if (exp.flags[e]! & EntryFlag.sameAsParent) return false;
      if (table.find(exp.encodings, e * exp.words) >= 0) return false;
    }
    return true;
  }

  /** The locations process `p` owns. */
  private owned(p: number): string[] {
    let list = this.ownedCache.get(p);
    if (list === undefined) {
      list = this.compiled.model.spec.processes!.owned(p, this.compiled.constants as JsonRecord).map(locationOf);
      this.ownedCache.set(p, list);
    }
    return list;
  }

  /** `f` without reads of locations the schema makes constant (a fixed array's length, a record's keys). */
  private reduced(f: Footprint): Footprint {
    if (f.unknown) return f;
    let reads: Set<string> | undefined;
    for (const r of f.reads) {
      if (this.isConstant(r)) {
        reads ??= new Set(f.reads);
        reads.delete(r);
      }
    }
    return reads === undefined ? f : { reads, writes: f.writes, unknown: false };
  }

  /**
   * Whether `location` never changes: the `length` of a fixed-length array or the keys of a record (or a fixed
   * array), reached from the root through records and fixed arrays only (no nullable or list on the way, whose
   * replacement would change it).
   */
  private isConstant(location: string): boolean {
    const cached = this.constantLocations.get(location);
    if (cached !== undefined) return cached;
    const segments = location === ROOT ? [] : location.split('/');
    const last = segments.pop();
    let node: Schema | undefined = this.schema;
    for (const s of segments) {
      if (node === undefined) break;
      node = node.kind === 'record' ? node.fields[s] : node.kind === 'array' ? node.element : undefined;
    }
    const result =
      node !== undefined &&
      ((last === 'length' && node.kind === 'array') || (last === '#keys' && (node.kind === 'record' || node.kind === 'array')));
    this.constantLocations.set(location, result);
    return result;
  }
}

/** Whether `f` reads or writes a location under one of `prefixes`. */
function touchesAny(f: Footprint, prefixes: readonly string[]): boolean {
  if (prefixes.length === 0) return false;
  for (const x of f.reads) for (const q of prefixes) if (overlaps(x, q)) return true;
  for (const x of f.writes) for (const q of prefixes) if (overlaps(x, q)) return true;
  return false;
}
