import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkSync, compileModel, type Json, type Trace, type TraceStep } from '../../checker/engine/index.js';
import { dieHard } from '../../spec/examples/dieHard.js';
import { readItf, writeItf } from '../../traces/itf.js';
import { fromItfValue, toItfValue } from '../../traces/itfValue.js';
import { replayCalls } from '../../traces/replay.js';
import { TraceInputError } from '../../traces/traceInputError.js';
import { fixture } from './goldenFile.js';

/** Values as states and labels hold them: integers, strings, booleans, null, arrays and records. */
const value: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.constantFrom('-EBUSY', 'group', '', 'None', 'a"b\\c', 'ünï'),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('fd', 'kind', 'obj', 'refs', 'value', 'x'), tie('v'), { maxKeys: 3 }),
  ),
})).v;

const stateArb = fc.record({ groups: fc.array(value, { maxLength: 3 }), count: fc.integer({ min: 0, max: 9 }), owner: fc.option(fc.string(), { nil: null }) });
const labelArb = fc.record({ action: fc.constantFrom('open', 'close', 'ioctl'), params: value });
const traceArb: fc.Arbitrary<Trace<unknown>> = fc
  .tuple(stateArb, fc.array(fc.tuple(labelArb, fc.option(value, { nil: undefined }), stateArb), { maxLength: 6 }), fc.option(fc.nat(), { nil: undefined }), fc.option(fc.tuple(labelArb, fc.string()), { nil: undefined }))
  .map(([init, rest, loop, aborted]) => {
    const steps: TraceStep<unknown>[] = [
      { label: null, state: init },
      ...rest.map(([label, result, state]) => (result === undefined ? { label, state } : { label, result, state })),
    ];
    return {
      steps,
      ...(loop !== undefined ? { loop: loop % steps.length } : {}),
      ...(aborted ? { aborted: { label: aborted[0], message: aborted[1] } } : {}),
    };
  });

