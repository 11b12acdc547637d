/**
 * Compiling a model: resolving its constants, validating them, compiling the state codec, flattening every
 * (action, params) pair into a label table, and selecting the properties to check. Everything the hot loop needs is
 * resolved here, so the loop itself has no option checks.
 */
import type { Json, JsonRecord } from '../api/json.js';
import type { Label } from '../api/label.js';
import type { AnyModel } from '../api/model.js';
import type { ActionProperty, InvariantProperty, PropertyKind } from '../api/property.js';
import { DEADLOCK_PROPERTY } from '../api/property.js';
import type { ActionDef } from '../api/spec.js';
import { AssertionFailure, StepWithResult } from '../api/spec.js';
import { UsageError } from '../api/errors.js';
import { compileCodec, type StateCodec } from '../encoding/codec.js';

/** A named property after compilation; `index` is its position in `CompiledModel.properties`. */
export interface CompiledProperty {
  readonly index: number;
  readonly name: string;
  readonly kind: PropertyKind;
}

/** One successor of a state: the label index, the state and its observable result (undefined when none). */
export interface Successor {
  readonly labelIndex: number;
  readonly state: unknown;
  readonly result: Json | undefined;
}

/** A model ready for exploration. */
export interface CompiledModel {
  readonly model: AnyModel;
  readonly constants: JsonRecord;
  readonly constantSetName: string | undefined;
  readonly codec: StateCodec<unknown>;
  /** Every (action, params) pair, in generation order. */
  readonly labels: readonly Label[];
  /** For each label, the index of its action in `actionNames`. */
  readonly labelAction: Int32Array;
  readonly actionNames: readonly string[];
  readonly labelParams: readonly Json[];
  readonly labelDefs: readonly ActionDef<unknown, JsonRecord, Json>[];
  readonly properties: readonly CompiledProperty[];
  readonly invariants: readonly (CompiledProperty & { readonly holds: InvariantProperty<unknown, JsonRecord>['holds'] })[];
  readonly actionProperties: readonly (CompiledProperty & { readonly holds: ActionProperty<unknown, JsonRecord>['holds'] })[];
  /** Index of the deadlock property, or -1 when deadlocks are not checked. */
  readonly deadlockIndex: number;
  /** Index of each assertion property by name; assertions raised under other names get new entries at run time. */
  readonly assertionIndex: ReadonlyMap<string, number>;
  readonly constraint: ((state: unknown, constants: JsonRecord) => boolean) | undefined;
  /** The initial states, in order. */
  initialStates(): unknown[];
  /**
   * The one successor function: calls `visit` for every enabled label of `state`, in label order, and `abort` for
   * every label whose action raised an {@link AssertionFailure}. Returns the number of enabled labels. Any other
   * exception from spec code propagates.
   */
  expand(
    state: unknown,
    visit: (labelIndex: number, next: unknown, result: Json | undefined) => void,
    abort: (labelIndex: number, failure: AssertionFailure) => void,
  ): number;
  /** Applies one label to `state`: `undefined` when disabled; throws what the action throws. */
  apply(state: unknown, labelIndex: number): Successor | undefined;
}

/** Options that choose what to compile. */
export interface CompileOptions {
  /** The constant set to start from. @defaultValue the model's `defaultConstants`, else `'default'` */
  readonly constantSet?: string;
  /** Constants overriding individual keys of the constant set. */
  readonly constantOverrides?: JsonRecord;
  /** Only these properties (by name); unknown names are a {@link UsageError}. @defaultValue all */
  readonly properties?: readonly string[];
  /** Override the model's deadlock setting. */
  readonly deadlock?: boolean;
}

/** Resolves the constants of `model` for `options`; throws {@link UsageError} for unknown sets or keys. */
export function resolveConstants(
  model: AnyModel,
  options: Pick<CompileOptions, 'constantSet' | 'constantOverrides'>,
): { constants: JsonRecord; setName: string | undefined } {
  const sets = Object.keys(model.constants);
  const setName = options.constantSet ?? model.defaultConstants ?? (sets.includes('default') ? 'default' : sets[0]);
  if (setName === undefined) throw new UsageError(`model ${model.name} has no constant sets`);
  const base = model.constants[setName];
  if (base === undefined) {
    throw new UsageError(`model ${model.name} has no constant set '${setName}'; its sets are: ${sets.join(', ')}`);
  }
  const constants: Record<string, Json> = { ...base };
  for (const [key, value] of Object.entries(options.constantOverrides ?? {})) {
    if (!(key in base)) {
      throw new UsageError(
        `model ${model.name} has no constant '${key}'; ${Object.keys(base).length === 0 ? 'it has no constants' : `its constants are: ${Object.keys(base).join(', ')}`}`,
      );
    }
    constants[key] = value;
  }
  return { constants, setName };
}

