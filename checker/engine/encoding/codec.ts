/**
 * The compact state encoding: a schema is compiled into straight-line JavaScript that packs a state into a fixed
 * number of 32-bit words and unpacks it again.
 *
 * Guarantees: for every value the schema admits, `decode(encode(v))` is deep-equal to `v`, and two admitted values
 * have equal words exactly when they are deep-equal (records compared field by field, arrays element by element).
 * A value outside the schema makes `encode` throw a {@link SchemaMismatch} naming the field's path.
 *
 * Layout: each leaf (bool, int, enum, and the presence/length of nullable and list nodes) takes the fewest bits that
 * hold its range and never straddles a word; leaves are placed in declaration order.
 */
import type { Schema } from '../api/schema.js';

/** Thrown by an encoder when a state does not match its schema. */
export class SchemaMismatch extends Error {
  constructor(
    readonly path: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`state field ${path} is ${describeValue(value)}, but the schema says ${expected}`);
    this.name = 'SchemaMismatch';
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}

/** A compiled codec for one schema. */
export interface StateCodec<S> {
  /** Number of 32-bit words per encoded state. */
  readonly words: number;
  /** Number of bits actually used (for statistics). */
  readonly bits: number;
  /** Writes the encoding of `state` into `out[offset .. offset + words)`. Throws {@link SchemaMismatch}. */
  encode(state: S, out: Uint32Array, offset: number): void;
  /** Reads a state from `words[offset .. offset + this.words)`. Returns a fresh object tree. */
  decode(words: Uint32Array, offset: number): S;
}

interface Leaf {
  readonly word: number;
  readonly shift: number;
  readonly bits: number;
}

function bitsFor(cardinality: number): number {
  let bits = 0;
  while (2 ** bits < cardinality) bits += 1;
  return bits;
}

class Layout {
  word = 0;
  used = 0;
  totalBits = 0;
  alloc(bits: number): Leaf {
    if (bits > 31) throw new RangeError(`a schema leaf needs ${bits} bits; at most 31 are supported`);
    if (bits === 0) return { word: this.word, shift: 0, bits: 0 };
    if (this.used + bits > 32) {
      this.word += 1;
      this.used = 0;
    }
    const leaf = { word: this.word, shift: this.used, bits };
    this.used += bits;
    this.totalBits += bits;
    return leaf;
  }
  get words(): number {
    return this.used === 0 && this.totalBits === 0 ? 1 : this.word + 1;
  }
}

