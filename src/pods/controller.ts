import type * as k8s from '@kubernetes/client-node';
import type { Backend } from '../../providers/backend.js';
import { delay, systemClock, type Clock } from '../../providers/clock.js';
import type { ContainerGroupStatusRecord, EciEvent, Tag } from '../../providers/eci-api/index.js';
import type { ControllerConfig } from '../config/index.js';
import {
  backoffDelay,
  EventRecorder,
  Informer,
  internShared,
  podTarget,
  WorkQueue,
  type KubeRest,
} from '../kube/index.js';
import { errorMessage, logger } from '../log.js';
import {
  ANNOTATION,
  CAPACITY_REASONS,
  eciEventKey,
  latestEvent,
  missingReferenceEvents,
  podPhaseForMissingGroup,
  TAG,
  toPodStatus,
  translatePod,
  TranslationError,
  type Translation,
  type TranslationContext,
  warningReason,
} from '../translate/index.js';
import type { ClusterServices } from './cluster-services.js';
import { EciEventReporter } from './event-reporter.js';
import { createWithCandidates, deleteGroup, isTerminalPhase, podKeyOf, type Created } from './lifecycle.js';
import { ImageCacheMatcher } from './image-cache-match.js';
import { describeInitNow, initSeen } from './init-containers.js';
import { needsNewGroup, RescheduleBackoff, successorToken, unscheduledCause } from './reschedule.js';
import { waitingStatus } from './failure-status.js';
import { reconcileListing, type ListingContext } from './listing.js';
import { podLoopState, podMetrics, reportPodLoopState } from './metrics.js';
import type { PodsApi } from './pods-api.js';
import { applyInPlaceUpdates, type InPlaceDeps } from './in-place.js';
import { MountRefresher } from './mount-refresh.js';
import { GroupRegistry, type GroupEntry } from './registry.js';
import { sameJson } from './same-json.js';
import { withResizeStatus } from './resize.js';
import { StatusPoller, type GroupEvents, type GroupObserver } from './status-poller.js';
import { StatusWriter } from './status-writer.js';
import { WaitingPods, type ObjectRef, type Seen } from './waiting.js';
import { writeBackFor } from './write-back.js';
import type { Placement } from './placement.js';
import { createFailed, rejected, type FailureContext } from './create-failure.js';
import { translationContextFor, type ProfileDefaults } from './translation-context.js';

export type { ProfileDefaults } from './translation-context.js';

/** A group known this long without a status record is looked up by ID. */
const UNREPORTED_AFTER_MS = 3_000;
/** The events of a group whose status record did not change are fetched at most this often. */
const EVENTS_REFETCH_MS = 1_000;
/** How often objects that waiting pods reference are read, and how many at most each time. */
const WAITING_CHECK_MS = 2_000;
const READS_PER_CHECK = 50;

/** When the API server stops waiting for the pod's containers: its deletionTimestamp (now + grace). */
function deletionDeadline(pod: k8s.V1Pod): number {
  const at = pod.metadata?.deletionTimestamp;
  return at === undefined ? 0 : new Date(at).getTime();
}

function sameEvent(a: EciEvent, b: EciEvent | undefined): boolean {
  return b !== undefined && eciEventKey(a) === eciEventKey(b) && a.Count === b.Count;
}

export interface PodControllerDeps {
  /** Lists and watches the node's pods. */
  rest: KubeRest;
  /** Writes pod status, deletes pods, reads what pods reference. */
  pods: PodsApi;
  backend: Backend;
  config: ControllerConfig;
  nodeName: string;
  events: EventRecorder;
  /** The live eci-profile's defaults: they win over env, and pod annotations win over them. */
  profile: () => ProfileDefaults;
  /**
   * The node's vSwitches (its zone's, then other zones' for unpinned pods). Without it: the
   * profile's vSwitchIds, else ECI_VSWITCH, for every pod.
   */
  placement?: () => Placement;
  services?: ClusterServices;
  /** Default: wall-clock time. Tests pass a ManualClock. */
  clock?: Clock;
}

