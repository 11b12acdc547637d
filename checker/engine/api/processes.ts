/**
 * Processes: what a spec may declare so that partial-order reduction (`--por`, `docs/reduction.md`) can tell which
 * steps are independent. A spec that declares none is explored as it is; `--por` refuses it.
 *
 * The declaration says which process (thread) each label belongs to, and which parts of the state each process
 * owns. The engine observes the rest (what each step reads and writes, `core/footprint.ts`); the declaration is a
 * promise the engine checks on every state it expands, and a run that sees it broken is redone without reduction.
 */
import type { Json } from './json.js';

/** A location of a state: property names (and array indices) from the root, e.g. `['threads', 1]`. */
export type StatePath = readonly (string | number)[];

/**
 * Which process each action belongs to (see the module comment). `C` is the spec's constants.
 *
 * The spec promises:
 * - no label of another process reads or writes anything under a path `owned(p)` gives (nor does its `enabled`);
 * - a label of no process (`processOf` gives undefined, a *global* label such as the threads layer's `Terminating`)
 *   is never enabled in a state where a label of some process is enabled.
 * Both are checked on every state the reduced exploration expands; a violation makes the check explore again with
 * no reduction and say why (`CheckResult.partialOrder.unsound`).
 */
export interface Processes<C> {
  /** The process of label (`action`, `params`), a small non-negative integer, or undefined for a global label. */
  processOf(action: string, params: Json, constants: C): number | undefined;
  /** The parts of the state only process `process` touches (its program counter, its locals). */
  owned(process: number, constants: C): readonly StatePath[];
}

/** `path` as a footprint location (`core/footprint.ts`): segments joined by `/`. */
export function locationOf(path: StatePath): string {
  return path.map(String).join('/');
}
