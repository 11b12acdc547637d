/**
 * Action properties of the VFIO models: properties of a step rather than of a state. I-5 looks inside the step: what
 * each group release saw when it started, as the model's run of the step recorded it (or, for a successor the
 * model did not build, a second run of the syscall with a probe).
 */
import type { ActionProperty, Json, Label } from '../../checker/engine/index.js';
import type { GroupReleaseEvent, KernelVersion } from '../../spec/vfio/kernel.js';
import { groupReleasesOfStep, runSyscall } from '../../spec/vfio/spec.js';
import type { VfioConstants, VfioState } from '../../spec/vfio/state.js';
import type { Syscall } from '../../spec/vfio/syscalls.js';

type Step = ActionProperty<VfioState, VfioConstants>;

/** I-5: when a group release runs, no device file of the group is open, container_users ≤ 1, no notifier. */
export function groupReleaseClean(version: KernelVersion): Step {
  return {
    kind: 'action',
    summary: 'at vfio_group_fops_release: DF(G) == 0 ∧ container_users ∈ {0, 1} ∧ notifier empty',
    rationale:
      'NEW/POST: device files pin the group file, so the release runs after them (the WARNs in the release ' +
      'encode this); OLD has no pin.',
    reference: 'semantics §4.1 I-5, §2.2',
    holds: (state: VfioState, label: Label, next: VfioState, c: VfioConstants) => {
      // a group release clears `opened`, and no syscall reopens a group after releasing it: no such change, no release
      if (next === state) return true;
      if (!state.groups.some((grp, g) => grp.opened && !next.groups[g]!.opened)) return true;
      // the releases the model's own run of this step recorded, else those of a second run with a probe
      let seen = groupReleasesOfStep(next);
      if (seen === undefined) {
        const events: GroupReleaseEvent[] = [];
        try {
          runSyscall(version, c, state, label as Syscall, { groupRelease: (e) => events.push(e) });
        } catch {
          // the step aborts on a kernel assertion: reported by that assertion; check the releases seen before it
        }
        seen = events;
      }
      return seen.every((e) => e.deviceFiles === 0 && e.containerUsers <= 1 && e.notifierEmpty);
    },
  };
}

/** I-7: an open of a group node succeeds only when the group has no live group file. */
export const singleGroupFile: Step = {
  kind: 'action',
  summary: 'open("/dev/vfio/N") returns an fd only if group N has no live struct file',
  rationale: 'The single-open rule: OLD refuses while opened (or a container is attached), NEW/POST while opened_file is set.',
  reference: 'semantics §4.1 I-7, §2.1',
  holds: (state: VfioState, label: Label, _next: VfioState, _c: VfioConstants, result: Json | undefined) => {
    if (label.action !== 'openGroup' || typeof result !== 'number') return true;
    const g = (label.params as { group: number }).group;
    return state.groups[g]!.fileRefs === 0;
  },
};
