import type { V1Service } from '@kubernetes/client-node';

/** The Services the kubelet always links, from the default namespace, whatever enableServiceLinks says. */
const MASTER_SERVICES = new Set(['kubernetes']);

/** A Service with a cluster IP: headless (`None`) and ExternalName Services have none to link. */
export function hasClusterIp(service: V1Service): boolean {
  const ip = service.spec?.clusterIP;
  return ip !== undefined && ip !== '' && ip !== 'None';
}

/**
 * The Services whose variables a pod of `namespace` gets, as the kubelet picks them
 * (getServiceEnvVarMap): `kubernetes` of the default namespace always, and with service links on
 * every Service of the pod's own namespace, which wins a name it shares with the first. Pure.
 */
export function linkedServices(
  services: Iterable<V1Service>,
  namespace: string,
  serviceLinks: boolean,
): V1Service[] {
  const byName = new Map<string, V1Service>();
  for (const service of services) {
    const name = service.metadata?.name ?? '';
    if (!hasClusterIp(service)) continue;
    const ns = service.metadata?.namespace;
    if (ns === 'default' && MASTER_SERVICES.has(name)) {
      if (!byName.has(name)) byName.set(name, service);
    } else if (ns === namespace && serviceLinks) {
      byName.set(name, service);
    }
  }
  return [...byName.values()];
}

function variableName(name: string): string {
  return name.replaceAll('-', '_').toUpperCase();
}

/** `host:port`, with an IPv6 host in brackets, as Go's net.JoinHostPort writes it. */
function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * The variables of `services`, as the kubelet writes them (pkg/kubelet/envvars FromServices):
 * `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT` (the first port) and `_SERVICE_PORT_<PORTNAME>` for
 * each named port, then Docker's link variables: `<NAME>_PORT` (the first port's URL) and, for each
 * port, `<NAME>_PORT_<port>_<PROTO>` with its `_PROTO`, `_PORT` and `_ADDR`. Pure.
 */
export function serviceVariables(services: readonly V1Service[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const service of services) {
    const ip = service.spec?.clusterIP ?? '';
    const ports = service.spec?.ports ?? [];
    const prefix = variableName(service.metadata?.name ?? '');
    if (!hasClusterIp(service) || ports.length === 0) continue;
    env[`${prefix}_SERVICE_HOST`] = ip;
    env[`${prefix}_SERVICE_PORT`] = String(ports[0]?.port);
    for (const port of ports) {
      if (port.name) env[`${prefix}_SERVICE_PORT_${variableName(port.name)}`] = String(port.port);
    }
    ports.forEach((port, i) => {
      const protocol = (port.protocol ?? 'TCP').toLowerCase();
      const url = `${protocol}://${hostPort(ip, port.port)}`;
      if (i === 0) env[`${prefix}_PORT`] = url;
      const portPrefix = `${prefix}_PORT_${port.port}_${protocol.toUpperCase()}`;
      env[portPrefix] = url;
      env[`${portPrefix}_PROTO`] = protocol;
      env[`${portPrefix}_PORT`] = String(port.port);
      env[`${portPrefix}_ADDR`] = ip;
    });
  }
  return env;
}
