import { BackendError } from '../../backend.js';
import { invalidParameter } from '../errors.js';
import type { SimGroup } from '../model.js';

/** ResizeContainerGroupVolume's parameters. */
export interface ResizeVolumeInput {
  ContainerGroupId: string;
  VolumeName: string;
  /** GiB. */
  NewSize: number;
  ClientToken?: string;
}

/**
 * The NewSize range of the page's three current disk categories (cloud_efficiency, cloud_ssd,
 * cloud_essd: 20~32768 GiB). A DiskVolume names its disk only by DiskId, so the simulator cannot
 * tell a legacy `cloud` disk (5~2000) apart: it takes the common range.
 */
export const DISK_SIZE_GIB = { min: 20, max: 32768 };

/** The page is silent on group states: a mounted disk exists once the group is placed and until it ends (my choice). */
const RESIZABLE = new Set(['Pending', 'Running', 'Restarting', 'Updating']);

/**
 * Checks a resize against the group and records the new size in the group's DiskVolume.DiskSize
 * (DescribeContainerGroups' Volumes have no size field, so this is where it is kept and compared).
 * Only scaling up: an equal size is accepted (ECI then only grows the file system).
 */
export function resizeDiskVolume(g: SimGroup, input: ResizeVolumeInput): void {
  if (
    !Number.isInteger(input.NewSize) ||
    input.NewSize < DISK_SIZE_GIB.min ||
    input.NewSize > DISK_SIZE_GIB.max
  ) {
    throw invalidParameter(
      'NewSize',
      `${input.NewSize} is not a disk size: give whole GiB from ${DISK_SIZE_GIB.min} to ${DISK_SIZE_GIB.max}.`,
    );
  }
  const volume = g.request.Volume?.find((v) => v.Name === input.VolumeName);
  if (!volume) {
    const names = (g.request.Volume ?? []).map((v) => v.Name).join(', ') || 'none';
    throw invalidParameter(
      'VolumeName',
      `"${input.VolumeName}" is not a volume of container group ${g.id} (its volumes: ${names}).`,
    );
  }
  if (volume.Type !== 'DiskVolume' || !volume.DiskVolume) {
    // The page's error table: InvalidVolumeType, HTTP 403 (openapi/errors.ts maps the code), in its words.
    throw new BackendError(
      'InvalidParameter',
      'InvalidVolumeType',
      `The specified volumeName is invalid, only volume of cloud disk support capacity resize: volume "${volume.Name}" is of type ${volume.Type}; give the name of a DiskVolume.`,
    );
  }
  if (!RESIZABLE.has(g.status)) {
    // The page's error table: "403 | IncorrectStatusDetail | %s" (openapi/errors.ts maps the code).
    throw new BackendError(
      'InvalidParameter',
      'IncorrectStatusDetail',
      `Container group ${g.id} is ${g.status}; ResizeContainerGroupVolume needs its disk mounted (Pending, Running, Restarting or Updating).`,
    );
  }
  const current = volume.DiskVolume.DiskSize;
  if (current !== undefined && input.NewSize < current) {
    throw invalidParameter(
      'NewSize',
      `${input.NewSize} GiB is smaller than disk ${volume.DiskVolume.DiskId}'s ${current} GiB: volumes can only be scaled up.`,
    );
  }
  // A new object: the request's objects of primitives are shared between groups (create.ts).
  volume.DiskVolume = { ...volume.DiskVolume, DiskSize: input.NewSize };
}
