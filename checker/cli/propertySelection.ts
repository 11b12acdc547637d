/**
 * `--property <name>` (and its alias `--invariant`): which properties a run answers. With no selection every
 * property of the model is checked, and deadlock as the model (or `--no-deadlock`) says. With a selection exactly the
 * named ones are: `deadlock` names the built-in deadlock check (checked only when named), an assertion's name that
 * assertion. The run goes on until every selected property is violated or the state space is exhausted, so that an
 * assertion or a deadlock the user did not ask about cannot end it first (the engine records an assertion raised
 * under any name); the result is then restricted to the selected properties. So `--property P` answers P exactly
 * as a run of all properties with `--continue` does — the reproduce hints rely on it.
 */
import { DEADLOCK_PROPERTY } from '../engine/api/property.js';
import { UsageError } from '../engine/api/errors.js';
import type { CompileOptions } from '../engine/core/compileModel.js';
import type { AnyModel } from '../engine/api/model.js';
import type { CheckResult } from '../engine/api/result.js';
import type { ModelSelectionOptions } from './options.js';

/** What a selection means for a run: how to compile, whether to go on after a violation, and what to report. */
export interface PropertySelection {
  /** The selected names, deadlock included, in order; undefined when every property is checked. */
  readonly names: readonly string[] | undefined;
  /** The compile options: the selected properties (without `deadlock`) and whether deadlocks are checked. */
  readonly compile: Pick<CompileOptions, 'properties' | 'deadlock'>;
  /** Whether the check must go on after a violation (true with any selection). */
  readonly continueAfterViolation: boolean;
  /** The result restricted to the selected properties, its status recomputed from them. */
  restrict(result: CheckResult): CheckResult;
}

/** The names given with `--property` and `--invariant`, without repeats; undefined when neither was given. */
export function selectedNames(options: ModelSelectionOptions): string[] | undefined {
  if (options.property === undefined && options.invariant === undefined) return undefined;
  return [...new Set([...(options.property ?? []), ...(options.invariant ?? [])])];
}

/**
 * The selection of `options` for `model`. `deadlockFlag` is false under `--no-deadlock`. Throws a one-line
 * {@link UsageError} for a name the model does not have, or for `--property deadlock` with `--no-deadlock`.
 */
export function selectProperties(model: AnyModel, options: ModelSelectionOptions, deadlockFlag?: boolean): PropertySelection {
  const names = selectedNames(options);
  if (names === undefined) {
    return { names, compile: deadlockFlag === false ? { deadlock: false } : {}, continueAfterViolation: false, restrict: (r) => r };
  }
  const known = [...Object.keys(model.properties), DEADLOCK_PROPERTY];
  for (const name of names) {
    if (!known.includes(name)) throw new UsageError(`model ${model.name} has no property '${name}'; its properties are: ${known.join(', ')}`);
  }
  const deadlock = names.includes(DEADLOCK_PROPERTY);
  if (deadlock && deadlockFlag === false) throw new UsageError('--property deadlock and --no-deadlock contradict each other: give one of them');
  const selected = new Set(names);
  return {
    names,
    compile: { properties: names.filter((n) => n !== DEADLOCK_PROPERTY), deadlock },
    continueAfterViolation: true,
    restrict(result) {
      const properties = result.properties.filter((p) => selected.has(p.name));
      const status: CheckResult['status'] = result.error
        ? 'error'
        : properties.some((p) => p.status === 'violated')
          ? 'violated'
          : result.complete
            ? 'ok'
            : 'incomplete';
      return { ...result, properties, status };
    },
  };
}
