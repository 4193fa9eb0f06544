import { Counter, Gauge, Histogram } from 'prom-client';

/** The live state the gauges read at scrape time, from where it is kept. */
export interface PodLoopState {
  queueDepth(): number;
  informerRestarts(): number;
  podsByPhase(): Map<string, number>;
  groupsByStatus(): Map<string, number>;
}

const states = new Set<PodLoopState>();

function countOf(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** A pod loop's state, read from its pod cache and group registry at scrape time. */
export function podLoopState(
  pods: ReadonlyMap<string, { status?: { phase?: string } }>,
  registry: { entries(): Iterable<{ record?: { Status?: string } }> },
  queueDepth: () => number,
  informerRestarts: () => number,
): PodLoopState {
  return {
    queueDepth,
    informerRestarts,
    podsByPhase: () => countOf([...pods.values()].map((p) => p.status?.phase ?? 'Unknown')),
    groupsByStatus: () => countOf([...registry.entries()].flatMap((e) => e.record?.Status ?? [])),
  };
}

/**
 * Each pod controller (one per virtual node this process serves) registers itself while it runs;
 * the gauges add them up. Returns the unregister function.
 */
export function reportPodLoopState(source: PodLoopState): () => void {
  states.add(source);
  return () => states.delete(source);
}

const total = (read: (s: PodLoopState) => number): number => [...states].reduce((sum, s) => sum + read(s), 0);

function merged(read: (s: PodLoopState) => Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of states) for (const [key, n] of read(s)) out.set(key, (out.get(key) ?? 0) + n);
  return out;
}

function setCounts(gauge: Gauge<string>, label: string, counts: Map<string, number> | undefined): void {
  gauge.reset();
  for (const [value, n] of counts ?? []) gauge.set({ [label]: value }, n);
}

export const podMetrics = {
  syncs: new Counter({ name: 'vk_pod_syncs_total', help: 'Pod syncs, by result.', labelNames: ['result'] }),
  creates: new Histogram({
    name: 'vk_container_group_create_duration_seconds',
    help: 'Time to create a container group, from the first attempt to success.',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
  }),
  deletes: new Histogram({
    name: 'vk_container_group_delete_duration_seconds',
    help: 'Time to delete a container group.',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  }),
  bindToRunning: new Histogram({
    name: 'vk_pod_bind_to_running_seconds',
    help: 'Time from the pod being scheduled to the virtual node until Running is written.',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
  }),
  statusWrites: new Counter({
    name: 'vk_pod_status_writes_total',
    help: 'Pod status patches, by result (written, skipped = nothing changed).',
    labelNames: ['result'],
  }),
  podsByPhase: new Gauge({
    name: 'vk_pods',
    help: 'Pods on the virtual nodes this process serves, by phase.',
    labelNames: ['phase'],
    collect() {
      setCounts(
        this,
        'phase',
        merged((s) => s.podsByPhase()),
      );
    },
  }),
  groupsByStatus: new Gauge({
    name: 'vk_container_groups',
    help: 'Container groups of the virtual nodes this process serves, by the last ECI status reported.',
    labelNames: ['status'],
    collect() {
      setCounts(
        this,
        'status',
        merged((s) => s.groupsByStatus()),
      );
    },
  }),
  queueDepth: new Gauge({
    name: 'vk_workqueue_depth',
    help: 'Pods waiting in the work queue.',
    collect() {
      this.set(total((s) => s.queueDepth()));
    },
  }),
  queueRetries: new Counter({
    name: 'vk_workqueue_retries_total',
    help: 'Pod syncs retried after an error.',
  }),
  informerRestarts: new Gauge({
    name: 'vk_informer_restarts',
    help: 'Times the pod watch was restarted.',
    collect() {
      this.set(total((s) => s.informerRestarts()));
    },
  }),
  orphansDeleted: new Counter({
    name: 'vk_orphan_container_groups_deleted_total',
    help: 'Container groups deleted because their pod no longer exists.',
  }),
};
