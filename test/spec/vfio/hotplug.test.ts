/**
 * Driver unbind and rebind (the `hotplug` constants, semantics §2.15): groups go away when their last users
 * reference does and come back fresh; unbind waits for the device files; vfio_group_put's checks run at the free.
 */
import { describe, expect, it } from 'vitest';
import { AssertionFailure, checkSync } from '../../../checker/engine/index.js';
import { vfioModels } from '../../../spec/vfio/models.js';
import type { VfioState } from '../../../spec/vfio/state.js';
import type { Syscall } from '../../../spec/vfio/syscalls.js';
import { replay } from './replay.js';

const DEV = '0000:01:00.0';
const c = (action: Syscall['action'], params: unknown): Syscall => ({ action, params }) as Syscall;
const openG = c('openGroup', { group: 0 });
const openC = c('openContainer', null);
const unbind = c('unbindDevice', { device: DEV });
const bind = c('bindDevice', { device: DEV });
const versions = ['old', 'new', 'post'] as const;

describe('vfio hotplug (driver unbind and rebind)', () => {
  it('has no unbind/bind transitions without the hotplug constant (the other constant sets keep their counts)', () => {
    for (const v of versions) {
      const result = checkSync(vfioModels[v], { constantSet: 'small' });
      expect(result.stats.coverage.find((a) => a.action === 'unbindDevice')?.statesGenerated ?? 0).toBe(0);
      expect(() => replay(vfioModels[v], 'small', [unbind])).toThrow(/no label/);
    }
  });

  it('frees the group at the last unbind (open then gives -ENOENT) and rebinding brings it back', () => {
    for (const v of versions) {
      const steps = replay(vfioModels[v], 'hotplug', [unbind, openG, bind, openG, unbind, unbind]);
      expect(steps.map((s) => s.result), v).toEqual([0, '-ENOENT', 0, 3, 0, '-ENODEV']);
      // the group file keeps the group after the unbind; GET_DEVICE_FD no longer finds the device
      const last = replay(vfioModels[v], 'hotplug', [bind, openG, unbind, c('groupGetDeviceFd', { fd: 3, device: DEV })]);
      expect(last.map((s) => s.result), v).toEqual(['-EBUSY', 3, 0, '-ENODEV']);
    }
  });

  it('unbind waits (is disabled) while a device file exists, held by an fd or a mapping', () => {
    const prefix = [openC, openG, c('groupSetContainer', { fd: 4, containerFd: 3 }), c('setIommu', { fd: 3 }), c('groupGetDeviceFd', { fd: 4, device: DEV })];
    for (const v of versions) {
      expect(() => replay(vfioModels[v], 'hotplug', [...prefix, unbind]), v).toThrow(/disabled/);
      expect(() => replay(vfioModels[v], 'hotplug', [...prefix, c('mmap', { fd: 5 }), c('close', { fd: 5 }), unbind]), v).toThrow(/disabled/);
      const done = replay(vfioModels[v], 'hotplug', [...prefix, c('mmap', { fd: 5 }), c('close', { fd: 5 }), c('munmap', { mapping: 0 }), unbind]);
      expect((done.at(-1)!.state as VfioState).registered).toEqual([false]);
    }
  });

  it("NEW's leftover container_users reaches vfio_group_put's WARN at unbind; OLD and POST free the group cleanly", () => {
    const leak = [openG, openC, c('groupSetContainer', { fd: 3, containerFd: 4 }), c('close', { fd: 3 }), unbind];
    expect(() => replay(vfioModels.new, 'hotplug', leak)).toThrow(AssertionFailure);
    for (const v of ['old', 'post'] as const) {
      const steps = replay(vfioModels[v], 'hotplug', leak);
      expect((steps.at(-1)!.state as VfioState).groups[0]).toEqual({ fileRefs: 0, opened: false, container: null, containerUsers: 0, kvm: false });
    }
    const result = checkSync(vfioModels.new, { constantSet: 'hotplug', properties: ['warnContainerAtGroupFree'] });
    const verdict = result.properties.find((p) => p.name === 'warnContainerAtGroupFree')!;
    expect(verdict.status).toBe('violated');
    expect(verdict.counterexample?.steps.length).toBe(5); // the initial state and four calls, then the aborted unbind
    expect(verdict.counterexample?.aborted?.label).toEqual(unbind);
  });
});
