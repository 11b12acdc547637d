/**
 * `t.set(universe)` and `t.fn(domain, range)`: the schema builders and their types, the codec's bitset (sizes, round
 * trip over several leaves, rejection of what is not a set of the universe), the set helpers, a hand-counted model
 * with and without symmetry, and sets and functions in the trace forms: ITF `#set`/`#map` written, read back and
 * replayed, and `{a, b}` in the text and Markdown traces.
 */
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  canonicalJson,
  check,
  checkSync,
  compileModel,
  defineModel,
  defineSpec,
  fnOf,
  fnPermute,
  SchemaMismatch,
  setAdd,
  setEquals,
  setHas,
  setIntersect,
  setMinus,
  setOf,
  setPermute,
  setRemove,
  setSize,
  setSubset,
  setUnion,
  subsets,
  t,
  type Infer,
  type Json,
  type Trace,
} from '../../../checker/engine/index.js';
import { compileCodec } from '../../../checker/engine/encoding/codec.js';
import { loadModel, resolveModelSource } from '../../../checker/cli/loadModel.js';
import { renderCheckResultJson, renderCheckResultText } from '../../../checker/cli/renderCheckResult.js';
import { readItf, writeItf } from '../../../traces/itf.js';
import { renderTraceMermaid } from '../../../traces/mermaid.js';
import { renderTraceForms } from '../../../traces/writeTraceFiles.js';
import { renderTraceMarkdown } from '../../../traces/markdown.js';
import { normaliseRecordingSets, readRecording } from '../../../traces/readRecording.js';
import { normaliseSets, toItfValueBySchema } from '../../../traces/schemaValues.js';
import { fromItfValue } from '../../../traces/itfValue.js';
import { checkRecording, replayCalls } from '../../../traces/replay.js';
import { renderTraceText } from '../../../traces/text.js';
import { traceContextFor } from '../../../traces/traceContext.js';

const U = ['a', 'b', 'c'] as const;
const D = ['p', 'q'] as const;
const schema = t.record({ S: t.set(U), f: t.fn(D, t.int(0, 2)) });
type State = Infer<typeof schema>;

const words = (codec: ReturnType<typeof compileCodec>, value: unknown): number[] => {
  const out = new Uint32Array(codec.words);
  codec.encode(value, out, 0);
  return [...out];
};
const mismatch = (codec: ReturnType<typeof compileCodec>, value: unknown): SchemaMismatch => {
  try {
    codec.encode(value, new Uint32Array(codec.words), 0);
  } catch (error) {
    if (error instanceof SchemaMismatch) return error;
    throw error;
  }
  throw new Error(`no SchemaMismatch for ${JSON.stringify(value)}`);
};

