/**
 * Output destinations. Every option that names something lifecheck writes (`--out <dir>`, `--markdown <file>`,
 * `--json <file>`) is checked by {@link prepareOutputDirectory} or {@link prepareOutputFile} before any exploration
 * starts, so that a mistake costs a second, not the whole run: a path under a regular file, a file where a folder is
 * wanted (or the reverse), a folder that cannot be written, a special tree (`/proc`, `/sys`, `/dev/null/x`) are each
 * one {@link UsageError} line naming the option and the component that is wrong.
 *
 * Folders are created by {@link makeDirectory}, a mkdir -p that walks the path one component at a time and stops at
 * the first component that is not a creatable folder. Node's `mkdirSync(dir, { recursive: true })` loops for ever
 * under `/proc` (mkdir there fails with ENOENT although the parent exists); this walk visits each component once.
 */
import { closeSync, mkdirSync, openSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../engine/api/errors.js';

/** A file-system error's reason in a few words, with its code. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EROFS':
      return 'read-only file system (EROFS)';
    case 'ENOENT':
      return 'the file system does not allow it there (ENOENT)';
    case 'ENOTDIR':
      return 'a component of the path is not a folder (ENOTDIR)';
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    default:
      return code ?? (error as Error).message.split('\n')[0] ?? 'unknown error';
  }
}

/** The kind of a non-folder, for messages. */
function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'a file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a pipe';
  if (stats.isSocket()) return 'a socket';
  return 'not a folder';
}

/** `statSync` that answers undefined for a missing entry and a {@link UsageError} for any other failure. */
function statOf(file: string, label: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    throw new UsageError(`${label}: cannot examine ${file}: ${reason(error)}`);
  }
}

/** `statSync` of the whole path, undefined when it cannot be examined ({@link makeDirectory} then says why). */
function statIfPossible(file: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Creates the folder `dir` and its missing parents (mkdir -p), one path component at a time. Guarantees: visits
 * each component once (never loops); on return `dir` is an existing folder; otherwise throws a {@link UsageError}
 * `"<label>: …"` naming the first component that is not a folder or could not be created, and why.
 */
export function makeDirectory(dir: string, label: string = dir): void {
  const absolute = path.resolve(dir);
  const { root } = path.parse(absolute);
  let current = root;
  for (const part of absolute.slice(root.length).split(path.sep)) {
    if (part === '') continue;
    current = path.join(current, part);
    let stats = statOf(current, label);
    if (stats === undefined) {
      try {
        mkdirSync(current);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new UsageError(`${label}: cannot create the folder ${current}: ${reason(error)}; choose a folder you can write to`);
        }
      }
      stats = statOf(current, label);
      if (stats === undefined) {
        throw new UsageError(`${label}: cannot create the folder ${current}: it does not exist after mkdir; choose a folder you can write to`);
      }
    }
    if (!stats.isDirectory()) {
      throw new UsageError(`${label}: ${current} is ${kindOf(stats)}, not a folder; choose a path that is not under it`);
    }
  }
}

/** Creates and removes an empty file in `dir`, to learn whether the folder can be written (root included). */
function probeWritable(dir: string, label: string): void {
  const probe = path.join(dir, `.lifecheck-write-test-${process.pid}`);
  try {
    writeFileSync(probe, '');
  } catch (error) {
    throw new UsageError(`${label}: cannot write in the folder ${dir}: ${reason(error)}; choose a folder you can write to`);
  }
  try {
    unlinkSync(probe);
  } catch {
    // The probe was written, so the folder is writable; a probe left behind is harmless.
  }
}

/**
 * Validates an output folder before a run (`option` is the option's name, e.g. `--out`): creates it and its parents
 * with {@link makeDirectory}, and checks that a file can be written in it. Throws a one-line {@link UsageError}
 * otherwise; an existing regular file where a folder is wanted is an error, never overwritten.
 */
export function prepareOutputDirectory(dir: string, option: string): void {
  const label = `${option} ${dir}`;
  const stats = statIfPossible(path.resolve(dir));
  if (stats !== undefined && !stats.isDirectory()) {
    throw new UsageError(`${label}: ${dir} is ${kindOf(stats)}; ${option} needs a folder`);
  }
  makeDirectory(dir, label);
  probeWritable(path.resolve(dir), label);
}

/**
 * Validates an output file before a run: its folder is created with {@link makeDirectory}; an existing folder at
 * the path is an error; an existing file must be writable (it is not truncated here); a new file must be creatable
 * (it is created and removed again). Throws a one-line {@link UsageError} otherwise.
 */
export function prepareOutputFile(file: string, option: string): void {
  const label = `${option} ${file}`;
  const absolute = path.resolve(file);
  const stats = statIfPossible(absolute);
  if (stats?.isDirectory()) throw new UsageError(`${label}: ${file} is a folder; ${option} needs a file name`);
  makeDirectory(path.dirname(absolute), label);
  try {
    if (stats !== undefined) closeSync(openSync(absolute, 'a'));
    else {
      closeSync(openSync(absolute, 'wx'));
      unlinkSync(absolute);
    }
  } catch (error) {
    throw new UsageError(`${label}: cannot write ${file}: ${reason(error)}; choose a file you can write`);
  }
}

/** Writes `text` to `file` after the run, creating its folder; a failure is a one-line {@link UsageError}. */
export function writeOutputFile(file: string, text: string, option: string): void {
  const label = `${option} ${file}`;
  makeDirectory(path.dirname(path.resolve(file)), label);
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`${label}: cannot write ${file}: ${reason(error)}`);
  }
}

/**
 * Runs `write` (which writes outputs after a run) and turns a file-system error into a one-line {@link UsageError}
 * `"<label>: cannot write …"` instead of a stack trace; what was already printed stays printed.
 */
export function guardOutputWrite<T>(label: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (error instanceof UsageError || typeof e.code !== 'string') throw error;
    throw new UsageError(`${label}: cannot write ${e.path ?? 'the outputs'}: ${reason(error)}`);
  }
}
