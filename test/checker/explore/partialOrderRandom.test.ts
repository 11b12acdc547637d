/**
 * Partial-order reduction on random threaded programs (fast-check): local steps, local loops, reads and writes of
 * shared variables, awaits, choices another thread can enable, a mutex and kernel assertions, against random invariants (some reading a thread's locals
 * only under a condition). The reduced search must find exactly the violated properties — deadlock and assertions
 * included — that the full search finds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertThat, checkSync, defineModel, defineThreads, t, type AnyModel, type CheckResult, type ThreadStep } from '../../../checker/engine/index.js';

type Op =
  | { readonly op: 'local' | 'spin' | 'lock' | 'unlock' }
  | { readonly op: 'read' | 'write'; readonly v: number }
  | { readonly op: 'await' | 'assert' | 'choice'; readonly v: number; readonly val: number };
type Inv =
  | { readonly kind: 'shared'; readonly v: number; readonly val: number }
  | { readonly kind: 'guarded'; readonly v: number; readonly val: number; readonly thread: number; readonly n: number }
  | { readonly kind: 'local'; readonly thread: number; readonly tmp: number };
interface Program {
  readonly threads: readonly (readonly Op[])[];
  readonly invariants: readonly Inv[];
}

const V = 2;
const val = fc.integer({ min: 0, max: 2 });
const v = fc.integer({ min: 0, max: V - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constantFrom<Op>({ op: 'local' }, { op: 'spin' }, { op: 'lock' }, { op: 'unlock' }),
  fc.record({ op: fc.constantFrom('read' as const, 'write' as const), v }),
  fc.record({ op: fc.constantFrom('await' as const, 'assert' as const, 'choice' as const), v, val }),
);
const programArb: fc.Arbitrary<Program> = fc.integer({ min: 2, max: 3 }).chain((n) =>
  fc.record({
    threads: fc.array(fc.array(opArb, { minLength: 1, maxLength: 4 }), { minLength: n, maxLength: n }),
    invariants: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('shared' as const), v, val }),
        fc.record({ kind: fc.constant('guarded' as const), v, val, thread: fc.integer({ min: 0, max: n - 1 }), n: val }),
        fc.record({ kind: fc.constant('guarded' as const), v, val, thread: fc.integer({ min: 0, max: n - 1 }), n: val }),
        fc.record({ kind: fc.constant('local' as const), thread: fc.integer({ min: 0, max: n - 1 }), tmp: val }),
      ),
      { minLength: 0, maxLength: 2 },
    ),
  }),
);

type Shared = { x: number[] };
type Local = { n: number; tmp: number };

function step(op: Op, index: number): ThreadStep<Shared, Local, Record<string, never>> {
  switch (op.op) {
    case 'local':
      return { run: (k) => void (k.local.n = (k.local.n + 1) % 3) };
    case 'spin':
      // a local loop for ever: only the cycle proviso lets the other threads run
      return {
        run: (k) => {
          k.local.n = (k.local.n + 1) % 3;
          k.goto(`s${index}`);
        },
      };
    case 'choice':
      // two values: 0 (go on) always possible, 1 (stop) only once x[v] is val: a label others can enable
      return {
        params: [0, 1],
        await: (view, p) => p === 0 || view.shared.x[op.v] === op.val,
        run: (k, p) => {
          if (p === 1) k.done(); // the other way: skip the rest of the program
        },
      };
    case 'lock':
      return { acquire: (view) => (view.holds('m') === undefined ? { lock: 'm' } : undefined) };
    case 'unlock':
      return { run: (k) => void (k.holds('m') !== undefined && k.release('m')) };
    case 'read':
      return { run: (k) => void (k.local.tmp = k.shared.x[op.v]!) };
    case 'write':
      return { run: (k) => void (k.shared.x[op.v] = (k.local.tmp + 1) % 3) };
    case 'await':
      return { await: (view) => view.shared.x[op.v] !== op.val };
    case 'assert':
      return { run: (k) => assertThat(k.shared.x[op.v] !== op.val, 'kernelAssert', `x[${op.v}] is ${op.val}`) };
  }
}

function modelOf(program: Program): AnyModel {
  const procedures: Record<string, Record<string, ThreadStep<Shared, Local, Record<string, never>>>> = {};
  program.threads.forEach((ops, i) => {
    procedures[`t${i}`] = Object.fromEntries(ops.map((op, j) => [`s${j}`, step(op, j)]));
  });
  const threads = defineThreads<Shared, Local, Record<string, never>>({
    name: 'Random',
    threads: () => program.threads.length,
    shared: { schema: () => t.record({ x: t.array(t.int(0, 2), V) }), init: () => ({ x: new Array<number>(V).fill(0) }) },
    locals: { schema: () => t.record({ n: t.int(0, 2), tmp: t.int(0, 2) }), init: () => ({ n: 0, tmp: 0 }) },
    locks: () => ['m'],
    procedures,
    start: (_c, thread) => `t${thread}`,
  });
  const properties: Record<string, AnyModel['properties'][string]> = { kernelAssert: { kind: 'assertion' } };
  program.invariants.forEach((inv, i) => {
    properties[`inv${i}`] = {
      kind: 'invariant',
      holds: (s: unknown) => {
        const st = s as { shared: Shared; threads: { local: Local }[] };
        if (inv.kind === 'shared') return st.shared.x[inv.v] !== inv.val;
        if (inv.kind === 'guarded') return st.shared.x[inv.v] !== inv.val || st.threads[inv.thread]!.local.n !== inv.n;
        return st.threads[inv.thread]!.local.tmp !== inv.tmp;
      },
    };
  });
  return defineModel({ name: 'Random', spec: threads.spec, constants: { default: {} }, properties }) as unknown as AnyModel;
}

const violated = (r: CheckResult): string[] => r.properties.filter((p) => p.status === 'violated').map((p) => p.name).sort();

describe('partial-order reduction on random threaded programs', () => {
  it('finds exactly the violations of full exploration', () => {
    let reducedSomewhere = 0;
    fc.assert(
      fc.property(programArb, (program) => {
        const model = modelOf(program);
        const options = { continueAfterViolation: true, exhaustive: true };
        const full = checkSync(model, options);
        const reduced = checkSync(model, { ...options, partialOrder: true });
        expect(full.status).not.toBe('error');
        expect(reduced.status).not.toBe('error');
        expect(reduced.partialOrder?.unsound).toBeUndefined();
        expect(violated(reduced)).toEqual(violated(full));
        expect(reduced.stats.distinctStates).toBeLessThanOrEqual(full.stats.distinctStates);
        if (reduced.stats.distinctStates < full.stats.distinctStates) reducedSomewhere += 1;
      }),
      { seed: 12, numRuns: 400 },
    );
    // the reduction is not idle on these programs
    expect(reducedSomewhere).toBeGreaterThan(20);
  });
});
