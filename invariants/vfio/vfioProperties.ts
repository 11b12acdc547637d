/**
 * The properties of each VFIO model, by version. A property absent from a version's record is n/a there (its
 * kernel site or notion does not exist in that version).
 */
import type { Property } from '../../checker/engine/index.js';
import type { KernelVersion } from '../../spec/vfio/kernel.js';
import type { VfioConstants, VfioState } from '../../spec/vfio/state.js';
import * as a from './assertions.js';
import * as inv from './stateInvariants.js';
import * as r from './recoverability.js';
import { groupReleaseClean, singleGroupFile } from './stepProperties.js';

/** A record of named properties of a VFIO model. */
export type VfioProperties = { readonly [name: string]: Property<VfioState, VfioConstants> };

function propertiesFor(version: KernelVersion): VfioProperties {
  return {
    I1_noContainerWithoutGroupFile: inv.noContainerWithoutGroupFile(version),
    authors_notifierEmptyWithoutDeviceFds: inv.notifierEmptyWithoutDeviceFds,
    I2_containerIffUsers: inv.containerIffUsers,
    I3_containerUsersAccounting: inv.containerUsersAccounting,
    I4_deviceFdPinsGroupFile: inv.deviceFdPinsGroupFile(version),
    I5_groupReleaseClean: groupReleaseClean(version),
    I6_deviceFdHasBackend: inv.deviceFdHasBackend,
    I7_singleGroupFile: singleGroupFile,
    I8_notifierImpliesOpenDevice: inv.notifierImpliesOpenDevice,
    I9_openCountMatchesFiles: inv.openCountMatchesFiles,
    refcountAccounting: inv.refcountAccounting(version),
    quiescence: inv.quiescence,
    R1_groupCanBeOpenedAgain: r.groupCanBeOpenedAgain(version),
    R2_containersCanBeFreed: r.containersCanBeFreed,
    R3_quiescenceReachable: r.quiescenceReachable,
    R4_setContainerCanSucceedAgain: r.setContainerCanSucceedAgain(version),
    warnDeviceNotOpen: a.warnDeviceNotOpen,
    nullContainerInIommuNotifier: a.nullContainerInIommuNotifier,
    nullContainerInDetach: a.nullContainerInDetach,
    warnContainerAtGroupFree: a.warnContainerAtGroupFree,
    warnNotifierAtGroupFree: a.warnNotifierAtGroupFree,
    ...(version === 'post' ? {} : { nullContainerInAssign: a.nullContainerInAssign }),
    ...(version === 'old'
      ? { warnStaleNotifierAtOpen: a.warnStaleNotifierAtOpen }
      : {
          nullOpenedFile: a.nullOpenedFile,
          warnNotifierAtRelease: a.warnNotifierAtRelease,
          warnContainerUsersAtRelease: a.warnContainerUsersAtRelease,
        }),
    ...(version === 'post'
      ? {
          warnContainerUsersAtSet: a.warnContainerUsersAtSet,
          warnContainerUsersAtAssign: a.warnContainerUsersAtAssign,
          warnContainerUsersAtUnassign: a.warnContainerUsersAtUnassign,
        }
      : {}),
  };
}

/** Properties of vfio-old (e0e29bdb). */
export const oldProperties: VfioProperties = propertiesFor('old');
/** Properties of vfio-new (b76c0eed). */
export const newProperties: VfioProperties = propertiesFor('new');
/** Properties of vfio-post (3ca54708). */
export const postProperties: VfioProperties = propertiesFor('post');