/**
 * Runs the pods bound to the virtual node as container groups. Informer events and the status
 * source only enqueue pod keys or record what they saw; one worker at a time syncs a key: create,
 * report status, or release, with retries forever. This class alone owns the group registry and
 * decides what to do about what was seen.
 */
export class PodController {
  readonly registry = new GroupRegistry();
  readonly queue: WorkQueue;
  readonly informer: Informer<k8s.V1Pod>;
  readonly poller: StatusPoller;
  private readonly clock: Clock;
  private readonly eciEvents: EciEventReporter;
  private readonly writer: StatusWriter;
  /** Pods whose create call is in flight, by UID: a delete arriving meanwhile waits for it. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Pods ECI cannot run (by UID): their status says why; creating again cannot succeed. */
  private readonly rejectedUids = new Set<string>();
  /** True from start until the first full listing is reconciled. */
  private adopting = true;
  private stopping = false;
  /** Takes this loop out of the process's gauges. */
  private unreport: () => void = () => undefined;
  /** Pods waiting for a ConfigMap, Secret or claim: they start as soon as it appears. */
  private readonly waiting = new WaitingPods();
  /** Running groups' mounted files, refreshed when the ConfigMaps and Secrets they come from change. */
  private readonly mounts: MountRefresher;
  private readonly inPlace: InPlaceDeps;
  private readonly cacheMatcher: ImageCacheMatcher;
  private readonly reschedules = new RescheduleBackoff();

  constructor(private readonly deps: PodControllerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.eciEvents = new EciEventReporter(deps.events);
    this.queue = new WorkQueue(
      (key) => this.sync(key),
      (key, err, attempt) => {
        podMetrics.queueRetries.inc();
        logger.warn('pod sync failed, will retry', { pod: key, attempt, err: errorMessage(err) });
      },
      { workers: deps.config.workers, clock: this.clock },
    );
    this.informer = new Informer<k8s.V1Pod>(
      deps.rest,
      { path: '/api/v1/pods', query: { fieldSelector: `spec.nodeName=${deps.nodeName}` }, kind: 'V1Pod' },
      {
        onUpsert: (pod) => this.queue.add(podKeyOf(pod)),
        onDelete: (pod) => {
          this.rejectedUids.delete(pod.metadata?.uid ?? '');
          this.eciEvents.forget(pod.metadata?.uid ?? '');
          this.reschedules.forget(pod.metadata?.uid ?? '');
          this.queue.add(podKeyOf(pod));
        },
      },
    );
    this.writer = new StatusWriter(deps.pods, this.informer, this.clock);
    this.cacheMatcher = new ImageCacheMatcher(deps.backend, this.clock);
    this.mounts = new MountRefresher({
      backend: deps.backend,
      events: deps.events,
      references: (pod) => deps.pods.references(pod),
      volumesOf: (pod, refs) => translatePod(pod, this.translationContext(pod, refs)).request.Volume ?? [],
    });
    this.inPlace = {
      backend: deps.backend,
      events: deps.events,
      clock: this.clock,
      mounts: this.mounts,
      requestOf: async (p) =>
        translatePod(p, this.translationContext(p, await deps.pods.references(p))).request,
    };
    const tags: Tag[] = [
      { Key: TAG.cluster, Value: deps.config.clusterId },
      { Key: TAG.node, Value: deps.nodeName },
    ];
    this.poller = new StatusPoller(deps.backend, tags, this.observer(), {
      intervalMs: deps.config.statusIntervalSeconds * 1000,
      fullResyncMs: deps.config.fullResyncSeconds * 1000,
      clock: this.clock,
    });
  }

  get nodeName(): string {
    return this.deps.nodeName;
  }

