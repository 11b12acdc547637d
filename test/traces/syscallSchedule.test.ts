/**
 * `traces/syscallSchedule.ts` on the tiny kernel-counter model (`syscallFixture.ts`): the calls of a threaded trace,
 * the rearrangement that the model's replay confirms, and the calls still in the kernel run to their return.
 */
import { describe, expect, test } from 'vitest';
import { canonicalJson, checkSync, compileModel, type Label } from '../../checker/engine/index.js';
import { replayTarget } from '../../traces/replayRecording.js';
import { callsOf, scheduleCalls } from '../../traces/syscallSchedule.js';
import { traceContextFor } from '../../traces/traceContext.js';
import { EARLY_ENTRY, kernelCounter, kernelCounterCalls, traceOf } from './syscallFixture.js';

const shape = { isCallStart: (l: Label) => kernelCounterCalls.call(l, undefined) !== undefined, inUserSpace: kernelCounterCalls.inUserSpace };
const info = { threads: 2, locks: [] };

describe('the calls of a threaded trace', () => {
  test('each call from its first step to its thread\'s next call; returned only once back in user space', () => {
    const trace = traceOf('two', EARLY_ENTRY);
    const calls = callsOf(trace, info, shape);
    expect(calls.map((c) => [c.thread, c.start, c.end, c.returned, c.result])).toEqual([
      [1, 1, 10, false, undefined],
      [0, 2, 5, true, 1],
      [0, 6, 9, false, undefined],
    ]);
  });

  test('without the model the trace is issued as found', () => {
    const trace = traceOf('two', EARLY_ENTRY);
    const s = scheduleCalls(trace, info, shape);
    expect(s.moved).toBe(0);
    expect(s.trace.steps).toEqual(trace.steps);
  });

  test('with it, the early entry moves to where thread 1 races, and the calls in the kernel run to their return', () => {
    const trace = traceOf('two', EARLY_ENTRY);
    const target = replayTarget(compileModel(kernelCounter, { constantSet: 'two' }));
    const s = scheduleCalls(trace, info, shape, target);
    expect(s.moved).toBeGreaterThan(0);
    expect(s.traceSteps).toBe(EARLY_ENTRY.length);
    // the same steps, the last one last, the same final state
    const own = s.trace.steps.slice(1, s.traceSteps + 1);
    expect(own.map((x) => canonicalJson(x.label)).sort()).toEqual(trace.steps.slice(1).map((x) => canonicalJson(x.label)).sort());
    expect(own[own.length - 1]!.label).toEqual(trace.steps[trace.steps.length - 1]!.label);
    expect(canonicalJson(own[own.length - 1]!.state as never)).toBe(canonicalJson(trace.steps[trace.steps.length - 1]!.state as never));
    // thread 0's first call is over before thread 1 enters; both racing calls return 2 (the lost update)
    expect(s.calls.map((c) => [c.thread, c.returned, c.result])).toEqual([
      [0, true, 1],
      [0, true, 2],
      [1, true, 2],
    ]);
    expect(s.calls[1]!.start).toBeGreaterThan(s.calls[0]!.end);
    expect(s.incomplete).toBeUndefined();
    // the completion: both threads' sysret
    expect(s.trace.steps.slice(s.traceSteps + 1).map((x) => x.label!.action)).toEqual(['user.sysret', 'user.sysret']);
  });

  test("the checker's own counterexample schedules the same way through the trace context's model", () => {
    const r = checkSync(kernelCounter, {});
    const trace = r.properties.find((p) => p.name === 'noLostUpdate')!.counterexample!;
    const context = traceContextFor(kernelCounter, { propertyName: 'noLostUpdate' });
    const s = scheduleCalls(trace, context.threads!, shape, context.replayTarget!()!);
    // read, read, write, write: both calls return 1 (which thread starts first is the rearrangement's choice)
    expect(s.calls.map((c) => [c.thread, c.result]).sort()).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(s.calls.every((c) => c.returned)).toBe(true);
  });
});
