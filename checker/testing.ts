/**
 * `lifecheck/testing`: model checks inside a user's own tests (vitest, jest, node:test, mocha — any runner that
 * reports a thrown Error), like fast-check's `assert`.
 *
 * ```ts
 * import { test } from 'vitest';
 * import { assertModel } from 'lifecheck/testing';
 * import { myModel } from './spec.js';
 *
 * test('every property of my model holds', () => { assertModel(myModel); });
 * ```
 *
 * When a property fails, the test fails with the counterexample in its message, rendered as `lifecheck check` shows
 * it (numbered states with the variables each step changes).
 */
import {
  canonicalJson,
  check,
  checkSync,
  type AnyModel,
  type CheckOptions,
  type CheckResult,
  type JsonRecord,
  type Model,
  type PropertyOutcome,
} from './engine/index.js';
import { renderTraceText } from '../traces/text.js';
import { schemaOf } from '../traces/traceContext.js';
import { stepsText, traceStepCount } from '../traces/traceSteps.js';

/** Options of {@link assertModel}: those of `check` (constants, property selection, limits), and what to expect. */
export interface AssertModelOptions extends Omit<CheckOptions, 'onProgress' | 'progressIntervalMs' | 'signal' | 'continueAfterViolation'> {
  /**
   * The properties that must be violated (for a model whose counterexample is the point, such as a puzzle's
   * solution). Every other checked property must hold. The check then goes on after the first violation, so that
   * every property's outcome is known. @defaultValue none: every checked property must hold
   */
  readonly expectViolated?: readonly string[];
}

/**
 * The Error {@link assertModel} throws. `message` is the report a person reads (the counterexample as text);
 * `result` is the check's whole result, for a test that wants to look further.
 */
export class ModelCheckFailure extends Error {
  constructor(
    message: string,
    /** The result of the failed check. */
    readonly result: CheckResult,
  ) {
    super(message);
    this.name = 'ModelCheckFailure';
  }
}

/**
 * Checks `model` exhaustively (as `lifecheck check` does) and returns the result when it is what was expected:
 * the state space was explored to the end, every property named in `options.expectViolated` is violated and every
 * other checked property holds.
 *
 * Guarantees: otherwise it throws a {@link ModelCheckFailure} whose message names what went wrong — for a
 * violation, the property, the counterexample's length in steps, the constants and the counterexample rendered as
 * text (the CLI's text renderer, without colour); for an incomplete run (a state or depth limit, the heap), the
 * limit and the counts, since properties not violated are then unknown, not proven; for a faulty spec, its error
 * code, message and trace. It never returns a result with `status` `incomplete` or `error`. Synchronous: with
 * `workers` above 1 use {@link assertModelAsync}.
 */
export function assertModel<S, C extends JsonRecord>(model: Model<S, C>, options: AssertModelOptions = {}): CheckResult {
  const any = model as unknown as AnyModel;
  return verdict(any, checkSync(any, checkOptionsOf(options)), options);
}

/**
 * {@link assertModel} for runs with worker threads (`workers` above 1, with `modelSource`): the same checks and the
 * same failure, as a Promise. Guarantees: resolves with the result exactly when {@link assertModel} would return it.
 */
export async function assertModelAsync<S, C extends JsonRecord>(model: Model<S, C>, options: AssertModelOptions = {}): Promise<CheckResult> {
  const any = model as unknown as AnyModel;
  return verdict(any, await check(any, checkOptionsOf(options)), options);
}

function checkOptionsOf(options: AssertModelOptions): CheckOptions {
  const { expectViolated, ...rest } = options;
  return { ...rest, continueAfterViolation: (expectViolated ?? []).length > 0 };
}

/** How a failing check's traces are written: the model's presentation, and its schema at the check's constants. */
function traceOptions(model: AnyModel, result: CheckResult): { presentation?: NonNullable<AnyModel['presentation']>; schema?: NonNullable<ReturnType<typeof schemaOf>> } {
  const schema = schemaOf(model, result.constants);
  return { ...(model.presentation ? { presentation: model.presentation } : {}), ...(schema ? { schema } : {}) };
}

function violationText(model: AnyModel, result: CheckResult, p: PropertyOutcome): string {
  const steps = p.counterexample ? ` (${stepsText(traceStepCount(p.counterexample))})` : '';
  const head = `${p.kind} ${p.name} is violated in ${result.model}${steps}, constants ${canonicalJson(result.constants)}`;
  const message = p.message !== undefined ? `\n${p.message}` : '';
  const trace = p.counterexample
    ? `\n${renderTraceText(p.counterexample, traceOptions(model, result)).trimEnd()}`
    : '';
  return `${head}${message}${trace}`;
}

function verdict(model: AnyModel, result: CheckResult, options: AssertModelOptions): CheckResult {
  const expected = new Set(options.expectViolated ?? []);
  const fail = (text: string): never => {
    throw new ModelCheckFailure(`lifecheck: ${text}`, result);
  };
  for (const name of expected) {
    if (!result.properties.some((p) => p.name === name)) {
      fail(`expectViolated names '${name}', which ${result.model} does not check; it checks: ${result.properties.map((p) => p.name).join(', ')}`);
    }
  }
  if (result.error) {
    const trace = result.error.trace
      ? `\n${renderTraceText(result.error.trace, traceOptions(model, result)).trimEnd()}`
      : '';
    fail(`the spec ${result.model} is faulty [${result.error.code}]: ${result.error.message}${trace}`);
  }
  const unexpected = result.properties.filter((p) => p.status === 'violated' && !expected.has(p.name));
  if (unexpected.length > 0) fail(unexpected.map((p) => violationText(model, result, p)).join('\n\n'));
  const s = result.stats;
  if (!result.complete) {
    fail(
      `the check of ${result.model} is incomplete (${result.incompleteReason ?? 'stopped'}) after ${s.distinctStates} distinct states ` +
        `(${s.statesGenerated} generated, ${s.queueLeft} left on the queue): properties not violated so far are unknown, not proven`,
    );
  }
  const holding = result.properties.filter((p) => expected.has(p.name) && p.status !== 'violated');
  if (holding.length > 0) {
    fail(
      `${holding.map((p) => `${p.kind} ${p.name}`).join(', ')} expected to be violated in ${result.model}, but ${holding.length === 1 ? 'it holds' : 'they hold'} ` +
        `(all ${s.distinctStates} distinct states explored)`,
    );
  }
  return result;
}

export type { CheckResult };
