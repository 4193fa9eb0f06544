import type { MetricRecord } from '../../providers/backend.js';
import { rfc3339 } from '../kube/microtime.js';
import { containerStatus } from './container-status.js';
import type { PodEntry } from './types.js';

/** The part of the kubelet's Summary API (stats/v1alpha1) that ECI metrics can fill: CPU, memory and network. */
export interface CpuStats {
  time: string;
  usageNanoCores: number;
  usageCoreNanoSeconds: number;
}

export interface MemoryStats {
  time: string;
  availableBytes?: number;
  usageBytes: number;
  workingSetBytes: number;
  rssBytes: number;
}

export interface ContainerStats {
  name: string;
  startTime: string;
  cpu: CpuStats;
  memory: MemoryStats;
}

export interface InterfaceStats {
  name: string;
  rxBytes: number;
  rxErrors: number;
  txBytes: number;
  txErrors: number;
}

/** The kubelet's NetworkStats: the default interface's counters inline, and every interface. */
export interface NetworkStats extends InterfaceStats {
  time: string;
  interfaces: InterfaceStats[];
}

export interface PodStats {
  podRef: { name: string; namespace: string; uid: string };
  startTime: string;
  containers: ContainerStats[];
  cpu: CpuStats;
  memory: MemoryStats;
  /** When ECI reports the group's interfaces (its metric records' Network). */
  network?: NetworkStats;
}

export interface NodeStats {
  nodeName: string;
  startTime: string;
  cpu: CpuStats;
  memory: MemoryStats;
}

export interface Summary {
  node: NodeStats;
  pods: PodStats[];
}

/** A pod and the newest ECI metric record of its container group. */
export interface PodSample {
  entry: PodEntry;
  record: MetricRecord;
}

/** The newest record (ECI returns a series over the period), or undefined for none. */
export function latestRecord(records: MetricRecord[]): MetricRecord | undefined {
  let latest: MetricRecord | undefined;
  for (const r of records)
    if (latest === undefined || Date.parse(r.Timestamp) > Date.parse(latest.Timestamp)) latest = r;
  return latest;
}

const whole = (n: number): number => Math.max(0, Math.round(n));

/** The pod's network as the kubelet reports it; the first interface is the default (eth0 on ECI). */
function networkStats(record: MetricRecord, time: string): NetworkStats | undefined {
  const interfaces = (record.Network?.Interfaces ?? []).map((i) => ({
    name: i.Name,
    rxBytes: whole(i.RxBytes),
    rxErrors: whole(i.RxErrors),
    txBytes: whole(i.TxBytes),
    txErrors: whole(i.TxErrors),
  }));
  const [primary] = interfaces;
  return primary === undefined ? undefined : { time, ...primary, interfaces };
}

function podStats(sample: PodSample): PodStats {
  const { pod } = sample.entry;
  const { record } = sample;
  const time = rfc3339(record.Timestamp);
  const podStart = pod.status?.startTime ?? pod.metadata?.creationTimestamp ?? new Date(record.Timestamp);
  const network = networkStats(record, time);
  return {
    podRef: {
      name: pod.metadata?.name ?? '',
      namespace: pod.metadata?.namespace ?? '',
      uid: pod.metadata?.uid ?? '',
    },
    startTime: rfc3339(podStart),
    containers: record.Containers.map((c) => ({
      name: c.Name,
      startTime: rfc3339(containerStatus(pod, c.Name)?.state?.running?.startedAt ?? podStart),
      cpu: {
        time,
        usageNanoCores: whole(c.CPU.UsageNanoCores),
        usageCoreNanoSeconds: whole(c.CPU.UsageCoreNanoSeconds),
      },
      memory: {
        time,
        usageBytes: whole(c.Memory.UsageBytes),
        workingSetBytes: whole(c.Memory.WorkingSet),
        rssBytes: whole(c.Memory.Rss),
      },
    })),
    cpu: {
      time,
      usageNanoCores: whole(record.CPU.UsageNanoCores),
      usageCoreNanoSeconds: whole(record.CPU.UsageCoreNanoSeconds),
    },
    memory: {
      time,
      availableBytes: whole(record.Memory.AvailableBytes),
      usageBytes: whole(record.Memory.UsageBytes),
      workingSetBytes: whole(record.Memory.WorkingSet),
      rssBytes: whole(record.Memory.Rss),
    },
    ...(network && { network }),
  };
}

/**
 * The Summary for the node's pods. The virtual node has no machine of its own: its usage is the sum of
 * its pods' (so its CPU counter drops when a pod leaves, which Prometheus reads as a counter reset), and
 * its available memory is what its pods have left under their limits.
 */
export function buildSummary(
  nodeName: string,
  nodeStartTime: Date,
  samples: PodSample[],
  now: Date,
): Summary {
  const pods = samples.map(podStats);
  const newest = pods.reduce(
    (t, p) => (Date.parse(p.cpu.time) > Date.parse(t) ? p.cpu.time : t),
    rfc3339(new Date(0)),
  );
  const time = pods.length > 0 ? newest : rfc3339(now);
  const sum = (f: (p: PodStats) => number): number => pods.reduce((total, p) => total + f(p), 0);
  return {
    node: {
      nodeName,
      startTime: rfc3339(nodeStartTime),
      cpu: {
        time,
        usageNanoCores: sum((p) => p.cpu.usageNanoCores),
        usageCoreNanoSeconds: sum((p) => p.cpu.usageCoreNanoSeconds),
      },
      memory: {
        time,
        availableBytes: sum((p) => p.memory.availableBytes ?? 0),
        usageBytes: sum((p) => p.memory.usageBytes),
        workingSetBytes: sum((p) => p.memory.workingSetBytes),
        rssBytes: sum((p) => p.memory.rssBytes),
      },
    },
    pods,
  };
}
