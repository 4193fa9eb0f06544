import type * as k8s from '@kubernetes/client-node';
import { RestartingListWatch } from '../kube/listwatch.js';
import type { KubeRest } from '../kube/rest.js';
import { hasClusterIp, linkedServices, serviceVariables } from '../translate/service-env.js';

/** What a kubelet knows of the cluster's Services when it starts a pod. */
export interface ClusterServices {
  /** --cluster-dns and --cluster-domain: the kube-dns Service's IP, when it has one. */
  clusterDns(): { nameservers: string[]; clusterDomain: string } | undefined;
  /** The Service variables a pod of `namespace` gets (`KUBERNETES_*` always, the namespace's with service links). */
  environmentFor(namespace: string, serviceLinks: boolean): Record<string, string>;
}

/**
 * The cluster's Services from a list-watch, as the kubelet's Service informer gives them: every
 * pod started gets the variables of the Services that exist then (those made later reach only
 * pods made later, as on a kubelet). The variables are worked out once per namespace and kept
 * until one of its Services changes: a burst of pods in one namespace costs one computation.
 */
export class WatchedServices implements ClusterServices {
  private readonly listWatch: RestartingListWatch<k8s.V1Service>;
  private readonly byNamespace = new Map<string, Map<string, k8s.V1Service>>();
  private readonly environments = new Map<string, Record<string, string>>();

  constructor(
    api: KubeRest,
    private readonly clusterDomain = 'cluster.local',
  ) {
    this.listWatch = new RestartingListWatch<k8s.V1Service>(
      api,
      { path: '/api/v1/services', kind: 'V1Service' },
      {
        onUpsert: (service) => this.changed(service, service),
        onDelete: (service) => this.changed(service, undefined),
      },
    );
  }

  /** Resolves once the Services were listed: a pod started before then would miss its variables. */
  start(): Promise<void> {
    return this.listWatch.start();
  }

  stop(): Promise<void> {
    return this.listWatch.stop();
  }

  clusterDns(): { nameservers: string[]; clusterDomain: string } | undefined {
    const dns = this.byNamespace.get('kube-system')?.get('kube-dns');
    if (dns === undefined || !hasClusterIp(dns)) return undefined;
    return { nameservers: [dns.spec?.clusterIP ?? ''], clusterDomain: this.clusterDomain };
  }

  environmentFor(namespace: string, serviceLinks: boolean): Record<string, string> {
    const key = `${serviceLinks ? '+' : '-'}${namespace}`;
    let env = this.environments.get(key);
    if (env === undefined) {
      const candidates = [
        ...(this.byNamespace.get('default')?.values() ?? []),
        ...(serviceLinks && namespace !== 'default' ? (this.byNamespace.get(namespace)?.values() ?? []) : []),
      ];
      env = serviceVariables(linkedServices(candidates, namespace, serviceLinks));
      this.environments.set(key, env);
    }
    return env;
  }

  private changed(service: k8s.V1Service, now: k8s.V1Service | undefined): void {
    const namespace = service.metadata?.namespace ?? '';
    const name = service.metadata?.name ?? '';
    let services = this.byNamespace.get(namespace);
    if (now !== undefined) {
      if (services === undefined) this.byNamespace.set(namespace, (services = new Map()));
      services.set(name, now);
    } else {
      services?.delete(name);
      if (services?.size === 0) this.byNamespace.delete(namespace);
    }
    // The default namespace's `kubernetes` is in every pod's variables.
    if (namespace === 'default') this.environments.clear();
    else {
      this.environments.delete(`+${namespace}`);
      this.environments.delete(`-${namespace}`);
    }
  }
}
