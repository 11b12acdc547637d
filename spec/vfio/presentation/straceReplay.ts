/**
 * Replaying a strace log of a VFIO program on a VFIO model. Each call on a VFIO fd (one returned by an open of
 * `/dev/vfio/…`, by GET_DEVICE_FD or by dup of such an fd) or on a VFIO path becomes a model label; calls on other
 * fds and paths are skipped and counted. Real values are mapped to model values as the replay goes: real fds to the
 * model's fd numbers, mmap addresses to mapping handles, IOMMU group numbers and device names to the model's groups
 * and devices (each real name bound to one model name at its first use).
 *
 * What strace does not show is chosen, not guessed: strace prints the container fd of SET_CONTAINER and the device
 * name of GET_DEVICE_FD as pointers; such a call is replayed with every model value of the missing argument, in
 * label order (container fds first), and the first that returns the recorded result is taken. A call the model
 * allows with no such value is a divergence.
 *
 * Decoding abstractions (the models have one action per kind of call): every VFIO_DEVICE_* ioctl is the model's
 * device ioctl; every container ioctl passed to the IOMMU backend (GET_INFO, MAP_DMA, UNMAP_DMA, …) is its mapDma;
 * CHECK_EXTENSION is modelled for the type1 IOMMU types only (other types are skipped and counted as not modelled).
 */
import type { Json, Label, Presentation } from '../../../checker/engine/index.js';
import { canonicalJson } from '../../../checker/engine/index.js';
import { SYSCALLS, UNKNOWN_DEVICE } from '../syscalls.js';
import { StraceInputError, type StraceCall } from './straceParse.js';

/**
 * What the replay uses of the model: its labels, the initial state, and the generic replay's step (the `target` of
 * {@link Presentation.recordingReader}), so that the rules of a step are the generic replay's, not this file's.
 */
export type StraceReplayTarget = Parameters<NonNullable<Presentation['recordingReader']>['replay']>[1];

/** Why a strace replay stopped: the model has no such call, does not allow it, asserts, or returns another result. */
export type DivergenceKind = 'unknownCall' | 'notAllowed' | 'assertion' | 'result';

/** A strace call that the model accepted, with the label it became and the model's state after it. */
export interface StraceReplayStep {
  readonly call: StraceCall;
  readonly label: Label;
  /** The recorded result in model terms: the model's fd or handle on success, else the errno string. */
  readonly result: Json | undefined;
  readonly state: unknown;
}

/** The first strace call the model does not accept. */
export interface StraceDivergence {
  readonly call: StraceCall;
  /** The label tried (the first candidate when several were tried). */
  readonly label: Label;
  readonly kind: DivergenceKind;
  /** The recorded result, in model terms. */
  readonly recorded: Json | undefined;
  /** What the model returns for the label tried, when it allows it. */
  readonly expected?: Json;
  readonly message: string;
  /** The model's state in which the call was attempted. */
  readonly state: unknown;
}

/** The outcome of {@link replayStrace}. */
export interface StraceReplayReport {
  readonly steps: readonly StraceReplayStep[];
  readonly divergence?: StraceDivergence;
  /** Calls skipped because they were not on a VFIO fd or path. */
  readonly skippedNonVfio: number;
  /** Calls on VFIO fds that the models do not represent (CHECK_EXTENSION of a non-type1 IOMMU type). */
  readonly skippedNotModelled: number;
  readonly finalState: unknown;
}

type Kind = 'group' | 'container' | 'device';

