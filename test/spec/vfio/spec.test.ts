/**
 * `groupReleasesOfStep`: for every step of every reachable state (OLD at `small`, NEW at `faulty`, POST at `hotplug`), the group releases that the spec's own run of the step recorded are exactly those that a second run of
 * the syscall with a probe reports, and steps without a release record nothing. I-5 relies on this to skip the
 * second run.
 */
import { describe, expect, it } from 'vitest';
import { AssertionFailure, canonicalJson, StepWithResult, type Json } from '../../../checker/engine/index.js';
import type { GroupReleaseEvent, KernelVersion } from '../../../spec/vfio/kernel.js';
import { vfioConstantSets } from '../../../spec/vfio/models.js';
import { groupReleasesOfStep, runSyscall, syscallParams, vfioSpec } from '../../../spec/vfio/spec.js';
import { initialState, type VfioConstants, type VfioState } from '../../../spec/vfio/state.js';
import type { Syscall, SyscallName } from '../../../spec/vfio/syscalls.js';

/** The group releases a probed run of `call` on `s` reports (those before an assertion, if one is reached). */
function probed(version: KernelVersion, c: VfioConstants, s: VfioState, call: Syscall): GroupReleaseEvent[] {
  const events: GroupReleaseEvent[] = [];
  try {
    runSyscall(version, c, s, call, { groupRelease: (e) => events.push(e) });
  } catch (error) {
    if (!(error instanceof AssertionFailure)) throw error;
  }
  return events;
}

describe('groupReleasesOfStep', () => {
  const cases = [
    ['old', 'small'],
    ['new', 'faulty'],
    ['post', 'hotplug'],
  ] as const;
  for (const [version, set] of cases) {
    it(`records the releases a probe sees, on every step of ${version} at ${set}`, () => {
      const spec = vfioSpec(version);
      let withRelease = 0;
      for (const c of [vfioConstantSets[set]] as VfioConstants[]) {
        const params = syscallParams(c);
        const seen = new Set<string>();
        const queue: VfioState[] = [initialState(c)];
        seen.add(canonicalJson(queue[0]));
        for (let q = 0; q < queue.length; q += 1) {
          const s = queue[q]!;
          for (const [name, def] of Object.entries(spec.actions)) {
            for (const p of params[name as SyscallName]) {
              if (def.enabled !== undefined && !def.enabled(s, p, c)) continue;
              let out: VfioState | StepWithResult<VfioState>;
              try {
                out = def.next(s, p, c);
              } catch (error) {
                if (error instanceof AssertionFailure) continue;
                throw error;
              }
              const next = out instanceof StepWithResult ? out.state : out;
              const expected = probed(version, c, s, { action: name, params: p as Json } as Syscall);
              const recorded = groupReleasesOfStep(next);
              if (next === s) {
                expect(expected).toEqual([]);
              } else {
                expect(recorded ?? [], `${name} ${canonicalJson(p)} on ${canonicalJson(s)}`).toEqual(expected);
              }
              if (expected.length > 0) withRelease += 1;
              const key = canonicalJson(next);
              if (!seen.has(key)) {
                seen.add(key);
                queue.push(next);
              }
            }
          }
        }
      }
      // the comparison covers steps with releases, not only steps without
      expect(withRelease).toBeGreaterThan(10);
    });
  }
});
