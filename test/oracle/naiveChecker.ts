/**
 * A naive reference checker: a plain breadth-first search over a `Map` keyed by the canonical JSON of each state,
 * written to be obviously right rather than fast, and independent of the engine: it reads the model's definition
 * (constants, actions, properties) and calls the spec's own functions, without the engine's compiler, successor
 * core, codec, visited set or commit rules. It follows TLC's counting rules and the engine's documented order:
 *
 * - generated = initial states (duplicates included) + every successor of every enabled (action, params) pair, the
 *   params of a `stateParams` action being those it gives in the state expanded;
 * - a state failing the model's constraint is counted and checked against invariants, but not stored or expanded;
 * - depth = the deepest BFS level holding a stored state, initial states at level 1;
 * - per state, labels in order: an assertion (`AssertionFailure`) is a violation of its property; any other
 *   exception is a spec error that ends the search; a successor is counted, then its action properties are checked,
 *   then (unless it is the state itself) it is stored if new and checked against the invariants;
 * - deadlock (when the model checks it): a stored state with no enabled action, found when it is expanded.
 *
 * With `stopAtFirstViolation` (the engine's default) the search stops at the first violation, in that order; the
 * counts then include everything up to it. Without it (`continueAfterViolation`), a violated property is not
 * checked again, and the search stops after expanding a state once every selected property (deadlock included) is
 * violated. A violation's trace is given by its length (number of states; an aborted last step adds none) and its
 * labels.
 */
import {
  AssertionFailure,
  StepWithResult,
  canonicalJson,
  type AnyModel,
  type Json,
  type JsonRecord,
  type Label,
} from '../../checker/engine/index.js';

/** What the naive checker found. */
export interface NaiveResult {
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  /** The first violation found: the property, the number of states of its (shortest) trace, and the trace's labels. */
  readonly violation?: { readonly property: string; readonly traceLength: number; readonly labels?: readonly Label[] };
  /** The first spec error (an action threw), with the labels of the trace up to the throwing step. */
  readonly error?: { readonly message: string; readonly labels: readonly Label[] };
  /** With `keys`: the canonical JSON of every stored state. */
  readonly keys?: ReadonlySet<string>;
  /** Every violated property, in the order first violated, with its trace (labels with `withLabels`). */
  readonly violations?: ReadonlyMap<string, { readonly traceLength: number; readonly labels?: readonly Label[] }>;
  /** The names of every violated property. */
  readonly violatedProperties?: ReadonlySet<string>;
}

/** Options of {@link naiveCheck}. */
export interface NaiveOptions {
  /** Only these properties (`deadlock` names the deadlock check). @defaultValue all, and deadlock per the model */
  readonly properties?: readonly string[];
  /** Override the model's deadlock setting. */
  readonly deadlock?: boolean;
  /** The constant set. @defaultValue `default`, else the first */
  readonly constantSet?: string;
  /** Stop at the first violation, as the engine does by default. @defaultValue true */
  readonly stopAtFirstViolation?: boolean;
  /** Include the violations' labels in the result. @defaultValue false */
  readonly withLabels?: boolean;
  /** Include the stored states' keys in the result. @defaultValue false */
  readonly keys?: boolean;
  /** Never stop before the state space is exhausted (violations are all recorded). @defaultValue false */
  readonly exhaustive?: boolean;
}

interface Stored {
  readonly state: unknown;
  readonly level: number;
  /** The key of the state it was first reached from, and the label (undefined for an initial state). */
  readonly parent?: string;
  readonly label?: Label;
}

class Stop extends Error {}