/** VFIO ioctl names by number (`nr - VFIO_BASE`); numbers 12–17 depend on the fd: device or container. */
const VFIO_NAMES: { readonly [n: number]: string } = {
  0: 'VFIO_GET_API_VERSION',
  1: 'VFIO_CHECK_EXTENSION',
  2: 'VFIO_SET_IOMMU',
  3: 'VFIO_GROUP_GET_STATUS',
  4: 'VFIO_GROUP_SET_CONTAINER',
  5: 'VFIO_GROUP_UNSET_CONTAINER',
  6: 'VFIO_GROUP_GET_DEVICE_FD',
  7: 'VFIO_DEVICE_GET_INFO',
  8: 'VFIO_DEVICE_GET_REGION_INFO',
  9: 'VFIO_DEVICE_GET_IRQ_INFO',
  10: 'VFIO_DEVICE_SET_IRQS',
  11: 'VFIO_DEVICE_RESET',
};
const VFIO_DEVICE_HIGH = ['VFIO_DEVICE_GET_PCI_HOT_RESET_INFO', 'VFIO_DEVICE_PCI_HOT_RESET', 'VFIO_DEVICE_QUERY_GFX_PLANE', 'VFIO_DEVICE_GET_GFX_DMABUF', 'VFIO_DEVICE_IOEVENTFD', 'VFIO_DEVICE_FEATURE'];
const VFIO_IOMMU_HIGH = ['VFIO_IOMMU_GET_INFO', 'VFIO_IOMMU_MAP_DMA', 'VFIO_IOMMU_UNMAP_DMA', 'VFIO_IOMMU_ENABLE', 'VFIO_IOMMU_DISABLE', 'VFIO_IOMMU_DIRTY_PAGES', 'VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY', 'VFIO_IOMMU_SPAPR_TCE_CREATE', 'VFIO_IOMMU_SPAPR_TCE_REMOVE', 'VFIO_EEH_PE_OP'];
const VFIO_TYPE = 0x3b;
const VFIO_BASE = 100;

/**
 * The VFIO ioctl name of a strace request argument on an fd of `kind`: a name (`VFIO_GROUP_SET_CONTAINER`, or
 * strace's `A or B` for shared numbers), `_IOC(_IOC_NONE, 0x3b, 0x68, 0)`, a number `0x3b68`, or `0x3b68 /* NAME *\/`.
 * Returns undefined when the request is not a VFIO ioctl.
 */
