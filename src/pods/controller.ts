import type * as k8s from '@kubernetes/client-node';
import { isBackendError, type Backend } from '../../providers/backend.js';
import type { ControllerConfig } from '../config/index.js';
import {
  ANNOTATION,
  podPhaseForMissingGroup,
  statusPatch,
  toPodStatus,
  translatePod,
  TranslationError,
  type TranslationContext,
} from '../translate/index.js';
import {
  EventRecorder,
  Informer,
  isConflict,
  isNotFound,
  podTarget,
  STRATEGIC_MERGE_PATCH_TYPE,
  WorkQueue,
  type KubeRest,
} from '../kube/index.js';
import { errorMessage, logger } from '../log.js';
import type { ClusterServices } from './cluster-services.js';
import { EciEventReporter } from './event-reporter.js';
import { providerFailedStatus, waitingStatus } from './failure-status.js';
import { createWithCandidates, deleteGroup, isTerminalPhase, NoStockError, podKeyOf } from './lifecycle.js';
import { podMetrics } from './metrics.js';
import { fetchReferences } from './refs.js';
import { GroupRegistry, type GroupEntry } from './registry.js';

function podPath(pod: k8s.V1Pod): string {
  const namespace = encodeURIComponent(pod.metadata?.namespace ?? '');
  return `/api/v1/namespaces/${namespace}/pods/${encodeURIComponent(pod.metadata?.name ?? '')}`;
}

export interface ProfileDefaults {
  vSwitchIds?: string[];
  securityGroupId?: string;
}

export interface PodControllerDeps {
  api: KubeRest;
  backend: Backend;
  config: ControllerConfig;
  nodeName: string;
  events: EventRecorder;
  /** The live eci-profile's defaults: they win over env, and pod annotations win over them. */
  profile: () => ProfileDefaults;
  services?: ClusterServices;
  /** Called after a container group is created (the status poller polls early). */
  onCreated?: () => void;
}

/**
 * Runs the pods bound to the virtual node as container groups. Informer events only enqueue pod keys;
 * one worker at a time syncs a key: create, report status, or release, with retries forever.
 */
export class PodController {
  readonly registry = new GroupRegistry();
  readonly queue: WorkQueue;
  readonly informer: Informer<k8s.V1Pod>;
  private readonly eciEvents: EciEventReporter;
  /** Pods whose create call is in flight, by UID: a delete arriving meanwhile waits for it. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Pods ECI cannot run (by UID): their status says why; creating again cannot succeed. */
  private readonly rejectedUids = new Set<string>();

  constructor(private readonly deps: PodControllerDeps) {
    this.eciEvents = new EciEventReporter(deps.events);
    this.queue = new WorkQueue(
      (key) => this.sync(key),
      (key, err, attempt) => {
        podMetrics.queueRetries.inc();
        logger.warn('pod sync failed, will retry', { pod: key, attempt, err: errorMessage(err) });
      },
      { workers: deps.config.workers },
    );
    this.informer = new Informer<k8s.V1Pod>(
      deps.api,
      { path: '/api/v1/pods', query: { fieldSelector: `spec.nodeName=${deps.nodeName}` }, kind: 'V1Pod' },
      {
        onUpsert: (pod) => this.queue.add(podKeyOf(pod)),
        onDelete: (pod) => {
          this.rejectedUids.delete(pod.metadata?.uid ?? '');
          this.eciEvents.forget(pod.metadata?.uid ?? '');
          this.queue.add(podKeyOf(pod));
        },
      },
    );
  }

  get nodeName(): string {
    return this.deps.nodeName;
  }

  pod(key: string): k8s.V1Pod | undefined {
    return this.informer.store.get(key);
  }

  isInFlight(uid: string): boolean {
    return this.inFlight.has(uid);
  }

