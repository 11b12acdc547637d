/**
 * ITF expressions (Apalache ADR-015, the format Apalache and Quint write) to and from our JSON values.
 *
 * Writing: integers become `{"#bigint": "n"}` (plain JSON numbers are no longer allowed in ITF), strings and
 * booleans stay, arrays become ITF lists, objects become records, and `null` becomes Quint's `None` variant
 * `{"tag": "None", "value": {"#tup": []}}`. A number that is not an integer is written `{"#unserializable": "1.5"}`.
 *
 * Reading accepts everything Quint and Apalache write: `#bigint`, plain numbers (old ITF), lists, `#tup` and `#set`
 * (read as arrays, order kept), `#map` (an object when every key is a string, else an array of `[key, value]`
 * pairs), variants (`None` and Apalache's `UNIT` become `null` and `[]`, other variants stay `{tag, value}`
 * records; a record whose only field is `tag: "UNIT"` is read as Apalache's unit), records, and `#unserializable` (a number when its text is one, else the text).
 */
import type { Json } from '../checker/engine/index.js';

/** An ITF expression as it appears in a JSON file. */
export type ItfValue =
  | boolean
  | string
  | number
  | readonly ItfValue[]
  | { readonly [key: string]: ItfValue };

/** The ITF form of `None`, our `null`. */
const NONE: ItfValue = { tag: 'None', value: { '#tup': [] } };

/**
 * Encodes a JSON value as an ITF expression. Deterministic: record fields keep their order. Throws `RangeError` for a
 * record field starting with `#` (reserved by ITF) and for values that are not JSON.
 */
export function toItfValue(value: unknown): ItfValue {
  if (value === null || value === undefined) return NONE;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { '#bigint': String(value) } : { '#unserializable': String(value) };
  }
  if (typeof value === 'bigint') return { '#bigint': value.toString() };
  if (Array.isArray(value)) return value.map(toItfValue);
  if (typeof value === 'object') {
    const out: Record<string, ItfValue> = {};
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
      if (key.startsWith('#')) throw new RangeError(`ITF: record field '${key}' starts with '#', which ITF reserves`);
      if (field !== undefined) out[key] = toItfValue(field);
    }
    return out;
  }
  throw new RangeError(`ITF: cannot encode a value of type ${typeof value}`);
}

/** Thrown by {@link fromItfValue} for a malformed expression; `path` says where inside the value. */
export class ItfValueError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'ItfValueError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Decodes an ITF expression (see the module comment). Throws {@link ItfValueError} for malformed input. */
export function fromItfValue(value: unknown, path = 'value'): Json {
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ItfValueError(path, 'not a finite number');
    return value;
  }
  if (Array.isArray(value)) return value.map((e, i) => fromItfValue(e, `${path}[${i}]`));
  if (!isRecord(value)) throw new ItfValueError(path, `not an ITF expression: ${JSON.stringify(value)}`);
  const keys = Object.keys(value);
  if ('#bigint' in value) {
    const text = value['#bigint'];
    if (typeof text !== 'string' || !/^-?[0-9]+$/.test(text)) throw new ItfValueError(path, `bad #bigint ${JSON.stringify(text)}`);
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new ItfValueError(path, `integer ${text} is too large for this checker`);
    return n;
  }
  for (const tag of ['#tup', '#set'] as const) {
    if (tag in value) {
      const items = value[tag];
      if (!Array.isArray(items)) throw new ItfValueError(path, `${tag} must hold an array`);
      return items.map((e, i) => fromItfValue(e, `${path}${tag}[${i}]`));
    }
  }
  if ('#map' in value) {
    const pairs = value['#map'];
    if (!Array.isArray(pairs)) throw new ItfValueError(path, '#map must hold an array of pairs');
    const decoded = pairs.map((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) throw new ItfValueError(`${path}#map[${i}]`, 'not a [key, value] pair');
      return [fromItfValue(pair[0], `${path}#map[${i}][0]`), fromItfValue(pair[1], `${path}#map[${i}][1]`)] as const;
    });
    if (decoded.every(([k]) => typeof k === 'string')) {
      const out: Record<string, Json> = {};
      for (const [k, v] of decoded) out[k as string] = v;
      return out;
    }
    return decoded.map(([k, v]) => [k, v]);
  }
  if ('#unserializable' in value) {
    const text = String(value['#unserializable']);
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) ? n : text;
  }
  if (keys.length > 0 && keys.every((k) => k === 'tag' || k === 'value') && 'tag' in value) {
    if (value.tag === 'UNIT' && !('value' in value)) return [];
    const raw = value.value;
    if (value.tag === 'None' && isRecord(raw) && Array.isArray(raw['#tup']) && raw['#tup'].length === 0) return null;
    const inner = 'value' in value ? fromItfValue(raw, `${path}.value`) : null;
    return { tag: fromItfValue(value.tag, `${path}.tag`), value: inner };
  }
  const out: Record<string, Json> = {};
  for (const key of keys) {
    if (key === '#meta') continue;
    if (key.startsWith('#')) throw new ItfValueError(path, `unknown ITF form '${key}'`);
    out[key] = fromItfValue(value[key], `${path}.${key}`);
  }
  return out;
}
