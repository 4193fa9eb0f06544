import { Counter, Gauge, Histogram } from 'prom-client';

/** The live state the gauges read at scrape time, from where it is kept. */
export interface PodLoopState {
  queueDepth(): number;
  informerRestarts(): number;
  podsByPhase(): Map<string, number>;
  groupsByStatus(): Map<string, number>;
}

let state: PodLoopState | undefined;

/** The pod controller registers itself: one per process, the last one started wins. */
export function reportPodLoopState(source: PodLoopState | undefined): void {
  state = source;
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
    help: 'Pods on the virtual node, by phase.',
    labelNames: ['phase'],
    collect() {
      setCounts(this, 'phase', state?.podsByPhase());
    },
  }),
  groupsByStatus: new Gauge({
    name: 'vk_container_groups',
    help: 'Container groups of the virtual node, by the last ECI status reported.',
    labelNames: ['status'],
    collect() {
      setCounts(this, 'status', state?.groupsByStatus());
    },
  }),
  queueDepth: new Gauge({
    name: 'vk_workqueue_depth',
    help: 'Pods waiting in the work queue.',
    collect() {
      this.set(state?.queueDepth() ?? 0);
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
      this.set(state?.informerRestarts() ?? 0);
    },
  }),
  orphansDeleted: new Counter({
    name: 'vk_orphan_container_groups_deleted_total',
    help: 'Container groups deleted because their pod no longer exists.',
  }),
};