/** Compiles `model`. Throws {@link UsageError} for bad constants or property names. */
export function compileModel(model: AnyModel, options: CompileOptions = {}): CompiledModel {
  const { constants, setName } = resolveConstants(model, options);
  const spec = model.spec;
  const problem = spec.validate?.(constants);
  if (problem !== undefined) throw new UsageError(`${model.name}: ${problem}`);

  let codec: StateCodec<unknown>;
  try {
    codec = compileCodec(spec.schema(constants));
  } catch (error) {
    throw new UsageError(`${model.name}: cannot encode states for these constants: ${(error as Error).message}`);
  }

  const labels: Label[] = [];
  const labelActionList: number[] = [];
  const labelParams: Json[] = [];
  const labelDefs: ActionDef<unknown, JsonRecord, Json>[] = [];
  const actionNames = Object.keys(spec.actions);
  actionNames.forEach((name, actionIndex) => {
    const def = spec.actions[name]!;
    const params = def.params === undefined ? [null] : typeof def.params === 'function' ? def.params(constants) : def.params;
    for (const p of params) {
      labels.push({ action: name, params: p });
      labelActionList.push(actionIndex);
      labelParams.push(p);
      labelDefs.push(def);
    }
  });

  const selected = options.properties ?? Object.keys(model.properties);
  const properties: CompiledProperty[] = [];
  const invariants: CompiledModel['invariants'][number][] = [];
  const actionProperties: CompiledModel['actionProperties'][number][] = [];
  const assertionIndex = new Map<string, number>();
  for (const name of selected) {
    const property = model.properties[name];
    if (property === undefined) {
      throw new UsageError(
        `model ${model.name} has no property '${name}'; its properties are: ${Object.keys(model.properties).join(', ')}`,
      );
    }
    const compiled = { index: properties.length, name, kind: property.kind } as const;
    properties.push(compiled);
    if (property.kind === 'invariant') invariants.push({ ...compiled, holds: property.holds.bind(property) });
    else if (property.kind === 'action') actionProperties.push({ ...compiled, holds: property.holds.bind(property) });
    else assertionIndex.set(name, compiled.index);
  }
  let deadlockIndex = -1;
  if (options.deadlock ?? model.deadlock ?? true) {
    deadlockIndex = properties.length;
    properties.push({ index: deadlockIndex, name: DEADLOCK_PROPERTY, kind: 'deadlock' });
  }

  const enabledFns = labelDefs.map((d) => (d.enabled ? d.enabled.bind(d) : undefined));
  const nextFns = labelDefs.map((d) => d.next.bind(d));

  const apply = (state: unknown, i: number): Successor | undefined => {
    const enabled = enabledFns[i];
    if (enabled !== undefined && !enabled(state, labelParams[i]!, constants)) return undefined;
    const out = nextFns[i]!(state, labelParams[i]!, constants);
    if (out === undefined || out === null) {
      throw new Error(`action ${labels[i]!.action} returned no state; use its enabled() to disable it`);
    }
    return out instanceof StepWithResult
      ? { labelIndex: i, state: out.state, result: out.result }
      : { labelIndex: i, state: out, result: undefined };
  };

  const expand = compileExpand(labels, labelDefs, labelParams, constants);

  return {
    model,
    constants,
    constantSetName: options.constantOverrides && Object.keys(options.constantOverrides).length > 0 ? undefined : setName,
    codec,
    labels,
    labelAction: Int32Array.from(labelActionList),
    actionNames,
    labelParams,
    labelDefs,
    properties,
    invariants,
    actionProperties,
    deadlockIndex,
    assertionIndex,
    constraint: model.constraint ? model.constraint.bind(model) : undefined,
    initialStates: () => [...spec.init(constants)],
    expand,
    apply,
  };
}

/** The error thrown when an action's `next` returns nothing. */
function noState(action: string): Error {
  return new Error(`action ${action} returned no state; use its enabled() to disable it`);
}

/**
 * Builds `CompiledModel.expand` as generated straight-line code: one loop per action over that action's labels
 * (labels of one action are contiguous), so that every call site of `enabled` and `next` sees a single function and
 * stays monomorphic (the engine's hottest calls). The functions are called with the action definition as `this`,
 * as before. Semantics are those documented on {@link CompiledModel.expand}.
 */
function compileExpand(
  labels: readonly Label[],
  labelDefs: readonly ActionDef<unknown, JsonRecord, Json>[],
  labelParams: readonly Json[],
  constants: JsonRecord,
): CompiledModel['expand'] {
  const defs: ActionDef<unknown, JsonRecord, Json>[] = [];
  const enabled: (ActionDef<unknown, JsonRecord, Json>['enabled'] | undefined)[] = [];
  const next: ActionDef<unknown, JsonRecord, Json>['next'][] = [];
  const names: string[] = [];
  const body: string[] = ['let enabledCount = 0;', 'let out;'];
  for (let start = 0; start < labels.length; ) {
    const def = labelDefs[start]!;
    let end = start + 1;
    while (end < labels.length && labelDefs[end] === def && labels[end]!.action === labels[start]!.action) end += 1;
    const k = defs.length;
    defs.push(def);
    enabled.push(def.enabled);
    next.push(def.next);
    names.push(labels[start]!.action);
    body.push(
      `{ const def = D[${k}], en = E[${k}], nx = X[${k}];`,
      `for (let i = ${start}; i < ${end}; i += 1) {`,
      'const params = P[i];',
      def.enabled === undefined ? '' : 'if (!en.call(def, state, params, C)) continue;',
      'enabledCount += 1;',
      'try { out = nx.call(def, state, params, C); }',
      'catch (error) { if (error instanceof AF) { abort(i, error); continue; } throw error; }',
      'if (out instanceof SWR) visit(i, out.state, out.result);',
      `else if (out === undefined || out === null) throw noState(N[${k}]);`,
      'else visit(i, out, undefined);',
      '} }',
    );
    start = end;
  }
  body.push('return enabledCount;');
  const factory = new Function(
    'D', 'E', 'X', 'N', 'P', 'C', 'AF', 'SWR', 'noState',
    `return function expand(state, visit, abort) {\n${body.join('\n')}\n};`,
  );
  return factory(defs, enabled, next, names, labelParams, constants, AssertionFailure, StepWithResult, noState) as CompiledModel['expand'];
}
