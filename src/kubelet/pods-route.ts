import type { V1Pod } from '@kubernetes/client-node';
import type { RequestHandler } from 'express';
import { rfc3339 } from '../kube/microtime.js';
import type { PodDirectory, PodEntry } from './types.js';

/** A v1 PodList as the kubelet encodes it; times as metav1.Time marshals them (RFC 3339, whole seconds). */
export function podListJson(pods: V1Pod[]): string {
  const list = { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: pods };
  return JSON.stringify(list, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? rfc3339(raw) : value;
  });
}

/**
 * What the container runtime would list: pods whose container group exists and has not finished, reduced
 * to the fields the kubelet fills from the runtime (names, uid, containers and their images).
 */
export function runningPods(entries: PodEntry[]): V1Pod[] {
  return entries
    .filter(
      (e) => e.containerGroupId !== undefined && !['Succeeded', 'Failed'].includes(e.pod.status?.phase ?? ''),
    )
    .map((e) => ({
      metadata: {
        name: e.pod.metadata?.name,
        namespace: e.pod.metadata?.namespace,
        uid: e.pod.metadata?.uid,
      },
      spec: {
        containers: (e.pod.spec?.containers ?? []).map((c) => ({
          name: c.name,
          image: c.image,
          resources: {},
        })),
      },
      status: {},
    }));
}

/** GET /pods: the pods bound to this node, as the pod controller knows them. */
export function podsHandler(pods: PodDirectory): RequestHandler {
  return (_req, res) => {
    res
      .status(200)
      .type('application/json')
      .send(podListJson(pods.list().map((e) => e.pod)));
  };
}

/** GET /runningpods/: the pods that have a live container group. */
export function runningPodsHandler(pods: PodDirectory): RequestHandler {
  return (_req, res) => {
    res
      .status(200)
      .type('application/json')
      .send(podListJson(runningPods(pods.list())));
  };
}
