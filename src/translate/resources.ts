import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { unsupported } from './errors.js';
import { parseQuantity } from './quantity.js';
import { isSidecar } from './sidecars.js';

export const GPU_RESOURCE = 'nvidia.com/gpu';

/** One container's resources in base units: cores, bytes, GPU count. */
export interface Amounts {
  cpu?: number;
  memory?: number;
  ephemeralStorage?: number;
  gpu?: number;
}

export interface ContainerResources {
  limits: Amounts;
  /** Defaulted to the limits when unset, as the API server does. */
  requests: Amounts;
}

function amounts(list: Record<string, string> | undefined, field: string): Amounts {
  const out: Amounts = {};
  for (const [name, raw] of Object.entries(list ?? {})) {
    const value = parseQuantity(raw);
    if (value === undefined || value < 0) {
      throw unsupported(
        `${field}[${name}]`,
        String(raw),
        'is not a Kubernetes quantity',
        'use e.g. 500m, 2, 512Mi or 4Gi',
      );
    }
    if (name === 'cpu') out.cpu = value;
    else if (name === 'memory') out.memory = value;
    else if (name === 'ephemeral-storage') out.ephemeralStorage = value;
    else if (name === GPU_RESOURCE) out.gpu = value;
  }
  return out;
}

export function containerResources(c: V1Container, field: string): ContainerResources {
  const limits = amounts(c.resources?.limits, `${field}.resources.limits`);
  const requests = amounts(c.resources?.requests, `${field}.resources.requests`);
  return {
    limits,
    requests: {
      cpu: requests.cpu ?? limits.cpu,
      memory: requests.memory ?? limits.memory,
      ephemeralStorage: requests.ephemeralStorage ?? limits.ephemeralStorage,
      gpu: requests.gpu ?? limits.gpu,
    },
  };
}

/** What a container may use: its limit, else its request (requests never exceed limits). */
export function effective(r: ContainerResources): Amounts {
  return {
    cpu: r.limits.cpu ?? r.requests.cpu,
    memory: r.limits.memory ?? r.requests.memory,
    ephemeralStorage: r.limits.ephemeralStorage ?? r.requests.ephemeralStorage,
    gpu: r.limits.gpu ?? r.requests.gpu,
  };
}

type Dim = keyof Amounts;
const DIMS: Dim[] = ['cpu', 'memory', 'ephemeralStorage', 'gpu'];

/**
 * The pod's total as Kubernetes counts it, each container at its limit (else request): the app
 * containers and every native sidecar together, or an init container with the sidecars started
 * before it, whichever is larger, per resource. Pod-level `spec.resources` wins where set. A resource
 * no container mentions stays undefined, so callers can tell "unset" from "zero".
 */
export function podTotals(
  pod: V1Pod,
  /** What counts of each container: its limit else request (sizing), or its request (temporary storage). */
  pick: (r: ContainerResources) => Amounts = effective,
): Amounts {
  const spec = pod.spec;
  const apps = (spec?.containers ?? []).map((c, i) => pick(containerResources(c, `spec.containers[${i}]`)));
  const inits = (spec?.initContainers ?? []).map((c, i) => ({
    sidecar: isSidecar(c),
    amounts: pick(containerResources(c, `spec.initContainers[${i}]`)),
  }));
  const podLevel = spec?.resources
    ? pick({
        limits: amounts(spec.resources.limits, 'spec.resources.limits'),
        requests: amounts(spec.resources.requests, 'spec.resources.requests'),
      })
    : {};
  const out: Amounts = {};
  for (const dim of DIMS) {
    if (podLevel[dim] !== undefined) {
      out[dim] = podLevel[dim];
      continue;
    }
    const set = [...apps, ...inits.map((i) => i.amounts)].some((a) => a[dim] !== undefined);
    if (!set) continue;
    let sidecars = 0;
    let largestInit = 0;
    for (const init of inits) {
      const value = init.amounts[dim] ?? 0;
      if (init.sidecar) sidecars += value;
      else largestInit = Math.max(largestInit, value + sidecars);
    }
    const sum = apps.reduce((acc, a) => acc + (a[dim] ?? 0), sidecars);
    out[dim] = Math.max(sum, largestInit);
  }
  return out;
}
