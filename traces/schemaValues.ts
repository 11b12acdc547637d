/**
 * State values read through their schema, for the trace forms that must tell a set from a list: a state is plain
 * JSON, and a set (`t.set`) is an array like any other, so only the schema says that `['a', 'b']` is `{a, b}` and
 * that a record is a function (`t.fn`). Every function here is pure, deterministic, and falls back to the generic
 * form wherever the value does not have the shape its schema node says (so a wrong schema never makes a renderer
 * throw).
 */
import { canonicalJson, schemaSome, type FnKey, type Schema } from '../checker/engine/index.js';
import { toItfValue, type ItfValue } from './itfValue.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The ITF expression of `value` under `schema`: sets become `{"#set": [...]}` (members in universe order), functions
 * `{"#map": [[key, value], ...]}` (domain order), everything else as {@link toItfValue} writes it. Without a schema,
 * exactly {@link toItfValue}. Throws what `toItfValue` throws.
 */
export function toItfValueBySchema(schema: Schema | undefined, value: unknown): ItfValue {
  if (schema === undefined) return toItfValue(value);
  switch (schema.kind) {
    case 'set':
      return Array.isArray(value) ? { '#set': value.map(toItfValue) } : toItfValue(value);
    case 'fn':
      return isRecord(value) ? { '#map': Object.keys(value).map((k) => [toItfValue(domainMember(schema.domain, k)), toItfValueBySchema(schema.range, value[k])]) } : toItfValue(value);
    case 'nullable':
      return value === null ? toItfValue(value) : toItfValueBySchema(schema.inner, value);
    case 'array':
    case 'list':
      return Array.isArray(value) ? value.map((e) => toItfValueBySchema(schema.element, e)) : toItfValue(value);
    case 'record': {
      if (!isRecord(value)) return toItfValue(value);
      const out: Record<string, ItfValue> = {};
      for (const [key, field] of Object.entries(value)) {
        if (field === undefined) continue;
        if (key.startsWith('#')) return toItfValue(value);
        out[key] = toItfValueBySchema(schema.fields[key], field);
      }
      return out;
    }
    default:
      return toItfValue(value);
  }
}

/** The domain member whose record key is `key` (an integer member for `"1"` over `[1, 2]`), or `key` itself. */
function domainMember(domain: readonly FnKey[], key: string): FnKey {
  return domain.find((x) => String(x) === key) ?? key;
}

/**
 * `value` with every set put in universe order, for states read from files that other tools wrote (an ITF `#set` is
 * unordered; Quint lists its members in its own order), and every function over integers made a record again (ITF
 * reads a `#map` whose keys are not strings as a list of `[key, value]` pairs). A set with a member outside the
 * universe or a repeated member is left as it is, for the codec to report. Without a schema, `value` itself.
 */
export function normaliseSets(schema: Schema | undefined, value: unknown): unknown {
  if (schema === undefined || !schemaNeedsNormalising(schema)) return value;
  switch (schema.kind) {
    case 'set': {
      if (!Array.isArray(value)) return value;
      const keys = schema.universe.map(canonicalJson);
      const positions = value.map((m) => keys.indexOf(canonicalJson(m)));
      if (positions.includes(-1) || new Set(positions).size !== positions.length) return value;
      return schema.universe.filter((_, i) => positions.includes(i));
    }
    case 'fn': {
      const range = schema.range;
      const pairs = Array.isArray(value) && value.every((p) => Array.isArray(p) && p.length === 2 && (typeof p[0] === 'string' || typeof p[0] === 'number'));
      const entries: [string, unknown][] | undefined = pairs
        ? (value as [FnKey, unknown][]).map(([k, v]) => [String(k), v])
        : isRecord(value)
          ? Object.entries(value)
          : undefined;
      return entries === undefined ? value : Object.fromEntries(entries.map(([k, v]) => [k, normaliseSets(range, v)]));
    }
    case 'nullable':
      return value === null ? value : normaliseSets(schema.inner, value);
    case 'array':
    case 'list': {
      const element = schema.element;
      return Array.isArray(value) ? value.map((e) => normaliseSets(element, e)) : value;
    }
    case 'record': {
      const fields = schema.fields;
      return isRecord(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseSets(fields[k], v)])) : value;
    }
    default:
      return value;
  }
}

/** A set as the trace forms write it: `{a, b}`, `{}` for the empty set. */
export function formatSet(members: readonly unknown[]): string {
  return `{${members.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(', ')}}`;
}

/**
 * `value` with every set replaced by its text `{a, b}` (a string, which the renderers print bare), so that a set is
 * one leaf of a flattened state (`held = {r1, r2}`, and `held: {r1} → {r1, r2}` in a diff) rather than one line per
 * element. Functions stay records, flattened one line per domain member (`f.a = 1`, TLA+'s `f[a] = 1`). Without a
 * schema, `value` itself.
 */
export function displayValue(schema: Schema | undefined, value: unknown): unknown {
  if (schema === undefined) return value;
  switch (schema.kind) {
    case 'set':
      return Array.isArray(value) ? formatSet(value) : value;
    case 'fn':
      if (!isRecord(value)) return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, displayValue(schema.range, v)]));
    case 'nullable':
      return value === null ? value : displayValue(schema.inner, value);
    case 'array':
    case 'list':
      return Array.isArray(value) ? value.map((e) => displayValue(schema.element, e)) : value;
    case 'record':
      if (!isRecord(value)) return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, displayValue(schema.fields[k], v)]));
    default:
      return value;
  }
}

/**
 * Whether {@link normaliseSets} may change a value of `schema`: it has a set, or a function over integers, somewhere.
 */
export function schemaNeedsNormalising(schema: Schema | undefined): boolean {
  return schema !== undefined && schemaSome(schema, (node) => node.kind === 'set' || (node.kind === 'fn' && node.domain.some((x) => typeof x === 'number')));
}

/** Whether `schema` has a set anywhere (when not, {@link displayValue} is the identity and can be skipped). */
export function schemaHasSets(schema: Schema | undefined): boolean {
  return schema !== undefined && schemaSome(schema, (node) => node.kind === 'set');
}

/**
 * `trace` with every state shown through {@link displayValue} (labels, results, loop and aborted step kept), for the
 * text, Markdown and Mermaid renderers. `trace` itself when the schema has no sets.
 */
export function displayTrace<T extends { readonly steps: readonly { readonly state: unknown }[] }>(trace: T, schema: Schema | undefined): T {
  if (!schemaHasSets(schema)) return trace;
  return { ...trace, steps: trace.steps.map((step) => ({ ...step, state: displayValue(schema, step.state) })) };
}
