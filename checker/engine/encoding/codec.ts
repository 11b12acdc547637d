/**
 * The compact state encoding: a schema is compiled into straight-line JavaScript that packs a state into a fixed
 * number of 32-bit words, unpacks it again, and packs a successor incrementally from its parent's words.
 *
 * Guarantees:
 * - for every value the schema admits, `decode(encode(v))` is deep-equal to `v`, and two admitted values have equal
 *   words exactly when they are deep-equal (records field by field, arrays element by element);
 * - `encode` is strict: a value the schema does not admit — a missing field, a field the schema does not have (a
 *   misspelling), an array where a record is expected, a wrong type, an integer out of range, `NaN`, a list too
 *   long, a set member outside its universe, a set not in universe order or with a repeated member, a function
 *   missing a domain member, a cyclic value in place of a leaf — throws a {@link SchemaMismatch} naming the field's path;
 * - `encodeFrom(next, parent, …)` gives exactly the words `encode(next)` gives, provided `parent` is an admitted value
 *   that still encodes to the parent words it is given (the engine checks that after every expansion): a subtree of
 *   `next` that *is* (`===`) the corresponding subtree of `parent` is copied from the parent's words without being
 *   read, every other subtree is validated and encoded as `encode` would;
 * - `compileCodec` rejects a schema it cannot encode (an unknown node kind, a leaf wider than 31 bits) with a
 *   {@link SchemaError} naming the node's path.
 *
 * Layout: each leaf (bool, int, enum, and the presence/length of nullable and list nodes) takes the fewest bits that
 * hold its range and never straddles a word; a set (`t.set`) is a bitset, one bit per universe member in universe
 * order, in leaves of at most 31 bits; a function (`t.fn`) is laid out as a record of its domain members; leaves are placed in declaration order; bit 31 of word 0 is never
 * used (decoders ignore it, so a word 0 with it set decodes alike). Parts that are absent (a null
 * nullable, list elements beyond the length) are all zero bits, which keeps the encoding canonical.
 */
import { canonicalJson, type Json } from '../api/json.js';
import type { Schema } from '../api/schema.js';
import { describeValue } from './describeValue.js';

/** Thrown by an encoder when a state does not match its schema. */
export class SchemaMismatch extends Error {
  constructor(
    /** The path of the field, e.g. `state.groups[0].container`. */
    readonly path: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`state field ${path} is ${describeValue(value)}, but the schema says ${expected}`);
    this.name = 'SchemaMismatch';
  }
}

/** Thrown by {@link compileCodec} for a schema it cannot encode. */
export class SchemaError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`schema node ${path}: ${message}`);
    this.name = 'SchemaError';
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
  /**
   * Writes the encoding of `next` into `out[offset ..]`, reusing the words of `parent` (at `parentWords[parentOffset
   * ..]`) for every subtree `next` shares with it by identity. Throws {@link SchemaMismatch} like `encode`.
   */
  encodeFrom(next: S, parent: S, parentWords: Uint32Array, parentOffset: number, out: Uint32Array, offset: number): void;
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
  alloc(bits: number, path: string): Leaf {
    if (bits > 31) throw new SchemaError(path, `needs ${bits} bits; at most 31 are supported`);
    if (bits === 0) return { word: this.word, shift: 0, bits: 0 };
    // Word 0 keeps bit 31 free: the visited set marks its slots with it (store/stateTable.ts).
    if (this.used + bits > (this.word === 0 ? 31 : 32)) {
      this.word += 1;
      this.used = 0;
    }
    const leaf = { word: this.word, shift: this.used, bits };
    this.used += bits;
    this.totalBits += bits;
    return leaf;
  }
  get words(): number {
    return this.word + 1;
  }
}

