import * as k8s from '@kubernetes/client-node';
import { CLUSTER_DNS_IP, type AddonPorts } from './addons.js';

type Obj = k8s.KubernetesObject & Record<string, unknown>;

const SYSTEM = 'kube-system';
const labels = { 'app.kubernetes.io/managed-by': 'ack-virtual-node-local-cluster' };

/** A Service without selector and its Endpoints: the address of a process on this machine. */
function localService(
  name: string,
  clusterIP: string | undefined,
  ports: { name: string; protocol: 'TCP' | 'UDP'; port: number; targetPort: number }[],
  address: string,
  extraLabels: Record<string, string> = {},
): Obj[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: SYSTEM, labels: { ...labels, ...extraLabels } },
      spec: {
        ...(clusterIP ? { clusterIP } : {}),
        ports: ports.map(({ name: n, protocol, port, targetPort }) => ({
          name: n,
          protocol,
          port,
          targetPort,
        })),
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace: SYSTEM, labels: { ...labels, ...extraLabels } },
      subsets: [
        {
          addresses: [{ ip: address }],
          ports: ports.map(({ name: n, protocol, targetPort }) => ({ name: n, protocol, port: targetPort })),
        },
      ],
    },
  ];
}

function clusterRole(name: string, rules: k8s.V1PolicyRule[], extraLabels: Record<string, string> = {}): Obj {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { ...labels, ...extraLabels } },
    rules,
  };
}

function bindUser(kind: 'ClusterRoleBinding' | 'RoleBinding', name: string, role: string, user: string): Obj {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, labels, ...(kind === 'RoleBinding' ? { namespace: SYSTEM } : {}) },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: kind === 'RoleBinding' ? 'Role' : 'ClusterRole',
      name: role,
    },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  };
}

/**
 * What metrics-server's and CoreDNS's own manifests install, with the users of the local stack's
 * client certificates (system:metrics-server, system:coredns) as subjects, and Services whose
 * Endpoints are the processes on the node address.
 */
export function addonObjects(nodeAddress: string, ports: AddonPorts, caPem: string): Obj[] {
  const metricsUser = 'system:metrics-server';
  const dnsUser = 'system:coredns';
  return [
    clusterRole(metricsUser, [
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
    ]),
    clusterRole(
      'system:aggregated-metrics-reader',
      [{ apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }],
      {
        'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
        'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
        'rbac.authorization.k8s.io/aggregate-to-view': 'true',
      },
    ),
    bindUser('ClusterRoleBinding', metricsUser, metricsUser, metricsUser),
    bindUser(
      'ClusterRoleBinding',
      'metrics-server:system:auth-delegator',
      'system:auth-delegator',
      metricsUser,
    ),
    bindUser(
      'RoleBinding',
      'metrics-server-auth-reader',
      'extension-apiserver-authentication-reader',
      metricsUser,
    ),
    ...localService(
      'metrics-server',
      undefined,
      [{ name: 'https', protocol: 'TCP', port: 443, targetPort: ports.metricsServer }],
      nodeAddress,
    ),
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io', labels },
      spec: {
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        service: { name: 'metrics-server', namespace: SYSTEM, port: 443 },
        caBundle: Buffer.from(caPem).toString('base64'),
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    },
    clusterRole(dnsUser, [
      {
        apiGroups: [''],
        resources: ['endpoints', 'services', 'pods', 'namespaces'],
        verbs: ['list', 'watch'],
      },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
    ]),
    bindUser('ClusterRoleBinding', dnsUser, dnsUser, dnsUser),
    ...localService(
      'kube-dns',
      CLUSTER_DNS_IP,
      [
        { name: 'dns', protocol: 'UDP', port: 53, targetPort: ports.coredns },
        { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: ports.coredns },
      ],
      nodeAddress,
      { 'k8s-app': 'kube-dns' },
    ),
  ];
}

/** Server-side applies `objects` with the admin kubeconfig: a re-run updates them in place. */
export async function applyObjects(kubeconfig: string, objects: Obj[]): Promise<void> {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const client = k8s.KubernetesObjectApi.makeApiClient(kc);
  for (const obj of objects) {
    await client.patch(
      obj,
      undefined,
      undefined,
      'ack-vn-local-cluster',
      true,
      k8s.PatchStrategy.ServerSideApply,
    );
  }
}
