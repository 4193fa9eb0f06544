import { createHash } from 'node:crypto';
import type * as k8s from '@kubernetes/client-node';
import type { Backend } from '../../providers/backend.js';
import type { ContainerGroupStatusRecord, Volume } from '../../providers/eci-api/index.js';
import { internStrings, podTarget, type EventRecorder } from '../kube/index.js';
import { ANNOTATION, TranslationError, type ReferencedObjects } from '../translate/index.js';
import { podKeyOf } from './lifecycle.js';
import type { GroupEntry } from './registry.js';
import { isRefusal, reportRefused } from './update-refused.js';
import { mountedObjects, WaitingPods, type ObjectRef, type Seen } from './waiting.js';

/** Every mounted object is read at least this often: with the status poll, files change within 90 s. */
const READ_EVERY_MS = 60_000;

export interface MountRefreshDeps {
  backend: Backend;
  events: EventRecorder;
  /** What the pod references now (ConfigMaps, Secrets, a fresh token). */
  references(pod: k8s.V1Pod): Promise<ReferencedObjects>;
  /** The pod's volumes as a create request would have them with these references; throws TranslationError. */
  volumesOf(pod: k8s.V1Pod, refs: ReferencedObjects): Volume[];
}

const sha = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

function hasFileVolumes(pod: k8s.V1Pod): boolean {
  return (pod.spec?.volumes ?? []).some((v) => v.configMap || v.secret || v.projected || v.downwardAPI);
}

/**
 * The files the volumes hold, as a digest. Token files are left out: every TokenRequest issues a new
 * token, and a new token alone is no reason to update the group (ECI never refreshes it either).
 */
export function mountsDigest(pod: k8s.V1Pod, volumes: Volume[]): string {
  const tokens = new Set(
    (pod.spec?.volumes ?? []).flatMap((v) =>
      (v.projected?.sources ?? []).flatMap((s) =>
        s.serviceAccountToken ? [`${v.name}/${s.serviceAccountToken.path}`] : [],
      ),
    ),
  );
  return sha(
    volumes
      .filter((v) => v.Type === 'ConfigFileVolume')
      .map((v) => ({
        ...v,
        ConfigFileVolume: {
          ...v.ConfigFileVolume,
          ConfigFileToPath: (v.ConfigFileVolume?.ConfigFileToPath ?? []).map((f) =>
            tokens.has(`${v.Name}/${f.Path}`) ? { ...f, Content: '' } : f,
          ),
        },
      })),
  );
}

/** Annotations this controller writes back: downward files are not refreshed for them alone. */
const WRITTEN_BACK = new Set<string>([
  ANNOTATION.instanceId,
  ANNOTATION.instanceSpec,
  ANNOTATION.requestId,
  ANNOTATION.allocatedEip,
  ANNOTATION.allocatedIpv6,
  ANNOTATION.eniInstanceId,
  ANNOTATION.vpc,
  ANNOTATION.instanceZone,
  ANNOTATION.pricePerHour,
]);

const KEYED_FIELD = /^metadata\.(labels|annotations)\['(.+)'\]$/;

/** The value a downward file's field can change to; undefined for fields that never change (name, uid...). */
function mutableValue(pod: k8s.V1Pod, fieldPath: string): unknown {
  const labels = pod.metadata?.labels ?? {};
  const annotations = Object.fromEntries(
    Object.entries(pod.metadata?.annotations ?? {}).filter(([k]) => !WRITTEN_BACK.has(k)),
  );
  if (fieldPath === 'metadata.labels') return labels;
  if (fieldPath === 'metadata.annotations') return annotations;
  const keyed = KEYED_FIELD.exec(fieldPath);
  if (keyed) return (keyed[1] === 'labels' ? labels : annotations)[keyed[2]];
  return undefined;
}

/**
 * What the pod's downward files are computed from and may change (labels, annotations, container
 * resources they name), as a digest: a change of anything else (status writes, our own annotations)
 * does not cost a refresh.
 */
export function downwardInputs(pod: k8s.V1Pod): string {
  const items = (pod.spec?.volumes ?? []).flatMap((v) => [
    ...(v.downwardAPI?.items ?? []),
    ...(v.projected?.sources ?? []).flatMap((s) => s.downwardAPI?.items ?? []),
  ]);
  if (items.length === 0) return '';
  const containers = new Map((pod.spec?.containers ?? []).map((c) => [c.name, c.resources]));
  return sha(
    items.map((i) =>
      i.fieldRef
        ? mutableValue(pod, i.fieldRef.fieldPath)
        : containers.get(i.resourceFieldRef?.containerName ?? pod.spec?.containers?.[0]?.name ?? ''),
    ),
  );
}

/**
 * Keeps the files of running groups' ConfigFile volumes equal to the ConfigMaps, Secrets and pod
 * fields they come from, as the kubelet refreshes mounted volumes (env stays as it was). Objects are
 * watched by resourceVersion only, each read at least once a minute; a change is applied with
 * UpdateContainerGroup, which ECI documents as moving the group to Updating: its containers restart
 * with the new files. ECI's refusals are reported once and not asked again until the content changes.
 */
export class MountRefresher {
  private readonly tracked = new WaitingPods();
  /** Pods one of whose mounted objects changed since their files were last compared. */
  private readonly stale = new Set<string>();

