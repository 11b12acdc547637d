/**
 * The dispatch loop of the successor core: for labels `from .. to - 1` of a state, ask each action's `enabled`, call
 * its `next`, and hand what came back (or what was thrown) to a {@link DispatchSink}. It decides nothing else — every
 * rule about what a returned value or an exception means lives in the sink (`core/examine.ts`), so every driver
 * that examines a label goes through the same rules.
 *
 * It is generated code: one loop per action over that action's (contiguous) labels, so that every call site of
 * `enabled` and `next` sees a single function and stays monomorphic — the engine's hottest calls. The functions are
 * called with the action definition as `this`.
 */
import type { Json, JsonRecord } from '../api/json.js';
import type { Label } from '../api/label.js';
import type { ActionDef } from '../api/spec.js';
import type { StateParamsBlock } from './stateParams.js';

/** Receives the outcome of each enabled label, in label order. */
export interface DispatchSink {
  /**
   * `next` of `label` returned `value` (not yet checked in any way). `params` is given for a label of an action with
   * state-dependent parameters: the value it was taken with in this state. Returns whether to go on with the next label.
   */
  took(label: number, value: unknown, params?: Json): boolean;
  /** `enabled` (`inEnabled`) or `next` of `label` threw `error`. Returns whether to go on with the next label. */
  threw(label: number, error: unknown, inEnabled: boolean): boolean;
}

/**
 * Runs labels `from .. to - 1` on `state`, calling `sink` for every enabled one; returns the number of labels whose
 * `enabled` held (or threw). Stops early when `sink.threw` returns false.
 */
export type Dispatch = (state: unknown, from: number, to: number, sink: DispatchSink) => number;

/**
 * Generates the dispatch loop for a label table (labels of one action must be contiguous, as `compileModel` makes
 * them). For a block of `blocks` (state-dependent parameters), the loop asks the block for the state's values once
 * and tries position `k` of the block with the `k`-th value; a `stateParams` that fails is reported through
 * `sink.threw` on the block's first label, as an `enabled` that threw.
 */
export function buildDispatch(
  labels: readonly Label[],
  labelDefs: readonly ActionDef<unknown, JsonRecord, Json>[],
  labelParams: readonly Json[],
  constants: JsonRecord,
  blocks: readonly StateParamsBlock[] = [],
): Dispatch {
  const bindings: StateParamsBlock['bindings'][] = [];
  const defs: ActionDef<unknown, JsonRecord, Json>[] = [];
  const enabled: (ActionDef<unknown, JsonRecord, Json>['enabled'] | undefined)[] = [];
  const next: ActionDef<unknown, JsonRecord, Json>['next'][] = [];
  const body: string[] = ['let count = 0;', 'let out;'];
  for (let start = 0; start < labels.length; ) {
    const def = labelDefs[start]!;
    let end = start + 1;
    while (end < labels.length && labelDefs[end] === def && labels[end]!.action === labels[start]!.action) end += 1;
    const k = defs.length;
    defs.push(def);
    enabled.push(def.enabled);
    next.push(def.next);
    const block = blocks.find((b) => b.start === start);
    if (block !== undefined) {
      end = block.end;
      bindings[k] = block.bindings;
      body.push(
        `if (from < ${end} && to > ${start}) { const def = D[${k}], en = E[${k}], nx = X[${k}];`,
        `let B; try { B = V[${k}](state); } catch (error) { count += 1; if (!sink.threw(${start}, error, true)) return count; B = []; }`,
        `for (let j = from > ${start} ? from - ${start} : 0, e = Math.min(to < ${end} ? to - ${start} : ${end - start}, B.length); j < e; j += 1) {`,
        `const i = ${start} + j, params = B[j];`,
        def.enabled === undefined
          ? ''
          : 'try { if (!en.call(def, state, params, C)) continue; } catch (error) { count += 1; if (sink.threw(i, error, true)) continue; return count; }',
        'count += 1;',
        'try { out = nx.call(def, state, params, C); } catch (error) { if (sink.threw(i, error, false)) continue; return count; }',
        'if (!sink.took(i, out, params)) return count;',
        '} }',
      );
      start = end;
      continue;
    }
    body.push(
      `if (from < ${end} && to > ${start}) { const def = D[${k}], en = E[${k}], nx = X[${k}];`,
      `for (let i = from > ${start} ? from : ${start}, e = to < ${end} ? to : ${end}; i < e; i += 1) {`,
      'const params = P[i];',
      def.enabled === undefined
        ? ''
        : 'try { if (!en.call(def, state, params, C)) continue; } catch (error) { count += 1; if (sink.threw(i, error, true)) continue; return count; }',
      'count += 1;',
      'try { out = nx.call(def, state, params, C); } catch (error) { if (sink.threw(i, error, false)) continue; return count; }',
      'if (!sink.took(i, out)) return count;',
      '} }',
    );
    start = end;
  }
  body.push('return count;');
  const factory = new Function('D', 'E', 'X', 'P', 'C', 'V', `return function dispatch(state, from, to, sink) {\n${body.join('\n')}\n};`);
  return factory(defs, enabled, next, labelParams, constants, bindings) as Dispatch;
}