describe('ITF writer and reader', () => {
  test('write-then-read round-trips any trace (fast-check)', () => {
    fc.assert(
      fc.property(traceArb, (trace) => {
        const text = writeItf(trace, { modelName: 'm', propertyName: 'P' });
        expect(readItf(text).trace).toEqual(trace);
        expect(writeItf(trace, { modelName: 'm', propertyName: 'P' })).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  test('states that are not records are wrapped in one variable and unwrapped on reading', () => {
    const trace: Trace<unknown> = { steps: [{ label: null, state: 3 }, { label: { action: 'inc', params: null }, state: 4 }] };
    const text = writeItf(trace);
    expect(JSON.parse(text).vars).toEqual(['state']);
    expect(readItf(text).trace).toEqual(trace);
  });

  test('every integer is a #bigint, and the file names the format and the model', () => {
    const result = checkSync(dieHard, {});
    const trace = result.properties.find((p) => p.name === 'NotSolved')!.counterexample!;
    const doc = JSON.parse(writeItf(trace, { modelName: 'die-hard', propertyName: 'NotSolved' })) as { [k: string]: unknown };
    expect(doc['#meta']).toMatchObject({ format: 'ITF', source: 'die-hard', property: 'NotSolved' });
    expect(doc.vars).toEqual(['big', 'small']);
    const states = doc.states as Record<string, unknown>[];
    expect(states).toHaveLength(7);
    const plainNumbers: unknown[] = [];
    const walk = (v: unknown, key: string): void => {
      if (typeof v === 'number' && key !== 'index') plainNumbers.push(v);
      else if (v !== null && typeof v === 'object') for (const [k, w] of Object.entries(v)) walk(w, k);
    };
    walk(states, '');
    expect(plainNumbers).toEqual([]);
    expect(states[1]!['#meta']).toEqual({ index: 1, action: 'FillBigJug', params: { tag: 'None', value: { '#tup': [] } } });
    expect(states[6]).toMatchObject({ big: { '#bigint': '4' }, small: { '#bigint': '3' } });
  });

  test('reads an ITF file in the shape Quint writes, and it replays on die-hard', () => {
    const doc = readItf(readFileSync(fixture('quint.dieHard.itf.json'), 'utf8'), 'quint.dieHard.itf.json');
    expect(doc.source).toBe('dieHard.qnt');
    const { steps } = doc.trace;
    expect(steps).toHaveLength(7);
    expect(steps[0]).toEqual({ label: null, state: { big: 0, small: 0 } });
    expect(steps[1]).toEqual({ label: { action: 'FillBigJug', params: null }, state: { big: 5, small: 0 } });
    expect(steps[6]!.state).toEqual({ big: 4, small: 3 });
    const compiled = compileModel(dieHard);
    const report = replayCalls(compiled, steps.slice(1).map((s) => ({ label: s.label! })));
    expect(report.divergence).toBeUndefined();
    expect(report.conforming.map((c) => c.state)).toEqual(steps.slice(1).map((s) => s.state));
  });

  test("Quint's other forms: #tup, #set, #map, variants, nondet picks, plain numbers of old ITF", () => {
    expect(fromItfValue({ '#tup': [{ '#bigint': '1' }, 'a'] })).toEqual([1, 'a']);
    expect(fromItfValue({ '#set': [{ '#bigint': '2' }] })).toEqual([2]);
    expect(fromItfValue({ '#map': [['a', { '#bigint': '1' }]] })).toEqual({ a: 1 });
    expect(fromItfValue({ '#map': [[{ '#bigint': '1' }, true]] })).toEqual([[1, true]]);
    expect(fromItfValue({ tag: 'Some', value: { '#bigint': '5' } })).toEqual({ tag: 'Some', value: 5 });
    expect(fromItfValue({ tag: 'None', value: { '#tup': [] } })).toBeNull();
    expect(fromItfValue({ tag: 'UNIT' })).toEqual([]);
    expect(fromItfValue(7)).toBe(7);
    expect(fromItfValue({ '#unserializable': 'Int' })).toBe('Int');
    const text = JSON.stringify({
      vars: ['x', 'mbt::actionTaken', 'mbt::nondetPicks'],
      states: [
        { '#meta': { index: 0 }, x: { '#bigint': '0' }, 'mbt::actionTaken': 'init', 'mbt::nondetPicks': { v: { tag: 'None', value: { '#tup': [] } } } },
        { '#meta': { index: 1 }, x: { '#bigint': '2' }, 'mbt::actionTaken': 'add', 'mbt::nondetPicks': { v: { tag: 'Some', value: { '#bigint': '2' } } } },
      ],
    });
    expect(readItf(text).trace.steps[1]).toEqual({ label: { action: 'add', params: { v: 2 } }, state: { x: 2 } });
    expect(toItfValue(null)).toEqual({ tag: 'None', value: { '#tup': [] } });
  });

  test('malformed ITF is refused with the line of the offending state', () => {
    const good = writeItf({ steps: [{ label: null, state: { a: 1 } }, { label: { action: 'x', params: null }, state: { a: 2 } }] });
    const missingVar = good.replace('"a":{"#bigint":"2"}', '"b":{"#bigint":"2"}');
    expect(() => readItf(missingVar, 'f.itf.json')).toThrow(new TraceInputError(6, "state 1 has no value for variable 'a'", 'f.itf.json'));
    const badInt = good.replace('"#bigint":"2"', '"#bigint":"two"');
    expect(() => readItf(badInt, 'f.itf.json')).toThrow(/^f\.itf\.json:6: states\[1\]\.a: bad #bigint "two"$/);
    expect(() => readItf(good.slice(0, good.length - 20), 'f.itf.json')).toThrow(/^f\.itf\.json:\d+: .*truncated/);
    expect(() => readItf('{"vars": ["a"]}', 'f')).toThrow('f:1: not an ITF trace');
  });
});
