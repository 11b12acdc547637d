/**
 * Compiling a model: resolving and validating its constants, compiling the state codec, flattening every (action,
 * params) pair into a label table, selecting the properties to check, and generating the dispatch loop the successor
 * core runs (`core/examine.ts`). Everything the hot loop needs is resolved here, so the loop has no option checks.
 *
 * Guarantees: a user mistake (unknown constant set or key, unknown property, constants the spec rejects) is a
 * {@link UsageError}; a faulty spec (`schema()`, `params()` or the schema itself unusable, an action without `next`)
 * is a {@link SpecError} with the spec's own message — neither escapes as any other exception. Labels are JSON.
 */
import { canonicalJson, isJsonValue, type Json, type JsonRecord } from '../api/json.js';
import type { Label } from '../api/label.js';
import type { AnyModel } from '../api/model.js';
import type { ActionProperty, GraphProperty, InvariantProperty, PropertyKind } from '../api/property.js';
import { DEADLOCK_PROPERTY } from '../api/property.js';
import type { ActionDef } from '../api/spec.js';
import { SpecError, UsageError, messageOf } from '../api/errors.js';
import { compileCodec, SchemaError, type StateCodec } from '../encoding/codec.js';
import { describeValue } from '../encoding/describeValue.js';
import { buildDispatch, type Dispatch } from './dispatch.js';
import { bindingsIn, labelOf, stateLabelIndexOf, type StateParamsBlock } from './stateParams.js';
import { DEFAULT_MAX_STATE_PARAMS } from '../api/spec.js';
import { Canonicalizer } from './symmetry.js';
import { buildActionChecks, buildInvariantChecks, type ActionChecks, type InvariantChecks } from './propertyChecks.js';

/** A named property after compilation; `index` is its position in `CompiledModel.properties`. */
export interface CompiledProperty {
  readonly index: number;
  readonly name: string;
  readonly kind: PropertyKind;
}

/** A model ready for exploration. */
export interface CompiledModel {
  readonly model: AnyModel;
  readonly constants: JsonRecord;
  /** The constant set's name, or undefined when individual constants were overridden. */
  readonly constantSetName: string | undefined;
  readonly codec: StateCodec<unknown>;
  /**
   * Every (action, params) pair, in generation order. An action with state-dependent parameters holds a block of
   * `maxParams` entries here, each `{action, params: null}`: the value at a position depends on the state, so read a
   * label taken in a state with {@link CompiledModel.labelOf}, never its `params` here.
   */
  readonly labels: readonly Label[];
  /** The label blocks of the actions with state-dependent parameters (`stateParams`), in label order; often empty. */
  readonly stateParams: readonly StateParamsBlock[];
  /** Label `index` as taken in `state` (the parent of the step): for fixed parameters simply `labels[index]`. */
  labelOf(index: number, state: unknown): Label;
  /**
   * The index of `label` in `state`: its fixed label's, or its position among the values the action gives in
   * `state`; -1 when the model has no such label there. Throws the spec's fault (LC201) when `stateParams` fails.
   */
  labelIndexOf(label: Label, state: unknown): number;
  /** For each label, the index of its action in `actionNames`. */
  readonly labelAction: Int32Array;
  readonly actionNames: readonly string[];
  readonly properties: readonly CompiledProperty[];
  readonly invariants: readonly (CompiledProperty & { readonly holds: InvariantProperty<unknown, JsonRecord>['holds'] })[];
  readonly actionProperties: readonly (CompiledProperty & { readonly holds: ActionProperty<unknown, JsonRecord>['holds'] })[];
  /** The temporal and recoverability properties, checked on the reachable graph after exploration. */
  readonly graphProperties: readonly (CompiledProperty & { readonly property: GraphProperty<unknown, JsonRecord> })[];
  /** The fairness conditions, each as the set of labels it is about (see `Fairness`). */
  readonly fairness: readonly CompiledFairness[];
  /** Index of the deadlock property, or -1 when deadlocks are not checked. */
  readonly deadlockIndex: number;
  /** Index of each assertion property by name; assertions raised under other names get new entries at run time. */
  readonly assertionIndex: ReadonlyMap<string, number>;
  readonly constraint: ((state: unknown, constants: JsonRecord) => boolean) | undefined;
  /** The generated property checks of the successor core; use `SuccessorCore`, not these. */
  readonly actionChecks: ActionChecks;
  readonly invariantChecks: InvariantChecks;
  /** The generated dispatch loop of the successor core; use `expandState` / `examineLabel`, not this. */
  readonly dispatch: Dispatch;
  /** The model's symmetry, compiled, when it declares one and `symmetry` was not turned off. */
  readonly symmetry: Canonicalizer | undefined;
  /**
   * The initial states, in order. Throws a {@link SpecError} (LC205) when `init()` throws or gives none; the states
   * are not validated here (the drivers encode them strictly).
   */
  initialStates(): unknown[];
}

