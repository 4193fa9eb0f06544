/**
 * Readiness probes the simulator answers from what runs in the group: an HTTP or TCP probe to a
 * port gets an answer from the container that serves the port, once it runs. Knative's queue-proxy
 * answers its own probe only when the user container's probe it carries (SERVING_READINESS_PROBE)
 * passes, so a pod is Ready only once its user container is up, as on a real node.
 */
import type { Probe } from '../eci-api/index.js';
import type { SimContainer, SimGroup } from './model.js';

/** Knative's queue-proxy: the user container's readiness probe(s), as Kubernetes probe JSON. */
export const DELEGATED_PROBE_ENV = 'SERVING_READINESS_PROBE';

interface KubeProbeJson {
  httpGet?: { port?: number | string };
  tcpSocket?: { port?: number | string };
  grpc?: { port?: number };
}

/** The ports the probes in SERVING_READINESS_PROBE (one probe or a list) check; [] when absent or unreadable. */
export function delegatedPorts(c: SimContainer): number[] {
  const text = c.spec.EnvironmentVar?.find((e) => e.Key === DELEGATED_PROBE_ENV)?.Value;
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const probes = (Array.isArray(parsed) ? parsed : [parsed]) as KubeProbeJson[];
  return probes
    .map((p) => Number(p.httpGet?.port ?? p.tcpSocket?.port ?? p.grpc?.port))
    .filter((port) => Number.isInteger(port) && port > 0);
}

/** The container serving `port`: the one declaring it, else (ports need not be declared) `asker` itself. */
function server(g: SimGroup, port: number, asker: SimContainer): SimContainer {
  return g.containers.find((c) => c.spec.Port?.some((p) => p.Port === port)) ?? asker;
}

/** Whether a probe to `port` from inside the group answers now. */
export function portAnswers(
  g: SimGroup,
  port: number,
  asker: SimContainer,
  seen = new Set<string>(),
): boolean {
  const target = server(g, port, asker);
  if (!target.started) return false;
  if (seen.has(target.name)) return true;
  seen.add(target.name);
  return delegatedPorts(target).every((p) => portAnswers(g, p, target, seen));
}

export function probeAnswers(g: SimGroup, c: SimContainer, probe: Probe): boolean {
  const port = probe.HttpGet?.Port ?? probe.TcpSocket?.Port;
  return port === undefined ? true : portAnswers(g, port, c);
}

/**
 * Sets each running app container's readiness: past its probe delays and, with a readiness probe,
 * answered. Returns whether anything changed (a container starting or stopping can change another's).
 */
export function refreshReadiness(g: SimGroup): boolean {
  let changed = false;
  for (const c of g.containers) {
    if (!c.started) continue;
    const probe = c.spec.ReadinessProbe;
    const ready = (c.readyDelayPassed ?? c.ready) && (probe ? probeAnswers(g, c, probe) : true);
    if (ready !== c.ready) {
      c.ready = ready;
      changed = true;
    }
  }
  return changed;
}
