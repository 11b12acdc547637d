/**
 * The symmetry audit (`core/symmetryAudit.ts`): a declared symmetry that is not one is an error (LC210) with the trace
 * to the state where it shows, not a silently wrong count. Cases: a thread number kept in shared state as a plain
 * `t.int` (not renamed), threads declared interchangeable that take locks in opposite orders (ABBA), and a model whose
 * renaming is right (no error, the same verdicts as without symmetry); a recoverability target that names one thread
 * (not symmetric, so AG EF P on the orbits would not be AG EF P) is caught like an invariant's verdict.
 */
import { describe, expect, it } from 'vitest';
import { alwaysReachable, checkSync, defineModel, defineThreads, t, type CheckResult } from '../../../checker/engine/index.js';

function violatedOf(r: CheckResult): string[] {
  return r.properties.filter((p) => p.status === 'violated').map((p) => p.name).sort();
}

/** Two threads take mutex m and record themselves as its owner in shared state, declared with `id` as schema. */
function ownerModel(declaredAsThreadId: boolean) {
  const program = defineThreads<{ owner: number }, Record<string, never>, Record<string, never>>({
    name: declaredAsThreadId ? 'OwnerThreadId' : 'OwnerPlainInt',
    threads: () => 2,
    shared: { schema: () => t.record({ owner: declaredAsThreadId ? t.threadId(-1, 1) : t.int(-1, 1) }), init: () => ({ owner: -1 }) },
    locals: { schema: () => t.record({}), init: () => ({}) },
    locks: () => ['m'],
    interchangeable: () => [[0, 1]],
    procedures: {
      main: {
        take: { acquire: () => ({ lock: 'm' }), run: (k) => { k.shared.owner = k.thread; } },
        // only the recorded owner may give m back: with the owner not renamed, a renamed state behaves differently
        give: { await: (v) => v.shared.owner === v.thread, run: (k) => { k.shared.owner = -1; k.release('m'); k.done(); } },
      },
    },
    start: () => 'main',
  });
  return defineModel({
    name: program.spec.name,
    spec: program.spec,
    constants: { default: {} },
    properties: { noSelfDeadlock: program.properties.noSelfDeadlock },
    symmetry: program.symmetry!,
  });
}

/** Thread 0 locks A then B; thread 1 B then A (`inverted`) or A then B; both declared interchangeable. */
function twoLockModel(inverted: boolean) {
  const order = (thread: number): readonly [string, string] => (inverted && thread === 1 ? ['B', 'A'] : ['A', 'B']);
  const program = defineThreads<Record<string, never>, Record<string, never>, Record<string, never>>({
    name: inverted ? 'AbbaDeclaredSymmetric' : 'OrderedSymmetric',
    threads: () => 2,
    shared: { schema: () => t.record({}), init: () => ({}) },
    locals: { schema: () => t.record({}), init: () => ({}) },
    locks: () => ['A', 'B'],
    lockdep: true,
    interchangeable: () => [[0, 1]],
    procedures: {
      worker: {
        first: { acquire: (v) => ({ lock: order(v.thread)[0] }) },
        second: { acquire: (v) => ({ lock: order(v.thread)[1] }) },
        unlock: { run: (k) => { k.release(order(k.thread)[1]); k.release(order(k.thread)[0]); k.done(); } },
      },
    },
    start: () => 'worker',
  });
  const { noSelfDeadlock, noWaitCycle, lockOrder } = program.properties;
  return defineModel({ name: program.spec.name, spec: program.spec, constants: { default: {} }, properties: { noSelfDeadlock, noWaitCycle, lockOrder }, symmetry: program.symmetry! });
}

describe('the symmetry audit', () => {
  it('a thread number kept as a plain t.int is caught (LC210), with a trace to the state', () => {
    const r = checkSync(ownerModel(false), { symmetry: true });
    expect(r.status).toBe('error');
    expect(r.error?.code).toBe('LC210');
    expect(r.error?.message).toMatch(/renaming threads 0,1 → \[1,0\] of this state (gives a successor|loses a successor)/);
    expect(r.error?.message).toContain('t.threadId');
    expect(r.error?.trace?.steps.length).toBe(1); // already at the initial state: the successors by take differ
  });

  it('the same model with t.threadId passes, with the verdicts and fewer states than without symmetry', () => {
    const model = ownerModel(true);
    const full = checkSync(model, { symmetry: false, continueAfterViolation: true, paranoid: true });
    const reduced = checkSync(model, { symmetry: true, continueAfterViolation: true, paranoid: true });
    expect(reduced.status).toBe(full.status);
    expect(violatedOf(reduced)).toEqual(violatedOf(full));
    expect(reduced.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
  });

  it('ABBA threads declared interchangeable are caught: they do not run the same program', () => {
    const r = checkSync(twoLockModel(true), { symmetry: true, continueAfterViolation: true });
    expect(r.error?.code).toBe('LC210');
  });

  it('ordered locks declared interchangeable pass, with the same verdicts as without symmetry', () => {
    const model = twoLockModel(false);
    const full = checkSync(model, { symmetry: false, continueAfterViolation: true, paranoid: true });
    const reduced = checkSync(model, { symmetry: true, continueAfterViolation: true, paranoid: true });
    expect(reduced.error).toBeUndefined();
    expect(violatedOf(reduced)).toEqual(violatedOf(full));
    expect(reduced.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
  });

  it('a recoverability target that names one thread is caught (LC210): AG EF P on orbits needs a symmetric P', () => {
    const model = ownerModel(true);
    const asymmetric = defineModel({
      ...model,
      name: 'OwnerThread0Done',
      properties: { thread0CanFinish: alwaysReachable<{ threads: readonly { pc: string }[] }, Record<string, never>>((s) => s.threads[0]!.pc === 'Done') },
    });
    const r = checkSync(asymmetric, { symmetry: true, paranoid: true });
    expect(r.status).toBe('error');
    expect(r.error?.code).toBe('LC210');
    expect(r.error?.message).toMatch(/changes which invariants \(or recoverability targets\) hold/);
    // the symmetric form of the same wish (every thread can finish) passes, with the verdict of the unreduced check
    const symmetric = defineModel({
      ...model,
      name: 'OwnerAllDone',
      properties: { allCanFinish: alwaysReachable<{ threads: readonly { pc: string }[] }, Record<string, never>>((s) => s.threads.every((th) => th.pc === 'Done')) },
    });
    const full = checkSync(symmetric, { symmetry: false, paranoid: true });
    const reduced = checkSync(symmetric, { symmetry: true, paranoid: true });
    expect(reduced.error).toBeUndefined();
    expect(reduced.status).toBe(full.status);
  });
});
