/**
 * Thread symmetry (`defineThreads`' `interchangeable`, `api/threadSymmetry.ts`): what a renaming does to a threaded
 * state (per-thread records change places, lock holders and `t.threadId` values are renamed, plain ints are not),
 * that it is a group action, that bad declarations are refused, and the differential on the counters: the same
 * violated properties with and without symmetry, on fewer states.
 */
import { describe, expect, it } from 'vitest';
import { checkSync, compileModel, defineModel, defineThreads, eventually, SpecError, t, type CheckResult, type ThreadsState } from '../../../checker/engine/index.js';
import { renameThreadIds } from '../../../checker/engine/api/threadSymmetry.js';
import { lockedCounter, racyCounter } from '../../../spec/examples/threadCounter.js';

function violatedOf(r: CheckResult): string[] {
  return r.properties.filter((p) => p.status === 'violated').map((p) => p.name).sort();
}

describe('renameThreadIds', () => {
  const schema = t.record({
    owner: t.nullable(t.threadId(-1, 2)),
    count: t.int(0, 2),
    queue: t.list(t.record({ ctx: t.threadId(-1, 2), obj: t.int(0, 2) }), 3),
  });
  it('renames t.threadId values (in nullables, lists and records), keeps -1, null and plain ints', () => {
    const value = { owner: 0, count: 1, queue: [{ ctx: 1, obj: 1 }, { ctx: -1, obj: 0 }] };
    expect(renameThreadIds(schema, value, [1, 0, 2])).toEqual({ owner: 1, count: 1, queue: [{ ctx: 0, obj: 1 }, { ctx: -1, obj: 0 }] });
    expect(renameThreadIds(schema, { ...value, owner: null }, [1, 0, 2])).toEqual({ owner: null, count: 1, queue: [{ ctx: 0, obj: 1 }, { ctx: -1, obj: 0 }] });
    expect(value.queue[0]!.ctx).toBe(1); // not modified
  });
  it('t.threadId encodes as t.int (the same bounds)', () => {
    expect(t.threadId(-1, 3)).toEqual({ kind: 'int', min: -1, max: 3, threadId: true });
  });
});

type Shared = { owner: number | null };
type Local = { n: number };
const program = (interchangeable: readonly (readonly number[])[], start: (thread: number) => string = () => 'main') =>
  defineThreads<Shared, Local, { threads: number }>({
    name: 'Owner',
    threads: (c) => c.threads,
    shared: { schema: (c) => t.record({ owner: t.nullable(t.threadId(0, c.threads - 1)) }), init: () => ({ owner: null }) },
    locals: { schema: () => t.record({ n: t.int(0, 1) }), init: () => ({ n: 0 }) },
    locks: () => ['m'],
    interchangeable: () => interchangeable,
    procedures: {
      main: {
        take: { acquire: () => ({ lock: 'm' }), run: (k) => { k.shared.owner = k.thread; k.local.n = 1; } },
        give: { run: (k) => { k.release('m'); k.shared.owner = null; k.done(); } },
      },
      other: { only: { run: (k) => k.done() } },
    },
    start: (_, thread) => start(thread),
  });

describe('the symmetry of a threaded program', () => {
  const p = program([[0, 1, 2]]);
  const c = { threads: 3 };
  const s0 = [...p.spec.init(c)][0]!;
  const take = (s: ThreadsState<Shared, Local>, thread: number) => p.spec.actions['main.take']!.next(s, { thread } as never, c) as ThreadsState<Shared, Local>;

  it('moves per-thread records, renames the lock holder and the t.threadId in shared state', () => {
    const s = take(s0, 0);
    const renamed = p.symmetry!.permute(s, [[2, 0, 1]], c);
    expect(renamed.threads[2]!.pc).toBe('main.give');
    expect(renamed.threads[0]!.pc).toBe('main.take');
    expect(renamed.locks[0]!.writer).toBe(2);
    expect(renamed.shared.owner).toBe(2);
    expect(renamed).toEqual(take(s0, 2));
  });

  it('is a group action: the identity gives an equal state, a renaming and its inverse give the state back', () => {
    const s = take(s0, 1);
    expect(p.symmetry!.permute(s, [[0, 1, 2]], c)).toEqual(s);
    const there = p.symmetry!.permute(s, [[1, 2, 0]], c);
    expect(p.symmetry!.permute(there, [[2, 0, 1]], c)).toEqual(s);
  });

  it('refuses classes of threads that start in different procedures, overlap or are out of range', () => {
    const model = (prog: ReturnType<typeof program>) => defineModel({ name: 'Owner', spec: prog.spec, constants: { default: { threads: 2 } }, properties: {}, symmetry: prog.symmetry! });
    expect(() => compileModel(model(program([[0, 1]], (th) => (th === 0 ? 'main' : 'other'))))).toThrow(SpecError);
    expect(() => compileModel(model(program([[0, 1]], (th) => (th === 0 ? 'main' : 'other'))))).toThrow(/start in different procedures/);
    expect(() => compileModel(model(program([[0, 1], [1]])))).toThrow(/in two interchangeable classes/);
    expect(() => compileModel(model(program([[0, 5]])))).toThrow(/not one of threads 0\.\.1/);
  });
});

