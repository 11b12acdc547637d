/**
 * Thread symmetry on the lock-level VFIO models (`--symmetry`): the two user threads run the same program on one fd
 * table, so renaming them is a symmetry. Differential: at `small` (and with the kworker) every version gives the same
 * set of violated properties with and without symmetry, on fewer states; the symmetry audit catches a renaming that
 * forgets the thread named in a queued release (`deferred[].ctx`); and a counterexample found with symmetry is a
 * concrete trace that `lifecheck replay` accepts.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../../checker/cli/program.js';
import { memoryIo } from '../../../../checker/cli/io.js';
import { checkSync, type AnyModel, type CheckOptions, type CheckResult, type JsonRecord, type Symmetry } from '../../../../checker/engine/index.js';
import { vfioLockNew, vfioLockOld, vfioLockPost, vfioLockPre } from '../../../../spec/vfio/lock/models.js';
import type { LockState } from '../../../../spec/vfio/lock/program.js';

const MODELS = { pre: vfioLockPre, old: vfioLockOld, new: vfioLockNew, post: vfioLockPost } as const;

/** Every property symmetry combines with — safety, and recoverability (noThreadStuck) — and deadlock. */
function symmetricProperties(model: AnyModel): string[] {
  return [...Object.entries(model.properties).filter(([, p]) => ['invariant', 'action', 'assertion', 'alwaysReachable'].includes(p.kind)).map(([n]) => n), 'deadlock'];
}

function violatedOf(r: CheckResult): string[] {
  return r.properties.filter((p) => p.status === 'violated').map((p) => p.name).sort();
}

function both(model: AnyModel, options: CheckOptions): { full: CheckResult; reduced: CheckResult } {
  const base: CheckOptions = { ...options, properties: symmetricProperties(model), continueAfterViolation: true, exhaustive: true };
  const full = checkSync(model, { ...base, symmetry: false });
  const reduced = checkSync(model, { ...base, symmetry: true });
  return { full, reduced };
}

describe('thread symmetry on the lock-level models', () => {
  it('is opt-in: without --symmetry the default check (noThreadStuck included) runs unreduced', () => {
    const r = checkSync(vfioLockOld, { constantSet: 'tiny' });
    expect(r.symmetry).toBeUndefined();
    expect(r.stats.distinctStates).toBe(8);
  });

  for (const [version, model] of Object.entries(MODELS)) {
    it(`${version} at small: the same violated properties with and without symmetry, on fewer states`, () => {
      const { full, reduced } = both(model as AnyModel, { constantSet: 'small' });
      expect(full.status).not.toBe('error');
      expect(reduced.status).not.toBe('error');
      expect(reduced.symmetry?.renamings).toBe(2);
      expect(violatedOf(reduced)).toEqual(violatedOf(full));
      expect(reduced.properties.find((p) => p.name === 'noThreadStuck')?.status).toBe(full.properties.find((p) => p.name === 'noThreadStuck')?.status);
      expect(reduced.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
      // at least every orbit of the full state space has one representative, and no orbit has more than 2 members
      expect(reduced.stats.distinctStates * 2).toBeGreaterThanOrEqual(full.stats.distinctStates);
      for (const p of reduced.properties) if (p.status === 'violated' && p.name !== 'deadlock') expect(p.counterexample).toBeDefined();
      console.log(`${version} small: ${full.stats.distinctStates}/${full.stats.statesGenerated} -> ${reduced.stats.distinctStates}/${reduced.stats.statesGenerated}; violated ${violatedOf(full).join(',')}`);
    }, 600_000);
  }

  it('tiny (one thread) has no class of two threads: nothing to rename, the same count', () => {
    const { full, reduced } = both(vfioLockNew as AnyModel, { constantSet: 'tiny' });
    expect(reduced.stats.distinctStates).toBe(full.stats.distinctStates);
    expect(violatedOf(reduced)).toEqual(violatedOf(full));
  });

  it('with the kworker (a third thread, not interchangeable): the same violated properties', () => {
    const { full, reduced } = both(vfioLockPost as AnyModel, { constantSet: 'small', constantOverrides: { fput: 'kworker', calls: 2 } });
    expect(reduced.symmetry?.sets.map((s) => s.size)).toEqual([2]);
    expect(violatedOf(reduced)).toEqual(violatedOf(full));
    expect(reduced.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
  }, 600_000);

  it('the symmetry audit catches a renaming that forgets the thread a queued release runs in (LC210)', () => {
    const sound = vfioLockPre.symmetry as Symmetry<LockState, JsonRecord>;
    const forgetful: Symmetry<LockState, JsonRecord> = {
      ...sound,
      permute: (s, perms, c) => {
        const renamed = sound.permute(s, perms, c);
        return { ...renamed, shared: { ...renamed.shared, deferred: s.shared.deferred } };
      },
    };
    const broken = { ...vfioLockPre, symmetry: forgetful } as unknown as AnyModel;
    const r = checkSync(broken, { constantSet: 'small', properties: symmetricProperties(broken), continueAfterViolation: true, symmetry: true });
    expect(r.status).toBe('error');
    expect(r.error?.code).toBe('LC210');
    expect(r.error?.message).toMatch(/symmetry is not a symmetry of the spec: renaming threads 0,1 → \[1,0\]/);
    expect(r.error?.trace).toBeDefined();
  }, 600_000);

  it('a counterexample found with symmetry is concrete: lifecheck replay accepts its trace file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifecheck-threadsym-'));
    try {
      const io = memoryIo();
      const code = await createProgram(io).run(['check', 'vfio-lock-pre', '--constants', 'small', '--symmetry', '--property', 'nullContainerInIommuNotifier', '--no-progress', '--out', dir]);
      const out = io.stdout.join('');
      expect(code).toBe(1);
      expect(out).toContain('Symmetry reduction: one state stored per orbit under renamings of threads 0,1 (2)');
      expect(out).toContain('Reproduce: lifecheck check vfio-lock-pre --constants small --symmetry');
      const trace = readdirSync(dir).find((f) => f === 'vfio-lock-pre.nullContainerInIommuNotifier.json');
      expect(trace).toBeDefined();
      const replayIo = memoryIo();
      const replayed = await createProgram(replayIo).run(['replay', join(dir, trace!), '--model', 'vfio-lock-pre']);
      expect(replayed).toBe(0);
      expect(replayIo.stdout.join('')).toMatch(/Conforms to vfio-lock-pre: \d+ call\(s\) replayed, every result as the model predicts\./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
