/**
 * Property tests of the compact state codec on random schemas and values (fast-check): round trip, encodings equal
 * exactly when values are deep-equal, and every out-of-schema value rejected with a SchemaMismatch naming its path.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchemaMismatch, t, type Schema } from '../../../checker/engine/index.js';
import { compileCodec } from '../../../checker/engine/encoding/codec.js';

/** Random schemas, at most 3 levels of containers, with leaves of at most 31 bits. */
const schemaArb: fc.Arbitrary<Schema> = fc.letrec<{ schema: Schema; leaf: Schema }>((tie) => ({
  leaf: fc.oneof(
    fc.constant(t.bool()),
    fc
      .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 2 ** 20 }))
      .map(([min, width]) => t.int(min, min + width)),
    fc.constant(t.int(-(2 ** 29), 2 ** 29 - 1)),
    fc.uniqueArray(fc.stringMatching(/^[a-z]{1,4}$/), { minLength: 1, maxLength: 6 }).map((vs) => t.enum(...vs)),
  ),
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    tie('schema').map((inner) => t.nullable(inner)),
    fc.tuple(tie('schema'), fc.integer({ min: 0, max: 3 })).map(([e, n]) => t.array(e, n)),
    fc.tuple(tie('schema'), fc.integer({ min: 0, max: 3 })).map(([e, n]) => t.list(e, n)),
    fc
      .uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,4}$/), tie('schema')), {
        minLength: 1,
        maxLength: 4,
        selector: ([name]) => name,
      })
      .map((fields) => t.record(Object.fromEntries(fields))),
    // Universes up to 70 members, so that a set's bitset spans several leaves of 31 bits.
    fc.uniqueArray(fc.stringMatching(/^[a-z]{1,4}$/), { maxLength: 70 }).map((universe) => t.set(universe)),
    fc
      .tuple(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,4}$/), { minLength: 1, maxLength: 3 }), tie('schema'))
      .map(([domain, range]) => t.fn(domain, range)),
  ),
})).schema;

/** Random values admitted by `schema`. */
function valueArb(schema: Schema): fc.Arbitrary<unknown> {
  switch (schema.kind) {
    case 'bool':
      return fc.boolean();
    case 'int':
      return fc.oneof(fc.integer({ min: schema.min, max: schema.max }), fc.constantFrom(schema.min, schema.max));
    case 'enum':
      return fc.constantFrom(...schema.values);
    case 'nullable':
      return fc.option(valueArb(schema.inner), { nil: null });
    case 'array':
      return fc.array(valueArb(schema.element), { minLength: schema.length, maxLength: schema.length });
    case 'list':
      return fc.array(valueArb(schema.element), { maxLength: schema.maxLength });
    case 'record': {
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, field] of Object.entries(schema.fields)) fields[name] = valueArb(field);
      return fc.record(fields, { noNullPrototype: true });
    }
    case 'set':
      return fc.subarray([...schema.universe]);
    case 'fn': {
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      for (const x of schema.domain) fields[x] = valueArb(schema.range);
      return fc.record(fields, { noNullPrototype: true });
    }
  }
}

const schemaAndValue = schemaArb.chain((schema) => fc.tuple(fc.constant(schema), valueArb(schema)));
const schemaAndTwoValues = schemaArb.chain((schema) => fc.tuple(fc.constant(schema), valueArb(schema), valueArb(schema)));

const encode = (codec: ReturnType<typeof compileCodec>, value: unknown): number[] => {
  const out = new Uint32Array(codec.words + 2);
  out.fill(0xdeadbeef);
  codec.encode(value, out, 1);
  // Only its own words are written.
  expect(out[0]).toBe(0xdeadbeef);
  expect(out[codec.words + 1]).toBe(0xdeadbeef);
  return [...out.subarray(1, 1 + codec.words)];
};

/** A value outside the schema at some path, with that path as the codec spells it. */
interface Corruption {
  readonly path: string;
  readonly value: unknown;
}