describe('t.set and t.fn: builders and types', () => {
  it('infer a set as an array of universe members and a function as a record over the domain', () => {
    expectTypeOf<State>().toEqualTypeOf<{ S: ('a' | 'b' | 'c')[]; f: { p: number; q: number } }>();
    // @ts-expect-error: 'z' is not in the universe
    const outside: State = { S: ['z'], f: { p: 0, q: 0 } };
    // @ts-expect-error: q is missing from the function
    const partial: State = { S: [], f: { p: 0 } };
    expect([outside, partial]).toHaveLength(2);
  });

  it('are plain JSON schema nodes, copying their universe', () => {
    const universe = ['x', 'y'];
    const set = t.set(universe);
    universe.push('z');
    expect(JSON.parse(JSON.stringify(set))).toEqual({ kind: 'set', universe: ['x', 'y'] });
    expect(t.fn(['x'], t.bool())).toEqual({ kind: 'fn', domain: ['x'], range: { kind: 'bool' } });
  });

  it('refuse a universe or domain with repeated members, a universe member that is not JSON, a domain member that is not a string or an integer', () => {
    expect(() => t.set(['a', 'a'])).toThrow(/t.set\(\): the members must be distinct/);
    expect(() => t.set([{ b: 0, v: 1 }, { v: 1, b: 0 }])).toThrow(/t.set\(\): the members must be distinct \(\{"b":0,"v":1\} is listed twice\)/);
    expect(() => t.set([Number.NaN])).toThrow(/t.set\(\): member 0 is not a JSON value/);
    expect(() => t.fn([{ x: 1 } as unknown as string], t.bool())).toThrow(/t.fn\(\): the domain members must be strings \(model values\) or integers/);
    expect(() => t.fn([1.5], t.bool())).toThrow(/t.fn\(\): the domain members must be strings/);
    expect(() => t.fn([1, '1'], t.bool())).toThrow(/t.fn\(\): the domain members must be distinct \(as record keys/);
    expect(() => compileCodec({ kind: 'set', universe: ['a', 'a'] })).toThrow(/schema node state: t.set\(\) needs a universe of distinct JSON values/);
    expect(() => compileCodec({ kind: 'fn', domain: [1, '1'], range: t.bool() })).toThrow(/schema node state: t.fn\(\) needs a domain of distinct strings \(model values\) or integers/);
  });
});

describe('the codec of sets and functions', () => {
  it('packs a set in one bit per universe member, and a function field by field', () => {
    expect(compileCodec(t.set(U))).toMatchObject({ words: 1, bits: 3 });
    expect(compileCodec(schema)).toMatchObject({ words: 1, bits: 3 + 2 * 2 });
    // 70 members: leaves of 31, 31 and 8 bits; word 0 holds 31 bits, so the third leaf opens a third word.
    const big = Array.from({ length: 70 }, (_, i) => `m${i}`);
    expect(compileCodec(t.set(big))).toMatchObject({ words: 3, bits: 70 });
    expect(compileCodec(t.set([]))).toMatchObject({ bits: 0 });
  });

  it('round-trips every subset of a 70-member universe, with distinct subsets getting distinct words (fast-check)', () => {
    const big = Array.from({ length: 70 }, (_, i) => `m${i}`);
    const codec = compileCodec(t.record({ s: t.set(big), x: t.nullable(t.set(big)) }));
    const subset = fc.subarray(big, { minLength: 0, maxLength: 70 });
    fc.assert(
      fc.property(subset, fc.option(subset, { nil: null }), subset, (s, x, other) => {
        const value = { s, x };
        const out = new Uint32Array(codec.words);
        codec.encode(value, out, 0);
        expect(codec.decode(out, 0)).toStrictEqual(value);
        expect(canonicalJson(words(codec, { s: other, x }))  === canonicalJson(words(codec, value))).toBe(canonicalJson(other) === canonicalJson(s));
      }),
      { numRuns: 300 },
    );
    // The last members, beyond the first two leaves.
    const tail = big.slice(60);
    const out = new Uint32Array(codec.words);
    codec.encode({ s: tail, x: [big[0]!, big[69]!] }, out, 0);
    expect(codec.decode(out, 0)).toStrictEqual({ s: tail, x: [big[0], big[69]] });
  });

  it('encodes a set built in any order by the helpers identically, so equal sets are one state', () => {
    const codec = compileCodec(schema);
    const f = { p: 0, q: 0 };
    const one = { S: setAdd(U, setAdd(U, [], 'c'), 'a'), f };
    const two = { S: setOf(U, ['a', 'c', 'a']), f };
    expect(one.S).toEqual(['a', 'c']);
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(words(codec, one)).toEqual(words(codec, two));
    expect(words(codec, structuredClone(one))).toEqual(words(codec, one));
    expect(words(codec, { S: ['a'], f })).not.toEqual(words(codec, one));
  });

  it('rejects a member outside the universe, an unsorted or repeated set, and a function off its domain', () => {
    const codec = compileCodec(schema);
    const f = { p: 0, q: 0 };
    expect(mismatch(codec, { S: ['a', 'z'], f }).message).toBe('state field state.S[1] is "z", but the schema says a member of {a, b, c}');
    expect(mismatch(codec, { S: ['c', 'a'], f }).message).toMatch(/^state field state.S is \["c","a"\], but the schema says a set of members of \{a, b, c\} listed once each in that order/);
    expect(mismatch(codec, { S: ['a', 'a'], f }).path).toBe('state.S');
    expect(mismatch(codec, { S: 'a', f }).message).toContain('a set of members of {a, b, c} (an array in that order)');
    expect(mismatch(codec, { S: [], f: { p: 0 } }).message).toBe(
      'state field state.f.q is missing, but the schema says a function over {p, q} (a record with one field per domain member), with a value for "q"',
    );
    expect(mismatch(codec, { S: [], f: { p: 0, q: 0, r: 1 } }).message).toContain('state.f.r is 1, but the schema says a function over {p, q} (a record with one field per domain member), and "r" is not in its domain');
    expect(mismatch(codec, { S: [], f: { p: 0, r: 1 } }).message).toBe('state field state.f.q is missing, but the schema says an integer in 0..2');
    expect(mismatch(codec, { S: [], f: { p: 0, q: 3 } }).message).toBe('state field state.f.q is 3, but the schema says an integer in 0..2');
    expect(mismatch(codec, { S: [], f: [0, 0] }).path).toBe('state.f');
  });

  it('encodes a successor incrementally as it encodes it afresh', () => {
    const codec = compileCodec(schema);
    const parent: State = { S: ['b'], f: { p: 1, q: 2 } };
    const parentWords = new Uint32Array(words(codec, parent));
    for (const next of [{ ...parent, S: setAdd(U, parent.S, 'a') }, { ...parent, S: [] }, { ...parent, f: { ...parent.f, q: 0 } }]) {
      const out = new Uint32Array(codec.words);
      codec.encodeFrom(next, parent, parentWords, 0, out, 0);
      expect([...out]).toEqual(words(codec, next));
    }
  });
});

describe('set helpers', () => {
  it('compute TLA+ set operations in universe order', () => {
    expect(setHas(['a', 'c'], 'c')).toBe(true);
    expect(setSize(['a', 'c'])).toBe(2);
    expect(setRemove(['a', 'c'], 'a')).toEqual(['c']);
    expect(setAdd(U, ['b'], 'b')).toEqual(['b']);
    expect(setUnion(U, ['c'], ['b', 'c'])).toEqual(['b', 'c']);
    expect(setIntersect(['a', 'b'], ['b', 'c'])).toEqual(['b']);
    expect(setMinus(['a', 'b', 'c'], ['b'])).toEqual(['a', 'c']);
    expect(setSubset(['a'], ['a', 'b'])).toBe(true);
    expect(setSubset(['a', 'c'], ['a', 'b'])).toBe(false);
    expect(setEquals(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(() => setOf(U, ['z' as 'a'])).toThrow(/"z" is not in the universe \{a, b, c\}/);
  });

  it('enumerate SUBSET S, 2^n subsets, empty set first', () => {
    const all = subsets(U);
    expect(all).toHaveLength(8);
    expect(all[0]).toEqual([]);
    expect(all[7]).toEqual(['a', 'b', 'c']);
    expect(new Set(all.map((x) => x.join())).size).toBe(8);
    expect(subsets(U, ['c', 'a'])).toEqual([[], ['a'], ['c'], ['a', 'c']]);
  });

  it('rename sets and functions by a permutation of their universe', () => {
    // a -> b, b -> c, c -> a
    expect(setPermute(U, ['a', 'c'], [1, 2, 0])).toEqual(['a', 'b']);
    expect(fnPermute(['p', 'q', 'r'], { p: 1, q: 2, r: 3 }, [1, 2, 0])).toEqual({ p: 3, q: 1, r: 2 });
    expect(fnOf(D, (d) => d.toUpperCase())).toEqual({ p: 'P', q: 'Q' });
  });
});

/**
 * S a subset of {a, b, c} that only grows (Add(x) for x not in S), f a function from {p, q} to 0..2 whose values only
 * grow (Inc(d) when f[d] < 2). By hand: 2^3 * 3^2 = 72 states; generated = 1 initial + the successors of every state,
 * sum over S of |U \ S| (0*1 + 1*3 + 2*3 + 3*1 = 12) for each of the 9 f, plus sum over f of #{d : f[d] < 2} (12)
 * for each of the 8 S: 1 + 108 + 96 = 205; the farthest state is 3 + 4 = 7 steps away, depth 8.
 */
function growModel(withSymmetry: boolean) {
  const spec = defineSpec<State, Record<string, never>>({
    name: 'Grow',
    schema: () => schema,
    init: () => [{ S: [], f: fnOf(D, () => 0) }],
    actions: {
      Add: { params: [...U], enabled: (s, x) => !setHas(s.S, x as State['S'][number]), next: (s, x) => ({ ...s, S: setAdd(U, s.S, x as State['S'][number]) }) },
      Inc: { params: [...D], enabled: (s, d) => s.f[d as 'p' | 'q'] < 2, next: (s, d) => ({ ...s, f: { ...s.f, [d as 'p' | 'q']: s.f[d as 'p' | 'q'] + 1 } }) },
    },
  });
  return defineModel<State, Record<string, never>>({
    name: withSymmetry ? 'GrowSymmetric' : 'Grow',
    spec,
    constants: { default: {} },
    deadlock: false,
    properties: {
      NotFull: { kind: 'invariant', summary: 'S is never all of U while f[p] = 1', holds: (s) => !(s.S.length === 3 && s.f.p === 1) },
    },
    ...(withSymmetry ? { symmetry: { sets: () => [{ name: 'U', size: 3 }], permute: (s: State, perms: readonly (readonly number[])[]) => ({ ...s, S: setPermute(U, s.S, perms[0]!) }) } } : {}),
  });
}

describe('a model with a set and a function', () => {
  it('has the hand-counted 72 states, 205 generated, depth 8', () => {
    const result = checkSync(growModel(false), { exhaustive: true });
    expect(result.error).toBeUndefined();
    expect(result.complete).toBe(true);
    expect({ distinct: result.stats.distinctStates, generated: result.stats.statesGenerated, depth: result.stats.depth }).toEqual({ distinct: 72, generated: 205, depth: 8 });
  });

  it('with U symmetric (setPermute), stores one state per orbit: 4 set sizes * 9 functions = 36', () => {
    const result = checkSync(growModel(true), { exhaustive: true });
    expect(result.stats.distinctStates).toBe(36);
    // 1 + sum over the 4 sizes of (3 - size) * 9 + 12 * 4 = 1 + 54 + 48
    expect(result.stats.statesGenerated).toBe(103);
  });

  it('a permute that renames set members without restoring universe order is the spec\'s fault (LC202)', () => {
    const symmetric = growModel(true);
    const careless = defineModel({
      ...symmetric,
      symmetry: { ...symmetric.symmetry!, permute: (st: State, perms: readonly (readonly number[])[]) => ({ ...st, S: st.S.map((x) => U[perms[0]![U.indexOf(x)]!]!) }) },
    });
    const result = checkSync(careless);
    expect(result.error).toMatchObject({ code: 'LC202' });
    expect(result.error!.message).toMatch(/^symmetry.permute\(\) gave a state outside the schema: .*state.S .*listed once each in that order/);
  });
});

describe('a registered port using t.set (SimpleAllocator)', () => {
  it('keeps TLC\'s counts, and 2 workers (states cloned to and from threads) give the sequential result byte for byte', async () => {
    const model = await loadModel('simple-allocator');
    const sequential = renderCheckResultJson(checkSync(compileModel(model)));
    expect(JSON.parse(sequential)).toMatchObject({ stats: { distinctStates: 400, statesGenerated: 1633, depth: 6 } });
    // unsat and alloc: 6 sets over 2 resources, 2 bits each
    expect(compileModel(model).codec.bits).toBe(12);
    const parallel = await check(compileModel(model), { workers: 2, minParallelLevel: 1, modelSource: await resolveModelSource('simple-allocator') });
    expect(renderCheckResultJson(parallel)).toBe(sequential);
  });
});

describe('sets and functions in traces', () => {
  const model = growModel(false);
  const result = checkSync(model);
  const trace = result.properties.find((p) => p.name === 'NotFull')!.counterexample! as Trace<unknown>;
  const context = traceContextFor(model, { propertyName: 'NotFull' });

  it('the counterexample is the shortest: three Adds and one Inc(p)', () => {
    expect(trace.steps).toHaveLength(5);
    expect(trace.steps[4]!.state).toMatchObject({ S: ['a', 'b', 'c'], f: { p: 1, q: 0 } });
  });

  it('ITF writes sets as #set and functions as #map, reads them back, and the file replays on the model', () => {
    const text = writeItf(trace, context);
    const doc = JSON.parse(text) as { states: Record<string, unknown>[] };
    expect(doc.states[0]).toMatchObject({ S: { '#set': [] }, f: { '#map': [['p', { '#bigint': '0' }], ['q', { '#bigint': '0' }]] } });
    expect(doc.states[4]!.S).toEqual({ '#set': ['a', 'b', 'c'] });
    expect(readItf(text).trace).toEqual(trace);
    const recording = readRecording(text, 'grow.itf.json');
    if (recording.kind !== 'trace') throw new Error('not read as a trace');
    const compiled = compileModel(model);
    expect(() => checkRecording(compiled, recording.calls, recording.states, 'grow.itf.json')).not.toThrow();
    const report = replayCalls(compiled, recording.calls);
    expect(report.divergence).toBeUndefined();
    expect(canonicalJson(report.finalState as Json)).toBe(canonicalJson(trace.steps[4]!.state as Json));
    // Without the schema, sets are plain ITF lists.
    expect(JSON.parse(writeItf(trace)).states[4].S).toEqual(['a', 'b', 'c']);
  });

  it('an ITF #set listed out of universe order (as other tools may write it) replays once put in universe order', () => {
    const doc = JSON.parse(writeItf(trace, context)) as { states: Record<string, unknown>[] };
    doc.states[4]!.S = { '#set': ['c', 'a', 'b'] };
    const text = JSON.stringify(doc);
    const recording = readRecording(text, 'other.itf.json');
    if (recording.kind !== 'trace') throw new Error('not read as a trace');
    const compiled = compileModel(model);
    expect(() => checkRecording(compiled, recording.calls, recording.states, 'other.itf.json')).toThrow(/step 4: state field state.S is \["c","a","b"\], but the schema says a set of members of \{a, b, c\} listed once each/);
    const normalised = normaliseRecordingSets(recording, context.schema);
    expect(() => checkRecording(compiled, normalised.kind === 'trace' ? normalised.calls : [], normalised.kind === 'trace' ? normalised.states : [], 'other.itf.json')).not.toThrow();
    // What is not a set of the universe is left for the codec to report.
    expect(normaliseSets(context.schema, { S: ['c', 'z'], f: { p: 0, q: 0 } })).toEqual({ S: ['c', 'z'], f: { p: 0, q: 0 } });
    expect(normaliseSets(context.schema, { S: ['c', 'a'], f: { p: 0, q: 0 } })).toEqual({ S: ['a', 'c'], f: { p: 0, q: 0 } });
  });

  it('the text and Markdown forms write a set as {a, b} and a function one member per line', () => {
    const text = renderTraceText(trace, { schema: context.schema! });
    expect(text).toContain('    S = {}\n');
    expect(text).toContain('    f.p = 0\n');
    expect(text).toMatch(/ {4}S: \{\} → \{[abc]\}\n/);
    expect(text).toContain('f.p: 0 → 1');
    expect(text).not.toMatch(/S\[0\]/);
    const markdown = renderTraceMarkdown(trace, context);
    expect(markdown).toContain('S = {a, b, c}');
    expect(markdown).toMatch(/`S: \{[abc]\} → \{[abc], [abc]\}`/);
    // Without a schema a set is an array, element by element.
    expect(renderTraceText(trace)).toMatch(/S\[1\]: \(none\) → [abc]/);
  });

  it('the Mermaid diagram, the trace files and the check report write sets the same way', () => {
    expect(renderTraceMermaid(trace, { schema: context.schema! })).toMatch(/S: \{\} → \{[abc]\}/);
    const forms = renderTraceForms(trace, context);
    expect(forms.get('.mmd')).toMatch(/S: \{\} → \{[abc]\}/);
    expect(forms.get('.md')).toContain('S = {a, b, c}');
    expect(JSON.parse(forms.get('.itf.json')!).states[4].S).toEqual({ '#set': ['a', 'b', 'c'] });
    const report = renderCheckResultText(result, { model });
    expect(report).toContain('    S = {}\n');
    expect(report).toMatch(/S: \{[abc]\} → \{[abc], [abc]\}/);
  });
});

/** Sets of integers and of records (TLA+ `SUBSET (Ballot \\X Value)`), and functions over integers (`[1..N -> R]`). */
describe('sets over integers and records, functions over integers', () => {
  const ints = t.set([1, 2, 3]);
  const pairs = [
    [0, 'v1'],
    [0, 'v2'],
    [1, 'v1'],
    [1, 'v2'],
  ] as const;
  const votes = t.set(pairs);
  const records = t.set([
    { b: 0, v: 'v1' },
    { b: 1, v: 'v1' },
  ]);
  const counts = t.fn([1, 2], t.int(0, 3));
  const mixed = t.record({ ints, votes, records, counts });
  type Mixed = Infer<typeof mixed>;
  const codec = compileCodec(mixed);
  const value: Mixed = { ints: [1, 3], votes: [[0, 'v2'], [1, 'v1']], records: [{ b: 1, v: 'v1' }], counts: { 1: 0, 2: 3 } };

  it('infer integer members, tuple and record members, and integer-keyed functions', () => {
    expectTypeOf<Infer<typeof ints>>().toEqualTypeOf<(1 | 2 | 3)[]>();
    expectTypeOf<Infer<typeof counts>>().toEqualTypeOf<{ 1: number; 2: number }>();
    // @ts-expect-error: 4 is not in the universe
    const outside: Infer<typeof ints> = [4];
    expect(outside).toHaveLength(1);
  });

  it('pack one bit per member, and round-trip; a record member written with its keys in another order is the same member', () => {
    expect(codec).toMatchObject({ bits: 3 + 4 + 2 + 2 * 2 });
    expect(codec.decode(Uint32Array.from(words(codec, value)), 0)).toEqual(value);
    const reordered = { ...value, records: [{ v: 'v1', b: 1 }] };
    expect(words(codec, reordered)).toEqual(words(codec, value));
    // Decoded members are the universe's own (frozen) values, shared between states.
    const decoded = codec.decode(Uint32Array.from(words(codec, value)), 0) as Mixed;
    expect(Object.isFrozen(decoded.votes[0])).toBe(true);
  });

  it('round-trip every subset of an integer universe and of a tuple universe (fast-check)', () => {
    const universe = Array.from({ length: 40 }, (_, i) => i - 5);
    const intCodec = compileCodec(t.set(universe));
    const tuples = universe.map((i) => [i % 3, `m${i}`] as const);
    const tupleCodec = compileCodec(t.set(tuples));
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (bits) => {
        const ints = universe.filter((_, i) => bits[i]);
        expect(intCodec.decode(Uint32Array.from(words(intCodec, ints)), 0)).toEqual(ints);
        const members = tuples.filter((_, i) => bits[i]).map((m) => [...m]);
        expect(tupleCodec.decode(Uint32Array.from(words(tupleCodec, members)), 0)).toEqual(members);
      }),
    );
  });

  it('reject a member outside the universe (the string "1" is not the integer 1), an unsorted set, a repeated member, a cyclic value, a function off its domain', () => {
    expect(mismatch(codec, { ...value, ints: ['1'] }).message).toMatch(/state.ints\[0\] .*a member of \{1, 2, 3\}/);
    expect(mismatch(codec, { ...value, ints: [3, 1] }).message).toMatch(/state.ints .*listed once each in that order/);
    expect(mismatch(codec, { ...value, votes: [[0, 'v2'], [0, 'v2']] }).message).toMatch(/state.votes .*listed once each in that order/);
    expect(mismatch(codec, { ...value, votes: [[2, 'v1']] }).message).toMatch(/state.votes\[0\] .*a member of \{\[0,"v1"\], \[0,"v2"\], \[1,"v1"\], \[1,"v2"\]\}/);
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(mismatch(codec, { ...value, votes: [cyclic] }).path).toBe('state.votes[0]');
    expect(mismatch(codec, { ...value, votes: [undefined] }).path).toBe('state.votes[0]');
    expect(mismatch(codec, { ...value, counts: { 1: 0, 2: 1, 3: 1 } }).message).toMatch(/a function over \{1, 2\} \(a record with one field per domain member\), and "3" is not in its domain/);
  });

  it('set helpers compare tuple and record members by value, and keep universe order', () => {
    const U = pairs.map((p) => [...p] as [number, string]);
    const S = setOf(U, [[1, 'v2'], [0, 'v1']]);
    expect(S).toEqual([[0, 'v1'], [1, 'v2']]);
    expect(setHas(S, [1, 'v2'])).toBe(true);
    expect(setHas(S, [1, 'v1'])).toBe(false);
    expect(setAdd(U, S, [0, 'v2'])).toEqual([[0, 'v1'], [0, 'v2'], [1, 'v2']]);
    expect(setRemove(S, [0, 'v1'])).toEqual([[1, 'v2']]);
    expect(setUnion(U, S, [[1, 'v1']])).toEqual([[0, 'v1'], [1, 'v1'], [1, 'v2']]);
    expect(setEquals(S, [[0, 'v1'], [1, 'v2']])).toBe(true);
    expect(() => setOf(U, [[2, 'v1']])).toThrow(/setOf\(\): \[2,"v1"\] is not in the universe \{\[0,"v1"\], /);
    expect(setHas([{ b: 0, v: 1 }], { v: 1, b: 0 })).toBe(true);
    expect(setPermute([1, 2, 3], [1, 2], [2, 0, 1])).toEqual([1, 3]);
    expect(fnPermute([1, 2], { 1: 'x', 2: 'y' }, [1, 0])).toEqual({ 1: 'y', 2: 'x' });
  });

  it('ITF writes integer members and integer keys as #bigint, and reads the same state back from other tools\' order', () => {
    const itf = toItfValueBySchema(mixed, value) as Record<string, unknown>;
    expect(itf.ints).toEqual({ '#set': [{ '#bigint': '1' }, { '#bigint': '3' }] });
    expect(itf.counts).toEqual({ '#map': [[{ '#bigint': '1' }, { '#bigint': '0' }], [{ '#bigint': '2' }, { '#bigint': '3' }]] });
    expect(itf.votes).toEqual({ '#set': [[{ '#bigint': '0' }, 'v2'], [{ '#bigint': '1' }, 'v1']] });
    const read = fromItfValue(JSON.parse(JSON.stringify({ ...itf, ints: { '#set': [{ '#bigint': '3' }, { '#bigint': '1' }] } })));
    expect(read).not.toEqual(value);
    expect(normaliseSets(mixed, read)).toEqual(value);
  });
});
