/**
 * A short, safe description of any JavaScript value for error messages: never throws, never recurses without
 * bound (cycles print as `<cycle>`), and names the values JSON cannot show (`NaN`, `Infinity`, `undefined`, a
 * function, a Promise, a bigint).
 */

const MAX_LENGTH = 60;

/** Describes `value` in at most about 60 characters. `undefined` is described as `missing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = show(value, new Set(), 0);
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 3)}...` : text;
}

function show(value: unknown, seen: Set<object>, depth: number): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Number.isNaN(value) ? 'NaN' : Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return JSON.stringify(value.length > MAX_LENGTH ? `${value.slice(0, MAX_LENGTH)}…` : value);
    case 'boolean':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return 'a function';
    case 'object': {
      if (value === null) return 'null';
      if (typeof (value as { then?: unknown }).then === 'function') return 'a Promise';
      if (seen.has(value)) return '<cycle>';
      if (depth >= 3) return Array.isArray(value) ? '[…]' : '{…}';
      seen.add(value);
      try {
        if (Array.isArray(value)) {
          const items = value.slice(0, 8).map((v) => show(v, seen, depth + 1));
          if (value.length > 8) items.push('…');
          return `[${items.join(',')}]`;
        }
        const proto = Object.getPrototypeOf(value) as object | null;
        if (proto !== Object.prototype && proto !== null) {
          const name = (proto as { constructor?: { name?: string } }).constructor?.name;
          if (name && name !== 'Object') return `a ${name}`;
        }
        const keys = Object.keys(value).slice(0, 8);
        const parts = keys.map((k) => `${JSON.stringify(k)}:${show((value as Record<string, unknown>)[k], seen, depth + 1)}`);
        if (Object.keys(value).length > 8) parts.push('…');
        return `{${parts.join(',')}}`;
      } catch {
        return 'an object that cannot be printed';
      } finally {
        seen.delete(value);
      }
    }
  }
}
