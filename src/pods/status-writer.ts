import type * as k8s from '@kubernetes/client-node';
import type { Clock } from '../../providers/clock.js';
import type { Informer } from '../kube/index.js';
import { applyStatusPatch, statusPatch } from '../translate/index.js';
import { podMetrics } from './metrics.js';
import type { PodsApi } from './pods-api.js';

/** Writes pod status and annotations, skipping writes that change nothing. */
export class StatusWriter {
  constructor(
    private readonly pods: PodsApi,
    private readonly informer: Informer<k8s.V1Pod>,
    private readonly clock: Clock,
  ) {}

  /** One strategic-merge PATCH of pods/status carrying both annotations and status; skipped when nothing changed. */
  async write(
    pod: k8s.V1Pod,
    desired: k8s.V1PodStatus | undefined,
    annotations: Record<string, string>,
  ): Promise<void> {
    const current = pod.metadata?.annotations ?? {};
    const changedAnnotations = Object.entries(annotations).filter(([k, v]) => current[k] !== v);
    const status = desired === undefined ? undefined : statusPatch(pod.status, desired);
    if (changedAnnotations.length === 0 && status === undefined) {
      podMetrics.statusWrites.inc({ result: 'skipped' });
      return;
    }
    const metadata = await this.pods.patchStatus(pod, {
      metadata: changedAnnotations.length
        ? { annotations: Object.fromEntries(changedAnnotations) }
        : undefined,
      status,
    });
    podMetrics.statusWrites.inc({ result: 'written' });
    if (status?.phase === 'Running' && pod.status?.phase !== 'Running') this.observeBindToRunning(pod);
    // What the API server now holds, built here: the response carries the metadata only.
    this.informer.applyOwnWrite(pod, {
      ...pod,
      metadata: metadata ?? pod.metadata,
      status: status === undefined ? pod.status : applyStatusPatch(pod.status, status),
    });
  }

  private observeBindToRunning(pod: k8s.V1Pod): void {
    const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.lastTransitionTime;
    const from = scheduled ?? pod.metadata?.creationTimestamp;
    if (from) podMetrics.bindToRunning.observe((this.clock.now() - new Date(from).getTime()) / 1000);
  }
}
