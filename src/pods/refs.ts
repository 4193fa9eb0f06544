import type * as k8s from '@kubernetes/client-node';
import { referencesOf, tokenKey, type ReferencedObjects, type TokenWanted } from '../translate/index.js';
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
  if (wanted.tokens.length > 0) {
    const account = wanted.serviceAccountName ?? pod.spec?.serviceAccountName ?? 'default';
    const tokens = new Map<string, string>();
    await Promise.all(
      wanted.tokens.map(async (wantedToken) => {
        const token = await api.json<k8s.AuthenticationV1TokenRequest>(
          'POST',
          `${inNamespace}/serviceaccounts/${seg(account)}/token`,
          { body: tokenRequest(pod, wantedToken) },
        );
        if (token.status?.token) tokens.set(tokenKey(wantedToken), token.status.token);
      }),
    );
    refs.serviceAccountTokens = tokens;
  }
  return refs;
}

/** The kubelet's TokenRequest for one projected source: bound to the pod, so it dies with it. */
function tokenRequest(pod: k8s.V1Pod, wanted: TokenWanted): k8s.AuthenticationV1TokenRequest {
  return {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: {
      audiences: wanted.audience ? [wanted.audience] : [],
      expirationSeconds: wanted.expirationSeconds,
      boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name, uid: pod.metadata?.uid },
    },
  };
}

async function getOrSkip<T>(read: () => Promise<T>, keep: (obj: T) => void): Promise<void> {
  try {
    keep(await read());
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