describe('the counters with and without thread symmetry', () => {
  for (const model of [racyCounter, lockedCounter]) {
    for (const constantSet of ['default', 'loop']) {
      it(`${model.name} at ${constantSet}: the same violated properties, fewer states`, () => {
        const properties = ['noLostUpdate', 'noSelfDeadlock', 'noWaitCycle', 'deadlock'];
        const options = { constantSet, properties, continueAfterViolation: true, exhaustive: true, paranoid: true } as const;
        const full = checkSync(model, { ...options });
        const reduced = checkSync(model, { ...options, symmetry: true });
        expect(full.symmetry).toBeUndefined(); // opt-in
        expect(reduced.status).not.toBe('error');
        expect(violatedOf(reduced)).toEqual(violatedOf(full));
        expect(reduced.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
        expect(reduced.stats.distinctStates * 2).toBeGreaterThanOrEqual(full.stats.distinctStates);
      });
    }
  }

  it('racy at default: the lost update found with symmetry is a concrete 4-step trace', () => {
    const r = checkSync(racyCounter, { properties: ['noLostUpdate'], symmetry: true });
    const p = r.properties.find((x) => x.name === 'noLostUpdate')!;
    expect(p.status).toBe('violated');
    expect(p.counterexample!.steps.length).toBe(5); // the initial state and read, read, write, write
  });

  it('noThreadStuck (recoverability) is checked on the orbits: the verdicts of the unreduced check', () => {
    for (const model of [racyCounter, lockedCounter]) {
      const full = checkSync(model, { symmetry: false, continueAfterViolation: true });
      const reduced = checkSync(model, { symmetry: true, continueAfterViolation: true, paranoid: true });
      expect(reduced.error).toBeUndefined();
      expect(reduced.properties.find((p) => p.name === 'noThreadStuck')?.status).toBe('holds');
      expect(violatedOf(reduced)).toEqual(violatedOf(full));
    }
  });

  it('a lock never given back: noThreadStuck is violated with and without symmetry, at the same trace length', () => {
    const leaky = defineThreads<Shared, Local, { threads: number }>({
      name: 'LeakyLock',
      threads: (c) => c.threads,
      shared: { schema: (c) => t.record({ owner: t.nullable(t.threadId(0, c.threads - 1)) }), init: () => ({ owner: null }) },
      locals: { schema: () => t.record({ n: t.int(0, 1) }), init: () => ({ n: 0 }) },
      locks: () => ['m'],
      interchangeable: () => [[0, 1]],
      procedures: { main: { take: { acquire: () => ({ lock: 'm' }), run: (k) => { k.shared.owner = k.thread; k.done(); } } } },
      start: () => 'main',
    });
    const model = defineModel({
      name: 'LeakyLock',
      spec: leaky.spec,
      constants: { default: { threads: 2 } },
      properties: { noThreadStuck: leaky.properties.noThreadStuck },
      symmetry: leaky.symmetry!,
      deadlock: false,
    });
    const full = checkSync(model, { symmetry: false });
    const reduced = checkSync(model, { symmetry: true, paranoid: true });
    const stuck = (r: CheckResult) => r.properties.find((p) => p.name === 'noThreadStuck')!;
    expect(stuck(full).status).toBe('violated');
    expect(stuck(reduced).status).toBe('violated');
    expect(reduced.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
    expect(stuck(reduced).counterexample!.steps.length).toBe(stuck(full).counterexample!.steps.length);
  });

  it('temporal properties are still refused with symmetry (fairness names concrete actions)', () => {
    const model = defineModel({ ...racyCounter, name: 'RacyEventually', properties: { done: eventually<ThreadsState<{ x: number }, unknown>, { threads: number; increments: number }>((s) => s.threads.every((th) => th.pc === 'Done')) }, symmetry: { ...racyCounter.symmetry!, optIn: false } });
    expect(() => checkSync(model, { symmetry: true })).toThrow(/declares a symmetry and temporal properties \(done\)/);
  });
});
