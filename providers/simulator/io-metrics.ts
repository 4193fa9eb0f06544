import type { MetricRecord } from '../backend.js';
import type { SimGroup } from './model.js';
import { hash32 } from './random.js';

const KIB = 1024;
const GIB = 1024 ** 3;
/** ECI's temporary storage: 30 GiB with every spec, plus what EphemeralStorage adds. */
const BASE_STORAGE_GIB = 30;
const PACKET_BYTES = 800;
const IO_BYTES = 4096;

/** DescribeContainerGroupMetric's spelling; DescribeMultiContainerGroupMetric's is `multiActionIo`'s. */
export interface DiskMetric {
  Device: string;
  ReadBytes: number;
  ReadIO: number;
  WriteBytes: number;
  WriteIO: number;
}

export interface FilesystemMetric {
  FsName: string;
  Category: string;
  Capacity: number;
  Usage: number;
  Available: number;
}

export interface GroupIo {
  Network: NonNullable<MetricRecord['Network']>;
  Disk: DiskMetric[];
  Filesystem: FilesystemMetric[];
}

/**
 * A record as DescribeMultiContainerGroupMetric's model has it: its Disk says ReadIo and WriteIo,
 * its Filesystem has no Category (both models come from ECI's API metadata).
 */
export function multiActionIo<T extends Partial<GroupIo>>(record: T): T {
  return {
    ...record,
    ...(record.Disk && {
      Disk: record.Disk.map(({ ReadIO, WriteIO, ...rest }) => ({
        ...rest,
        ReadIo: ReadIO,
        WriteIo: WriteIO,
      })),
    }),
    ...(record.Filesystem && {
      Filesystem: record.Filesystem.map(({ Category: _category, ...rest }) => rest),
    }),
  };
}

/**
 * The group's network, disk and filesystem figures at `now` (DescribeContainerGroupMetric's Network,
 * Disk and Filesystem): counters growing at steady rates drawn from the group's ID, from when it
 * started to when it ended, so they only ever grow. Illustrative: no traffic is simulated; the
 * names (eth0, vda) are the usual ones of a VM, not read from ECI.
 */
export function groupIo(g: SimGroup, now: number): GroupIo {
  const start = g.runningAt ?? g.scheduledAt;
  const seconds = start === undefined ? 0 : Math.max(0, (Math.min(now, g.finishedAt ?? now) - start) / 1000);
  const rate = (salt: string, min: number, max: number): number =>
    min + ((hash32(`${g.id}/${salt}`) % 1000) / 1000) * (max - min);
  const total = (salt: string, min: number, max: number): number =>
    Math.round(rate(salt, min, max) * seconds);
  const rx = total('rx', 2 * KIB, 22 * KIB);
  const tx = total('tx', 1 * KIB, 11 * KIB);
  const read = total('read', 1 * KIB, 11 * KIB);
  const written = total('write', 2 * KIB, 22 * KIB);
  const capacity = (BASE_STORAGE_GIB + (g.request.EphemeralStorage ?? 0)) * GIB;
  const usage = Math.min(capacity, 200 * 1024 * KIB + written);
  return {
    Network: {
      Interfaces: [
        {
          Name: 'eth0',
          RxBytes: rx,
          RxPackets: Math.round(rx / PACKET_BYTES),
          RxErrors: 0,
          RxDrops: 0,
          TxBytes: tx,
          TxPackets: Math.round(tx / PACKET_BYTES),
          TxErrors: 0,
          TxDrops: 0,
        },
      ],
    },
    Disk: [
      {
        Device: 'vda',
        ReadBytes: read,
        ReadIO: Math.round(read / IO_BYTES),
        WriteBytes: written,
        WriteIO: Math.round(written / IO_BYTES),
      },
    ],
    Filesystem: [
      { FsName: 'vda', Category: 'system', Capacity: capacity, Usage: usage, Available: capacity - usage },
    ],
  };
}