/** A fairness condition after compilation: weak or strong, over a set of labels (one action, or one label). */
export interface CompiledFairness {
  readonly kind: 'weak' | 'strong';
  /** For messages: `WF(action)` or `WF(action {params})`. */
  readonly name: string;
  /** Whether label `i` belongs to the condition: `labels[i] === 1`. */
  readonly labels: Uint8Array;
}

/** Options that choose what to compile. */
export interface CompileOptions {
  /** The constant set to start from. @defaultValue the model's `defaultConstants`, else `'default'` */
  readonly constantSet?: string;
  /** Constants overriding individual keys of the constant set. */
  readonly constantOverrides?: JsonRecord;
  /**
   * Only these properties (by name); unknown names are a {@link UsageError}. `deadlock` selects the deadlock check,
   * and a name that is not declared but matches no property is an error. @defaultValue all, and deadlock per the model
   */
  readonly properties?: readonly string[];
  /** Override the model's deadlock setting. */
  readonly deadlock?: boolean;
  /**
   * Use the model's symmetry (store one state per orbit) when it declares one. A check that selects temporal
   * properties of a symmetric model must set this to false (a {@link UsageError} otherwise: symmetry with temporal
   * properties is unsound, as TLC warns); recoverability (`alwaysReachable`) is checked on the orbits, exact when its
   * target is symmetric (the symmetry audit checks that on its sample, as for invariants). @defaultValue true, or false for a symmetry declared `optIn`
   */
  readonly symmetry?: boolean;
}

/** Resolves the constants of `model` for `options`; throws {@link UsageError} for unknown sets or keys. */
export function resolveConstants(
  model: AnyModel,
  options: Pick<CompileOptions, 'constantSet' | 'constantOverrides'>,
): { constants: JsonRecord; setName: string | undefined } {
  const sets = Object.keys(model.constants);
  const setName = options.constantSet ?? model.defaultConstants ?? (sets.includes('default') ? 'default' : sets[0]);
  if (setName === undefined) throw new UsageError(`model ${model.name} has no constant sets`, 'LC102');
  const base = model.constants[setName];
  if (base === undefined) {
    throw new UsageError(`model ${model.name} has no constant set '${setName}'; its sets are: ${sets.join(', ')}`, 'LC102');
  }
  const constants: Record<string, Json> = { ...base };
  for (const [key, value] of Object.entries(options.constantOverrides ?? {})) {
    if (!(key in base)) {
      throw new UsageError(
        `model ${model.name} has no constant '${key}'; ${Object.keys(base).length === 0 ? 'it has no constants' : `its constants are: ${Object.keys(base).join(', ')}`}`,
        'LC102',
      );
    }
    constants[key] = value;
  }
  return { constants, setName };
}

