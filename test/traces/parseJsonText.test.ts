import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseJsonText } from '../../traces/parseJsonText.js';

describe('parseJsonText', () => {
  test('agrees with JSON.parse on valid JSON (fast-check)', () => {
    fc.assert(
      fc.property(fc.json(), fc.boolean(), (text, pretty) => {
        const input = pretty ? JSON.stringify(JSON.parse(text), null, 2) : text;
        expect(parseJsonText(input)).toEqual(JSON.parse(input));
      }),
      { numRuns: 300 },
    );
  });
  test('reports the line of the first error', () => {
    expect(() => parseJsonText('{\n  "a": 1,\n  "b": [1, 2,\n', 'f.json')).toThrow(/^f\.json:4: unexpected end of input \(truncated file\?\)/);
    expect(() => parseJsonText('{\n  "a": 1\n  "b": 2\n}', 'f.json')).toThrow(/^f\.json:3: unexpected "\\"", expected ',' or '}'$/);
    expect(() => parseJsonText('{"a": "x\n', 'f.json')).toThrow(/^f\.json:1: /);
    expect(() => parseJsonText('[1]\n[2]', 'f.json')).toThrow(/^f\.json:2: .*after the end of the JSON value$/);
    // a file cut inside a literal is a truncated file too
    expect(() => parseJsonText('{\n  "a": nu', 'f.json')).toThrow(/^f\.json:2: unexpected end of input \(truncated file\?\)$/);
    expect(() => parseJsonText('[tru', 'f.json')).toThrow(/^f\.json:1: unexpected end of input \(truncated file\?\)$/);
    expect(() => parseJsonText('[nul]', 'f.json')).toThrow(/^f\.json:1: unexpected "n", expected a JSON value$/);
  });
  test('records the line of every object and array', () => {
    const lines = new WeakMap<object, number>();
    const v = parseJsonText('{\n"a": [\n{"b": 1}\n]\n}', 'f', lines) as { a: object[] };
    expect(lines.get(v)).toBe(1);
    expect(lines.get(v.a)).toBe(2);
    expect(lines.get(v.a[0]!)).toBe(3);
  });
  test('a __proto__ key is an ordinary key', () => {
    const v = parseJsonText('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