/** The layout of a schema: a tree mirroring the schema, with the bit position of every leaf. */
type Node =
  | { readonly kind: 'bool'; readonly path: string; readonly leaf: Leaf }
  | { readonly kind: 'int'; readonly path: string; readonly leaf: Leaf; readonly min: number; readonly max: number }
  | { readonly kind: 'enum'; readonly path: string; readonly leaf: Leaf; readonly values: readonly string[] }
  /** A nullable leaf: one leaf, code 0 = null, code k + 1 = the inner value of code k. */
  | { readonly kind: 'nullableLeaf'; readonly path: string; readonly leaf: Leaf; readonly inner: LeafNode }
  | { readonly kind: 'nullable'; readonly path: string; readonly presence: Leaf; readonly inner: Node }
  | { readonly kind: 'array'; readonly path: string; readonly elements: readonly Node[] }
  | { readonly kind: 'list'; readonly path: string; readonly length: Leaf; readonly maxLength: number; readonly elements: readonly Node[] }
  /** A record, or a function (`fn` set: what the value is said to be in errors, e.g. `a function over {a, b}`). */
  | { readonly kind: 'record'; readonly path: string; readonly fields: readonly (readonly [string, Node])[]; readonly fn?: string }
  /**
   * A set: bit i of the bitset (bit i % 31 of `chunks[i / 31]`) says whether `universe[i]` is a member. `members`
   * says how a member is looked up: by itself when every member is a string or every member a number, else by its
   * canonical JSON.
   */
  | { readonly kind: 'set'; readonly path: string; readonly universe: readonly Json[]; readonly members: 'string' | 'number' | 'json'; readonly chunks: readonly Leaf[] };
type LeafNode = Extract<Node, { kind: 'bool' | 'int' | 'enum' }>;

const LEAF_KINDS = new Set(['bool', 'int', 'enum']);

/** Lays `schema` out; throws a {@link SchemaError} for what it cannot encode. */
function layOut(schema: unknown, path: string, layout: Layout): Node {
  if (typeof schema !== 'object' || schema === null) throw new SchemaError(path, `is ${describeValue(schema)}, not a schema node (build schemas with t.record, t.int, …)`);
  const s = schema as Schema;
  switch (s.kind) {
    case 'bool':
      return { kind: 'bool', path, leaf: layout.alloc(1, path) };
    case 'int':
      if (!Number.isSafeInteger(s.min) || !Number.isSafeInteger(s.max) || s.max < s.min) {
        throw new SchemaError(path, `t.int(${describeValue(s.min)}, ${describeValue(s.max)}) needs integer bounds with min <= max`);
      }
      return { kind: 'int', path, leaf: layout.alloc(bitsFor(s.max - s.min + 1), path), min: s.min, max: s.max };
    case 'enum':
      if (!Array.isArray(s.values) || s.values.length === 0 || !s.values.every((v) => typeof v === 'string')) {
        throw new SchemaError(path, 't.enum() needs at least one string value');
      }
      if (new Set(s.values).size !== s.values.length) throw new SchemaError(path, 't.enum() values must be distinct');
      return { kind: 'enum', path, leaf: layout.alloc(bitsFor(s.values.length), path), values: s.values };
    case 'nullable': {
      const inner = s.inner as Schema | undefined;
      if (inner !== undefined && inner !== null && LEAF_KINDS.has((inner as Schema).kind)) {
        const probe = layOut(inner, path, new Layout()) as LeafNode;
        const cardinality = probe.kind === 'bool' ? 2 : probe.kind === 'int' ? probe.max - probe.min + 1 : probe.values.length;
        const leaf = layout.alloc(bitsFor(cardinality + 1), path);
        return { kind: 'nullableLeaf', path, leaf, inner: probe };
      }
      const presence = layout.alloc(1, path);
      return { kind: 'nullable', path, presence, inner: layOut(inner, path, layout) };
    }
    case 'array': {
      if (!Number.isInteger(s.length) || s.length < 0) throw new SchemaError(path, `t.array() needs a length >= 0, not ${describeValue(s.length)}`);
      const elements: Node[] = [];
      for (let i = 0; i < s.length; i += 1) elements.push(layOut(s.element, `${path}[${i}]`, layout));
      return { kind: 'array', path, elements };
    }
    case 'list': {
      if (!Number.isInteger(s.maxLength) || s.maxLength < 0) throw new SchemaError(path, `t.list() needs a maxLength >= 0, not ${describeValue(s.maxLength)}`);
      const length = layout.alloc(bitsFor(s.maxLength + 1), path);
      const elements: Node[] = [];
      for (let i = 0; i < s.maxLength; i += 1) elements.push(layOut(s.element, `${path}[${i}]`, layout));
      return { kind: 'list', path, length, maxLength: s.maxLength, elements };
    }
    case 'record': {
      if (typeof s.fields !== 'object' || s.fields === null) throw new SchemaError(path, 't.record() needs an object of fields');
      return {
        kind: 'record',
        path,
        fields: Object.entries(s.fields).map(([name, field]) => [name, layOut(field, `${path}.${name}`, layout)] as const),
      };
    }
    case 'set': {
      const universe = setUniverse(s.universe, path);
      const chunks: Leaf[] = [];
      for (let i = 0; i < universe.length; i += SET_CHUNK) chunks.push(layout.alloc(Math.min(SET_CHUNK, universe.length - i), path));
      const members = universe.every((m) => typeof m === 'string') ? 'string' : universe.every((m) => typeof m === 'number') ? 'number' : 'json';
      return { kind: 'set', path, universe, members, chunks };
    }
    case 'fn': {
      const domain = fnDomain(s.domain, path);
      return {
        kind: 'record',
        path,
        fields: domain.map((x) => [x, layOut(s.range, `${path}.${x}`, layout)] as const),
        fn: `a function over {${domain.join(', ')}} (a record with one field per domain member)`,
      };
    }
    default:
      throw new SchemaError(path, `has unknown kind ${describeValue((s as { kind?: unknown }).kind)}; the kinds are bool, int, enum, nullable, array, list, record, set, fn`);
  }
}