  async sync(key: string): Promise<void> {
    const pod = this.informer.store.get(key);
    if (pod === undefined) return this.releaseGone(key, undefined);
    const uid = pod.metadata?.uid ?? '';
    await this.releaseGone(key, uid);
    if (pod.metadata?.deletionTimestamp) return this.terminate(pod);
    const entry = this.registry.forUid(uid);
    if (entry === undefined) {
      if (isTerminalPhase(pod) || this.rejectedUids.has(uid)) return;
      await this.create(pod);
      podMetrics.syncs.inc({ result: 'created' });
      return;
    }
    await this.reportStatus(pod, entry);
  }

  /** Container groups recorded under this pod name whose pod (this UID) no longer exists. */
  private async releaseGone(key: string, currentUid: string | undefined): Promise<void> {
    for (const entry of this.registry.forPodKey(key)) {
      if (entry.podUid === currentUid) continue;
      await this.inFlight.get(entry.podUid);
      await deleteGroup(this.deps.backend, entry.containerGroupId);
      this.registry.remove(entry.containerGroupId);
      logger.info('container group deleted: its pod is gone', {
        pod: key,
        containerGroupId: entry.containerGroupId,
      });
    }
  }

  private async terminate(pod: k8s.V1Pod): Promise<void> {
    const uid = pod.metadata?.uid ?? '';
    this.rejectedUids.delete(uid);
    await this.inFlight.get(uid);
    const entry = this.registry.forUid(uid);
    if (entry !== undefined) {
      const started = Date.now();
      await deleteGroup(this.deps.backend, entry.containerGroupId);
      this.registry.remove(entry.containerGroupId);
      podMetrics.deletes.observe((Date.now() - started) / 1000);
      this.deps.events.normal(
        podTarget(pod),
        'ProviderDeleteSuccess',
        `Deleted container group ${entry.containerGroupId}`,
      );
    }
    try {
      await this.deps.api.json('DELETE', podPath(pod), {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, preconditions: { uid } },
      });
    } catch (err) {
      // 404: already gone; 409: a new pod took the name (the UID precondition protected it).
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
    // As with status writes, apply the deletion locally: a sync queued meanwhile must not delete again.
    const key = podKeyOf(pod);
    if (this.informer.store.get(key)?.metadata?.uid === uid) this.informer.store.delete(key);
    podMetrics.syncs.inc({ result: 'deleted' });
  }

  private translationContext(refs: TranslationContext['refs']): TranslationContext {
    const { config } = this.deps;
    const profile = this.deps.profile();
    return {
      regionId: config.region,
      vSwitchIds: profile.vSwitchIds?.length ? profile.vSwitchIds : config.vSwitchIds,
      securityGroupId: profile.securityGroupId ?? config.securityGroupId,
      kubeProxy: config.kubeProxy,
      clusterId: config.clusterId,
      nodeName: this.deps.nodeName,
      refs,
      clusterDns: this.deps.services?.clusterDns,
      serviceEnvironment: this.deps.services?.serviceEnvironment,
    };
  }

  private async create(pod: k8s.V1Pod): Promise<void> {
    const uid = pod.metadata?.uid ?? '';
    const key = podKeyOf(pod);
    const target = podTarget(pod);
    const started = Date.now();
    let translation;
    try {
      translation = translatePod(pod, this.translationContext(await fetchReferences(this.deps.api, pod)));
    } catch (err) {
      if (!(err instanceof TranslationError)) throw err;
      return this.rejected(pod, err);
    }
    for (const warning of translation.warnings) this.deps.events.warning(target, 'ProviderWarning', warning);
    const creating = createWithCandidates(
      this.deps.backend,
      translation.request,
      translation.candidates,
      uid,
    );
    this.inFlight.set(
      uid,
      creating.catch(() => undefined),
    );
    try {
      const created = await creating;
      this.registry.set({
        containerGroupId: created.containerGroupId,
        podKey: key,
        podUid: uid,
        spec: created.spec,
        requestId: created.requestId,
        knownSince: Date.now(),
      });
      podMetrics.creates.observe((Date.now() - started) / 1000);
      this.deps.onCreated?.();
      logger.info('container group created', {
        pod: key,
        containerGroupId: created.containerGroupId,
        spec: created.spec,
        requestId: created.requestId,
      });
      this.deps.events.normal(
        target,
        'ProviderCreateSuccess',
        `Created container group ${created.containerGroupId} (${created.spec})`,
      );
    } catch (err) {
      if (err instanceof NoStockError) {
        this.deps.events.warning(target, 'NoStock', err.message);
        await this.writeStatus(pod, waitingStatus(pod, 'NoStock', err.message, new Date()), {});
      } else if (isBackendError(err, 'InvalidParameter')) {
        // ECI refuses the request itself: retrying the same request cannot help.
        const message = `ECI rejected the container group: ${err.code}: ${err.message}`;
        this.deps.events.warning(target, 'ProviderFailed', message);
        await this.writeStatus(pod, providerFailedStatus(pod, message, new Date()), {});
        this.rejectedUids.add(uid);
        podMetrics.syncs.inc({ result: 'rejected' });
        return;
      } else {
        const code = (err as { code?: string }).code;
        this.deps.events.warning(
          target,
          'ProviderCreateFailed',
          `${code ? `${code}: ` : ''}${errorMessage(err)}`,
        );
      }
      throw err;
    } finally {
      this.inFlight.delete(uid);
    }
  }

