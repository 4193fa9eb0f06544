import type * as k8s from '@kubernetes/client-node';
import {
  connectionTo,
  type Connection,
  type ProxiedService,
  type ServiceNetwork,
  type ServiceSlice,
} from '../../providers/simulator/service-network.js';
import { keyOf } from '../kube/informer.js';
import { RestartingListWatch } from '../kube/listwatch.js';
import type { KubeRest } from '../kube/rest.js';

/** The label an EndpointSlice names its Service by. */
const SERVICE_NAME = 'kubernetes.io/service-name';

/**
 * The simulator's view of the cluster's Services and EndpointSlices, from list-watches as kube-proxy
 * keeps its own: what a simulated pod's connection to a ClusterIP gets (service-network.ts).
 */
export class WatchedServiceNetwork implements ServiceNetwork {
  private readonly services: RestartingListWatch<k8s.V1Service>;
  private readonly slices: RestartingListWatch<k8s.V1EndpointSlice>;
  /** ClusterIP → its Service's key and what kube-proxy uses of it. */
  private readonly byClusterIp = new Map<string, { key: string; service: ProxiedService }>();
  /** Service key → the ClusterIPs it holds in byClusterIp (an update may change them). */
  private readonly clusterIpsOf = new Map<string, readonly string[]>();
  /** Service key → its slices by slice name. */
  private readonly slicesOf = new Map<string, Map<string, ServiceSlice>>();

  constructor(api: KubeRest) {
    this.services = new RestartingListWatch<k8s.V1Service>(
      api,
      { path: '/api/v1/services', kind: 'V1Service' },
      { onUpsert: (s) => this.serviceChanged(s, true), onDelete: (s) => this.serviceChanged(s, false) },
    );
    this.slices = new RestartingListWatch<k8s.V1EndpointSlice>(
      api,
      { path: '/apis/discovery.k8s.io/v1/endpointslices', kind: 'V1EndpointSlice' },
      { onUpsert: (s) => this.sliceChanged(s, true), onDelete: (s) => this.sliceChanged(s, false) },
    );
  }

  /** Resolves once both were listed. */
  async start(): Promise<void> {
    await Promise.all([this.services.start(), this.slices.start()]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.services.stop(), this.slices.stop()]);
  }

  connect(address: string, port: number): Connection | undefined {
    const known = this.byClusterIp.get(address);
    if (known === undefined) return undefined;
    return connectionTo(known.service, this.slicesOf.get(known.key)?.values() ?? [], port);
  }

  private serviceChanged(service: k8s.V1Service, present: boolean): void {
    const key = keyOf(service);
    for (const ip of this.clusterIpsOf.get(key) ?? []) this.byClusterIp.delete(ip);
    this.clusterIpsOf.delete(key);
    if (!present) return;
    const spec = service.spec;
    const proxied: ProxiedService = {
      clusterIps: spec?.clusterIPs ?? (spec?.clusterIP ? [spec.clusterIP] : []),
      ports: (spec?.ports ?? []).map((p) => ({
        name: p.name ?? '',
        port: p.port,
        protocol: p.protocol ?? 'TCP',
      })),
    };
    const ips = proxied.clusterIps.filter((ip) => ip !== 'None');
    for (const ip of ips) this.byClusterIp.set(ip, { key, service: proxied });
    this.clusterIpsOf.set(key, ips);
  }

  private sliceChanged(slice: k8s.V1EndpointSlice, present: boolean): void {
    const owner = slice.metadata?.labels?.[SERVICE_NAME];
    if (owner === undefined) return;
    const key = keyOf({ metadata: { namespace: slice.metadata?.namespace, name: owner } });
    const name = slice.metadata?.name ?? '';
    let slices = this.slicesOf.get(key);
    if (!present) {
      slices?.delete(name);
      if (slices?.size === 0) this.slicesOf.delete(key);
      return;
    }
    if (slices === undefined) this.slicesOf.set(key, (slices = new Map()));
    slices.set(name, {
      ports: (slice.ports ?? []).map((p) => ({ name: p.name ?? '', protocol: p.protocol ?? 'TCP' })),
      // kube-proxy's reading: a ready condition left unset counts as ready.
      readyEndpoints: (slice.endpoints ?? []).filter((e) => e.conditions?.ready !== false).length,
    });
  }
}