  /** False after repeated failed status polls: the node reports it. */
  get backendHealthy(): boolean {
    return this.poller.healthy;
  }

  pod(key: string): k8s.V1Pod | undefined {
    return this.informer.store.get(key);
  }

  /**
   * Lists the node's pods, learns which groups already exist for which of them (their annotations,
   * then one full listing that adopts or deletes the rest), and only then starts syncing.
   */
  async start(): Promise<void> {
    this.unreport = reportPodLoopState(
      podLoopState(
        this.informer.store,
        this.registry,
        () => this.queue.depth,
        () => this.informer.restarts,
      ),
    );
    await this.informer.start();
    for (const pod of this.informer.store.values()) {
      const id = pod.metadata?.annotations?.[ANNOTATION.instanceId];
      const uid = pod.metadata?.uid;
      if (id && uid) {
        this.registry.set({
          containerGroupId: id,
          podKey: podKeyOf(pod),
          podUid: uid,
          knownSince: this.clock.now(),
          spec: pod.metadata?.annotations?.[ANNOTATION.instanceSpec],
        });
      }
    }
    await this.listUntilDone();
    this.adopting = false;
    this.queue.run();
    this.poller.start();
    void this.readReferences(
      () => this.waiting.due(READS_PER_CHECK),
      (ref, seen) => this.waiting.observed(ref, seen),
    );
    void this.readReferences(
      () => this.mounts.due(WAITING_CHECK_MS, READS_PER_CHECK),
      (ref, seen) => this.mounts.observed(ref, seen),
    );
  }

  /**
   * Reads objects by name every 2 s and syncs the pods whose object appeared or changed. Two loops,
   * so that the many objects running pods mount never delay a waiting pod: waiting pods' objects (50
   * at a time, in turn) start them within seconds instead of at their next back-off retry, up to a
   * minute later; mounted objects are each read within a minute (see mount-refresh.ts).
   */
  private async readReferences(
    due: () => ObjectRef[],
    observed: (ref: ObjectRef, seen: Seen) => string[],
  ): Promise<void> {
    while (!this.stopping) {
      await delay(this.clock, WAITING_CHECK_MS);
      for (const ref of this.stopping ? [] : due()) {
        let seen: Seen;
        try {
          seen = await this.deps.pods.resourceVersionOf(ref);
        } catch (err) {
          logger.debug('reading a referenced object failed', { ref, err: errorMessage(err) });
          continue;
        }
        for (const key of observed(ref, seen)) this.queue.add(key);
      }
    }
  }

