/**
 * A strict JSON parser that reports the line of the first error (Node's JSON.parse does not), so that a truncated or
 * hand-edited trace file is refused with "file:LINE: what is wrong".
 */
import type { Json } from '../checker/engine/index.js';
import { TraceInputError } from './traceInputError.js';

/**
 * Parses `text` as JSON (RFC 8259). Guarantees: returns the same value as `JSON.parse` for valid input (objects are
 * plain, with keys in input order); when `lines` is given, records the 1-based line where each object and array
 * starts, for later messages about well-formed but wrong content; throws {@link TraceInputError} with the 1-based line of the first error otherwise.
 */
export function parseJsonText(text: string, source = 'input', lines?: WeakMap<object, number>): Json {
  let pos = 0;
  const newlines: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) newlines.push(i);
  const lineAt = (p: number): number => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const fail = (reason: string, at = pos): never => {
    throw new TraceInputError(lineAt(at), reason, source);
  };
  const skip = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos += 1;
  };
  const describe = (): string => (pos >= text.length ? 'unexpected end of input (truncated file?)' : `unexpected ${JSON.stringify(text[pos])}`);
  /** "unexpected X, expected Y", or only "unexpected end of input" at the end (nothing else would help there). */
  const unexpected = (expected: string): string => (pos >= text.length ? describe() : `${describe()}, expected ${expected}`);
  const value = (): Json => {
    skip();
    const c = text[pos];
    if (c === '{') {
      const out: Record<string, Json> = {};
      lines?.set(out, lineAt(pos));
      pos += 1;
      skip();
      if (text[pos] === '}') {
        pos += 1;
        return out;
      }
      for (;;) {
        skip();
        if (text[pos] !== '"') fail(unexpected("a string key"));
        const key = string();
        skip();
        if (text[pos] !== ':') fail(unexpected("':'"));
        pos += 1;
        Object.defineProperty(out, key, { value: value(), enumerable: true, writable: true, configurable: true });
        skip();
        if (text[pos] === ',') pos += 1;
        else if (text[pos] === '}') {
          pos += 1;
          return out;
        } else fail(unexpected("',' or '}'"));
      }
    }
    if (c === '[') {
      const out: Json[] = [];
      lines?.set(out, lineAt(pos));
      pos += 1;
      skip();
      if (text[pos] === ']') {
        pos += 1;
        return out;
      }
      for (;;) {
        out.push(value());
        skip();
        if (text[pos] === ',') pos += 1;
        else if (text[pos] === ']') {
          pos += 1;
          return out;
        } else fail(unexpected("',' or ']'"));
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return v;
      }
      // `nu` at the very end: the file was cut inside a literal
      if (text.length - pos < word.length && word.startsWith(text.slice(pos))) {
        pos = text.length;
        fail(describe());
      }
    }
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(pos, pos + 400));
    if (m === null || m[0] === '') return fail(unexpected("a JSON value"));
    pos += m[0].length;
    return Number(m[0]);
  };
  const string = (): string => {
    const start = pos;
    pos += 1;
    while (pos < text.length && text[pos] !== '"') {
      const code = text.charCodeAt(pos);
      if (code < 0x20) fail('control character inside a string');
      pos += text[pos] === '\\' ? 2 : 1;
    }
    if (pos >= text.length) fail('unterminated string (truncated file?)', start);
    pos += 1;
    try {
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      return fail('bad escape in string', start);
    }
  };
  const result = value();
  skip();
  if (pos < text.length) fail(`${describe()} after the end of the JSON value`);
  return result;
}
