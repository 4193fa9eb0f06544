import type { V1Container, V1LifecycleHandler, V1Probe } from '@kubernetes/client-node';
import { PROBE_SUCCESS_THRESHOLD, type Container, type Probe } from '../../providers/eci-api/index.js';
import { unsupported } from './errors.js';

/** A probe or hook port: a number, or the name of one of the container's ports. */
export function resolvePort(port: number | string | undefined, c: V1Container, field: string): number {
  if (typeof port === 'number') return port;
  if (port !== undefined && /^\d+$/.test(port)) return Number(port);
  const named = c.ports?.find((p) => p.name !== undefined && p.name === port);
  if (!named) {
    throw unsupported(
      field,
      JSON.stringify(port ?? ''),
      `is not a port number nor the name of a port of container ${c.name}`,
      "use a number or a name from the container's ports",
    );
  }
  return named.containerPort;
}

function scheme(s: string | undefined, field: string): 'HTTP' | 'HTTPS' | undefined {
  if (s === undefined) return undefined;
  const upper = s.toUpperCase();
  if (upper === 'HTTP' || upper === 'HTTPS') return upper;
  throw unsupported(field, JSON.stringify(s), 'is not a probe scheme', 'use HTTP or HTTPS');
}

export function translateProbe(p: V1Probe, c: V1Container, field: string, warnings: string[]): Probe {
  const probe: Probe = {};
  if (p.exec) probe.Exec = { Command: p.exec.command ?? [] };
  else if (p.httpGet) {
    probe.HttpGet = {
      Path: p.httpGet.path,
      Port: resolvePort(p.httpGet.port, c, `${field}.httpGet.port`),
      Scheme: scheme(p.httpGet.scheme, `${field}.httpGet.scheme`),
    };
    // Names only: a header value may be a credential (Authorization), which never goes into events.
    const headers = p.httpGet.httpHeaders?.map((h) => h.name) ?? [];
    if (headers.length)
      warnings.push(
        `${field}.httpGet.httpHeaders: not sent (${headers.join(', ')}): ECI's probe HttpGet has only Path, Port and Scheme`,
      );
    if (p.httpGet.host)
      warnings.push(
        `${field}.httpGet.host: ECI probes always target the pod IP; host ${p.httpGet.host} was dropped`,
      );
  } else if (p.tcpSocket) {
    probe.TcpSocket = { Port: resolvePort(p.tcpSocket.port, c, `${field}.tcpSocket.port`) };
    if (p.tcpSocket.host)
      warnings.push(
        `${field}.tcpSocket.host: ECI probes always target the pod IP; host ${p.tcpSocket.host} was dropped`,
      );
  } else if (p.grpc) {
    throw unsupported(
      `${field}.grpc`,
      `port ${p.grpc.port}`,
      'is a gRPC probe, which ECI does not support',
      'use an exec probe (e.g. grpc_health_probe) or a tcpSocket probe',
    );
  } else {
    throw unsupported(field, '{}', 'has no handler', 'set exec, httpGet or tcpSocket');
  }
  if (p.terminationGracePeriodSeconds !== undefined) {
    warnings.push(
      `${field}.terminationGracePeriodSeconds: not supported by ECI; the pod's grace period applies`,
    );
  }
  // Kubernetes lets a readiness probe ask for several successes; ECI takes only 1.
  const success = p.successThreshold;
  if (success !== undefined && success !== PROBE_SUCCESS_THRESHOLD)
    warnings.push(
      `${field}.successThreshold: ECI probes need exactly ${PROBE_SUCCESS_THRESHOLD} success; ${success} was sent as ${PROBE_SUCCESS_THRESHOLD}`,
    );
  return Object.assign(probe, {
    InitialDelaySeconds: p.initialDelaySeconds,
    PeriodSeconds: p.periodSeconds,
    TimeoutSeconds: p.timeoutSeconds,
    SuccessThreshold: success === undefined ? undefined : PROBE_SUCCESS_THRESHOLD,
    FailureThreshold: p.failureThreshold,
  });
}

type HookFields = Pick<
  Container,
  | 'LifecyclePostStartHandlerExec'
  | 'LifecyclePostStartHandlerHttpGetPath'
  | 'LifecyclePostStartHandlerHttpGetPort'
  | 'LifecyclePostStartHandlerHttpGetScheme'
  | 'LifecyclePostStartHandlerHttpGetHost'
  | 'LifecyclePostStartHandlerTcpSocketPort'
  | 'LifecyclePostStartHandlerTcpSocketHost'
  | 'LifecyclePreStopHandlerExec'
  | 'LifecyclePreStopHandlerHttpGetPath'
  | 'LifecyclePreStopHandlerHttpGetPort'
  | 'LifecyclePreStopHandlerHttpGetScheme'
  | 'LifecyclePreStopHandlerHttpGetHost'
  | 'LifecyclePreStopHandlerTcpSocketPort'
  | 'LifecyclePreStopHandlerTcpSocketHost'
>;

/** postStart/preStop, flattened into ECI's Lifecycle<When>Handler<How><Field> fields. */
export function translateHook(
  when: 'PostStart' | 'PreStop',
  h: V1LifecycleHandler,
  c: V1Container,
  field: string,
  warnings: string[],
): HookFields {
  const out: Record<string, unknown> = {};
  const key = (rest: string): string => `Lifecycle${when}Handler${rest}`;
  if (h.exec) out[key('Exec')] = h.exec.command ?? [];
  else if (h.httpGet) {
    out[key('HttpGetPath')] = h.httpGet.path;
    out[key('HttpGetPort')] = resolvePort(h.httpGet.port, c, `${field}.httpGet.port`);
    out[key('HttpGetScheme')] = scheme(h.httpGet.scheme, `${field}.httpGet.scheme`);
    out[key('HttpGetHost')] = h.httpGet.host;
    if (h.httpGet.httpHeaders?.length)
      warnings.push(`${field}.httpGet.httpHeaders: not supported by ECI hooks; dropped`);
  } else if (h.tcpSocket) {
    out[key('TcpSocketPort')] = resolvePort(h.tcpSocket.port, c, `${field}.tcpSocket.port`);
    out[key('TcpSocketHost')] = h.tcpSocket.host;
  } else if (h.sleep) {
    // ECI has no sleep action: run the image's own sleep, which distroless images lack.
    out[key('Exec')] = ['sleep', String(h.sleep.seconds)];
    warnings.push(
      `${field}.sleep: ECI has no sleep hook; it runs "sleep ${h.sleep.seconds}" in the container, which needs a sleep binary in the image`,
    );
  } else {
    throw unsupported(field, '{}', 'has no handler', 'set exec, httpGet, tcpSocket or sleep');
  }
  return out as HookFields;
}