  /** The first full listing, retried with back-off: without it, no group may be created or deleted. */
  private async listUntilDone(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.poller.listAll();
      } catch (err) {
        if (this.stopping) throw err;
        const delayMs = backoffDelay(attempt, 1_000, 30_000);
        logger.warn('listing container groups failed, will retry', {
          attempt,
          delayMs,
          err: errorMessage(err),
        });
        await delay(this.clock, delayMs);
      }
    }
  }

  /** Stops watching and polling, and finishes the syncs in flight. Groups are kept. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unreport();
    this.poller.stop();
    this.informer.stop();
    await this.queue.shutDown();
  }

  async sync(key: string): Promise<void> {
    const pod = this.informer.store.get(key);
    if (pod === undefined || pod.metadata?.deletionTimestamp || isTerminalPhase(pod)) {
      this.waiting.release(key);
      this.mounts.release(key);
    }
    if (pod === undefined) return this.releaseGone(key, undefined);
    const uid = pod.metadata?.uid ?? '';
    await this.releaseGone(key, uid);
    if (pod.metadata?.deletionTimestamp) return this.terminate(pod);
    const entry = this.registry.forUid(uid);
    if (entry === undefined) {
      if (isTerminalPhase(pod) || this.rejectedUids.has(uid)) return;
      await this.create(pod, undefined);
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

  /**
   * A pod being deleted, as the kubelet does it: its group is asked to stop (ECI runs preStop hooks
   * and SIGTERM within the group's grace period), the pod stays Terminating meanwhile, and the pod
   * object is removed once the group is gone, or when the grace period is over.
   */
  private async terminate(pod: k8s.V1Pod): Promise<void> {
    const uid = pod.metadata?.uid ?? '';
    this.rejectedUids.delete(uid);
    await this.inFlight.get(uid);
    const entry = this.registry.forUid(uid);
    if (entry !== undefined) {
      if (entry.deleteRequestedAt === undefined) {
        await deleteGroup(this.deps.backend, entry.containerGroupId);
        entry.deleteRequestedAt = this.clock.now();
        this.deps.events.normal(
          podTarget(pod),
          'ProviderDeleteSuccess',
          `Deleted container group ${entry.containerGroupId}: its containers are stopping`,
        );
      }
      const now = this.clock.now();
      const deadline = deletionDeadline(pod);
      if (!entry.gone && !entry.missing && now < deadline) {
        // The status source says when the group is gone; at the deadline we stop waiting.
        this.queue.addAfter(podKeyOf(pod), deadline - now);
        return;
      }
      this.registry.remove(entry.containerGroupId);
      podMetrics.deletes.observe((now - entry.deleteRequestedAt) / 1000);
    }
    await this.deps.pods.deleteWithUid(pod);
    // As with status writes, apply the deletion locally: a sync queued meanwhile must not delete again.
    const key = podKeyOf(pod);
    if (this.informer.store.get(key)?.metadata?.uid === uid) this.informer.store.delete(key);
    podMetrics.syncs.inc({ result: 'deleted' });
  }

  private translationContext(pod: k8s.V1Pod, refs: TranslationContext['refs']): TranslationContext {
    return translationContextFor(pod, refs, {
      config: this.deps.config,
      nodeName: this.deps.nodeName,
      profile: this.deps.profile(),
      placement: this.deps.placement?.(),
      services: this.deps.services,
    });
  }

  /**
   * Creates the pod's container group; `replaced`, a group of the pod that ECI could not schedule,
   * is deleted once its successor exists (see reschedule.ts for why in that order).
   */
  private async create(pod: k8s.V1Pod, replaced: string | undefined): Promise<void> {
    const uid = pod.metadata?.uid ?? '';
    const target = podTarget(pod);
    const started = this.clock.now();
    let translation;
    const refs = await this.deps.pods.references(pod);
    for (const { reason, message } of missingReferenceEvents(pod, refs)) {
      this.deps.events.warning(target, reason, message);
    }
    try {
      translation = translatePod(pod, this.translationContext(pod, refs));
    } catch (err) {
      if (!(err instanceof TranslationError)) throw err;
      return rejected(this.failures(), pod, err, refs);
    }
    this.waiting.release(podKeyOf(pod));
    for (const warning of translation.warnings)
      this.deps.events.warning(target, warningReason(warning), warning);
    const token = replaced === undefined ? uid : successorToken(uid, replaced);
    const creating = this.pinAndCreate(pod, translation, token);
    this.inFlight.set(
      uid,
      creating.catch(() => undefined),
    );
    try {
      const created = await creating;
      const entry = this.registry.set({
        containerGroupId: created.containerGroupId,
        podKey: podKeyOf(pod),
        podUid: uid,
        spec: created.spec,
        requestId: created.requestId,
        knownSince: this.clock.now(),
      });
      this.mounts.track(pod, entry, translation.request.Volume ?? [], refs);
      podMetrics.creates.observe((this.clock.now() - started) / 1000);
      this.poller.nudge();
      logger.info('container group created', {
        pod: podKeyOf(pod),
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
      if (await createFailed(this.failures(), pod, err)) return;
      throw err;
    } finally {
      this.inFlight.delete(uid);
    }
    if (replaced !== undefined) await this.deleteReplaced(pod, replaced);
  }

  /** Failing here is not the new group's failure: the next listing deletes the replaced group (listing.ts). */
  private async deleteReplaced(pod: k8s.V1Pod, containerGroupId: string): Promise<void> {
    try {
      await deleteGroup(this.deps.backend, containerGroupId);
      logger.info('unscheduled container group replaced', { pod: podKeyOf(pod), containerGroupId });
    } catch (err) {
      logger.warn('unscheduled container group not deleted yet: the next listing will', {
        pod: podKeyOf(pod),
        containerGroupId,
        err: errorMessage(err),
      });
    }
  }

  /** Pins the image cache the pod asked to match (imc-perfect-match and co.), then creates. */
  private async pinAndCreate(pod: k8s.V1Pod, translation: Translation, token: string): Promise<Created> {
    let request = translation.request;
    if (translation.imageCacheMatch) {
      const pinned = await this.cacheMatcher.pin(request, translation.imageCacheMatch);
      this.deps.events.normal(podTarget(pod), pinned.reason, pinned.message);
      request = pinned.request;
    }
    return createWithCandidates(this.deps.backend, request, translation.candidates, token);
  }

  private async reportStatus(pod: k8s.V1Pod, entry: GroupEntry): Promise<void> {
    const now = new Date(this.clock.now());
    if (entry.missing) {
      const lost = podPhaseForMissingGroup(pod, now);
      if (lost === undefined) return;
      this.deps.events.warning(
        podTarget(pod),
        'NotFound',
        `container group ${entry.containerGroupId} no longer exists in ECI`,
      );
      this.registry.remove(entry.containerGroupId);
      await this.writer.write(pod, lost, {});
      return;
    }
    const annotations: Record<string, string> = {
      [ANNOTATION.instanceId]: entry.containerGroupId,
      ...(entry.spec ? { [ANNOTATION.instanceSpec]: entry.spec } : {}),
      ...(entry.requestId ? { [ANNOTATION.requestId]: entry.requestId } : {}),
      ...(await writeBackFor(this.deps.backend, pod, entry, this.clock)),
    };
    if (entry.record === undefined) return this.writer.write(pod, undefined, annotations);
    if (isTerminalPhase(pod)) return;
    if (needsNewGroup(pod, entry)) return this.replaceUnscheduled(pod, entry);
    await applyInPlaceUpdates(this.inPlace, pod, entry, entry.record);
    const status = toPodStatus(pod, entry.record, now, entry.capacityEvent, entry.initContainers);
    await this.writer.write(pod, withResizeStatus(status, pod, entry.resize, now), annotations);
  }

  /** fail-back: a group ECI accepted but could not schedule is replaced, the pod Pending meanwhile. */
  private async replaceUnscheduled(pod: k8s.V1Pod, entry: GroupEntry): Promise<void> {
    const wait = this.reschedules.take(entry.podUid, this.clock.now());
    if (wait > 0) return this.queue.addAfter(podKeyOf(pod), wait);
    const { reason, message } = unscheduledCause(entry);
    this.deps.events.warning(podTarget(pod), reason, message);
    await this.writer.write(pod, waitingStatus(pod, reason, message, new Date(this.clock.now())), {});
    await this.create(pod, entry.containerGroupId);
  }

  /**
   * Applies a status record to its group's entry: undefined when no entry claims the group, else
   * whether the record differs from the last one (a poll returns each group for as long as its
   * last change is within the poll's window, so most records repeat the last one).
   */
  private observe(record: ContainerGroupStatusRecord): { entry: GroupEntry; changed: boolean } | undefined {
    const entry = this.registry.forGroup(record.ContainerGroupId);
    if (entry === undefined) return undefined;
    if (entry.record !== undefined && sameJson(entry.record, record)) return { entry, changed: false };
    // Kept until the next change: parsed from the SDK's answer, each record's strings were its own
    // (10,000 groups held 50,000 copies of a few hundred condition times and 10,000 of an image name).
    entry.record = internShared(record);
    entry.missing = false;
    this.queue.add(entry.podKey);
    return { entry, changed: true };
  }

  /**
   * The groups whose events to fetch with this poll: those whose record changed, and the others at
   * most once a second. ECI may add an event without changing the record, so a group still in the
   * poll's window is asked again; but during a burst polls come several times a second, and asking
   * for every group's events each time was most of the poll's work.
   */
  private observePolled(records: ContainerGroupStatusRecord[]): string[] {
    const now = this.clock.now();
    const due: string[] = [];
    for (const record of records) {
      const seen = this.observe(record);
      if (seen === undefined) continue;
      const { entry, changed } = seen;
      if (!changed && now - (entry.eventsFetchedAt ?? -Infinity) < EVENTS_REFETCH_MS) continue;
      entry.eventsFetchedAt = now;
      due.push(entry.containerGroupId);
    }
    return due;
  }

  private eventsSeen(groups: GroupEvents[]): void {
    for (const { ContainerGroupId, Events } of groups) {
      const entry = this.registry.forGroup(ContainerGroupId);
      const pod = entry && this.informer.store.get(entry.podKey);
      if (entry === undefined || pod === undefined || pod.metadata?.uid !== entry.podUid) continue;
      this.eciEvents.report(pod, Events);
      const capacity = latestEvent(Events, CAPACITY_REASONS);
      if (capacity !== undefined && !sameEvent(capacity, entry.capacityEvent)) {
        entry.capacityEvent = capacity;
        this.queue.add(entry.podKey);
      }
    }
  }

  private observer(): GroupObserver {
    return {
      observed: (records) => this.observePolled(records),
      eventsSeen: (groups) => this.eventsSeen(groups),
      listed: (records, listedAt) =>
        reconcileListing(this.listingContext(), records, listedAt, this.adopting),
      toLookUp: (now) => {
        const unreported: string[] = [];
        const deleting: string[] = [];
        const initializing: string[] = [];
        const podOf = (key: string) => this.informer.store.get(key);
        for (const entry of this.registry.entries()) {
          if (entry.deleteRequestedAt !== undefined) {
            if (!entry.gone) deleting.push(entry.containerGroupId);
          } else if (entry.record === undefined && now - entry.knownSince > UNREPORTED_AFTER_MS) {
            unreported.push(entry.containerGroupId);
          } else if (describeInitNow(entry, podOf, now)) {
            initializing.push(entry.containerGroupId);
          }
        }
        return { unreported, deleting, initializing };
      },
      initSeen: (groups) => {
        const now = this.clock.now();
        for (const key of initSeen(groups, (id) => this.registry.forGroup(id), now)) this.queue.add(key);
      },
      absent: (ids) => {
        for (const id of ids) {
          const entry = this.registry.forGroup(id);
          if (entry?.deleteRequestedAt === undefined) continue; // not yet listed, maybe: the full listing decides
          entry.gone = true;
          this.queue.add(entry.podKey);
        }
      },
    };
  }

  private listingContext(): ListingContext {
    let keysByUid: Map<string, string> | undefined;
    return {
      backend: this.deps.backend,
      registry: this.registry,
      podKeyOfUid: (uid) => {
        keysByUid ??= new Map(
          [...this.informer.store.values()].map((p) => [p.metadata?.uid ?? '', podKeyOf(p)]),
        );
        return keysByUid.get(uid);
      },
      isInFlight: (uid) => this.inFlight.has(uid),
      enqueue: (key) => this.queue.add(key),
      observe: (record) => this.observe(record) !== undefined,
      now: () => this.clock.now(),
    };
  }

  private failures(): FailureContext {
    return {
      events: this.deps.events,
      writer: this.writer,
      rejectedUids: this.rejectedUids,
      waiting: this.waiting,
      now: () => new Date(this.clock.now()),
    };
  }
}