/** Compiles `schema` into a codec. Throws a RangeError for a schema it cannot encode. */
export function compileCodec<S>(schema: Schema): StateCodec<S> {
  const layout = new Layout();
  const constants: unknown[] = [];
  const constant = (value: unknown): string => {
    constants.push(value);
    return `K[${constants.length - 1}]`;
  };
  let temp = 0;
  const fresh = (prefix: string): string => `${prefix}${temp++}`;

  const enc: string[] = [];
  const dec: string[] = [];

  const isLeaf = (s: Schema): boolean => s.kind === 'bool' || s.kind === 'int' || s.kind === 'enum';
  const cardinality = (s: Schema): number =>
    s.kind === 'bool' ? 2 : s.kind === 'int' ? s.max - s.min + 1 : s.kind === 'enum' ? s.values.length : 0;

  const put = (leaf: Leaf, codeExpr: string): void => {
    if (leaf.bits === 0) return;
    enc.push(`w${leaf.word} |= (${codeExpr}) << ${leaf.shift};`);
  };
  const get = (leaf: Leaf): string =>
    leaf.bits === 0 ? '0' : `((w[o + ${leaf.word}] >>> ${leaf.shift}) & ${2 ** leaf.bits - 1})`;

  /** Emits encoder code reading `expr`, returns the decoder expression. `offset` shifts leaf codes (nullable). */
  const visit = (s: Schema, expr: string, path: string, decOut: string[]): string => {
    const pathK = constant(path);
    switch (s.kind) {
      case 'bool': {
        const leaf = layout.alloc(1);
        const v = fresh('v');
        enc.push(`const ${v} = ${expr};`);
        enc.push(`if (${v} !== true && ${v} !== false) bad(${pathK}, ${v}, "a boolean");`);
        put(leaf, `${v} ? 1 : 0`);
        return `${get(leaf)} === 1`;
      }
      case 'int': {
        const leaf = layout.alloc(bitsFor(s.max - s.min + 1));
        const v = fresh('v');
        enc.push(`const ${v} = ${expr};`);
        enc.push(
          `if (typeof ${v} !== "number" || !Number.isInteger(${v}) || ${v} < ${s.min} || ${v} > ${s.max}) bad(${pathK}, ${v}, "an integer in ${s.min}..${s.max}");`,
        );
        put(leaf, s.min === 0 ? v : `${v} - ${s.min}`);
        return s.min === 0 ? get(leaf) : `(${get(leaf)} + ${s.min})`;
      }
      case 'enum': {
        const leaf = layout.alloc(bitsFor(s.values.length));
        const index = Object.create(null) as Record<string, number>;
        s.values.forEach((value, i) => (index[value] = i));
        const indexK = constant(index);
        const valuesK = constant(s.values);
        const v = fresh('v');
        const c = fresh('c');
        enc.push(`const ${v} = ${expr};`);
        enc.push(`const ${c} = typeof ${v} === "string" ? ${indexK}[${v}] : undefined;`);
        enc.push(`if (${c} === undefined) bad(${pathK}, ${v}, ${constant(`one of ${s.values.join(', ')}`)});`);
        put(leaf, c);
        return `${valuesK}[${get(leaf)}]`;
      }
      case 'nullable': {
        const v = fresh('v');
        enc.push(`const ${v} = ${expr};`);
        if (isLeaf(s.inner)) {
          // One leaf: code 0 is null, code k+1 is the inner value with code k.
          const leaf = layout.alloc(bitsFor(cardinality(s.inner) + 1));
          const innerCode = leafCode(s.inner, v, pathK);
          put(leaf, `${v} === null ? 0 : 1 + (${innerCode})`);
          const c = fresh('c');
          decOut.push(`const ${c} = ${get(leaf)};`);
          return `(${c} === 0 ? null : ${leafValue(s.inner, `${c} - 1`)})`;
        }
        const presence = layout.alloc(1);
        put(presence, `${v} === null ? 0 : 1`);
        enc.push(`if (${v} !== null) {`);
        const innerDec: string[] = [];
        const innerExpr = visit(s.inner, v, path, innerDec);
        enc.push('}');
        const r = fresh('r');
        decOut.push(`let ${r} = null;`);
        decOut.push(`if (${get(presence)} === 1) {`, ...innerDec, `${r} = ${innerExpr};`, '}');
        return r;
      }
      case 'array': {
        const v = fresh('v');
        enc.push(`const ${v} = ${expr};`);
        enc.push(`if (!Array.isArray(${v}) || ${v}.length !== ${s.length}) bad(${pathK}, ${v}, "an array of length ${s.length}");`);
        const items: string[] = [];
        for (let i = 0; i < s.length; i += 1) items.push(visit(s.element, `${v}[${i}]`, `${path}[${i}]`, decOut));
        return `[${items.join(', ')}]`;
      }
      case 'list': {
        const v = fresh('v');
        enc.push(`const ${v} = ${expr};`);
        enc.push(`if (!Array.isArray(${v}) || ${v}.length > ${s.maxLength}) bad(${pathK}, ${v}, "an array of at most ${s.maxLength} elements");`);
        const lengthLeaf = layout.alloc(bitsFor(s.maxLength + 1));
        put(lengthLeaf, `${v}.length`);
        const r = fresh('r');
        const n = fresh('n');
        decOut.push(`const ${r} = [];`, `const ${n} = ${get(lengthLeaf)};`);
        for (let i = 0; i < s.maxLength; i += 1) {
          enc.push(`if (${v}.length > ${i}) {`);
          const elemDec: string[] = [];
          const elem = visit(s.element, `${v}[${i}]`, `${path}[${i}]`, elemDec);
          enc.push('}');
          decOut.push(`if (${n} > ${i}) {`, ...elemDec, `${r}.push(${elem});`, '}');
        }
        return r;
      }
      case 'record': {
        const v = fresh('v');
        enc.push(`const ${v} = ${expr};`);
        enc.push(`if (typeof ${v} !== "object" || ${v} === null) bad(${pathK}, ${v}, "a record");`);
        const parts: string[] = [];
        for (const [name, field] of Object.entries(s.fields)) {
          const access = `${v}[${JSON.stringify(name)}]`;
          parts.push(`${JSON.stringify(name)}: ${visit(field, access, `${path}.${name}`, decOut)}`);
        }
        return `{${parts.join(', ')}}`;
      }
    }
  };

  /** Code (0-based) of a leaf value, with validation; used inside nullable leaves. */
  const leafCode = (s: Schema, v: string, pathK: string): string => {
    switch (s.kind) {
      case 'bool':
        return `(${v} === true ? 1 : ${v} === false ? 0 : bad(${pathK}, ${v}, "null or a boolean"))`;
      case 'int':
        return `(typeof ${v} === "number" && Number.isInteger(${v}) && ${v} >= ${s.min} && ${v} <= ${s.max} ? ${v} - ${s.min} : bad(${pathK}, ${v}, "null or an integer in ${s.min}..${s.max}"))`;
      case 'enum': {
        const index = Object.create(null) as Record<string, number>;
        s.values.forEach((value, i) => (index[value] = i));
        const indexK = constant(index);
        return `(typeof ${v} === "string" && ${indexK}[${v}] !== undefined ? ${indexK}[${v}] : bad(${pathK}, ${v}, ${constant(`null or one of ${s.values.join(', ')}`)}))`;
      }
      default:
        throw new Error('not a leaf');
    }
  };
  const leafValue = (s: Schema, code: string): string => {
    switch (s.kind) {
      case 'bool':
        return `(${code}) === 1`;
      case 'int':
        return `((${code}) + ${s.min})`;
      case 'enum':
        return `${constant(s.values)}[${code}]`;
      default:
        throw new Error('not a leaf');
    }
  };

  const decStmts: string[] = [];
  const rootExpr = visit(schema, 's', 'state', decStmts);
  const words = layout.words;
  const wordDecls = Array.from({ length: words }, (_, i) => `let w${i} = 0;`).join(' ');
  const wordStores = Array.from({ length: words }, (_, i) => `out[o + ${i}] = w${i};`).join(' ');
  const bad = (path: string, value: unknown, expected: string): never => {
    throw new SchemaMismatch(path, value, expected);
  };
  const encodeSource = `${wordDecls}\n${enc.join('\n')}\n${wordStores}`;
  const decodeSource = `${decStmts.join('\n')}\nreturn ${rootExpr};`;
  const encode = new Function('K', 'bad', `return function encode(s, out, o) {\n${encodeSource}\n};`)(
    constants,
    bad,
  ) as StateCodec<S>['encode'];
  const decode = new Function('K', `return function decode(w, o) {\n${decodeSource}\n};`)(
    constants,
  ) as StateCodec<S>['decode'];
  return { words, bits: layout.totalBits, encode, decode };
}
