/**
 * Thread symmetry for `defineThreads` programs: threads that run the same program from the same initial locals are
 * interchangeable, and a renaming of them acts on the whole threaded state — the per-thread records (pc, return
 * stack, locals) change places, lock writers and readers are renamed, and every value the shared state or the locals
 * declare with `t.threadId` (a thread named in shared data, such as the context a deferred job runs in) is renamed.
 * Lock-class orders (lockdep) name classes, not threads, and stay.
 *
 * Guarantees: {@link threadSymmetry} gives a {@link Symmetry} whose `permute` is pure and a group action (the
 * identity renaming gives an equal state), with one symmetric set per class of two or more threads; the classes are
 * checked (disjoint, in range, the same start procedure and equal initial locals) when the engine asks for the sets.
 *
 * What it cannot know: a thread id stored as a plain `t.int` (or inside a string) is not renamed. The engine's
 * symmetry audit (`core/symmetryAudit.ts`) catches such a place on its sample of states: a renamed state's successors
 * must be the renamed successors, with the same invariant verdicts (LC210).
 */
import { canonicalJson, type JsonRecord } from './json.js';
import { schemaSome, type Schema } from './schema.js';
import type { SymmetricSet, Symmetry } from './symmetry.js';

/** The part of a threaded state a renaming touches (the shape `defineThreads` compiles to). */
export interface RenamableThreadsState {
  readonly shared: unknown;
  readonly threads: readonly { readonly pc: string; readonly stack: readonly string[]; readonly local: unknown }[];
  readonly locks: readonly { readonly writer: number | null; readonly readers: readonly boolean[] }[];
  readonly lockOrder: readonly boolean[];
}

/** What {@link threadSymmetry} needs to know about the program. */
export interface ThreadSymmetryDef<C> {
  readonly name: string;
  threads(constants: C): number;
  /** The classes of interchangeable threads at `constants` (threads not in a class are fixed). */
  interchangeable(constants: C): readonly (readonly number[])[];
  sharedSchema(constants: C): Schema;
  localSchema(constants: C): Schema;
  start(constants: C, thread: number): string;
  initialLocal(constants: C, thread: number): unknown;
}

const withIds = new WeakMap<Schema, boolean>();

/** Whether `schema` has a `t.threadId` value anywhere. */
export function hasThreadIds(schema: Schema): boolean {
  let known = withIds.get(schema);
  if (known === undefined) {
    known = schemaSome(schema, (node) => node.kind === 'int' && node.threadId === true);
    withIds.set(schema, known);
  }
  return known;
}

/**
 * `value` (of `schema`) with every `t.threadId` value `v` replaced by `to[v]` (values outside `to`, such as -1, stay).
 * Guarantees a new value where something may change; `value` itself is never modified.
 */
export function renameThreadIds(schema: Schema, value: unknown, to: readonly number[]): unknown {
  if (value === null || value === undefined) return value;
  switch (schema.kind) {
    case 'int':
      return schema.threadId === true && typeof value === 'number' && value >= 0 && value < to.length ? to[value] : value;
    case 'nullable':
      return renameThreadIds(schema.inner, value, to);
    case 'array':
    case 'list':
      return hasThreadIds(schema.element) && Array.isArray(value) ? value.map((v) => renameThreadIds(schema.element, v, to)) : value;
    case 'record': {
      if (!hasThreadIds(schema) || typeof value !== 'object') return value;
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [k, f] of Object.entries(schema.fields)) out[k] = renameThreadIds(f, out[k], to);
      return out;
    }
    case 'fn': {
      if (!hasThreadIds(schema.range) || typeof value !== 'object') return value;
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const k of schema.domain) out[k] = renameThreadIds(schema.range, out[k], to);
      return out;
    }
    default:
      return value;
  }
}

/** The classes at `c`, checked; throws (the engine reports LC201) when they are not a valid declaration. */
function checkedClasses<C>(def: ThreadSymmetryDef<C>, c: C): readonly (readonly number[])[] {
  const n = def.threads(c);
  const classes = def.interchangeable(c);
  const seen = new Set<number>();
  for (const cls of classes) {
    for (const thread of cls) {
      if (!Number.isInteger(thread) || thread < 0 || thread >= n) throw new Error(`${def.name}: interchangeable thread ${String(thread)} is not one of threads 0..${n - 1}`);
      if (seen.has(thread)) throw new Error(`${def.name}: thread ${thread} is in two interchangeable classes`);
      seen.add(thread);
    }
    const first = cls[0];
    if (first === undefined) continue;
    for (const thread of cls) {
      if (def.start(c, thread) !== def.start(c, first)) throw new Error(`${def.name}: threads ${first} and ${thread} are declared interchangeable but start in different procedures`);
      if (canonicalJson(def.initialLocal(c, thread) as JsonRecord) !== canonicalJson(def.initialLocal(c, first) as JsonRecord)) {
        throw new Error(`${def.name}: threads ${first} and ${thread} are declared interchangeable but start with different locals`);
      }
    }
  }
  return classes.filter((cls) => cls.length >= 2);
}

/**
 * The symmetry of a threaded program under renamings of its interchangeable threads (see the module comment). The
 * set of class `[a, b, …]` is named `threads a,b,…`; its element `j` is thread `class[j]`.
 */
export function threadSymmetry<S extends RenamableThreadsState, C extends JsonRecord>(def: ThreadSymmetryDef<C>): Symmetry<S, C> {
  const at = new WeakMap<object, { classes: readonly (readonly number[])[]; shared: Schema; local: Schema }>();
  const layout = (c: C): { classes: readonly (readonly number[])[]; shared: Schema; local: Schema } => {
    let out = at.get(c);
    if (out === undefined) {
      out = { classes: checkedClasses(def, c), shared: def.sharedSchema(c), local: def.localSchema(c) };
      at.set(c, out);
    }
    return out;
  };
  const classes = (c: C): readonly (readonly number[])[] => layout(c).classes;
  return {
    sets: (c: C): readonly SymmetricSet[] => classes(c).map((cls) => ({ name: `threads ${cls.join(',')}`, size: cls.length })),
    permute: (state: S, perms: readonly (readonly number[])[], c: C): S => {
      const n = state.threads.length;
      const to = Array.from({ length: n }, (_, i) => i);
      classes(c).forEach((cls, k) => {
        const perm = perms[k]!;
        cls.forEach((thread, j) => {
          to[thread] = cls[perm[j]!]!;
        });
      });
      const { shared: sharedSchema, local: localSchema } = layout(c);
      const threads = new Array<RenamableThreadsState['threads'][number]>(n);
      state.threads.forEach((th, i) => {
        threads[to[i]!] = { pc: th.pc, stack: th.stack, local: renameThreadIds(localSchema, th.local, to) };
      });
      const locks = state.locks.map((l) => {
        const readers = new Array<boolean>(l.readers.length);
        l.readers.forEach((r, i) => {
          readers[to[i]!] = r;
        });
        return { writer: l.writer === null ? null : to[l.writer]!, readers };
      });
      return { ...state, shared: renameThreadIds(sharedSchema, state.shared, to), threads, locks, lockOrder: state.lockOrder };
    },
  };
}