export function vfioIoctlName(request: string, kind: Kind | undefined): string | undefined {
  const comment = /\/\*\s*([A-Z0-9_ ]+?)\s*\*\//.exec(request);
  const text = comment ? comment[1]! : request.trim();
  const names = text.split(/\s+or\s+/).map((s) => s.trim());
  if (names.some((n) => /^VFIO_[A-Z0-9_]+$/.test(n))) {
    const vfio = names.filter((n) => n.startsWith('VFIO_'));
    if (vfio.length === 1) return vfio[0];
    return vfio.find((n) => (kind === 'device' ? n.startsWith('VFIO_DEVICE_') : !n.startsWith('VFIO_DEVICE_'))) ?? vfio[0];
  }
  let type: number | undefined;
  let nr: number | undefined;
  const ioc = /^_IOC\([^,]+,\s*(0x[0-9a-fA-F]+|\d+),\s*(0x[0-9a-fA-F]+|\d+)/.exec(text);
  if (ioc) {
    type = Number(ioc[1]);
    nr = Number(ioc[2]);
  } else if (/^(0x[0-9a-fA-F]+|\d+)$/.test(text)) {
    const v = Number(text);
    type = (v >> 8) & 0xff;
    nr = v & 0xff;
    if (v >>> 16 !== 0) return undefined; // VFIO ioctls are _IO: no size, no direction bits
  }
  if (type !== VFIO_TYPE || nr === undefined || nr < VFIO_BASE) return undefined;
  const n = nr - VFIO_BASE;
  if (VFIO_NAMES[n] !== undefined) return VFIO_NAMES[n];
  if (n >= 12) return kind === 'device' ? (VFIO_DEVICE_HIGH[n - 12] ?? `VFIO_DEVICE_${n}`) : (VFIO_IOMMU_HIGH[n - 12] ?? `VFIO_IOMMU_${n}`);
  return undefined;
}

/** The model action of a VFIO ioctl name, or undefined for a name we do not know (an unknown ioctl). */
function actionOfIoctl(name: string): keyof typeof SYSCALLS | undefined {
  switch (name) {
    case 'VFIO_GET_API_VERSION':
      return 'getApiVersion';
    case 'VFIO_CHECK_EXTENSION':
      return 'checkExtension';
    case 'VFIO_SET_IOMMU':
      return 'setIommu';
    case 'VFIO_GROUP_GET_STATUS':
      return 'groupGetStatus';
    case 'VFIO_GROUP_SET_CONTAINER':
      return 'groupSetContainer';
    case 'VFIO_GROUP_UNSET_CONTAINER':
      return 'groupUnsetContainer';
    case 'VFIO_GROUP_GET_DEVICE_FD':
      return 'groupGetDeviceFd';
    default:
      if ([...Object.values(VFIO_NAMES), ...VFIO_DEVICE_HIGH].includes(name) && name.startsWith('VFIO_DEVICE_')) return 'deviceIoctl';
      if (VFIO_IOMMU_HIGH.includes(name) || name === 'VFIO_IOMMU_SPAPR_TCE_GET_INFO' || name === 'VFIO_IOMMU_SPAPR_REGISTER_MEMORY') return 'mapDma';
      return undefined;
  }
}

const VFIO_PATH = /^"\/dev\/vfio\/(?:noiommu-)?([0-9]+|vfio)"$/;

/** A candidate label for a call, and how its result is compared. */
interface Candidate {
  readonly label: Label;
  /** Bindings to record when this candidate is taken. */
  readonly bindGroup?: [string, number];
  readonly bindDevice?: [string, string];
}

/**
 * Replays strace `calls` on `target` (a VFIO model). Throws {@link StraceInputError} (with the line) for a call it
 * cannot decode: an unknown ioctl on a VFIO fd, a VFIO call with malformed arguments. Calls of every pid are replayed
 * on the one fd table of the model: `strace -f` pids are mostly threads, which share the fd table (a forked child
 * that uses the inherited VFIO fds is treated the same way, which the model cannot tell apart).
 */
export function replayStrace(target: StraceReplayTarget, calls: readonly StraceCall[], source = 'input'): StraceReplayReport {
  let state = target.initialState;
  const fds = new Map<bigint, { model: number; kind: Kind }>();
  const maps = new Map<bigint, number>();
  const groups = new Map<string, number>();
  const devices = new Map<string, string>();
  const steps: StraceReplayStep[] = [];
  let skippedNonVfio = 0;
  let skippedNotModelled = 0;
  const vfioPids = new Set<number>();

  /** The model's labels of `action` whose `fd` / `mapping` parameters are the given ones (when given). */
  const labelsOf = (action: string, fixed: { readonly fd?: number; readonly mapping?: number }): Label[] =>
    target.labels.filter((l) => {
      if (l.action !== action) return false;
      const p = (l.params ?? {}) as { readonly fd?: Json; readonly mapping?: Json };
      return (fixed.fd === undefined || p.fd === fixed.fd) && (fixed.mapping === undefined || p.mapping === fixed.mapping);
    });
  const fdArg = (call: StraceCall, index: number): bigint | undefined => {
    const text = call.args[index];
    if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
    return BigInt(text);
  };
  const bad = (call: StraceCall, reason: string): never => {
    throw new StraceInputError(call.line, reason, source);
  };

  for (const call of calls) {
    // 1. Decode the call into candidate labels, or skip it.
    let candidates: Candidate[] = [];
    let kindOfResult: Kind | undefined;
    const action = ((): keyof typeof SYSCALLS | 'skip' | 'notModelled' => {
      switch (call.name) {
        case 'open':
        case 'openat': {
          const pathArg = call.args[call.name === 'openat' ? 1 : 0] ?? '';
          const m = VFIO_PATH.exec(pathArg);
          if (!m) return 'skip';
          if (m[1] === 'vfio') {
            candidates = labelsOf('openContainer', {}).map((label) => ({ label }));
            kindOfResult = 'container';
            return 'openContainer';
          }
          const real = m[1]!;
          const bound = groups.get(real);
          const taken = new Set(groups.values());
          candidates = labelsOf('openGroup', {})
            .filter((l) => {
              const g = (l.params as { group: number }).group;
              return bound !== undefined ? g === bound : !taken.has(g);
            })
            .map((label) => ({ label, bindGroup: [real, (label.params as { group: number }).group] as [string, number] }));
          if (candidates.length === 0) bad(call, `group ${real} is one IOMMU group more than the model's constants have (${labelsOf('openGroup', {}).length}); replay with larger constants (--constants)`);
          kindOfResult = 'group';
          return 'openGroup';
        }
        case 'dup':
        case 'close': {
          const fd = fdArg(call, 0);
          if (fd === undefined) bad(call, `${call.name}: expected an fd argument`);
          const known = fds.get(fd!);
          if (!known) return 'skip';
          candidates = labelsOf(call.name, { fd: known.model }).map((label) => ({ label }));
          kindOfResult = known.kind;
          return call.name;
        }
        case 'mmap': {
          const fd = fdArg(call, 4);
          const known = fd === undefined ? undefined : fds.get(fd);
          if (!known) return 'skip';
          candidates = labelsOf('mmap', { fd: known.model }).map((label) => ({ label }));
          return 'mmap';
        }
        case 'munmap': {
          const addr = call.args[0];
          const handle = addr !== undefined && /^(0x[0-9a-fA-F]+|\d+)$/.test(addr) ? maps.get(BigInt(addr)) : undefined;
          if (handle === undefined) return 'skip';
          candidates = labelsOf('munmap', { mapping: handle }).map((label) => ({ label }));
          return 'munmap';
        }
        case 'exit_group':
          // a process that never made a VFIO call (a helper, a forked child) exits without touching the model
          if (steps.length === 0 || (call.pid !== undefined && !vfioPids.has(call.pid))) return 'skip';
          candidates = labelsOf('exit', {}).map((label) => ({ label }));
          return 'exit';
        case 'ioctl': {
          const fd = fdArg(call, 0);
          const request = call.args[1] ?? '';
          const known = fd === undefined ? undefined : fds.get(fd);
          if (/KVM_SET_DEVICE_ATTR/.test(request)) {
            const attr = /KVM_DEV_VFIO_(?:GROUP|FILE)_(ADD|DEL)/.exec(call.args[2] ?? '');
            const group = /\[(\d+)\]/.exec(call.args[2] ?? '');
            const groupFd = group ? fds.get(BigInt(group[1]!)) : undefined;
            if (!attr || !groupFd) return 'skip';
            const a = attr[1] === 'ADD' ? 'kvmGroupAdd' : 'kvmGroupDel';
            candidates = labelsOf(a, { fd: groupFd.model }).map((label) => ({ label }));
            return a;
          }
          if (!known) return 'skip';
          const name = vfioIoctlName(request, known.kind);
          const a = name === undefined ? undefined : actionOfIoctl(name);
          if (a === undefined) return bad(call, `unknown ioctl ${request} on VFIO fd ${String(fd)} (a ${known.kind} fd)`);
          const base = { fd: known.model };
          if (a === 'checkExtension') {
            const arg = (call.args[2] ?? '').trim();
            if (!/^(1|3|0x1|0x3|VFIO_TYPE1_IOMMU|VFIO_TYPE1v2_IOMMU)$/.test(arg)) return 'notModelled';
          }
          if (a === 'groupSetContainer') {
            const decoded = /^\[(\d+)\]$/.exec((call.args[2] ?? '').trim());
            const target = decoded ? fds.get(BigInt(decoded[1]!)) : undefined;
            const all = labelsOf(a, base);
            if (target) candidates = all.filter((l) => (l.params as { containerFd: number }).containerFd === target.model).map((label) => ({ label }));
            else {
              const containerFds = new Set([...fds.values()].filter((f) => f.kind === 'container').map((f) => f.model));
              const rank = (l: Label): number => (containerFds.has((l.params as { containerFd: number }).containerFd) ? 0 : 1);
              candidates = [...all].sort((x, y) => rank(x) - rank(y)).map((label) => ({ label }));
            }
            return a;
          }
          if (a === 'groupGetDeviceFd') {
            const decoded = /^"((?:[^"\\]|\\.)*)"(?:\.\.\.)?$/.exec((call.args[2] ?? '').trim());
            const all = labelsOf(a, base);
            kindOfResult = 'device';
            if (decoded) {
              const real = decoded[1]!;
              const bound = devices.get(real);
              const taken = new Set(devices.values());
              const name = (l: Label): string => (l.params as { device: string }).device;
              const pick = bound !== undefined ? all.filter((l) => name(l) === bound) : [
                ...all.filter((l) => name(l) === real),
                ...all.filter((l) => name(l) !== real && name(l) !== UNKNOWN_DEVICE && !taken.has(name(l))),
                ...all.filter((l) => name(l) === UNKNOWN_DEVICE && real !== UNKNOWN_DEVICE),
              ];
              candidates = pick.map((label) => ({ label, bindDevice: [real, name(label)] as [string, string] }));
            } else candidates = all.map((label) => ({ label }));
            return a;
          }
          candidates = labelsOf(a, base).map((label) => ({ label }));
          return a;
        }
        default:
          return 'skip';
      }
    })();
    if (action === 'skip') {
      skippedNonVfio += 1;
      continue;
    }
    if (action === 'notModelled') {
      skippedNotModelled += 1;
      continue;
    }
    if (call.pid !== undefined) vfioPids.add(call.pid);
    // 2. The recorded result, in model terms.
    const returns = SYSCALLS[action].returns;
    const failed = call.errno !== undefined || (call.returned !== undefined && call.returned < 0n);
    const recorded: Json | undefined =
      action === 'exit'
        ? Number(call.args[0] ?? 0)
        : call.returned === undefined
          ? undefined
          : failed
            ? `-${call.errno ?? 'EUNKNOWN'}`
            : returns === 'fd' || returns === 'mapping'
              ? 'success'
              : Number(call.returned);
    const matches = (model: Json | undefined): boolean => {
      if (recorded === undefined) return true;
      if (recorded === 'success') return typeof model === 'number' && model >= 0;
      return canonicalJson(model ?? null) === canonicalJson(recorded);
    };
    // 3. Try the candidates; take the first the model allows with the recorded result.
    let taken: { candidate: Candidate; state: unknown; result: Json | undefined } | undefined;
    let first: { label: Label; kind: DivergenceKind; expected?: Json; message: string } | undefined;
    for (const candidate of candidates) {
      const outcome = target.step(state, candidate.label);
      if (outcome.ok && matches(outcome.result)) {
        taken = { candidate, state: outcome.state, result: outcome.result };
        break;
      }
      if (first === undefined) {
        first = outcome.ok
          ? {
              label: candidate.label,
              kind: 'result',
              ...(outcome.result !== undefined ? { expected: outcome.result } : {}),
              message: `the kernel returned ${recordedText(call)}, the model returns ${showValue(outcome.result)}`,
            }
          : { label: candidate.label, kind: outcome.kind, message: outcome.message };
      }
    }
    if (taken === undefined) {
      const divergence: StraceDivergence = first
        ? { call, label: first.label, kind: first.kind, recorded, ...(first.expected !== undefined ? { expected: first.expected } : {}), message: candidates.length > 1 ? `${first.message} (tried ${candidates.length} values of an argument strace does not show)` : first.message, state }
        : { call, label: { action, params: null }, kind: 'unknownCall', recorded, message: `the model has no ${action} call for these arguments`, state };
      return { steps, divergence, skippedNonVfio, skippedNotModelled, finalState: state };
    }
    state = taken.state;
    const { candidate } = taken;
    if (candidate.bindGroup) groups.set(candidate.bindGroup[0], candidate.bindGroup[1]);
    if (candidate.bindDevice) devices.set(candidate.bindDevice[0], candidate.bindDevice[1]);
    const ok = !failed && call.returned !== undefined;
    if (ok && (returns === 'fd') && typeof taken.result === 'number') {
      fds.set(call.returned!, { model: taken.result, kind: kindOfResult ?? 'device' });
    }
    if (ok && action === 'mmap' && typeof taken.result === 'number') maps.set(call.returned!, taken.result);
    if (ok && action === 'munmap') maps.delete(BigInt(call.args[0]!));
    if (ok && action === 'close') fds.delete(fdArg(call, 0)!);
    if (action === 'exit') {
      fds.clear();
      maps.clear();
    }
    steps.push({ call, label: candidate.label, result: failed || returns === 'zero' || returns === 'value' ? recorded : taken.result, state });
  }
  return { steps, skippedNonVfio, skippedNotModelled, finalState: state };
}

/** The recorded result as strace showed it: `3`, `-EBUSY`, `?`. */
function recordedText(call: StraceCall): string {
  if (call.returned === undefined) return '?';
  if (call.errno !== undefined) return `-${call.errno}`;
  return call.returned.toString();
}

/** A result in messages: errno strings bare (`-EBUSY`), other values as JSON, none as `nothing`. */
function showValue(value: Json | undefined): string {
  if (value === undefined) return 'nothing';
  return typeof value === 'string' ? value : canonicalJson(value);
}
