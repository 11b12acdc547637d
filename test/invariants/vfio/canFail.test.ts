/**
 * The properties that hold on every model can still fail: each rejects a hand-made state (or step) that breaks it,
 * so "holds" in the matrix is a finding, not a tautology.
 */
import { describe, expect, it } from 'vitest';
import type { InvariantProperty } from '../../../checker/engine/index.js';
import { oldProperties, postProperties } from '../../../invariants/vfio/vfioProperties.js';
import { vfioConstantSets } from '../../../spec/vfio/models.js';
import { initialState, type VfioConstants, type VfioState } from '../../../spec/vfio/state.js';

const c = vfioConstantSets.small as VfioConstants;
const init = initialState(c);
const inv = (name: string, props = postProperties) => props[name] as InvariantProperty<VfioState, VfioConstants>;
// a device file of device 0 (group 0) held by fd 3, open_count 1, group file pinned and open, container 0 attached
const withDevice: VfioState = {
  ...init,
  groups: [{ fileRefs: 1, opened: true, container: 0, containerUsers: 2, kvm: false }],
  devices: [{ openCount: 1, notifier: true }],
  deviceFiles: init.deviceFiles.with(0, { device: 0, refs: 1 }),
  containers: [{ fileRefs: 0, kref: 1, backend: true }],
  fds: init.fds.with(0, { kind: 'device', obj: 0 }),
};

describe('VFIO properties reject states that break them', () => {
  it('the reference state is accepted by every POST invariant', () => {
    for (const [name, p] of Object.entries(postProperties)) {
      if (p.kind === 'invariant' && name !== 'quiescence') expect([name, p.holds(withDevice, c)]).toEqual([name, true]);
    }
  });
  it('I-6: a device file without a backend', () => {
    expect(inv('I6_deviceFdHasBackend').holds({ ...withDevice, containers: [{ fileRefs: 0, kref: 1, backend: false }] }, c)).toBe(false);
  });
  it('I-9: open_count not matching the device files', () => {
    expect(inv('I9_openCountMatchesFiles').holds({ ...withDevice, devices: [{ openCount: 2, notifier: true }] }, c)).toBe(false);
  });
  it('refcount accounting: a leaked group file reference', () => {
    const leaked = { ...withDevice, groups: [{ ...withDevice.groups[0]!, fileRefs: 2 }] };
    expect(inv('refcountAccounting').holds(leaked, c)).toBe(false);
    expect(inv('refcountAccounting', oldProperties).holds(withDevice, c)).toBe(false); // OLD has no pin
  });
  it('authors: a notifier block with no device file left', () => {
    const stale = { ...init, devices: [{ openCount: 0, notifier: true }] };
    expect(inv('authors_notifierEmptyWithoutDeviceFds').holds(stale, c)).toBe(false);
    expect(inv('I8_notifierImpliesOpenDevice').holds(stale, c)).toBe(false);
  });
  it('quiescence: an idle state that is not the initial one', () => {
    const idle = { ...init, groups: [{ ...init.groups[0]!, containerUsers: 1 }] };
    expect(inv('quiescence').holds(idle, c)).toBe(false);
    expect(inv('quiescence').holds(init, c)).toBe(true);
  });
  it('I-7: a successful open while a group file is live', () => {
    const p = postProperties['I7_singleGroupFile']!;
    if (p.kind !== 'action') throw new Error('I-7 is an action property');
    const live = { ...init, groups: [{ ...init.groups[0]!, fileRefs: 1, opened: true }] };
    expect(p.holds(live, { action: 'openGroup', params: { group: 0 } }, live, c, 4)).toBe(false);
    expect(p.holds(live, { action: 'openGroup', params: { group: 0 } }, live, c, '-EBUSY')).toBe(true);
  });
});
