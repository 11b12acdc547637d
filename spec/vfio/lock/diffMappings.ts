/**
 * What userspace observes of the lock-level VFIO models (`vfio-lock-pre/old/new/post`), for `lifecheck diff
 * --observable-mapping` (docs/vfio-diff.md, lock-level section). The four versions' kernel paths have different
 * steps (PRE has no `group_rwsem`, P3 reorders GET_DEVICE_FD, …), so their labels cannot be matched one to one;
 * what is the same in every version is the system-call interface:
 *
 * - a thread's `syscall.call` step starts a system call (the call without the thread: `{op, fd}`);
 * - the `syscall.sysret` step that takes the thread back to user space (its pc becomes `syscall.call` again, or the
 *   thread ends) returns it, with the value the kernel function gave (`ret`, shown in traces); the task work run on
 *   the way (deferred releases) is inside the call;
 * - an oops (a kernel assertion, `assertThat`) ends the call in that assertion; a WARN (`warnThat`), which the kernel
 *   survives, is seen only in the kernel log, so the call goes on and returns as usual;
 * - every other step — lock acquisitions, the kernel function's atomic sections, the delayed_fput kworker — is
 *   internal: stuttering at this level.
 *
 * `exit` is a call that never returns.
 */
import type { Json, JsonRecord, Label } from '../../../checker/engine/index.js';
import { DONE, type ThreadsState } from '../../../checker/engine/index.js';
import type { ObservableMapping } from '../../../checker/diff/index.js';
import { ERRNO } from './kernel.js';
import type { LockCall } from './program.js';

const CALL_PC = 'syscall.call';
const ERRNO_NAMES = new Map<number, string>(Object.entries(ERRNO).map(([name, value]) => [value, name]));

function threadOf(label: Label): number | undefined {
  const p = label.params as { thread?: unknown } | null;
  return p !== null && typeof p === 'object' && typeof p.thread === 'number' ? p.thread : undefined;
}

/** The call a user writes for `call` (fds are the model's fd slots). */
export function formatLockCall(call: LockCall): string {
  switch (call.op) {
    case 'openContainer':
      return 'open("/dev/vfio/vfio")';
    case 'openGroup':
      return 'open("/dev/vfio/0")';
    case 'unsetContainer':
      return 'ioctl(group, UNSET_CONTAINER)';
    case 'getDeviceFd':
      return 'ioctl(group, GET_DEVICE_FD)';
    case 'exit':
      return 'exit()';
    case 'setContainer':
      return `ioctl(group, SET_CONTAINER, [fd ${call.fd}])`;
    case 'setIommu':
      return `ioctl(fd ${call.fd}, SET_IOMMU)`;
    case 'close':
      return `close(fd ${call.fd})`;
  }
}

/** The observable level of the lock-level VFIO models (see the module comment). */
export const lockObservable: ObservableMapping = {
  summary: 'system calls as userspace sees them: a thread enters a call, and returns from it with a value or dies in an oops; lock steps, kernel sections and deferred releases are internal',
  thread: threadOf,
  classify: (label: Label, _before: unknown, after: unknown, _constants: JsonRecord) => {
    if (label.action === CALL_PC) return 'call';
    if (label.action !== 'syscall.sysret') return 'internal';
    const thread = threadOf(label);
    const pc = thread === undefined ? undefined : (after as ThreadsState<unknown, unknown>).threads[thread]?.pc;
    return pc === CALL_PC || pc === DONE ? 'return' : 'internal';
  },
  call: (label: Label): Json => (label.params as { arg: Json }).arg,
  formatCall: (call: Json) => formatLockCall(call as LockCall),
  formatResult: (result: Json) => (typeof result === "number" && result < 0 ? `-${ERRNO_NAMES.get(result) ?? String(-result)}` : result === null ? "nothing" : JSON.stringify(result)),
};
