/**
 * Footprints: which locations of a state a piece of spec code reads, and which locations an action writes. They are
 * observed, not declared: the code runs on a *tracking proxy* of the state, which records every primitive value read
 * (and every array length or key set enumerated), and an action's writes are the locations where its successor
 * differs from the state. Partial-order reduction (`explore/partialOrder.ts`) derives independence from them.
 *
 * A location is a path of property names from the state's root, written as one string with `/` between segments
 * (`shared/count`, `threads/1/pc`); a path also stands for every location under it (a subtree). Two footprints
 * *conflict* when one writes a location the other reads or writes (prefixes included).
 *
 * Guarantees:
 * - every primitive the code reads through the proxy, every `length` and every key enumeration is in `reads`;
 * - a part of the state that the code moves elsewhere in its successor (an object it read and put at another path)
 *   counts as read as a whole;
 * - `writes` holds every location whose value differs between the state and the successor (or the whole successor
 *   when the code returned something that is not a state-shaped value);
 * - code that fails on the proxy but not on the state (identity tricks, frozen objects) gives a footprint marked
 *   `unknown`, which conflicts with everything: a footprint never claims less than the code can touch, as far as it
 *   observably reads through the proxy.
 * Reads the code makes by other means than the proxy (a value cached outside the state, object identity) are not
 * seen; spec code is required to be a pure function of its arguments anyway (LC207).
 */
import type { JsonRecord } from '../api/json.js';
import { StepWithResult, takeRaisedWarnings } from '../api/spec.js';
import type { CompiledModel } from './compileModel.js';
import type { DispatchSink } from './dispatch.js';

/** The root location (the whole state). */
export const ROOT = '';

/** What a piece of code read and wrote (see the module comment). */
export interface Footprint {
  readonly reads: ReadonlySet<string>;
  readonly writes: ReadonlySet<string>;
  /** The code could not be observed (it failed on the proxy only): conflicts with everything. */
  readonly unknown: boolean;
}

/** The footprint that conflicts with everything. */
export const UNKNOWN_FOOTPRINT: Footprint = { reads: new Set([ROOT]), writes: new Set([ROOT]), unknown: true };

/** `path` extended by one segment. */
export function child(path: string, segment: string): string {
  return path === ROOT ? segment : `${path}/${segment}`;
}

/** Whether locations `a` and `b` overlap: equal, or one is a subtree of the other. */
export function overlaps(a: string, b: string): boolean {
  if (a === ROOT || b === ROOT || a === b) return true;
  return a.length < b.length ? b.startsWith(`${a}/`) : a.startsWith(`${b}/`);
}

/** Whether some location of `a` overlaps some location of `b`. */
export function anyOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) for (const y of b) if (overlaps(x, y)) return true;
  return false;
}

/** Whether `x` and `y` conflict: one writes what the other reads or writes. */
export function conflicts(x: Footprint, y: Footprint): boolean {
  if (x.unknown || y.unknown) return true;
  return anyOverlap(x.writes, y.writes) || anyOverlap(x.writes, y.reads) || anyOverlap(y.writes, x.reads);
}

/** Whether every location of `footprint` lies under one of `prefixes`. */
export function within(footprint: Footprint, prefixes: readonly string[]): boolean {
  if (footprint.unknown) return false;
  const inside = (p: string): boolean => prefixes.some((q) => q === ROOT || p === q || p.startsWith(`${q}/`));
  for (const p of footprint.reads) if (!inside(p)) return false;
  for (const p of footprint.writes) if (!inside(p)) return false;
  return true;
}

/** The state object behind a proxy, and its path. */
interface Tracked {
  readonly target: object;
  readonly path: string;
}

/**
 * A tracking view of one state: `root` is a proxy of it whose reads are added to `reads`. Proxies of the same
 * object are cached, so that identity within one run is preserved.
 */
export class TrackingProxy {
  readonly reads = new Set<string>();
  readonly root: unknown;
  /** proxy → what it stands for. */
  private readonly info = new WeakMap<object, Tracked>();
  private readonly proxies = new Map<string, object>();

  constructor(state: unknown) {
    this.root = this.wrap(state, ROOT);
  }

  /** What `value` stands for when it is one of this view's proxies. */
  trackedOf(value: unknown): Tracked | undefined {
    return typeof value === 'object' && value !== null ? this.info.get(value) : undefined;
  }

  private wrap(value: unknown, path: string): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const cached = this.proxies.get(path);
    if (cached !== undefined && this.info.get(cached)!.target === value) return cached;
    const reads = this.reads;
    const self = this;
    const proxy = new Proxy(value, {
      get(target, prop, receiver) {
        const v: unknown = Reflect.get(target, prop, receiver === proxy ? target : receiver);
        if (typeof prop === 'symbol') return v;
        if (!Object.prototype.hasOwnProperty.call(target, prop)) {
          // a method or another inherited value; `length` of an array is own
          return v;
        }
        const p = child(path, prop);
        if (typeof v === 'object' && v !== null) {
          const d = Object.getOwnPropertyDescriptor(target, prop);
          if (d !== undefined && d.configurable === false && d.writable === false) {
            reads.add(p); // a frozen part: the proxy invariants forbid wrapping it, so it counts as read whole
            return v;
          }
          return self.wrap(v, p);
        }
        reads.add(p);
        return v;
      },
      has(target, prop) {
        if (typeof prop === 'string') reads.add(child(path, '#keys'));
        return Reflect.has(target, prop);
      },
      ownKeys(target) {
        reads.add(child(path, '#keys'));
        return Reflect.ownKeys(target);
      },
      set() {
        return false;
      },
      deleteProperty() {
        return false;
      },
      defineProperty() {
        return false;
      },
    });
    this.info.set(proxy, { target: value, path });
    this.proxies.set(path, proxy);
    return proxy;
  }
}

