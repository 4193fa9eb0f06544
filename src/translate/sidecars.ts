import type { V1Container, V1Pod } from '@kubernetes/client-node';
import {
  CONTAINER_ORDER_ENV,
  PRIORITY_RANGE,
  SIDECAR_TYPE,
  type Container,
} from '../../providers/eci-api/index.js';

/** An init container with restartPolicy Always: a Kubernetes native sidecar. */
export function isSidecar(c: V1Container): boolean {
  return c.restartPolicy === 'Always';
}

/**
 * A native sidecar as ECI runs one: a container ordered by ECI's variables. Sidecars start before the
 * app containers, in the order listed (each once the one before runs, or is Ready where it has a
 * readiness probe), and stop after them in reverse order; ECI stops them once the app containers have
 * exited for good and ignores their exit codes, as the kubelet leaves sidecars out of the pod's phase.
 * A variable the pod sets itself is kept.
 */
export function asSidecar(container: Container, position: number): Container {
  const order: Record<string, string> = {
    [CONTAINER_ORDER_ENV.launchPriority]: String(PRIORITY_RANGE.max - position),
    [CONTAINER_ORDER_ENV.exitPriority]: String(PRIORITY_RANGE.min + position),
    [CONTAINER_ORDER_ENV.type]: SIDECAR_TYPE,
    [CONTAINER_ORDER_ENV.ignoreExitCode]: 'true',
  };
  const own = new Set((container.EnvironmentVar ?? []).map((e) => e.Key));
  const added = Object.entries(order)
    .filter(([key]) => !own.has(key))
    .map(([Key, Value]) => ({ Key, Value }));
  return { ...container, EnvironmentVar: [...(container.EnvironmentVar ?? []), ...added] };
}

/** Where ECI runs a pod's sidecars differently from the kubelet. */
export function sidecarWarnings(pod: V1Pod): string[] {
  const inits = pod.spec?.initContainers ?? [];
  const first = inits.findIndex(isSidecar);
  if (first < 0) return [];
  const warnings: string[] = [];
  inits.forEach((c, i) => {
    if (i > first && !isSidecar(c))
      warnings.push(
        `spec.initContainers[${i}] (${c.name}): ECI runs every init container before any container, so it runs before sidecar ${inits[first].name} starts; move it above the sidecars, or make what it needs from them a container`,
      );
    if (isSidecar(c) && c.startupProbe && !c.readinessProbe)
      warnings.push(
        `spec.initContainers[${i}].startupProbe: ECI starts the containers after sidecar ${c.name} once it runs, not once this probe passes; add a readinessProbe to hold them until it is up`,
      );
  });
  return warnings;
}
