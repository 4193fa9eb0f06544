import type { MetricRecord } from '../backend.js';
import { rfc3339 } from './clock.js';
import type { SimContainer, SimGroup } from './model.js';
import { groupIo, type GroupIo } from './io-metrics.js';
import { hash32 } from './random.js';

const GIB = 1024 ** 3;
/** Usage wobbles around its base over a 5-minute cycle. */
const PERIOD_S = 300;
const WOBBLE = 0.2;

interface Usage {
  nanoCores: number;
  coreNanoSeconds: number;
  memoryBytes: number;
  /** The container's share of the group: its own Cpu/Memory, else an even split. */
  cores: number;
  memoryLimit: number;
}

/**
 * Plausible, deterministic usage for a group at `now`: each container uses a stable fraction
 * (5–45 %, from a hash of its name) of its share of the group's CPU and memory, wobbling slowly.
 * UsageCoreNanoSeconds is the exact integral of the rate, so it only ever grows.
 * CPU.Limit is in millicores (2 vCPU → 2000); Memory.Cache is usage minus RSS (page cache).
 */
export function groupMetrics(g: SimGroup, now: number): MetricRecord & GroupIo {
  const share = 1 / Math.max(1, g.containers.length);
  const containers = g.containers.map((c) => ({ c, u: containerUsage(g, c, now, share) }));
  const sum = (key: 'nanoCores' | 'coreNanoSeconds' | 'memoryBytes'): number =>
    containers.reduce((s, x) => s + x.u[key], 0);
  const memoryLimit = g.memory * GIB;
  const memory = sum('memoryBytes');
  return {
    Timestamp: rfc3339(now),
    CPU: {
      UsageNanoCores: Math.round(sum('nanoCores')),
      UsageCoreNanoSeconds: Math.round(sum('coreNanoSeconds')),
      Limit: g.cpu * 1000,
    },
    Memory: {
      UsageBytes: Math.round(memory),
      WorkingSet: Math.round(memory * 0.9),
      Rss: Math.round(memory * 0.7),
      Cache: Math.round(memory * 0.3),
      AvailableBytes: Math.round(memoryLimit - memory * 0.9),
    },
    ...groupIo(g, now),
    Containers: containers.map(({ c, u }) => ({
      Name: c.name,
      CPU: {
        UsageNanoCores: Math.round(u.nanoCores),
        UsageCoreNanoSeconds: Math.round(u.coreNanoSeconds),
        Limit: Math.round(u.cores * 1000),
      },
      Memory: {
        UsageBytes: Math.round(u.memoryBytes),
        WorkingSet: Math.round(u.memoryBytes * 0.9),
        Rss: Math.round(u.memoryBytes * 0.7),
        Cache: Math.round(u.memoryBytes * 0.3),
        AvailableBytes: Math.round(u.memoryLimit - u.memoryBytes * 0.9),
      },
    })),
  };
}

function containerUsage(g: SimGroup, c: SimContainer, now: number, share: number): Usage {
  const cores = c.spec.Cpu || g.cpu * share;
  const memLimit = (c.spec.Memory || g.memory * share) * GIB;
  const base = 0.05 + ((hash32(`${g.id}/${c.name}`) % 1000) / 1000) * 0.4;
  const start = g.runningAt ?? g.scheduledAt;
  const running = c.state.State === 'Running';
  if (start === undefined)
    return { nanoCores: 0, coreNanoSeconds: 0, memoryBytes: 0, cores, memoryLimit: memLimit };
  const t = Math.max(0, (Math.min(now, g.finishedAt ?? now) - start) / 1000);
  const w = (2 * Math.PI) / PERIOD_S;
  const rate = cores * base * (1 + WOBBLE * Math.sin(w * t));
  const integral = cores * base * (t + (WOBBLE * (1 - Math.cos(w * t))) / w);
  return {
    nanoCores: running ? rate * 1e9 : 0,
    coreNanoSeconds: integral * 1e9,
    memoryBytes: running ? memLimit * Math.min(0.9, base + 0.1) * (1 + 0.05 * Math.sin(w * t)) : 0,
    cores,
    memoryLimit: memLimit,
  };
}
