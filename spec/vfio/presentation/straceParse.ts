/**
 * Parsing the text of `strace -f -e trace=openat,ioctl,close,dup,mmap,munmap,exit_group`: one record per completed
 * system call, with its line number, pid, name, raw arguments and result. Handles `[pid N]` and bare-pid prefixes,
 * timestamps (`-t`, `-tt`, `-ttt`, `-r`), `<unfinished ...>` / `<... resumed>` pairs, and ignores signal, exit and
 * attach lines. Anything else is unreadable: a {@link StraceInputError} with the line number.
 */

/**
 * Input the strace reader cannot read: one line saying where (`source:line`) and what is wrong. The recording reader
 * of the VFIO presentation returns it as the `inputError` of its replay; the generic replay prints it and exits 2.
 */
export class StraceInputError extends Error {
  constructor(
    /** The 1-based line of the log where the problem is. */
    readonly line: number,
    /** What is wrong, in one line, without the location. */
    readonly reason: string,
    /** A name for the log (a file path), used in the message. */
    readonly source = 'input',
  ) {
    super(`${source}:${line}: ${reason}`);
    this.name = 'StraceInputError';
  }
}

/** One completed system call from a strace log. */
export interface StraceCall {
  /** 1-based line of the call (of its first part, for a resumed call). */
  readonly line: number;
  readonly pid: number | undefined;
  readonly name: string;
  /** The arguments, split at top-level commas, trimmed, as strace printed them. */
  readonly args: readonly string[];
  /** The return value as a number (fds, 0, -1 …), or undefined for `?`; addresses are parsed from hex. */
  readonly returned: bigint | undefined;
  /** The errno name for a failed call (`EBUSY`), else undefined. */
  readonly errno: string | undefined;
  /** The original text of the call. */
  readonly text: string;
}

/**
 * Walks `text` from `from`, skipping double-quoted strings (with backslash escapes), and calls `visit` for every
 * unquoted character with the bracket depth after it (`(`, `[`, `{` open; `)`, `]`, `}` close). Stops when `visit`
 * returns true; returns that index, or -1.
 */
function scanUnquoted(text: string, from: number, visit: (c: string, i: number, depth: number) => boolean): number {
  let depth = 0;
  let quoted = false;
  for (let i = from; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '\\') i += 1;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if ('([{'.includes(c)) depth += 1;
    else if (')]}'.includes(c)) depth -= 1;
    if (visit(c, i, depth)) return i;
  }
  return -1;
}

/** Splits an argument list at top-level commas (outside quotes, brackets, braces and parentheses). */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  scanUnquoted(text, 0, (c, i, depth) => {
    if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
    return false;
  });
  const last = text.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out;
}

/** Finds the index of the `)` closing the argument list that opens at `open` (which holds `(`), or -1. */
function closingParen(text: string, open: number): number {
  return scanUnquoted(text, open, (c, _i, depth) => ')]}'.includes(c) && depth === 0);
}

const PREFIX = /^(?:\[pid\s+(\d+)\]\s*|(\d+)\s+(?=[A-Za-z_<+-]))?(?:(?:\d+:\d+:\d+(?:\.\d+)?|\d+\.\d+)\s+)?/;
const RESULT = /^\s*=\s*(\?|-?\d+|0x[0-9a-fA-F]+)(?:\s+([A-Z][A-Z0-9_]*)(?:\s+\(.*\))?)?(?:\s+<[0-9.]+>)?\s*$/;

/**
 * Parses a strace log. Guarantees: calls come out in completion order of their first line, each with the line where
 * it starts; a line that is neither a call nor a known strace annotation throws {@link StraceInputError}.
 */
export function parseStrace(text: string, source = 'input'): StraceCall[] {
  const calls: { order: number; call: StraceCall }[] = [];
  const pending = new Map<string, { line: number; head: string; name: string; order: number }>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trimEnd();
    if (line.trim() === '') return;
    const m = PREFIX.exec(line)!;
    const pidText = m[1] ?? m[2];
    const pid = pidText === undefined ? undefined : Number(pidText);
    const rest = line.slice(m[0].length);
    if (/^(---|\+\+\+|strace: )/.test(rest) || /^\s*$/.test(rest)) return;
    const key = String(pid ?? '');
    const resumed = /^<\.\.\.\s+([A-Za-z_0-9]+)\s+resumed>\s?(.*)$/.exec(rest);
    let full: string;
    let start = lineNo;
    let order = i;
    if (resumed) {
      const p = pending.get(key);
      if (p === undefined || p.name !== resumed[1]) {
        throw new StraceInputError(lineNo, `'${resumed[1]} resumed' without a matching '<unfinished ...>' call`, source);
      }
      pending.delete(key);
      full = p.head + resumed[2]!;
      start = p.line;
      order = p.order;
    } else {
      const unfinished = /^(.*?)\s*<unfinished \.\.\.>\s*$/.exec(rest);
      if (unfinished) {
        const nameMatch = /^([A-Za-z_][A-Za-z_0-9]*)\(/.exec(unfinished[1]!);
        if (!nameMatch) throw new StraceInputError(lineNo, `cannot read this strace line: ${JSON.stringify(line)}`, source);
        pending.set(key, { line: lineNo, head: unfinished[1]!, name: nameMatch[1]!, order: i });
        return;
      }
      full = rest;
    }
    const nameMatch = /^([A-Za-z_][A-Za-z_0-9]*)\(/.exec(full);
    if (!nameMatch) throw new StraceInputError(start, `cannot read this strace line: ${JSON.stringify(line)}`, source);
    const open = nameMatch[1]!.length;
    const close = closingParen(full, open);
    if (close < 0) throw new StraceInputError(start, `unbalanced parentheses in ${JSON.stringify(full)} (truncated line?)`, source);
    const result = RESULT.exec(full.slice(close + 1));
    if (!result) throw new StraceInputError(start, `no '= result' after the call in ${JSON.stringify(full)}`, source);
    const value = result[1]!;
    calls.push({
      order,
      call: {
        line: start,
        pid,
        name: nameMatch[1]!,
        args: splitArgs(full.slice(open + 1, close)),
        returned: value === '?' ? undefined : BigInt(value),
        errno: result[2],
        text: full,
      },
    });
  });
  for (const p of [...pending.values()].sort((a, b) => a.order - b.order)) {
    // A call that never returned (the log ends while it runs, e.g. exit_group): keep exit_group, refuse others.
    if (p.name === 'exit_group') {
      const args = /\((.*)$/.exec(p.head)?.[1] ?? '';
      calls.push({ order: p.order, call: { line: p.line, pid: undefined, name: p.name, args: splitArgs(args.replace(/\)\s*$/, '')), returned: undefined, errno: undefined, text: p.head } });
    } else {
      throw new StraceInputError(p.line, `${p.name} never finished (the log is truncated)`, source);
    }
  }
  return calls.sort((a, b) => a.order - b.order).map((c) => c.call);
}