/** Explores `model` exhaustively (or up to its first violation) and returns TLC-style counts. */
export function naiveCheck(model: AnyModel, options: NaiveOptions = {}): NaiveResult {
  const sets = Object.keys(model.constants);
  const constants = model.constants[options.constantSet ?? (sets.includes('default') ? 'default' : sets[0]!)]! as JsonRecord;
  const spec = model.spec;
  const selected = options.properties ?? Object.keys(model.properties);
  const invariants = selected.flatMap((name) => {
    const p = model.properties[name];
    return p?.kind === 'invariant' ? [{ name, holds: p.holds.bind(p) }] : [];
  });
  const actionProperties = selected.flatMap((name) => {
    const p = model.properties[name];
    return p?.kind === 'action' ? [{ name, holds: p.holds.bind(p) }] : [];
  });
  const checkDeadlock = options.deadlock ?? ((options.properties === undefined || selected.includes('deadlock')) && (model.deadlock ?? true));
  // Each action's bindings: fixed for the constants, or (stateParams) computed again in every state.
  type Def = (typeof spec.actions)[string];
  const bindings = Object.entries(spec.actions).map(([action, def]) => ({
    action,
    def,
    fixed: def.stateParams !== undefined ? undefined : def.params === undefined ? [null] : typeof def.params === 'function' ? def.params(constants) : def.params,
  }));
  const labelsIn = (state: unknown): { labels: Label[]; defs: Def[] } => {
    const labels: Label[] = [];
    const defs: Def[] = [];
    for (const { action, def, fixed } of bindings) {
      for (const p of fixed ?? def.stateParams!(state, constants)) {
        labels.push({ action, params: p });
        defs.push(def);
      }
    }
    return { labels, defs };
  };
  const exhaustive = options.exhaustive ?? false;
  const stop = !exhaustive && (options.stopAtFirstViolation ?? true);
  const seen = new Map<string, Stored>();
  let generated = 0;
  let depth = 0;
  let violation: NaiveResult['violation'];
  let error: NaiveResult['error'];
  const violated = new Set<string>();
  const violations = new Map<string, { traceLength: number; labels?: Label[] }>();
  const compiledProperties = [
    ...selected.filter((name) => model.properties[name] !== undefined),
    ...(checkDeadlock ? ['deadlock'] : []),
  ];

  const pathTo = (key: string | undefined): Label[] => {
    const out: Label[] = [];
    for (let k = key; k !== undefined; ) {
      const s = seen.get(k)!;
      if (s.label !== undefined) out.push(s.label);
      k = s.parent;
    }
    return out.reverse();
  };
  const report = (property: string, traceLength: number, parent: string | undefined, last?: Label): void => {
    if (violated.has(property)) return;
    violated.add(property);
    const found = { traceLength, ...(options.withLabels ? { labels: [...pathTo(parent), ...(last ? [last] : [])] } : {}) };
    violations.set(property, found);
    if (violation === undefined) violation = { property, ...found };
    if (stop) throw new Stop();
  };
  const checkInvariants = (state: unknown, traceLength: number, parent: string | undefined, last?: Label): void => {
    for (const invariant of invariants) {
      if (!violated.has(invariant.name) && !invariant.holds(state, constants)) report(invariant.name, traceLength, parent, last);
    }
  };
  const inside = (state: unknown): boolean => model.constraint === undefined || model.constraint(state, constants);

  let frontier: string[] = [];
  try {
    for (const state of spec.init(constants)) {
      generated += 1;
      const key = canonicalJson(state);
      if (!inside(state)) {
        checkInvariants(state, 1, undefined);
        continue;
      }
      if (seen.has(key)) continue;
      seen.set(key, { state, level: 1 });
      depth = 1;
      frontier.push(key);
      checkInvariants(state, 1, key);
    }
    for (let level = 1; frontier.length > 0; level += 1) {
      const next: string[] = [];
      for (const key of frontier) {
        const state = seen.get(key)!.state;
        const { labels, defs } = labelsIn(state);
        let enabled = 0;
        for (let i = 0; i < labels.length; i += 1) {
          const def = defs[i]!;
          const label = labels[i]!;
          let out: unknown;
          try {
            if (def.enabled !== undefined && !def.enabled(state, label.params, constants)) continue;
            enabled += 1;
            out = def.next(state, label.params, constants);
          } catch (e) {
            if (e instanceof AssertionFailure) {
              report(e.property, level, key, label);
              continue;
            }
            error = { message: (e as Error).message, labels: pathTo(key) };
            throw new Stop();
          }
          const successor = out instanceof StepWithResult ? out.state : out;
          const result = out instanceof StepWithResult ? (out.result as Json) : undefined;
          generated += 1;
          for (const property of actionProperties) {
            if (!violated.has(property.name) && !property.holds(state, label, successor, constants, result)) {
              report(property.name, level + 1, key, label);
            }
          }
          if (successor === state) continue;
          if (!inside(successor)) {
            checkInvariants(successor, level + 1, key, label);
            continue;
          }
          const successorKey = canonicalJson(successor);
          if (seen.has(successorKey)) continue;
          seen.set(successorKey, { state: successor, level: level + 1, parent: key, label });
          depth = Math.max(depth, level + 1);
          next.push(successorKey);
          checkInvariants(successor, level + 1, successorKey);
        }
        if (enabled === 0 && checkDeadlock) report('deadlock', level, key);
        if (!exhaustive && violations.size > 0 && compiledProperties.every((name) => violated.has(name))) throw new Stop();
      }
      frontier = next;
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  return {
    distinctStates: seen.size,
    statesGenerated: generated,
    depth,
    ...(violation ? { violation } : {}),
    ...(error ? { error } : {}),
    ...(options.keys ? { keys: new Set(seen.keys()) } : {}),
    ...(violations.size > 0 ? { violations, violatedProperties: new Set(violations.keys()) } : {}),
  };
}