/** Members per leaf of a set's bitset (a leaf holds at most 31 bits). */
const SET_CHUNK = 31;

/**
 * A set's universe, checked: JSON values (strings, finite numbers, booleans, null, records and arrays of those),
 * distinct by canonical JSON; returned deep-frozen, since decoded states share its members.
 */
function setUniverse(values: unknown, path: string): readonly Json[] {
  const message = 't.set() needs a universe of distinct JSON values (model values, integers, or records/arrays of those)';
  if (!Array.isArray(values) || !values.every(isJsonValue)) throw new SchemaError(path, message);
  if (new Set(values.map(canonicalJson)).size !== values.length) throw new SchemaError(path, message);
  return Object.freeze(values.map((v) => frozenCopy(v as Json)));
}

/** A function's domain, checked: distinct strings or safe integers; returned as the record keys they are. */
function fnDomain(values: unknown, path: string): readonly string[] {
  const message = 't.fn() needs a domain of distinct strings (model values) or integers';
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string' || Number.isSafeInteger(v))) throw new SchemaError(path, message);
  const keys = values.map(String);
  if (new Set(keys).size !== keys.length) throw new SchemaError(path, message);
  return keys;
}

function isJsonValue(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJsonValue);
  return typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && Object.values(v as object).every(isJsonValue);
}

function frozenCopy(v: Json): Json {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return Object.freeze(v.map(frozenCopy));
  const out: { [key: string]: Json } = {};
  for (const [k, inner] of Object.entries(v)) out[k] = frozenCopy(inner);
  return Object.freeze(out);
}

/** The lookup key of a would-be member of a `json` set: its canonical JSON, or a key no member has (a cyclic value). */
function memberKey(v: unknown): string {
  if (v === undefined) return '\u0000';
  try {
    return canonicalJson(v);
  } catch {
    return '\u0000';
  }
}

/** A member as messages show it: a model value bare, anything else as JSON. */
const memberText = (m: Json): string => (typeof m === 'string' ? m : canonicalJson(m));

/** Every leaf of a subtree, for clearing its bits. */
function leavesOf(node: Node, out: Leaf[] = []): Leaf[] {
  switch (node.kind) {
    case 'bool':
    case 'int':
    case 'enum':
    case 'nullableLeaf':
      out.push(node.leaf);
      break;
    case 'nullable':
      out.push(node.presence);
      leavesOf(node.inner, out);
      break;
    case 'array':
      for (const e of node.elements) leavesOf(e, out);
      break;
    case 'list':
      out.push(node.length);
      for (const e of node.elements) leavesOf(e, out);
      break;
    case 'record':
      for (const [, f] of node.fields) leavesOf(f, out);
      break;
    case 'set':
      out.push(...node.chunks);
      break;
  }
  return out;
}

/** The closest name to `name` among `names` (edit distance at most 2), for "did you mean" hints. */
function closest(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of names) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** Throws the {@link SchemaMismatch} for a record whose keys are not exactly `fields`. */
function badKeys(path: string, value: object, fields: readonly string[], fn?: string): never {
  const keys: string[] = [];
  for (const k in value) keys.push(k);
  const extra = keys.filter((k) => !fields.includes(k));
  if (extra.length > 0) {
    const k = extra[0]!;
    const hint = closest(k, fields);
    if (fn !== undefined) throw new SchemaMismatch(`${path}.${k}`, (value as Record<string, unknown>)[k], `${fn}, and ${JSON.stringify(k)} is not in its domain`);
    throw new SchemaMismatch(
      `${path}.${k}`,
      (value as Record<string, unknown>)[k],
      `there is no field ${JSON.stringify(k)} in ${path}${hint !== undefined ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}; its fields are ${fields.join(', ') || 'none'}`,
    );
  }
  const missing = fields.find((f) => !keys.includes(f))!;
  if (fn !== undefined) throw new SchemaMismatch(`${path}.${missing}`, undefined, `${fn}, with a value for ${JSON.stringify(missing)}`);
  throw new SchemaMismatch(`${path}.${missing}`, undefined, `the record has a field ${JSON.stringify(missing)}`);
}