  constructor(private readonly deps: MountRefreshDeps) {}

  /** Starts watching what a running group's files came from (at create, or the first sync after adopting it). */
  track(pod: k8s.V1Pod, entry: GroupEntry, volumes: Volume[], refs: ReferencedObjects): void {
    // Shared strings: most pods of a burst mount the same objects (or none).
    entry.mounts = internStrings({
      ...entry.mounts,
      digest: mountsDigest(pod, volumes),
      inputs: downwardInputs(pod),
    });
    const seen = (ref: ObjectRef): Seen =>
      (ref.kind === 'configmaps' ? refs.configMaps : refs.secrets).get(ref.name)?.metadata?.resourceVersion;
    this.tracked.wait(
      podKeyOf(pod),
      mountedObjects(pod).map((ref) => ({ ref, seen: seen(ref) })),
    );
  }

  release(podKey: string): void {
    this.tracked.release(podKey);
    this.stale.delete(podKey);
  }

  /** The objects to read now: enough of them each time that every one is read within a minute. */
  due(tickMs: number, atLeast: number): ObjectRef[] {
    return this.tracked.due(Math.max(atLeast, Math.ceil((this.tracked.objects * tickMs) / READ_EVERY_MS)));
  }

  /** Records a read; returns the pods whose files may have changed. */
  observed(ref: ObjectRef, seen: Seen): string[] {
    const keys = this.tracked.observed(ref, seen);
    for (const key of keys) this.stale.add(key);
    return keys;
  }

  /** Brings the group's files up to date when what they come from changed; true when the group was updated. */
  async refresh(pod: k8s.V1Pod, entry: GroupEntry, record: ContainerGroupStatusRecord): Promise<boolean> {
    if (!hasFileVolumes(pod)) return false;
    const key = podKeyOf(pod);
    const inputs = downwardInputs(pod);
    const known = entry.mounts;
    if (known !== undefined && !this.stale.has(key) && known.inputs === inputs) return false;
    // ECI updates Pending or Running groups only; an Updating group is compared again once it runs.
    if (record.Status !== 'Running') return false;
    this.stale.delete(key);
    const refs = await this.deps.references(pod);
    let volumes: Volume[];
    try {
      volumes = this.deps.volumesOf(pod, refs);
    } catch (err) {
      if (!(err instanceof TranslationError)) throw err;
      if (known === undefined) return false; // adopted with objects already gone: nothing to compare with
      this.track(pod, entry, [], refs);
      entry.mounts = { ...known, inputs, refused: this.once(pod, known, err) };
      return false;
    }
    const digest = mountsDigest(pod, volumes);
    this.track(pod, entry, volumes, refs);
    // Adopted after a restart: the group holds what it was created or last updated with; take it as is.
    if (known === undefined || digest === known.digest || digest === known.refused) {
      entry.mounts = { digest: known?.digest ?? digest, inputs, refused: known?.refused };
      return false;
    }
    entry.mounts = { digest: known.digest, inputs, refused: known.refused };
    return this.update(pod, entry, volumes, digest);
  }

  private async update(
    pod: k8s.V1Pod,
    entry: GroupEntry,
    volumes: Volume[],
    digest: string,
  ): Promise<boolean> {
    const known = entry.mounts ?? { digest, inputs: '' };
    const files = volumes.filter((v) => v.Type === 'ConfigFileVolume').map((v) => v.Name);
    if (pod.spec?.restartPolicy === 'Never') {
      entry.mounts = { ...known, refused: digest };
      reportRefused(this.deps.events, pod, {
        field: 'spec.volumes',
        value: `new contents of ${files.join(', ')}`,
        reason:
          'ECI applies new files by updating the container group, which restarts its containers, and restartPolicy is Never',
        keeps: 'the files it started with',
        fix: 'recreate the pod to get the new files, or use restartPolicy Always or OnFailure',
      });
      return false;
    }
    try {
      await this.deps.backend.updateContainerGroup(entry.containerGroupId, { Volume: volumes });
    } catch (err) {
      if (!isRefusal(err)) {
        this.stale.add(podKeyOf(pod)); // transient: compared again at the sync's next try
        throw err;
      }
      entry.mounts = { ...known, refused: digest };
      reportRefused(this.deps.events, pod, {
        field: 'spec.volumes',
        value: `new contents of ${files.join(', ')}`,
        reason: `ECI refused to update container group ${entry.containerGroupId}: ${err.code}: ${err.message}`,
        keeps: 'its current files',
        fix: 'change the ConfigMap or Secret to contents ECI accepts, or recreate the pod',
      });
      return false;
    }
    entry.mounts = { digest, inputs: known.inputs };
    this.deps.events.normal(
      podTarget(pod),
      'VolumesUpdated',
      `Updated the files of ${files.join(', ')} in container group ${entry.containerGroupId}: ECI restarts its containers to mount them`,
    );
    return true;
  }

  /** A refresh that cannot be computed (an object too large, or deleted): reported once per message. */
  private once(pod: k8s.V1Pod, known: NonNullable<GroupEntry['mounts']>, err: TranslationError): string {
    const refused = sha(err.message);
    if (known.refused === refused) return refused;
    reportRefused(this.deps.events, pod, {
      field: err.field,
      value: err.value,
      reason: err.problem,
      keeps: 'its current files',
      fix: err.fix,
    });
    return refused;
  }
}
