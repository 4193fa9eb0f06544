import * as k8s from '@kubernetes/client-node';
import { referencesOf, type ReferencedObjects } from '../eci/index.js';
import { isNotFound } from '../kube/index.js';

/**
 * Fetches what a pod's env and volumes reference. A missing object is left out of the maps (the
 * translation decides whether that is fatal, optional, or worth waiting for); other API errors throw
 * so the sync is retried.
 */
export async function fetchReferences(core: k8s.CoreV1Api, pod: k8s.V1Pod): Promise<ReferencedObjects> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const wanted = referencesOf(pod);
  const refs: ReferencedObjects = {
    configMaps: new Map(),
    secrets: new Map(),
    persistentVolumeClaims: new Map(),
    persistentVolumes: new Map(),
  };
  await Promise.all([
    ...wanted.configMaps.map((name) =>
      getOrSkip(
        () => core.readNamespacedConfigMap({ name, namespace }),
        (o) => refs.configMaps.set(name, o),
      ),
    ),
    ...wanted.secrets.map((name) =>
      getOrSkip(
        () => core.readNamespacedSecret({ name, namespace }),
        (o) => refs.secrets.set(name, o),
      ),
    ),
    ...wanted.persistentVolumeClaims.map((name) =>
      getOrSkip(
        () => core.readNamespacedPersistentVolumeClaim({ name, namespace }),
        (o) => refs.persistentVolumeClaims.set(name, o),
      ),
    ),
  ]);
  const volumeNames = [...refs.persistentVolumeClaims.values()].flatMap((c) => c.spec?.volumeName ?? []);
  await Promise.all(
    volumeNames.map((name) =>
      getOrSkip(
        () => core.readPersistentVolume({ name }),
        (o) => refs.persistentVolumes.set(name, o),
      ),
    ),
  );
  if (wanted.needsServiceAccountToken) {
    const token = await core.createNamespacedServiceAccountToken({
      name: wanted.serviceAccountName ?? pod.spec?.serviceAccountName ?? 'default',
      namespace,
      body: {
        spec: {
          audiences: wanted.tokenAudiences ?? [],
          expirationSeconds: wanted.tokenExpirationSeconds ?? 3600,
          boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name, uid: pod.metadata?.uid },
        },
      },
    });
    refs.serviceAccountToken = token.status?.token;
  }
  return refs;
}

async function getOrSkip<T>(read: () => Promise<T>, keep: (obj: T) => void): Promise<void> {
  try {
    keep(await read());
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