/** Compiles `model`. Throws {@link UsageError} for bad constants or property names, {@link SpecError} for a faulty spec. */
export function compileModel(model: AnyModel, options: CompileOptions = {}): CompiledModel {
  const { constants, setName } = resolveConstants(model, options);
  const spec = model.spec;
  let problem: string | undefined;
  try {
    problem = spec.validate?.(constants);
  } catch (error) {
    throw new SpecError('LC201', `${model.name}: validate() threw: ${messageOf(error)}`);
  }
  if (problem !== undefined) throw new UsageError(`${model.name}: ${problem}`, 'LC102');

  let codec: StateCodec<unknown>;
  try {
    codec = compileCodec(spec.schema(constants));
  } catch (error) {
    if (error instanceof SchemaError) throw new SpecError('LC206', `${model.name}: cannot encode its states: ${error.message}`);
    if (error instanceof RangeError) throw new UsageError(`${model.name}: cannot encode states for these constants: ${error.message}`, 'LC102');
    throw new SpecError('LC206', `${model.name}: schema() threw: ${messageOf(error)}`);
  }

  const labels: Label[] = [];
  const labelActionList: number[] = [];
  const labelParams: Json[] = [];
  const labelDefs: ActionDef<unknown, JsonRecord, Json>[] = [];
  const blocks: StateParamsBlock[] = [];
  const actions = spec.actions as Record<string, ActionDef<unknown, JsonRecord, Json> | undefined>;
  if (typeof actions !== 'object' || actions === null) throw new SpecError('LC201', `${model.name}: the spec has no actions record`);
  const actionNames = Object.keys(actions);
  actionNames.forEach((name, actionIndex) => {
    const def = actions[name];
    if (typeof def !== 'object' || def === null || typeof def.next !== 'function') {
      throw new SpecError('LC201', `${model.name}: action ${name} has no next() function`);
    }
    if (def.enabled !== undefined && typeof def.enabled !== 'function') {
      throw new SpecError('LC201', `${model.name}: action ${name}'s enabled is not a function`);
    }
    if (def.stateParams !== undefined) {
      if (typeof def.stateParams !== 'function' || def.params !== undefined) {
        throw new SpecError('LC201', `${model.name}: action ${name} must give either params or a stateParams function, not both`);
      }
      const max = def.maxParams ?? DEFAULT_MAX_STATE_PARAMS;
      if (!Number.isInteger(max) || max < 1 || max > 65536) {
        throw new SpecError('LC201', `${model.name}: maxParams of action ${name} is ${describeValue(max)}, not an integer from 1 to 65536`);
      }
      const start = labels.length;
      for (let k = 0; k < max; k += 1) {
        labels.push({ action: name, params: null });
        labelActionList.push(actionIndex);
        labelParams.push(null);
        labelDefs.push(def);
      }
      blocks.push({ action: name, start, end: start + max, bindings: (state) => bindingsIn(name, def, state, constants, max) });
      return;
    }
    let params: unknown;
    try {
      params = def.params === undefined ? [null] : typeof def.params === 'function' ? def.params(constants) : def.params;
    } catch (error) {
      throw new SpecError('LC201', `${model.name}: params() of action ${name} threw: ${messageOf(error)}`);
    }
    if (!Array.isArray(params)) {
      throw new SpecError('LC201', `${model.name}: params of action ${name} is ${describeValue(params)}, not an array of parameter values`);
    }
    for (const p of params as unknown[]) {
      if (!isJsonValue(p)) {
        throw new SpecError('LC201', `${model.name}: a parameter of action ${name} is ${describeValue(p)}; parameters must be JSON (labels are printed and sent to workers)`);
      }
      labels.push({ action: name, params: p as Json });
      labelActionList.push(actionIndex);
      labelParams.push(p as Json);
      labelDefs.push(def);
    }
  });

  const declared = Object.keys(model.properties);
  const selected = options.properties ?? declared;
  const properties: CompiledProperty[] = [];
  const invariants: CompiledModel['invariants'][number][] = [];
  const actionProperties: CompiledModel['actionProperties'][number][] = [];
  const graphProperties: CompiledModel['graphProperties'][number][] = [];
  const assertionIndex = new Map<string, number>();
  let deadlockSelected = options.properties === undefined;
  for (const name of selected) {
    const property = model.properties[name];
    if (property === undefined) {
      if (name === DEADLOCK_PROPERTY) {
        deadlockSelected = true;
        continue;
      }
      throw new UsageError(`model ${model.name} has no property '${name}'; its properties are: ${[...declared, DEADLOCK_PROPERTY].join(', ')}`, 'LC103');
    }
    const compiled = { index: properties.length, name, kind: property.kind } as const;
    properties.push(compiled);
    if (property.kind === 'invariant') invariants.push({ ...compiled, holds: (s, c) => property.holds(s, c) });
    else if (property.kind === 'action') actionProperties.push({ ...compiled, holds: (s, l, n, c, r) => property.holds(s, l, n, c, r) });
    else if (property.kind === 'assertion') assertionIndex.set(name, compiled.index);
    else graphProperties.push({ ...compiled, property });
  }
  let deadlockIndex = -1;
  if (options.deadlock ?? (deadlockSelected && (model.deadlock ?? true))) {
    deadlockIndex = properties.length;
    properties.push({ index: deadlockIndex, name: DEADLOCK_PROPERTY, kind: 'deadlock' });
  }

  const fairness: CompiledFairness[] = [];
  for (const f of model.fairness ?? []) {
    const actionIndex = actionNames.indexOf(f.action);
    if (actionIndex < 0 || (f.kind !== 'weak' && f.kind !== 'strong')) {
      throw new SpecError('LC209', `${model.name}: fairness ${JSON.stringify(f)} names no action of the spec; its actions are: ${actionNames.join(', ')}`);
    }
    const tag = f.kind === 'weak' ? 'WF' : 'SF';
    if (f.perParams && blocks.some((b) => b.action === f.action)) {
      throw new SpecError(
        'LC209',
        `${model.name}: fairness ${tag}(${f.action}) is per parameter, but ${f.action}'s parameters depend on the state (stateParams), so a label names no fixed condition; make the action fair as a whole, or give it fixed params`,
      );
    }
    const members = labels.map((_, i) => i).filter((i) => labelActionList[i] === actionIndex);
    const groupKey = (i: number): Json => {
      const params = labels[i]!.params;
      return f.groupBy !== undefined && typeof params === 'object' && params !== null && !Array.isArray(params) ? ((params as JsonRecord)[f.groupBy] ?? null) : params;
    };
    const byKey = new Map<string, number[]>();
    if (f.perParams) for (const i of members) byKey.set(JSON.stringify(groupKey(i)), [...(byKey.get(JSON.stringify(groupKey(i))) ?? []), i]);
    const groups = f.perParams ? [...byKey.values()] : [members];
    for (const group of groups) {
      const set = new Uint8Array(labels.length);
      for (const i of group) set[i] = 1;
      const shown = (): Json => (f.groupBy !== undefined ? { [f.groupBy]: groupKey(group[0]!) } : labels[group[0]!]!.params);
      const name = f.perParams ? `${tag}(${f.action} ${JSON.stringify(shown())})` : `${tag}(${f.action})`;
      fairness.push({ kind: f.kind, name, labels: set });
    }
  }
  let symmetry: Canonicalizer | undefined;
  if (model.symmetry !== undefined && (options.symmetry ?? model.symmetry.optIn !== true)) {
    // Recoverability (AG EF P) is exact on the quotient graph when P is symmetric, which the symmetry audit checks
    // with the invariants; temporal properties under fairness are not (fairness names concrete actions).
    const temporal = graphProperties.filter((g) => g.property.kind !== 'alwaysReachable');
    if (temporal.length > 0) {
      throw new UsageError(
        `model ${model.name} declares a symmetry and temporal properties (${temporal.map((g) => g.name).join(', ')}): ` +
          'symmetry reduction with them is unsound (as TLC warns); check them with symmetry off (--no-symmetry), or select only safety and recoverability properties',
        'LC104',
      );
    }
    symmetry = new Canonicalizer(model.symmetry, codec, constants);
  }
  const dispatch = buildDispatch(labels, labelDefs, labelParams, constants, blocks);
  const selectedOf = <K extends 'invariant' | 'action'>(kind: K) =>
    properties
      .filter((p) => p.kind === kind)
      .map((p) => ({ index: p.index, property: model.properties[p.name] as Extract<AnyModel['properties'][string], { kind: K }> }));
  const actionChecks = buildActionChecks(selectedOf('action'));
  const invariantChecks = buildInvariantChecks(selectedOf('invariant'));

  return {
    model,
    constants,
    constantSetName: options.constantOverrides && Object.keys(options.constantOverrides).length > 0 ? undefined : setName,
    codec,
    labels,
    stateParams: blocks,
    labelOf: blocks.length === 0 ? (index) => labels[index]! : (index, state) => labelOf(labels, blocks, index, state),
    labelIndexOf: (label, state) => {
      const fixed = blocks.some((b) => b.action === label.action) ? -1 : labels.findIndex((l) => l.action === label.action && canonicalJson(l.params) === canonicalJson(label.params));
      return fixed >= 0 || blocks.length === 0 ? fixed : stateLabelIndexOf(blocks, label, state);
    },
    labelAction: Int32Array.from(labelActionList),
    actionNames,
    properties,
    invariants,
    actionProperties,
    graphProperties,
    fairness,
    deadlockIndex,
    assertionIndex,
    constraint: model.constraint ? model.constraint.bind(model) : undefined,
    dispatch,
    symmetry,
    actionChecks,
    invariantChecks,
    initialStates: () => {
      let states: unknown[];
      try {
        states = [...spec.init(constants)];
      } catch (error) {
        throw new SpecError('LC205', `init() threw: ${messageOf(error)}`);
      }
      if (states.length === 0) throw new SpecError('LC205', 'init() gave no initial state: there is nothing to check');
      return states;
    },
  };
}
