/**
 * The peer model checkers the benchmark compares against, SPIN and Rumur: how to find them, build a model's source
 * (Promela or Murphi text) into an executable in a scratch directory, and run it once, measuring its wall time and,
 * where GNU time is installed, its peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** One run of a peer's executable. */
export interface PeerRun {
  /** Wall-clock time of the verifier process, spawn to exit, in milliseconds. */
  readonly wallMs: number;
  /** Distinct states the peer reports. */
  readonly distinctStates: number;
  /**
   * Transitions in lifecheck's terms, "states generated": every successor plus the initial state (SPIN's
   * "transitions" already includes it; Rumur's "rules fired" does not, and 1 is added).
   */
  readonly statesGenerated: number | undefined;
  /** The peer's own time figure, in seconds, as it prints it (coarse for Rumur: whole seconds). */
  readonly reportedSeconds: number | undefined;
  /** Peak RSS of the verifier in bytes (from GNU time's `%M`), when `/usr/bin/time` exists. */
  readonly peakRssBytes: number | undefined;
}

/** A verifier ready to run. */
export interface BuiltPeer {
  readonly command: string;
  readonly args: readonly string[];
}

/** The sources a benchmark model offers its peers (a peer without its language's source is not run). */
export interface PeerSources {
  readonly promela?: string;
  readonly murphi?: string;
}

/** A peer checker. */
export interface Peer {
  readonly name: 'spin' | 'rumur';
  /** The programs that must be on PATH. */
  readonly requires: readonly string[];
  /** This peer's source of a model, or undefined when the model has none. */
  source(sources: PeerSources): string | undefined;
  /**
   * Writes `source` into `dir`, compiles it and returns the command to run. `expectedStates` (the count lifecheck
   * found) sizes the verifier's tables where it needs that (pan's depth limit and hash table). Throws on failure.
   */
  build(dir: string, source: string, expectedStates: number): BuiltPeer;
  /** Parses one run's output; throws if the output does not say how many states were found. */
  parse(output: string): Omit<PeerRun, 'wallMs' | 'peakRssBytes'>;
  /** The version line, for the report. */
  version(): string;
}

/** Whether `program` is an executable file in one of the directories of PATH. */
export function onPath(program: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, program), fsConstants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/** Runs a build step in `dir`; throws with its output when it fails. */
function step(dir: string, command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}): ${(result.stderr || result.stdout).slice(0, 2000)}`);
  }
  return `${result.stdout}${result.stderr}`;
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

/**
 * SPIN: breadth-first (`-DBFS`), safety only, no partial-order reduction; one `d_step` per action in the sources.
 * `-m` (depth limit) is set above the expected count and the hash table to at least twice it (`-w`).
 */
export const spinPeer: Peer = {
  name: 'spin',
  requires: ['spin', 'cc'],
  source: (sources) => sources.promela,
  build(dir, source, expectedStates) {
    writeFileSync(join(dir, 'model.pml'), source);
    step(dir, 'spin', ['-a', 'model.pml']);
    step(dir, 'cc', ['-O2', '-DBFS', '-DSAFETY', '-DNOREDUCE', '-DNOCLAIM', '-o', 'pan', 'pan.c']);
    const depth = Math.max(10_000, Math.ceil(expectedStates * 1.1) + 1000);
    const hashBits = Math.max(18, Math.ceil(Math.log2(Math.max(1, expectedStates))) + 1);
    return { command: join(dir, 'pan'), args: [`-m${depth}`, `-w${hashBits}`] };
  },
  parse(output) {
    const stored = /(\d+) states, stored/.exec(output);
    if (stored && /\d[.e]\S* states, stored/.test(output)) throw new Error(`pan printed its state count in e-notation: ${output.slice(0, 500)}`);
    if (!stored) throw new Error(`pan printed no "states, stored": ${output.slice(0, 500)}`);
    // pan writes large counts as 1.26e+08: too coarse to compare, so only exact integers are kept.
    const transitions = /(\S+) transitions \(= stored\+matched\)/.exec(output);
    const elapsed = /elapsed time ([\d.e+-]+) seconds/.exec(output);
    return {
      distinctStates: Number(stored[1]),
      statesGenerated: transitions && /^\d+$/.test(transitions[1]!) ? Number(transitions[1]) : undefined,
      reportedSeconds: elapsed ? Number(elapsed[1]) : undefined,
    };
  },
  version() {
    return firstLine(step('.', 'spin', ['-V']));
  },
};

/** Rumur: one thread; the generated C needs 16-byte compare-and-swap (`-mcx16 -latomic`). */
export const rumurPeer: Peer = {
  name: 'rumur',
  requires: ['rumur', 'cc'],
  source: (sources) => sources.murphi,
  build(dir, source) {
    writeFileSync(join(dir, 'model.m'), source);
    step(dir, 'rumur', ['--threads', '1', 'model.m', '--output', 'model.c']);
    step(dir, 'cc', ['-O3', '-mcx16', '-o', 'model', 'model.c', '-lpthread', '-latomic']);
    return { command: join(dir, 'model'), args: [] };
  },
  parse(output) {
    const summary = /(\d+) states, (\d+) rules fired in (\d+(?:\.\d+)?)s/.exec(output);
    if (!summary) throw new Error(`rumur's verifier printed no "states, rules fired": ${output.slice(0, 500)}`);
    return { distinctStates: Number(summary[1]), statesGenerated: Number(summary[2]) + 1, reportedSeconds: Number(summary[3]) };
  },
  version() {
    return firstLine(step('.', 'rumur', ['--version']));
  },
};

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a built peer once and parses its output; its peak RSS comes from GNU time (`/usr/bin/time -f %M`) when that
 * is installed. Throws when the verifier fails or prints no state count.
 */
export function runPeer(peer: Peer, built: BuiltPeer, scratch: string): PeerRun {
  const rssFile = join(scratch, `${peer.name}.rss`);
  const timed = existsSync(GNU_TIME);
  const [command, args] = timed ? [GNU_TIME, ['-f', '%M', '-o', rssFile, built.command, ...built.args]] : [built.command, built.args];
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 << 20 });
  const wallMs = performance.now() - started;
  if (result.error) throw result.error;
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${peer.name} verifier exited ${result.status}: ${output.slice(-1000)}`);
  const kb = timed ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : Number.NaN;
  return { wallMs, peakRssBytes: Number.isFinite(kb) ? kb * 1024 : undefined, ...peer.parse(output) };
}
