import type { V1Pod } from '@kubernetes/client-node';
import { unsupported } from './errors.js';
import { isSidecar } from './sidecars.js';

export const MAX_CONTAINERS = 20;
export const MAX_VOLUMES = 20;
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** What ECI can never run, whatever the request says. Permanent: retrying cannot help. */
export function rejectUnsupported(pod: V1Pod): void {
  const spec = pod.spec;
  if (!spec) throw unsupported('spec', 'undefined', 'is missing', 'submit a pod with a spec');
  (pod.metadata?.ownerReferences ?? []).forEach((o, i) => {
    if (o.kind === 'DaemonSet') {
      throw unsupported(
        `metadata.ownerReferences[${i}].kind`,
        'DaemonSet',
        `(${o.name}) cannot run on the virtual node: it is not a real node`,
        'exclude the virtual node from the DaemonSet (e.g. a nodeAffinity on type NotIn virtual-kubelet)',
      );
    }
  });
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[key])
      throw unsupported(
        `spec.${key}`,
        'true',
        'is not supported on ECI (an ECI instance has no host to share)',
        `remove ${key}`,
      );
  }
  if (spec.os?.name && spec.os.name !== 'linux') {
    throw unsupported(
      'spec.os.name',
      JSON.stringify(spec.os.name),
      'is not supported; ECI runs Linux containers',
      'use linux',
    );
  }
  const containers = spec.containers ?? [];
  const inits = spec.initContainers ?? [];
  const volumes = spec.volumes ?? [];
  const sidecars = inits.filter(isSidecar).length;
  if (containers.length === 0) throw unsupported('spec.containers', '[]', 'is empty', 'add a container');
  const limits: [field: string, count: number, what: string, max: number, fix: string][] = [
    // ECI runs native sidecars as containers.
    [
      'spec.containers',
      containers.length + sidecars,
      sidecars ? 'containers and sidecar init containers' : 'containers',
      MAX_CONTAINERS,
      'split the pod',
    ],
    ['spec.initContainers', inits.length - sidecars, 'init containers', MAX_CONTAINERS, 'merge init steps'],
    [
      'spec.volumes',
      volumes.length,
      'volumes',
      MAX_VOLUMES,
      'merge configMap/secret volumes into a projected volume',
    ],
  ];
  for (const [field, count, what, max, fix] of limits) {
    if (count > max) throw unsupported(field, `${count} ${what}`, `is more than ECI's limit of ${max}`, fix);
  }
  const seen = new Set<string>();
  const check = (name: string, field: string, what: string): void => {
    if (!DNS_LABEL.test(name)) {
      throw unsupported(
        field,
        JSON.stringify(name),
        `is not a valid ${what} name`,
        'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit',
      );
    }
    if (seen.has(`${what}/${name}`))
      throw unsupported(
        field,
        JSON.stringify(name),
        `is a duplicate ${what} name`,
        `give each ${what} a unique name`,
      );
    seen.add(`${what}/${name}`);
  };
  inits.forEach((c, i) => check(c.name, `spec.initContainers[${i}].name`, 'container'));
  containers.forEach((c, i) => check(c.name, `spec.containers[${i}].name`, 'container'));
  volumes.forEach((v, i) => check(v.name, `spec.volumes[${i}].name`, 'volume'));
}
