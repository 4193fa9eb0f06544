import type { V1ObjectFieldSelector, V1Pod, V1ResourceFieldSelector } from '@kubernetes/client-node';
import { unsupported } from './errors.js';
import { parseQuantity } from './quantity.js';
import { containerResources, type Amounts } from './resources.js';

/** What the downward API may read: the pod, the node it runs on, and the group's size. */
export interface DownwardSource {
  pod: V1Pod;
  nodeName: string;
  /** The container group's size, used where a container sets no limit (as the kubelet uses the node's). */
  capacity?: { cpu: number; memoryBytes: number };
}

/** Resolved to a value now, or left to ECI to fill in at run time. */
export type Downward = { value: string } | { fieldPath: string };

const KEYED = /^metadata\.(labels|annotations)\['(.+)'\]$/;

/** Go's %q-style rendering of a label map, as the kubelet writes it into downward API files. */
function renderMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify((map ?? {})[k])}`)
    .join('\n');
}

/**
 * A fieldRef. Metadata is known now and resolved to its value (ECI only resolves the pod IP itself);
 * status.podIP/hostIP become an ECI FieldRef, since an ECI instance is its own host.
 */
export function resolveFieldRef(
  ref: V1ObjectFieldSelector,
  src: DownwardSource,
  field: string,
  inVolume: boolean,
): Downward {
  const meta = src.pod.metadata ?? {};
  const path = ref.fieldPath;
  const keyed = KEYED.exec(path);
  if (keyed) {
    const map = keyed[1] === 'labels' ? meta.labels : meta.annotations;
    return { value: map?.[keyed[2]] ?? '' };
  }
  switch (path) {
    case 'metadata.name':
      return { value: meta.name ?? '' };
    case 'metadata.namespace':
      return { value: meta.namespace ?? 'default' };
    case 'metadata.uid':
      return { value: meta.uid ?? '' };
  }
  if (inVolume) {
    if (path === 'metadata.labels') return { value: renderMap(meta.labels) };
    if (path === 'metadata.annotations') return { value: renderMap(meta.annotations) };
  } else {
    switch (path) {
      case 'spec.nodeName':
        return { value: src.nodeName };
      case 'spec.serviceAccountName':
        return { value: src.pod.spec?.serviceAccountName ?? src.pod.spec?.serviceAccount ?? 'default' };
      case 'status.podIP':
      case 'status.podIPs':
      case 'status.hostIP':
      case 'status.hostIPs':
        return { fieldPath: 'status.podIP' };
    }
  }
  throw unsupported(
    `${field}.fieldRef.fieldPath`,
    JSON.stringify(path),
    'is not a field the downward API can expose here',
    inVolume
      ? "use metadata.name, metadata.namespace, metadata.uid, metadata.labels, metadata.annotations or metadata.labels['key']"
      : "use metadata.name, metadata.namespace, metadata.uid, metadata.labels['key'], spec.nodeName, status.podIP or status.hostIP",
  );
}

const RESOURCES: Record<string, { side: 'limits' | 'requests'; dim: keyof Amounts }> = {
  'limits.cpu': { side: 'limits', dim: 'cpu' },
  'requests.cpu': { side: 'requests', dim: 'cpu' },
  'limits.memory': { side: 'limits', dim: 'memory' },
  'requests.memory': { side: 'requests', dim: 'memory' },
  'limits.ephemeral-storage': { side: 'limits', dim: 'ephemeralStorage' },
  'requests.ephemeral-storage': { side: 'requests', dim: 'ephemeralStorage' },
};

/**
 * A resourceFieldRef, computed as the kubelet does: ceil(value / divisor); a missing limit is the
 * group's capacity (the kubelet uses the node's allocatable). Undefined when the capacity is unknown.
 */
export function resolveResourceFieldRef(
  ref: V1ResourceFieldSelector,
  src: DownwardSource,
  defaultContainer: string | undefined,
  field: string,
): string | undefined {
  const name = ref.containerName || defaultContainer;
  const all = [...(src.pod.spec?.containers ?? []), ...(src.pod.spec?.initContainers ?? [])];
  const container = all.find((c) => c.name === name);
  if (!container) {
    throw unsupported(
      `${field}.resourceFieldRef.containerName`,
      JSON.stringify(name ?? ''),
      'is not a container of this pod',
      "name one of the pod's containers",
    );
  }
  const spec = RESOURCES[ref.resource];
  if (!spec) {
    throw unsupported(
      `${field}.resourceFieldRef.resource`,
      JSON.stringify(ref.resource),
      'is not supported',
      'use limits.cpu, limits.memory, limits.ephemeral-storage or the requests.* of these',
    );
  }
  // The API server stores an omitted divisor as "0", which the kubelet reads as 1.
  const given = parseQuantity(ref.divisor ?? '0');
  const divisor = given === 0 ? 1 : given;
  if (divisor === undefined || divisor < 0) {
    throw unsupported(
      `${field}.resourceFieldRef.divisor`,
      JSON.stringify(ref.divisor),
      'is not a positive quantity',
      'use e.g. 1m, 1 or 1Mi',
    );
  }
  const resources = containerResources(container, field);
  let amount = resources[spec.side][spec.dim];
  if (amount === undefined) {
    if (spec.side === 'requests') amount = 0;
    else if (spec.dim === 'cpu') amount = src.capacity?.cpu;
    else if (spec.dim === 'memory') amount = src.capacity?.memoryBytes;
  }
  if (amount === undefined) return undefined;
  // Divide in milli-units for CPU, as Kubernetes does, so 0.5 cores / 1m is exactly 500.
  const value =
    spec.dim === 'cpu'
      ? Math.round(amount * 1000) / Math.max(1, Math.round(divisor * 1000))
      : amount / divisor;
  return String(Math.ceil(value - 1e-9));
}
