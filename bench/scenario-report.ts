// The figures of the zones and throttled scenarios: one line each for people and scripts. Pure.
import type { PhaseReport } from './report.js';

const fmt = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');

/**
 * ours / KWOK for all-Running and all-deleted: at most 1.0 means at least as fast as KWOK.
 * `nodes_per_zone` only when there are several.
 */
export function zonesLine(
  ours: PhaseReport,
  kwok: PhaseReport,
  zones: number,
  replicas: number,
  nodesPerZone = 1,
): string {
  const perZone = nodesPerZone > 1 ? ` nodes_per_zone=${nodesPerZone}` : '';
  return (
    `ZONES pods=${ours.pods} zones=${zones}${perZone} replicas=${replicas} ` +
    `ours_running_s=${fmt(ours.runningSeconds)} kwok_running_s=${fmt(kwok.runningSeconds)} ` +
    `running_ratio=${fmt(ours.runningSeconds / kwok.runningSeconds)} ` +
    `ours_deleted_s=${fmt(ours.deleteSeconds)} kwok_deleted_s=${fmt(kwok.deleteSeconds)} ` +
    `deleted_ratio=${fmt(ours.deleteSeconds / kwok.deleteSeconds)}`
  );
}

/** ECI's create quota (burst 100, 20/s) bounds N creates to at least (N - burst) / rate seconds. */
export function throttleFloorSeconds(pods: number, burst = 100, perSecond = 20): number {
  return Math.max(0, pods - burst) / perSecond;
}

export function throttledLine(ours: PhaseReport, throttledPods: number): string {
  const floor = throttleFloorSeconds(ours.pods);
  return (
    `THROTTLED pods=${ours.pods} running_s=${fmt(ours.runningSeconds)} floor_s=${fmt(floor)} ` +
    `vs_floor=${floor > 0 ? fmt(ours.runningSeconds / floor) : 'n/a'} ` +
    `deleted_s=${fmt(ours.deleteSeconds)} pods_with_throttling_error=${throttledPods}`
  );
}

interface EventLite {
  message?: string;
  involvedObject?: { kind?: string; name?: string };
}

/** Pods of the run (`<prefix>-...`) that got an Event saying ECI throttled a call for them. */
export function podsWithThrottlingError(events: readonly EventLite[], prefix: string): number {
  const pods = new Set<string>();
  for (const e of events) {
    const name = e.involvedObject?.name ?? '';
    if (
      e.involvedObject?.kind === 'Pod' &&
      name.startsWith(`${prefix}-`) &&
      /throttl/i.test(e.message ?? '')
    ) {
      pods.add(name);
    }
  }
  return pods.size;
}
