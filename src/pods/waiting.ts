import type * as k8s from '@kubernetes/client-node';
import { referencesOf } from '../translate/index.js';

export type ReferencedKind = 'configmaps' | 'secrets' | 'persistentvolumeclaims';

export interface ObjectRef {
  namespace: string;
  kind: ReferencedKind;
  name: string;
}

/** What a read of a referenced object saw: its resourceVersion, or undefined when it does not exist. */
export type Seen = string | undefined;

const refKey = (r: ObjectRef): string => `${r.namespace}/${r.kind}/${r.name}`;

/** The ConfigMaps, Secrets and claims a pod references, in its namespace. */
export function referencedObjects(pod: k8s.V1Pod): ObjectRef[] {
  const namespace = pod.metadata?.namespace ?? 'default';
  const refs = referencesOf(pod);
  return [
    ...refs.configMaps.map((name) => ({ namespace, kind: 'configmaps' as const, name })),
    ...refs.secrets.map((name) => ({ namespace, kind: 'secrets' as const, name })),
    ...refs.persistentVolumeClaims.map((name) => ({
      namespace,
      kind: 'persistentvolumeclaims' as const,
      name,
    })),
  ];
}

/**
 * The ConfigMaps and Secrets whose contents a pod's volumes mount as files (configMap, secret and
 * projected sources): what a running group's files are refreshed from. Env and pull secrets are read
 * once, at create, as with the kubelet.
 */
export function mountedObjects(pod: k8s.V1Pod): ObjectRef[] {
  const namespace = pod.metadata?.namespace ?? 'default';
  const keys = new Map<string, ObjectRef>();
  const add = (kind: 'configmaps' | 'secrets', name: string | undefined): void => {
    if (name) keys.set(`${kind}/${name}`, { namespace, kind, name });
  };
  for (const v of pod.spec?.volumes ?? []) {
    add('configmaps', v.configMap?.name);
    add('secrets', v.secret?.secretName);
    for (const s of v.projected?.sources ?? []) {
      add('configmaps', s.configMap?.name);
      add('secrets', s.secret?.name);
    }
  }
  return [...keys.values()];
}

interface Watched {
  ref: ObjectRef;
  pods: Set<string>;
  /** What the last read saw; a change (created, or edited: a missing key added) wakes the pods. */
  seen: Seen;
}

/**
 * Pods waiting for objects they reference to appear or change (a ConfigMap not created yet, a key not
 * added yet; or, for running pods, the contents of mounted files), and those objects, by
 * resourceVersion only: no contents are kept. Memory grows with the pods tracked only. Objects are read by name, a few per tick,
 * rather than watched: watching Secrets would take list/watch on every Secret of the cluster, which
 * the controller's RBAC deliberately does not grant.
 */
export class WaitingPods {
  private readonly watched = new Map<string, Watched>();
  private readonly byPod = new Map<string, string[]>();
  /** Where the round-robin over watched objects goes on next. */
  private cursor = 0;

  get size(): number {
    return this.byPod.size;
  }

  /** How many distinct objects are watched. */
  get objects(): number {
    return this.watched.size;
  }

  /** The pod waits on `refs`, seen as `seen` by the sync that found it waiting. */
  wait(podKey: string, refs: { ref: ObjectRef; seen: Seen }[]): void {
    this.release(podKey);
    const keys: string[] = [];
    for (const { ref, seen } of refs) {
      const key = refKey(ref);
      const entry = this.watched.get(key) ?? { ref, pods: new Set<string>(), seen };
      entry.pods.add(podKey);
      this.watched.set(key, entry);
      keys.push(key);
    }
    this.byPod.set(podKey, keys);
  }

  /** The pod no longer waits (it started, failed for good, or is gone). */
  release(podKey: string): void {
    for (const key of this.byPod.get(podKey) ?? []) {
      const entry = this.watched.get(key);
      entry?.pods.delete(podKey);
      if (entry?.pods.size === 0) this.watched.delete(key);
    }
    this.byPod.delete(podKey);
  }

  /** Up to `limit` watched objects to read now, taking turns so that every one is read in time. */
  due(limit: number): ObjectRef[] {
    const all = [...this.watched.values()];
    if (all.length <= limit) return all.map((w) => w.ref);
    const start = this.cursor % all.length;
    this.cursor = start + limit;
    return [...all.slice(start), ...all.slice(0, start)].slice(0, limit).map((w) => w.ref);
  }

  /** Records a read; returns the pods to sync again when the object appeared or changed. */
  observed(ref: ObjectRef, seen: Seen): string[] {
    const entry = this.watched.get(refKey(ref));
    if (entry === undefined || entry.seen === seen) return [];
    entry.seen = seen;
    return [...entry.pods];
  }
}
