/**
 * Validation of a liveness counterexample on the model itself, independent of the graph the engine recorded: the
 * trace starts in an initial state, every step and the step closing the loop are replayed with `Replayer` (the
 * model's own successor function) and reach the recorded states, and the loop is fair by the definitions of
 * `WF_vars`/`SF_vars` — computed here from `model.fairness` and the model's labels, not from the engine's compiled
 * conditions: for a weak condition, the loop takes one of its steps or visits a state where none is enabled; for a
 * strong one, it takes one or none is enabled anywhere on the loop. A step is one that changes the state
 * (`<<A>>_vars`).
 */
import { expect } from 'vitest';
import {
  Replayer,
  canonicalJson,
  compileModel,
  type AnyModel,
  type CompileOptions,
  type CompiledModel,
  type Label,
  type Trace,
} from '../../../checker/engine/index.js';

/** A checked lasso: every state of the trace, and the states and steps repeated for ever. */
export interface CheckedLasso {
  readonly states: readonly unknown[];
  readonly loopStates: readonly unknown[];
  /** The loop's steps, the closing one last; empty for stuttering in the last state. */
  readonly loopSteps: readonly { readonly label: Label; readonly from: unknown; readonly to: unknown }[];
}

/** Replays labels on a model (see the module comment). */
class Stepper {
  private readonly replayer: Replayer;
  private readonly labelIndex: Map<string, number>;
  private readonly compiled: CompiledModel;
  private readonly model: AnyModel;
  readonly labels: readonly Label[];
  readonly initialStates: readonly unknown[];

  constructor(model: AnyModel, options: CompileOptions) {
    const compiled = compileModel(model, options);
    this.compiled = compiled;
    this.model = model;
    this.replayer = new Replayer(compiled);
    this.labels = compiled.labels;
    this.labelIndex = new Map(compiled.labels.map((label, i) => [canonicalJson(label), i]));
    this.initialStates = compiled.initialStates();
  }

  /** The state `label` leads to from `state`, or undefined when it is disabled there. */
  after(state: unknown, label: Label): unknown {
    const index = this.hasStateParams(label.action) ? this.compiled.labelIndexOf(label, state) : this.labelIndex.get(canonicalJson(label));
    expect(index, `label ${canonicalJson(label)} is a label of the model`).toBeDefined();
    const outcome = this.replayer.step(this.replayer.start(state), index!);
    return outcome.kind === 'step' && !outcome.outsideConstraint ? outcome.position.state : undefined;
  }

  /** Whether `action`'s parameters depend on the state (`stateParams`). */
  hasStateParams(action: string): boolean {
    return this.model.spec.actions[action]?.stateParams !== undefined;
  }

  /** The labels of `action` in `state`: its fixed ones, or one per value its `stateParams` gives there. */
  labelsIn(action: string, state: unknown): Label[] {
    const stateParams = this.model.spec.actions[action]?.stateParams;
    if (stateParams === undefined) return this.labels.filter((l) => l.action === action);
    return stateParams(state, this.compiled.constants).map((params) => ({ action, params }));
  }
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/**
 * Checks `trace` as a lasso of `model` — it starts in an initial state, every step and the closing step replay, every
 * loop step changes the state — and as a fair one (no condition of `model.fairness` is violated by its loop);
 * returns its parts.
 */
export function checkLasso(model: AnyModel, trace: Trace<unknown> | undefined, options: CompileOptions = {}): CheckedLasso {
  expect(trace, 'a counterexample').toBeDefined();
  const { steps, loop, loopLabel } = trace!;
  expect(loop, 'the trace is a lasso').toBeDefined();
  expect(loop!).toBeGreaterThanOrEqual(0);
  expect(loop!).toBeLessThan(steps.length);
  const stepper = new Stepper(model, options);
  const states = steps.map((s) => s.state);
  expect(stepper.initialStates.some((init) => same(init, states[0])), 'the trace starts in an initial state').toBe(true);
  for (let i = 1; i < steps.length; i += 1) {
    expect(steps[i]!.label).not.toBeNull();
    const reached = stepper.after(states[i - 1], steps[i]!.label!);
    expect(reached !== undefined && same(reached, states[i]), `step ${i} (${canonicalJson(steps[i]!.label)}) replays`).toBe(true);
  }
  const loopStates = states.slice(loop);
  const loopLabels = steps.slice(loop! + 1).map((s) => s.label!);
  if (loopLabel !== undefined) {
    const back = stepper.after(states.at(-1), loopLabel);
    expect(back !== undefined && same(back, states[loop!]), `the loop closes: ${canonicalJson(loopLabel)} leads back to step ${loop}`).toBe(true);
    loopLabels.push(loopLabel);
  } else {
    expect(loop, 'a loop without a closing label is stuttering in the last state').toBe(steps.length - 1);
  }
  const loopSteps = loopLabels.map((label, k) => ({ label, from: loopStates[k]!, to: loopStates[(k + 1) % loopStates.length] }));
  // Every step of the loop changes the state (a step of <<A>>_vars), so taking it counts for fairness.
  for (const s of loopSteps) expect(same(s.from, s.to), 'a loop step changes the state').toBe(false);
  const lasso = { states, loopStates, loopSteps };
  expect(unfairConditions(model, lasso, options), 'the loop is fair').toEqual([]);
  return lasso;
}

/**
 * The conditions of `model.fairness` (`WF(A)`, `SF(A)`, or `WF(A {params})` per parameter) that the loop of `lasso`
 * violates, by the definitions of the module comment.
 */
export function unfairConditions(model: AnyModel, lasso: CheckedLasso, options: CompileOptions = {}): string[] {
  const stepper = new Stepper(model, options);
  const out: string[] = [];
  for (const f of model.fairness ?? []) {
    const members = stepper.labels.filter((l) => l.action === f.action);
    expect(members.length, `fairness names action ${f.action}`).toBeGreaterThan(0);
    const groups = f.perParams ? members.map((l) => [l]) : [members];
    const dynamic = stepper.hasStateParams(f.action);
    for (const group of groups) {
      const inGroup = new Set(group.map((l) => canonicalJson(l)));
      // an action with state-dependent parameters is fair as a whole (per-parameter fairness on it is refused)
      const taken = lasso.loopSteps.some((s) => (dynamic ? s.label.action === f.action : inGroup.has(canonicalJson(s.label))));
      const enabledAt = (state: unknown): boolean =>
        (dynamic ? stepper.labelsIn(f.action, state) : group).some((label) => {
          const next = stepper.after(state, label);
          return next !== undefined && !same(next, state);
        });
      const fair = taken || (f.kind === 'weak' ? lasso.loopStates.some((v) => !enabledAt(v)) : lasso.loopStates.every((v) => !enabledAt(v)));
      if (!fair) out.push(`${f.kind === 'weak' ? 'WF' : 'SF'}(${f.action}${f.perParams ? ` ${JSON.stringify(group[0]!.params)}` : ''})`);
    }
  }
  return out;
}