/** Compiles `schema` into a codec. Throws a {@link SchemaError} for a schema it cannot encode. */
export function compileCodec<S>(schema: Schema): StateCodec<S> {
  const layout = new Layout();
  const root = layOut(schema, 'state', layout);
  const constants: unknown[] = [];
  const constant = (value: unknown): string => {
    constants.push(value);
    return `K[${constants.length - 1}]`;
  };
  let temp = 0;
  const fresh = (prefix: string): string => `${prefix}${temp++}`;
  const mask = (bits: number): number => 2 ** bits - 1;

  /** Code (0-based) of a leaf value, with validation. */
  const leafCode = (node: LeafNode, v: string, pathK: string, nullable: boolean): string => {
    const pre = nullable ? 'null or ' : '';
    switch (node.kind) {
      case 'bool':
        return `(${v} === true ? 1 : ${v} === false ? 0 : bad(${pathK}, ${v}, "${pre}a boolean"))`;
      case 'int': {
        const check = `typeof ${v} === "number" && Number.isInteger(${v}) && ${v} >= ${node.min} && ${v} <= ${node.max}`;
        return `(${check} ? ${node.min === 0 ? v : `${v} - ${node.min}`} : bad(${pathK}, ${v}, "${pre}an integer in ${node.min}..${node.max}"))`;
      }
      case 'enum': {
        const index = Object.create(null) as Record<string, number>;
        node.values.forEach((value, i) => (index[value] = i));
        const indexK = constant(index);
        return `(typeof ${v} === "string" && ${indexK}[${v}] !== undefined ? ${indexK}[${v}] : bad(${pathK}, ${v}, ${constant(`${pre}one of ${node.values.join(', ')}`)}))`;
      }
    }
  };
  const leafValue = (node: LeafNode, code: string): string => {
    switch (node.kind) {
      case 'bool':
        return `(${code}) === 1`;
      case 'int':
        return node.min === 0 ? `(${code})` : `((${code}) + ${node.min})`;
      case 'enum':
        return `${constant(node.values)}[${code}]`;
    }
  };
  /** `w{word} |= code << shift` (the leaf's bits are known to be zero). */
  const put = (leaf: Leaf, code: string, out: string[]): void => {
    out.push(leaf.bits > 0 ? `w${leaf.word} |= (${code}) << ${leaf.shift};` : `${code};`);
  };
  /** `w{word} = (w{word} & ~mask) | code << shift` (the leaf's bits hold an old value). */
  const replace = (leaf: Leaf, code: string, out: string[]): void => {
    out.push(
      leaf.bits > 0
        ? `w${leaf.word} = (w${leaf.word} & ${~(mask(leaf.bits) << leaf.shift) | 0}) | ((${code}) << ${leaf.shift});`
        : `${code};`,
    );
  };
  /** Zeroes every bit of a subtree. */
  const clear = (node: Node, out: string[]): void => {
    const perWord = new Map<number, number>();
    for (const leaf of leavesOf(node)) {
      if (leaf.bits > 0) perWord.set(leaf.word, (perWord.get(leaf.word) ?? 0) | (mask(leaf.bits) << leaf.shift));
    }
    for (const [word, m] of perWord) out.push(`w${word} &= ${~m | 0};`);
  };
  const recordCheck = (node: Extract<Node, { kind: 'record' }>, v: string, pathK: string, out: string[]): void => {
    out.push(`if (typeof ${v} !== "object" || ${v} === null || Array.isArray(${v})) bad(${pathK}, ${v}, ${node.fn !== undefined ? constant(node.fn) : '"a record"'});`);
    const kc = fresh('k');
    out.push(`{ let ${kc} = 0; for (const _ in ${v}) ${kc} += 1; if (${kc} !== ${node.fields.length}) badKeys(${pathK}, ${v}, ${constant(node.fields.map(([n]) => n))}${node.fn !== undefined ? `, ${constant(node.fn)}` : ''}); }`);
  };

  /** Full encoder code for `node` reading `expr` into zeroed bits. */
  const encodeFull = (node: Node, expr: string, out: string[]): void => {
    const pathK = constant(node.path);
    const v = fresh('v');
    out.push(`const ${v} = ${expr};`);
    switch (node.kind) {
      case 'bool':
      case 'int':
      case 'enum':
        put(node.leaf, leafCode(node, v, pathK, false), out);
        return;
      case 'nullableLeaf':
        put(node.leaf, `${v} === null ? 0 : 1 + ${leafCode(node.inner, v, pathK, true)}`, out);
        return;
      case 'nullable':
        out.push(`if (${v} === undefined) bad(${pathK}, ${v}, "null or a value");`);
        out.push(`if (${v} !== null) {`);
        put(node.presence, '1', out);
        encodeFull(node.inner, v, out);
        out.push('}');
        return;
      case 'array':
        out.push(`if (!Array.isArray(${v}) || ${v}.length !== ${node.elements.length}) bad(${pathK}, ${v}, "an array of length ${node.elements.length}");`);
        node.elements.forEach((e, i) => encodeFull(e, `${v}[${i}]`, out));
        return;
      case 'list':
        out.push(`if (!Array.isArray(${v}) || ${v}.length > ${node.maxLength}) bad(${pathK}, ${v}, "an array of at most ${node.maxLength} elements");`);
        put(node.length, `${v}.length`, out);
        node.elements.forEach((e, i) => {
          out.push(`if (${v}.length > ${i}) {`);
          encodeFull(e, `${v}[${i}]`, out);
          out.push('}');
        });
        return;
      case 'record':
        recordCheck(node, v, pathK, out);
        for (const [name, field] of node.fields) encodeFull(field, `${v}[${JSON.stringify(name)}]`, out);
        return;
      case 'set': {
        const index = Object.create(null) as Record<string, number>;
        node.universe.forEach((m, i) => (index[node.members === 'json' ? canonicalJson(m) : String(m)] = i));
        const indexK = constant(index);
        const members = `{${node.universe.map(memberText).join(', ')}}`;
        const c = fresh('c');
        const last = fresh('l');
        const i = fresh('i');
        const k = fresh('k');
        out.push(
          `if (!Array.isArray(${v})) bad(${pathK}, ${v}, ${constant(`a set of members of ${members} (an array in that order)`)});`,
          `const ${c} = [${node.chunks.map(() => '0').join(', ')}]; let ${last} = -1;`,
          `for (let ${i} = 0; ${i} < ${v}.length; ${i} += 1) {`,
          node.members === 'json'
            ? `const ${k} = ${indexK}[${constant(memberKey)}(${v}[${i}])];`
            : `const ${k} = typeof ${v}[${i}] === ${JSON.stringify(node.members)} ? ${indexK}[${v}[${i}]] : undefined;`,
          `if (${k} === undefined) bad(${pathK} + "[" + ${i} + "]", ${v}[${i}], ${constant(`a member of ${members}`)});`,
          `if (${k} <= ${last}) bad(${pathK}, ${v}, ${constant(`a set of members of ${members} listed once each in that order (build sets with setOf, setAdd, setUnion, …)`)});`,
          `${last} = ${k}; ${c}[(${k} / ${SET_CHUNK}) | 0] |= 1 << (${k} % ${SET_CHUNK});`,
          '}',
        );
        node.chunks.forEach((leaf, j) => put(leaf, `${c}[${j}]`, out));
        return;
      }
    }
  };

  /** Incremental encoder code for `node`: `nExpr` is the successor's value, `pExpr` the parent's (admitted) value. */
  const encodeDelta = (node: Node, nExpr: string, pExpr: string, out: string[]): void => {
    const pathK = constant(node.path);
    const n = fresh('n');
    const p = fresh('p');
    out.push(`const ${n} = ${nExpr}, ${p} = ${pExpr};`, `if (${n} !== ${p}) {`);
    switch (node.kind) {
      case 'bool':
      case 'int':
      case 'enum':
        replace(node.leaf, leafCode(node, n, pathK, false), out);
        break;
      case 'nullableLeaf':
        replace(node.leaf, `${n} === null ? 0 : 1 + ${leafCode(node.inner, n, pathK, true)}`, out);
        break;
      case 'array':
        out.push(`if (!Array.isArray(${n}) || ${n}.length !== ${node.elements.length}) bad(${pathK}, ${n}, "an array of length ${node.elements.length}");`);
        node.elements.forEach((e, i) => encodeDelta(e, `${n}[${i}]`, `${p}[${i}]`, out));
        break;
      case 'record':
        recordCheck(node, n, pathK, out);
        for (const [name, field] of node.fields) {
          const key = JSON.stringify(name);
          encodeDelta(field, `${n}[${key}]`, `${p}[${key}]`, out);
        }
        break;
      case 'nullable':
      case 'list':
      case 'set':
        // The shape may change (null ↔ value, another length): encode the subtree afresh.
        clear(node, out);
        encodeFull(node, n, out);
        break;
    }
    out.push('}');
  };

  /** Decoder code for `node`; returns the expression of its value. */
  const decodeNode = (node: Node, out: string[]): string => {
    const get = (leaf: Leaf): string => (leaf.bits === 0 ? '0' : `((w[o + ${leaf.word}] >>> ${leaf.shift}) & ${mask(leaf.bits)})`);
    switch (node.kind) {
      case 'bool':
      case 'int':
      case 'enum':
        return leafValue(node, get(node.leaf));
      case 'nullableLeaf': {
        const c = fresh('c');
        out.push(`const ${c} = ${get(node.leaf)};`);
        return `(${c} === 0 ? null : ${leafValue(node.inner, `${c} - 1`)})`;
      }
      case 'nullable': {
        const r = fresh('r');
        const inner: string[] = [];
        const expr = decodeNode(node.inner, inner);
        out.push(`let ${r} = null;`, `if (${get(node.presence)} === 1) {`, ...inner, `${r} = ${expr};`, '}');
        return r;
      }
      case 'array':
        return `[${node.elements.map((e) => decodeNode(e, out)).join(', ')}]`;
      case 'list': {
        const r = fresh('r');
        const len = fresh('n');
        out.push(`const ${r} = [];`, `const ${len} = ${get(node.length)};`);
        node.elements.forEach((e, i) => {
          const inner: string[] = [];
          const expr = decodeNode(e, inner);
          out.push(`if (${len} > ${i}) {`, ...inner, `${r}.push(${expr});`, '}');
        });
        return r;
      }
      case 'record':
        return `{${node.fields.map(([name, field]) => `${JSON.stringify(name)}: ${decodeNode(field, out)}`).join(', ')}}`;
      case 'set': {
        const r = fresh('r');
        const universeK = constant(node.universe);
        out.push(`const ${r} = [];`);
        node.chunks.forEach((leaf, j) => {
          const c = fresh('c');
          const i = fresh('i');
          out.push(
            `const ${c} = ${get(leaf)};`,
            `if (${c} !== 0) for (let ${i} = 0; ${i} < ${leaf.bits}; ${i} += 1) if (((${c} >>> ${i}) & 1) === 1) ${r}.push(${universeK}[${j * SET_CHUNK} + ${i}]);`,
          );
        });
        return r;
      }
    }
  };

  const words = layout.words;
  const range = Array.from({ length: words }, (_, i) => i);
  const fullBody: string[] = [];
  encodeFull(root, 's', fullBody);
  const deltaBody: string[] = [];
  encodeDelta(root, 'next', 'parent', deltaBody);
  const decodeBody: string[] = [];
  const rootExpr = decodeNode(root, decodeBody);

  const bad = (path: string, value: unknown, expected: string): never => {
    throw new SchemaMismatch(path, value, expected);
  };
  const encodeSource =
    `return function encode(s, out, o) {\n${range.map((i) => `let w${i} = 0;`).join(' ')}\n${fullBody.join('\n')}\n` +
    `${range.map((i) => `out[o + ${i}] = w${i};`).join(' ')}\n};`;
  const deltaSource =
    `return function encodeFrom(next, parent, pw, po, out, o) {\n${range.map((i) => `let w${i} = pw[po + ${i}];`).join(' ')}\n` +
    `${deltaBody.join('\n')}\n${range.map((i) => `out[o + ${i}] = w${i};`).join(' ')}\n};`;
  const decodeSource = `return function decode(w, o) {\n${decodeBody.join('\n')}\nreturn ${rootExpr};\n};`;
  const encode = new Function('K', 'bad', 'badKeys', encodeSource)(constants, bad, badKeys) as StateCodec<S>['encode'];
  const encodeFrom = new Function('K', 'bad', 'badKeys', deltaSource)(constants, bad, badKeys) as StateCodec<S>['encodeFrom'];
  const decode = new Function('K', decodeSource)(constants) as StateCodec<S>['decode'];
  return { words, bits: layout.totalBits, encode, encodeFrom, decode };
}
