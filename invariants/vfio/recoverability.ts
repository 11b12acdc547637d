/**
 * Recoverability of the VFIO models (`AG EF P`, issue 11): from every reachable state, userspace can still bring
 * the system to a state where P holds. TLC and SPIN cannot state these directly; lifecheck checks them on the
 * recorded state graph by backward reachability (`alwaysReachable`). A violation is the shortest path to a state
 * from which no P-state can be reached, whatever userspace does next (every syscall, `exit` included).
 *
 * The targets that name a syscall ("opening the group succeeds", "SET_CONTAINER succeeds") are decided by running
 * that syscall on the state with the model's own kernel functions ({@link runSyscall}), so they say what userspace
 * would observe, not what a field happens to hold.
 */
import { alwaysReachable, AssertionFailure, jsonEquals, type RecoverabilityProperty } from '../../checker/engine/index.js';
import type { KernelResult, KernelVersion } from '../../spec/vfio/kernel.js';
import type { Syscall } from '../../spec/vfio/syscalls.js';
import { runSyscall } from '../../spec/vfio/spec.js';
import { initialState, type VfioConstants, type VfioState } from '../../spec/vfio/state.js';

type Recoverability = RecoverabilityProperty<VfioState, VfioConstants>;

/**
 * Whether `call` returns `ok` (0, or any fd for `ok = 'fd'`) on `s` without reaching a kernel assertion: a WARN on
 * the way is not a clean success (the target must be a state userspace can use without tripping the kernel).
 */
function succeeds(version: KernelVersion, c: VfioConstants, s: VfioState, call: Syscall, ok: 'zero' | 'fd'): boolean {
  let result: KernelResult;
  try {
    result = runSyscall(version, c, s, call).result;
  } catch (error) {
    if (error instanceof AssertionFailure) return false;
    throw error;
  }
  return ok === 'zero' ? result === 0 : typeof result === 'number' && result >= 0;
}

/** The fd numbers of the fd-table entries of `kind` (for a group, of group `obj`). */
function fdsOf(s: VfioState, c: VfioConstants, kind: 'group' | 'container', obj?: number): number[] {
  const out: number[] = [];
  s.fds.forEach((e, i) => {
    if (e !== null && e.kind === kind && (obj === undefined || e.obj === obj)) out.push(c.firstFd + i);
  });
  return out;
}

/** R1: every group can be opened: for each group g, `open("/dev/vfio/g")` would return an fd in some reachable state. */
export function groupCanBeOpenedAgain(version: KernelVersion): Recoverability {
  return alwaysReachable(
    (s, c) => {
      for (let group = 0; group < c.groups; group += 1) {
        if (!succeeds(version, c, s, { action: 'openGroup', params: { group } }, 'fd')) return false;
      }
      return true;
    },
    {
      summary: 'AG EF (open of every group file succeeds): no state leaves a group that can never be opened again',
      rationale:
        'The group file is single-open (OLD: group->opened, NEW/POST: group->opened_file), so a group whose open ' +
        'marker is never cleared is lost to userspace until reboot. The target is checked at a state where every ' +
        "group's open would succeed from that same state (one open at a time, on the model's kernel functions), without a kernel WARN on the way.",
      reference: 'semantics §2.1, §2.2',
    },
  );
}

/** R2: every container object can be freed. */
export const containersCanBeFreed: Recoverability = alwaysReachable((s) => s.containers.every((k) => k === null), {
  summary: 'AG EF (no container object exists): every container can always be freed',
  rationale:
    'A container is freed when its kref drops to 0: its file is released and every group detached. A state from ' +
    'which that is unreachable leaks the container (and the IOMMU domain behind it).',
  reference: 'semantics §2.3, §2.7',
});

/** The initial state of constants `c`, built once per constants object (the target of R3 is tested on every state). */
const initialStates = new WeakMap<VfioConstants, VfioState>();
function initialOf(c: VfioConstants): VfioState {
  let s = initialStates.get(c);
  if (s === undefined) {
    s = initialState(c);
    initialStates.set(c, s);
  }
  return s;
}

/** R3: the system can return to its initial state (quiescence) from anywhere. */
export const quiescenceReachable: Recoverability = alwaysReachable((s, c) => jsonEquals(s, initialOf(c)), {
  summary: 'AG EF (state == initial state): the system can always return to quiescence',
  rationale:
    'Once userspace and KVM let go of everything, every object must be back to its initial state. The invariant ' +
    "'quiescence' says that idle states are initial; this says an idle, initial state stays reachable.",
  reference: 'semantics §4.5',
});

/**
 * R4: `VFIO_GROUP_SET_CONTAINER` can always succeed again, for every group: some reachable state holds, for each
 * group g, an fd of g and a container fd on which SET_CONTAINER would return 0.
 */
export function setContainerCanSucceedAgain(version: KernelVersion): Recoverability {
  return alwaysReachable(
    (s, c) => {
      const containerFds = fdsOf(s, c, 'container');
      for (let group = 0; group < c.groups; group += 1) {
        const ok = fdsOf(s, c, 'group', group).some((fd) =>
          containerFds.some((containerFd) => succeeds(version, c, s, { action: 'groupSetContainer', params: { fd, containerFd } }, 'zero')),
        );
        if (!ok) return false;
      }
      return true;
    },
    {
      summary: 'AG EF (SET_CONTAINER of every group succeeds): attaching a group to a container always stays possible',
      rationale:
        'SET_CONTAINER refuses a group that is already attached (-EINVAL) or whose container_users is not 0 (POST ' +
        'warns). A state from which no SET_CONTAINER of a group can ever succeed again makes the group unusable ' +
        "for DMA. The target: every group has an open fd and a container fd on which SET_CONTAINER would return 0.",
      reference: 'semantics §2.6',
    },
  );
}
