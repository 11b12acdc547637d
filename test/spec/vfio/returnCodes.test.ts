/**
 * The single-threaded return-code table of semantics §8 (group path), replayed on every version: each row is a
 * short prefix that sets up the condition, then the call whose result the table gives (OLD/NEW/POST columns).
 */
import { describe, expect, it } from 'vitest';
import type { Syscall, SyscallResult } from '../../../spec/vfio/syscalls.js';
import { vfioModels } from '../../../spec/vfio/models.js';
import { replay } from './replay.js';

const DEV = '0000:01:00.0';
const c = (action: Syscall['action'], params: unknown): Syscall => ({ action, params }) as Syscall;
const openC = c('openContainer', null);
const openG = c('openGroup', { group: 0 });
const attach = [openC, openG, c('groupSetContainer', { fd: 4, containerFd: 3 })]; // c = 3, g = 4
const withDevice = [...attach, c('setIommu', { fd: 3 }), c('groupGetDeviceFd', { fd: 4, device: DEV })]; // d = 5

interface Row {
  readonly call: string;
  readonly condition: string;
  readonly prefix: readonly Syscall[];
  readonly last: Syscall;
  readonly result: { readonly old: SyscallResult; readonly new: SyscallResult; readonly post: SyscallResult } | SyscallResult;
}

const rows: readonly Row[] = [
  { call: 'open group', condition: 'first open', prefix: [], last: openG, result: 3 },
  { call: 'open group', condition: 'group file live', prefix: [openG], last: openG, result: '-EBUSY' },
  {
    call: 'open group',
    condition: 'group fd closed, device FDs still open (OLD: file gone; NEW/POST: file pinned)',
    prefix: [...withDevice, c('close', { fd: 4 })],
    last: openG,
    result: '-EBUSY',
  },
  { call: 'SET_CONTAINER', condition: 'fresh group', prefix: [openC, openG], last: attach[2]!, result: 0 },
  { call: 'SET_CONTAINER', condition: 'already attached', prefix: attach, last: attach[2]!, result: '-EINVAL' },
  {
    call: 'UNSET_CONTAINER',
    condition: 'not attached',
    prefix: [openG],
    last: c('groupUnsetContainer', { fd: 3 }),
    result: '-EINVAL',
  },
  {
    call: 'UNSET_CONTAINER',
    condition: 'device FDs open',
    prefix: withDevice,
    last: c('groupUnsetContainer', { fd: 4 }),
    result: '-EBUSY',
  },
  {
    call: 'GET_DEVICE_FD',
    condition: 'no container, unknown name',
    prefix: [openG],
    last: c('groupGetDeviceFd', { fd: 3, device: 'unknown' }),
    result: '-ENODEV',
  },
  {
    call: 'GET_DEVICE_FD',
    condition: 'no container, valid name',
    prefix: [openG],
    last: c('groupGetDeviceFd', { fd: 3, device: DEV }),
    result: '-EINVAL',
  },
  {
    call: 'GET_DEVICE_FD',
    condition: 'container but no SET_IOMMU',
    prefix: attach,
    last: c('groupGetDeviceFd', { fd: 4, device: DEV }),
    result: '-EINVAL',
  },
  {
    call: 'GET_DEVICE_FD',
    condition: 'fd table full (checked after the name, before the container)',
    prefix: [openG, c('dup', { fd: 3 }), c('dup', { fd: 3 })],
    last: c('groupGetDeviceFd', { fd: 3, device: DEV }),
    result: '-EMFILE',
  },
  {
    call: 'KVM_DEV_VFIO_GROUP_ADD',
    condition: 'before SET_CONTAINER + SET_IOMMU',
    prefix: [openG],
    last: c('kvmGroupAdd', { fd: 3 }),
    result: 0,
  },
  { call: 'close', condition: 'group fd', prefix: [openG], last: c('close', { fd: 3 }), result: 0 },
  { call: 'close', condition: 'container fd with a group attached', prefix: attach, last: c('close', { fd: 3 }), result: 0 },
  { call: 'close', condition: 'device fd', prefix: withDevice, last: c('close', { fd: 5 }), result: 0 },
  { call: 'close', condition: 'closed fd', prefix: [], last: c('close', { fd: 3 }), result: '-EBADF' },
];

describe.each(Object.entries(vfioModels))('vfio-%s: semantics §8', (version, model) => {
  it.each(rows.map((r) => [`${r.call} / ${r.condition}`, r] as const))('%s', (_name, row) => {
    const replayed = replay(model, 'small', [...row.prefix, row.last]);
    const want = typeof row.result === 'object' ? row.result[version as 'old' | 'new' | 'post'] : row.result;
    expect(replayed.at(-1)!.result).toBe(want);
  });
});