/** Every single-point corruption of `value` (admitted by `schema`): one wrong leaf, length or field at a time. */
function corruptions(schema: Schema, value: unknown, path: string): Corruption[] {
  switch (schema.kind) {
    case 'bool':
      return [{ path, value: 1 }];
    case 'int':
      return [
        { path, value: schema.max + 1 },
        { path, value: schema.min - 1 },
        { path, value: schema.min + 0.5 },
        { path, value: String(schema.min) },
      ];
    case 'enum':
      return [{ path, value: 'NOT-A-VALUE' }, { path, value: 0 }];
    case 'nullable':
      if (value !== null) return corruptions(schema.inner, value, path);
      return schema.inner.kind === 'bool' || schema.inner.kind === 'int' || schema.inner.kind === 'enum'
        ? [{ path, value: 'NOT-A-VALUE' }]
        : [];
    case 'array':
    case 'list': {
      const items = value as unknown[];
      const tooLong = [...items, ...items, undefined];
      const out: Corruption[] = [{ path, value: 'not an array' }];
      if (schema.kind === 'array') out.push({ path, value: tooLong.slice(0, schema.length + 1) });
      else out.push({ path, value: new Array(schema.maxLength + 1).fill(items[0] ?? null) });
      items.forEach((item, i) => {
        for (const c of corruptions(schema.element, item, `${path}[${i}]`)) out.push({ path: c.path, value: items.with(i, c.value) });
      });
      return out;
    }
    case 'record': {
      const record = value as Record<string, unknown>;
      const out: Corruption[] = [{ path, value: 'not a record' }];
      for (const [name, field] of Object.entries(schema.fields)) {
        const { [name]: _dropped, ...rest } = record;
        out.push({ path: `${path}.${name}`, value: rest });
        for (const c of corruptions(field, record[name], `${path}.${name}`)) out.push({ path: c.path, value: { ...record, [name]: c.value } });
      }
      return out;
    }
    case 'set': {
      const items = value as string[];
      const out: Corruption[] = [
        { path, value: 'not an array' },
        { path: `${path}[${items.length}]`, value: [...items, 'NOT-A-MEMBER'] },
        { path: `${path}[0]`, value: [0] },
      ];
      if (items.length >= 1) out.push({ path, value: [items[0], items[0]] });
      if (items.length >= 2) out.push({ path, value: [...items].reverse() });
      return out;
    }
    case 'fn': {
      const record = value as Record<string, unknown>;
      const out: Corruption[] = [{ path, value: 'not a record' }, { path, value: [] }, { path: `${path}.NOTIN`, value: { ...record, NOTIN: 0 } }];
      for (const x of schema.domain) {
        const { [x]: _dropped, ...rest } = record;
        out.push({ path: `${path}.${x}`, value: rest });
        for (const c of corruptions(schema.range, record[x], `${path}.${x}`)) out.push({ path: c.path, value: { ...record, [x]: c.value } });
      }
      return out;
    }
  }
}

describe('state codec', () => {
  it('encodes the widest leaf (31 bits) and refuses a wider one at compile time', () => {
    const codec = compileCodec(t.record({ x: t.int(-(2 ** 30), 2 ** 30 - 1), y: t.bool() }));
    const out = new Uint32Array(codec.words);
    for (const x of [-(2 ** 30), -1, 0, 2 ** 30 - 1]) {
      codec.encode({ x, y: true }, out, 0);
      expect(codec.decode(out, 0)).toEqual({ x, y: true });
    }
    expect(() => compileCodec(t.nullable(t.int(0, 2 ** 31 - 1)))).toThrow(/31/);
  });

  it('round-trips: decode(encode(v)) deep-equals v', () => {
    fc.assert(
      fc.property(schemaAndValue, ([schema, value]) => {
        const codec = compileCodec(schema);
        const out = new Uint32Array(codec.words);
        codec.encode(value, out, 0);
        expect(codec.decode(out, 0)).toStrictEqual(value);
        expect(codec.bits).toBeLessThanOrEqual(codec.words * 32);
      }),
      { numRuns: 500 },
    );
  });

  it('gives equal encodings exactly to deep-equal values', () => {
    fc.assert(
      fc.property(schemaAndTwoValues, ([schema, a, b]) => {
        const codec = compileCodec(schema);
        expect(isDeepStrictEqual(encode(codec, a), encode(codec, b))).toBe(isDeepStrictEqual(a, b));
        // A structural copy (a different object tree) encodes identically.
        expect(encode(codec, structuredClone(a))).toEqual(encode(codec, a));
      }),
      { numRuns: 500 },
    );
  });

  it('gives equal encodings exactly to deep-equal values on tiny schemas (where collisions are likely)', () => {
    const tiny = fc.constantFrom<Schema>(
      t.record({ a: t.bool(), b: t.int(0, 2) }),
      t.list(t.enum('x', 'y'), 2),
      t.nullable(t.array(t.bool(), 2)),
      t.array(t.nullable(t.int(-1, 1)), 2),
      t.set(['a', 'b', 'c']),
      t.fn(['p', 'q'], t.set(['x', 'y'])),
    );
    fc.assert(
      fc.property(tiny.chain((s) => fc.tuple(fc.constant(s), valueArb(s), valueArb(s))), ([schema, a, b]) => {
        const codec = compileCodec(schema);
        expect(isDeepStrictEqual(encode(codec, a), encode(codec, b))).toBe(isDeepStrictEqual(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every out-of-schema value with a SchemaMismatch naming its path', () => {
    fc.assert(
      fc.property(schemaAndValue, ([schema, value]) => {
        const codec = compileCodec(schema);
        const out = new Uint32Array(codec.words);
        for (const corruption of corruptions(schema, value, 'state')) {
          let thrown: unknown;
          try {
            codec.encode(corruption.value, out, 0);
          } catch (error) {
            thrown = error;
          }
          expect(thrown, `no error for ${corruption.path} = ${JSON.stringify(corruption.value)}`).toBeInstanceOf(SchemaMismatch);
          expect((thrown as SchemaMismatch).path).toBe(corruption.path);
          expect((thrown as SchemaMismatch).message).toContain(corruption.path);
        }
      }),
      { numRuns: 300 },
    );
  });
});
