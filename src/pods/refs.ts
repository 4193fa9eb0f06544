import type * as k8s from '@kubernetes/client-node';
import { referencesOf, type ReferencedObjects } from '../translate/index.js';
import { isNotFound, type KubeRest } from '../kube/index.js';

const seg = encodeURIComponent;

/**
 * Fetches what a pod's env and volumes reference. A missing object is left out of the maps (the
 * translation decides whether that is fatal, optional, or worth waiting for); other API errors throw
 * so the sync is retried.
 */
export async function fetchReferences(api: KubeRest, pod: k8s.V1Pod): Promise<ReferencedObjects> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const get =
    <T>(path: string) =>
    (): Promise<T> =>
      api.json<T>('GET', path);
  const inNamespace = `/api/v1/namespaces/${seg(namespace)}`;
  const wanted = referencesOf(pod);
  const refs: ReferencedObjects = {
    configMaps: new Map(),
    secrets: new Map(),
    persistentVolumeClaims: new Map(),
    persistentVolumes: new Map(),
  };
  await Promise.all([
    ...wanted.configMaps.map((name) =>
      getOrSkip(get<k8s.V1ConfigMap>(`${inNamespace}/configmaps/${seg(name)}`), (o) =>
        refs.configMaps.set(name, o),
      ),
    ),
    ...wanted.secrets.map((name) =>
      getOrSkip(get<k8s.V1Secret>(`${inNamespace}/secrets/${seg(name)}`), (o) => refs.secrets.set(name, o)),
    ),
    ...wanted.persistentVolumeClaims.map((name) =>
      getOrSkip(get<k8s.V1PersistentVolumeClaim>(`${inNamespace}/persistentvolumeclaims/${seg(name)}`), (o) =>
        refs.persistentVolumeClaims.set(name, o),
      ),
    ),
  ]);
  const volumeNames = [...refs.persistentVolumeClaims.values()].flatMap((c) => c.spec?.volumeName ?? []);
  await Promise.all(
    volumeNames.map((name) =>
      getOrSkip(get<k8s.V1PersistentVolume>(`/api/v1/persistentvolumes/${seg(name)}`), (o) =>
        refs.persistentVolumes.set(name, o),
      ),
    ),
  );
  if (wanted.needsServiceAccountToken) {
    const account = wanted.serviceAccountName ?? pod.spec?.serviceAccountName ?? 'default';
    const token = await api.json<k8s.AuthenticationV1TokenRequest>(
      'POST',
      `${inNamespace}/serviceaccounts/${seg(account)}/token`,
      {
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: {
            audiences: wanted.tokenAudiences ?? [],
            expirationSeconds: wanted.tokenExpirationSeconds ?? 3600,
            boundObjectRef: {
              apiVersion: 'v1',
              kind: 'Pod',
              name: pod.metadata?.name,
              uid: pod.metadata?.uid,
            },
          },
        },
      },
    );
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