  private async rejected(pod: k8s.V1Pod, err: TranslationError): Promise<void> {
    const now = new Date();
    if (err.permanent) {
      this.deps.events.warning(podTarget(pod), 'ProviderFailed', err.message);
      await this.writeStatus(pod, providerFailedStatus(pod, err.message, now), {});
      this.rejectedUids.add(pod.metadata?.uid ?? '');
      podMetrics.syncs.inc({ result: 'rejected' });
      return;
    }
    this.deps.events.warning(podTarget(pod), 'Failed', `Error: ${err.message}`);
    await this.writeStatus(pod, waitingStatus(pod, err.reason, err.message, now), {});
    throw err; // retried with back-off until the referenced object appears
  }

  private async reportStatus(pod: k8s.V1Pod, entry: GroupEntry): Promise<void> {
    const now = new Date();
    if (entry.missing) {
      const lost = podPhaseForMissingGroup(pod, now);
      if (lost === undefined) return;
      this.deps.events.warning(
        podTarget(pod),
        'NotFound',
        `container group ${entry.containerGroupId} no longer exists in ECI`,
      );
      this.registry.remove(entry.containerGroupId);
      await this.writeStatus(pod, lost, {});
      return;
    }
    const annotations: Record<string, string> = {
      [ANNOTATION.instanceId]: entry.containerGroupId,
      ...(entry.spec ? { [ANNOTATION.instanceSpec]: entry.spec } : {}),
      ...(entry.requestId ? { [ANNOTATION.requestId]: entry.requestId } : {}),
    };
    if (entry.record === undefined) return this.writeStatus(pod, undefined, annotations);
    if (isTerminalPhase(pod)) return;
    await this.writeStatus(pod, toPodStatus(pod, entry.record, now), annotations);
  }

  /** One strategic-merge PATCH of pods/status carrying both annotations and status; skipped when nothing changed. */
  private async writeStatus(
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
    const body: k8s.V1Pod = {
      metadata: changedAnnotations.length
        ? { annotations: Object.fromEntries(changedAnnotations) }
        : undefined,
      status,
    };
    const response = await this.deps.api.json<unknown>('PATCH', `${podPath(pod)}/status`, {
      body,
      contentType: STRATEGIC_MERGE_PATCH_TYPE,
    });
    podMetrics.statusWrites.inc({ result: 'written' });
    if (status?.phase === 'Running' && pod.status?.phase !== 'Running') this.observeBindToRunning(pod);
    this.informer.applyOwnWrite(pod, response);
  }

  private observeBindToRunning(pod: k8s.V1Pod): void {
    const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.lastTransitionTime;
    const from = scheduled ?? pod.metadata?.creationTimestamp;
    if (from) podMetrics.bindToRunning.observe((Date.now() - new Date(from).getTime()) / 1000);
  }
}
