/**
 * The peer model checkers the benchmark compares against, SPIN and Rumur, on the same model (Peterson's filter lock):
 * how to find them, build the model into an executable in a scratch directory, and run it once.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants as fsConstants, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { makePromela } from './makePromela.js';
import { murphiModel } from './murphiModel.js';

/** One run of a peer's executable. */
export interface PeerRun {
  /** Wall-clock time of the verifier process, spawn to exit, in milliseconds. */
  readonly wallMs: number;
  /** Distinct states the peer reports. */
  readonly distinctStates: number;
  /** The peer's own time figure, in seconds, as it prints it (coarse for Rumur: whole seconds). */
  readonly reportedSeconds: number | undefined;
}

/** A verifier ready to run. */
export interface BuiltPeer {
  readonly command: string;
  readonly args: readonly string[];
}

/** A peer checker. */
export interface Peer {
  readonly name: 'spin' | 'rumur';
  /** The programs that must be on PATH. */
  readonly requires: readonly string[];
  /**
   * Generates and compiles the model for `n` processes in `dir`; returns the command to run. `expectedStates` (the
   * count lifecheck found) sizes the verifier's tables where it needs that (pan's depth limit and hash table).
   * Throws on failure.
   */
  build(dir: string, n: number, expectedStates: number): BuiltPeer;
  /** Parses one run's output; throws if the output does not say how many states were found. */
  parse(output: string): Omit<PeerRun, 'wallMs'>;
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
 * SPIN: one `d_step` per action; safety-only verifier without partial-order reduction. pan's depth-first search
 * never goes deeper than the number of states, so `-m` is set just above the expected count (pan allocates its
 * depth-limit-sized stack up front: `-m100000000` costs 5 GB and 15 s of page faults here), and the hash table to
 * at least twice the expected count (`-w`).
 */
export const spinPeer: Peer = {
  name: 'spin',
  requires: ['spin', 'cc'],
  build(dir, n, expectedStates) {
    writeFileSync(join(dir, 'filter.pml'), makePromela(n));
    step(dir, 'spin', ['-a', 'filter.pml']);
    step(dir, 'cc', ['-O2', '-DSAFETY', '-DNOREDUCE', '-DNOCLAIM', '-o', 'pan', 'pan.c']);
    const depth = Math.max(10_000, Math.ceil(expectedStates * 1.1) + 1000);
    const hashBits = Math.max(18, Math.ceil(Math.log2(Math.max(1, expectedStates))) + 1);
    return { command: join(dir, 'pan'), args: [`-m${depth}`, `-w${hashBits}`] };
  },
  parse(output) {
    const stored = /(\d+) states, stored/.exec(output);
    if (!stored) throw new Error(`pan printed no "states, stored": ${output.slice(0, 500)}`);
    const elapsed = /elapsed time ([\d.e+-]+) seconds/.exec(output);
    return { distinctStates: Number(stored[1]), reportedSeconds: elapsed ? Number(elapsed[1]) : undefined };
  },
  version() {
    return firstLine(step('.', 'spin', ['-V']));
  },
};

/** Rumur: one thread; the generated C needs 16-byte compare-and-swap (`-mcx16 -latomic`). */
export const rumurPeer: Peer = {
  name: 'rumur',
  requires: ['rumur', 'cc'],
  build(dir, n) {
    writeFileSync(join(dir, 'filter.m'), murphiModel(n));
    step(dir, 'rumur', ['--threads', '1', 'filter.m', '--output', 'filter.c']);
    step(dir, 'cc', ['-O3', '-mcx16', '-o', 'filter', 'filter.c', '-lpthread', '-latomic']);
    return { command: join(dir, 'filter'), args: [] };
  },
  parse(output) {
    const summary = /(\d+) states, (\d+) rules fired in (\d+(?:\.\d+)?)s/.exec(output);
    if (!summary) throw new Error(`rumur's verifier printed no "states, rules fired": ${output.slice(0, 500)}`);
    return { distinctStates: Number(summary[1]), reportedSeconds: Number(summary[3]) };
  },
  version() {
    return firstLine(step('.', 'rumur', ['--version']));
  },
};

/** Runs a built peer once and parses its output. Throws when it fails or prints no state count. */
export function runPeer(peer: Peer, built: BuiltPeer): PeerRun {
  const started = performance.now();
  const result = spawnSync(built.command, built.args, { encoding: 'utf8', maxBuffer: 256 << 20 });
  const wallMs = performance.now() - started;
  if (result.error) throw result.error;
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${peer.name} verifier exited ${result.status}: ${output.slice(-1000)}`);
  return { wallMs, ...peer.parse(output) };
}