/**
 * The locations where `successor` (the value an action returned on `view.root`) differs from `state`, added to
 * `writes`; parts of the state the successor holds at another path are added to the view's reads.
 */
export function diffInto(view: TrackingProxy, state: unknown, successor: unknown, path: string, writes: Set<string>): void {
  const tracked = view.trackedOf(successor);
  if (tracked !== undefined) {
    if (tracked.path === path) return; // this very part, unchanged
    view.reads.add(tracked.path); // moved: what it holds was read
    diffRaw(state, tracked.target, path, writes);
    return;
  }
  if (typeof successor !== 'object' || successor === null || typeof state !== 'object' || state === null) {
    if (!Object.is(successor, state)) writes.add(path);
    return;
  }
  if (Array.isArray(successor) !== Array.isArray(state)) {
    writes.add(path);
    return;
  }
  const sKeys = Object.keys(state);
  const nKeys = Object.keys(successor);
  if (sKeys.length !== nKeys.length || nKeys.some((k) => !Object.prototype.hasOwnProperty.call(state, k))) {
    writes.add(child(path, '#keys'));
    if (Array.isArray(state)) writes.add(child(path, 'length'));
  }
  for (const k of nKeys) {
    const p = child(path, k);
    if (!Object.prototype.hasOwnProperty.call(state, k)) {
      writes.add(p);
      continue;
    }
    diffInto(view, (state as Record<string, unknown>)[k], (successor as Record<string, unknown>)[k], p, writes);
  }
  for (const k of sKeys) if (!Object.prototype.hasOwnProperty.call(successor, k)) writes.add(child(path, k));
}

/** `diffInto` for two plain values (a moved part compared with what was at its new path). */
function diffRaw(state: unknown, value: unknown, path: string, writes: Set<string>): void {
  if (typeof value !== 'object' || value === null || typeof state !== 'object' || state === null) {
    if (!Object.is(value, state)) writes.add(path);
    return;
  }
  if (Array.isArray(value) !== Array.isArray(state)) {
    writes.add(path);
    return;
  }
  const keys = new Set([...Object.keys(state), ...Object.keys(value)]);
  for (const k of keys) {
    const inS = Object.prototype.hasOwnProperty.call(state, k);
    const inV = Object.prototype.hasOwnProperty.call(value, k);
    if (inS !== inV) {
      writes.add(child(path, '#keys'));
      writes.add(child(path, k));
      if (Array.isArray(state)) writes.add(child(path, 'length'));
      continue;
    }
    diffRaw((state as Record<string, unknown>)[k], (value as Record<string, unknown>)[k], child(path, k), writes);
  }
}

/** The outcome of one label run on a tracking proxy. */
export interface LabelFootprint {
  /** Whether the label's `enabled` held. */
  readonly enabled: boolean;
  /** What `enabled` and `next` read and what `next` wrote (`enabled` alone for a disabled label). */
  readonly footprint: Footprint;
  /** How the run ended: a successor, an exception (an assertion or an error), or disabled. */
  readonly outcome: 'step' | 'threw' | 'disabled';
}

/** A sink that keeps what one label's dispatch gave. */
class OneLabel implements DispatchSink {
  value: unknown;
  error: unknown;
  took_ = false;
  threw_ = false;
  took(_label: number, value: unknown): boolean {
    this.took_ = true;
    this.value = value;
    return true;
  }
  threw(_label: number, error: unknown): boolean {
    this.threw_ = true;
    this.error = error;
    return true;
  }
}

/**
 * Runs label `label` of `compiled` on a tracking proxy of `state` through the model's own dispatch (the same
 * `enabled` and `next` the successor core calls) and returns its footprint. Never throws for spec code: an
 * exception is an outcome (its reads up to the throw are the footprint).
 */
export function labelFootprint(compiled: CompiledModel, state: unknown, label: number): LabelFootprint {
  const view = new TrackingProxy(state);
  const sink = new OneLabel();
  let count: number;
  try {
    count = compiled.dispatch(view.root, label, label + 1, sink);
  } catch {
    return { enabled: true, footprint: UNKNOWN_FOOTPRINT, outcome: 'threw' };
  } finally {
    takeRaisedWarnings(); // a footprint run is not a step of the search
  }
  if (count === 0) return { enabled: false, footprint: { reads: view.reads, writes: new Set(), unknown: false }, outcome: 'disabled' };
  if (sink.threw_) return { enabled: true, footprint: { reads: view.reads, writes: new Set(), unknown: false }, outcome: 'threw' };
  const returned = sink.value instanceof StepWithResult ? (sink.value as StepWithResult<unknown>).state : sink.value;
  const writes = new Set<string>();
  try {
    diffInto(view, state, returned, ROOT, writes);
  } catch {
    return { enabled: true, footprint: UNKNOWN_FOOTPRINT, outcome: 'step' };
  }
  return { enabled: true, footprint: { reads: view.reads, writes, unknown: false }, outcome: 'step' };
}

/**
 * The locations the model's invariants read on `state` (evaluated on a tracking proxy), added to `into`. Returns
 * false when an invariant could not be evaluated on the proxy (then nothing is known about what it reads).
 */
export function invariantReads(compiled: CompiledModel, state: unknown, into: Set<string>): boolean {
  const constants: JsonRecord = compiled.constants;
  for (const inv of compiled.invariants) {
    const view = new TrackingProxy(state);
    try {
      inv.holds(view.root, constants);
    } catch {
      into.add(ROOT);
      return false;
    }
    for (const r of view.reads) into.add(r);
  }
  return true;
}
