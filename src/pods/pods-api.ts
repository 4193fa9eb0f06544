import type * as k8s from '@kubernetes/client-node';
import {
  isConflict,
  isNotFound,
  PARTIAL_METADATA,
  STRATEGIC_MERGE_PATCH_TYPE,
  type KubeRest,
} from '../kube/index.js';
import type { ReferencedObjects } from '../translate/index.js';
import { fetchReferences } from './refs.js';
import type { ObjectRef, Seen } from './waiting.js';

/**
 * The pod controller's writes to Kubernetes, typed, over the REST client: what it may do to a pod
 * and nothing more. Tests drive the same class against an in-process API server.
 */
export interface PodsApi {
  /**
   * One strategic-merge PATCH of pods/status (status and annotations); returns the written pod's
   * metadata. Only the metadata comes back (PartialObjectMetadata): the API server does not encode,
   * nor we parse, the whole pod a second time for every status write.
   */
  patchStatus(pod: k8s.V1Pod, patch: k8s.V1Pod): Promise<k8s.V1ObjectMeta | undefined>;
  /**
   * Removes the pod object at once (its group is already gone), only if it is still this UID: a
   * pod re-created under the name meanwhile is another pod. False when it was already gone.
   */
  deleteWithUid(pod: k8s.V1Pod): Promise<boolean>;
  /** The ConfigMaps, Secrets, volumes and token the pod references. */
  references(pod: k8s.V1Pod): Promise<ReferencedObjects>;
  /** The resourceVersion of a referenced object, or undefined when it does not exist. */
  resourceVersionOf(ref: ObjectRef): Promise<Seen>;
}

export function podPath(pod: k8s.V1Pod): string {
  const namespace = encodeURIComponent(pod.metadata?.namespace ?? '');
  return `/api/v1/namespaces/${namespace}/pods/${encodeURIComponent(pod.metadata?.name ?? '')}`;
}

export function podsApi(rest: KubeRest): PodsApi {
  return {
    patchStatus: async (pod, patch) =>
      (
        await rest.json<{ metadata?: k8s.V1ObjectMeta }>('PATCH', `${podPath(pod)}/status`, {
          body: patch,
          contentType: STRATEGIC_MERGE_PATCH_TYPE,
          accept: PARTIAL_METADATA,
        })
      ).metadata,
    async deleteWithUid(pod) {
      const uid = pod.metadata?.uid ?? '';
      try {
        // The answer is not read: asked for the metadata only, the API server does not encode the
        // whole deleted pod for it either.
        await rest.text('DELETE', podPath(pod), {
          body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, preconditions: { uid } },
          accept: PARTIAL_METADATA,
        });
        return true;
      } catch (err) {
        // 404: already gone; 409: a new pod took the name (the UID precondition protected it).
        if (isNotFound(err) || isConflict(err)) return false;
        throw err;
      }
    },
    references: (pod) => fetchReferences(rest, pod),
    async resourceVersionOf(ref) {
      const path = `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/${ref.kind}/${encodeURIComponent(ref.name)}`;
      try {
        return (await rest.json<k8s.KubernetesObject>('GET', path)).metadata?.resourceVersion ?? '';
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
  };
}

/** The same API, calling `written` at each pod write (status, deletion): the event pacer holds normal events meanwhile. */
export function signalWrites(pods: PodsApi, written: () => void): PodsApi {
  return {
    ...pods,
    patchStatus: (pod, patch) => {
      written();
      return pods.patchStatus(pod, patch);
    },
    deleteWithUid: (pod) => {
      written();
      return pods.deleteWithUid(pod);
    },
  };
}
