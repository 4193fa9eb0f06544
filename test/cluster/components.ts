import path from 'node:path';
import type { ClusterPki } from './certs.js';
import { FRONT_PROXY_CLIENT, SERVICE_CLUSTER_IP_RANGE } from './certs.js';
import type { BinaryPaths } from './paths.js';
import type { LaunchSpec } from './process.js';
import { REGION, VIRTUAL_NODE, VSWITCHES, type ClusterInfo } from './state.js';

export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export type KubeconfigOwner = 'kube-scheduler' | 'kube-controller-manager' | 'metrics-server' | 'coredns';

export function componentKubeconfigPath(pkiDir: string, name: KubeconfigOwner): string {
  return path.join(pkiDir, `${name}.kubeconfig`);
}

/**
 * etcd, kube-apiserver, kube-scheduler and kube-controller-manager on 127.0.0.1. The first two
 * arguments of each name the cluster directory, which is how a pid is recognised as ours.
 */
export function controlPlaneSpecs(
  info: ClusterInfo,
  bins: BinaryPaths,
  pki: ClusterPki,
  nodeAddress: string,
): LaunchSpec[] {
  const { ports } = info;
  const etcdClientUrl = `http://127.0.0.1:${ports.etcdClient}`;
  const etcdPeerUrl = `http://127.0.0.1:${ports.etcdPeer}`;
  return [
    {
      name: 'etcd',
      command: bins.etcd,
      args: [
        `--data-dir=${info.paths.etcdData}`,
        '--name=default',
        `--listen-client-urls=${etcdClientUrl}`,
        `--advertise-client-urls=${etcdClientUrl}`,
        `--listen-peer-urls=${etcdPeerUrl}`,
        `--initial-advertise-peer-urls=${etcdPeerUrl}`,
        `--initial-cluster=default=${etcdPeerUrl}`,
        // A throwaway dev cluster: durability is not worth the fsync latency on a shared disk.
        '--unsafe-no-fsync',
      ],
    },
    {
      name: 'kube-apiserver',
      command: bins.kubeApiserver,
      args: [
        `--cert-dir=${path.join(pki.dir, 'apiserver-generated')}`,
        `--etcd-servers=${etcdClientUrl}`,
        '--bind-address=127.0.0.1',
        // The kubernetes Service's Endpoints name this address, and they may not be loopback.
        `--advertise-address=${nodeAddress}`,
        `--secure-port=${ports.apiServer}`,
        `--tls-cert-file=${pki.apiServerCert}`,
        `--tls-private-key-file=${pki.apiServerKey}`,
        `--client-ca-file=${pki.caCert}`,
        `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
        `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
        `--service-account-key-file=${pki.serviceAccountPub}`,
        `--service-account-signing-key-file=${pki.serviceAccountKey}`,
        '--authorization-mode=Node,RBAC',
        '--allow-privileged=true',
        `--kubelet-client-certificate=${pki.kubeletClientCert}`,
        `--kubelet-client-key=${pki.kubeletClientKey}`,
        '--kubelet-preferred-address-types=InternalIP',
        // The aggregation layer, for metrics-server's metrics.k8s.io: the API server proxies as
        // front-proxy-client and metrics-server trusts the user it names in these headers.
        `--requestheader-client-ca-file=${pki.caCert}`,
        `--requestheader-allowed-names=${FRONT_PROXY_CLIENT}`,
        '--requestheader-username-headers=X-Remote-User',
        '--requestheader-group-headers=X-Remote-Group',
        '--requestheader-extra-headers-prefix=X-Remote-Extra-',
        `--proxy-client-cert-file=${pki.frontProxyClientCert}`,
        `--proxy-client-key-file=${pki.frontProxyClientKey}`,
        // No kube-proxy here: reach an aggregated API server at its Endpoints, not its ClusterIP.
        '--enable-aggregator-routing=true',
      ],
    },
    {
      name: 'kube-scheduler',
      command: bins.kubeScheduler,
      args: [
        `--kubeconfig=${componentKubeconfigPath(pki.dir, 'kube-scheduler')}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.scheduler}`,
        '--leader-elect=false',
      ],
    },
    {
      name: 'kube-controller-manager',
      command: bins.kubeControllerManager,
      args: [
        `--kubeconfig=${componentKubeconfigPath(pki.dir, 'kube-controller-manager')}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.controllerManager}`,
        '--leader-elect=false',
        `--service-account-private-key-file=${pki.serviceAccountKey}`,
        `--root-ca-file=${pki.caCert}`,
        `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
        '--use-service-account-credentials',
        // Lets CertificateSigningRequests be approved and signed, as on a real cluster.
        `--cluster-signing-cert-file=${pki.caCert}`,
        `--cluster-signing-key-file=${pki.caKey}`,
      ],
    },
  ];
}

export interface AppPorts {
  simulator: number;
  webhook: number;
  kubelet: number;
  metrics: number;
  /** CoreDNS's, on the node address: the simulator answers the pods' name lookups through it. */
  coredns: number;
}

/** Where the controller's kubelet API listens (the node address) and its serving certificate from the cluster CA. */
export interface KubeletServing {
  address: string;
  cert: string;
  key: string;
}

/** The project's own components, run as `node <cli> <subcommand>` against the local cluster and simulator. */
export function appSpecs(
  info: ClusterInfo,
  ports: AppPorts,
  cliPath: string,
  kubelet: KubeletServing,
  extraEnv: Record<string, string> = {},
): LaunchSpec[] {
  const node = process.execPath;
  const eciEndpoint = `http://127.0.0.1:${ports.simulator}`;
  return [
    {
      name: 'simulator',
      command: node,
      args: [
        cliPath,
        'simulator',
        '--listen',
        `127.0.0.1:${ports.simulator}`,
        '--state-file',
        path.join(info.dir, 'simulator-state.json'),
        '--cluster-dns',
        `${kubelet.address}:${ports.coredns}`,
        // The Services and endpoints the pods' kube-proxy would see.
        '--cluster-api',
        info.kubeconfig,
      ],
    },
    {
      name: 'webhook',
      command: node,
      args: [
        cliPath,
        'webhook',
        '--listen',
        `127.0.0.1:${ports.webhook}`,
        '--kubeconfig',
        info.kubeconfig,
        '--url',
        `https://127.0.0.1:${ports.webhook}/mutate`,
        '--cert-dir',
        path.join(info.paths.pki, 'webhook'),
      ],
    },
    {
      name: 'controller',
      command: node,
      args: [cliPath, 'controller'],
      env: {
        KUBECONFIG: info.kubeconfig,
        ECI_BACKEND: 'alibaba',
        ECI_ENDPOINT: eciEndpoint,
        // The simulated pods' addresses are not real: port-forward reaches them through the simulator.
        KUBELET_PORT_FORWARD_PROXY: eciEndpoint,
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'testAccessKeyId',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'testAccessKeySecret',
        ECI_REGION: REGION,
        ECI_VSWITCH: VSWITCHES.join(','),
        // One region-wide node over both zones (the node the e2e tests use); zone nodes have their own test.
        VKUBELET_NODE_NAME: VIRTUAL_NODE,
        ECI_SECURITY_GROUP: 'sg-sim-default',
        ALIYUN_CLUSTERID: info.clusterId,
        KUBELET_PORT: String(ports.kubelet),
        KUBELET_ADDRESS: kubelet.address,
        KUBELET_CERT_FILE: kubelet.cert,
        KUBELET_KEY_FILE: kubelet.key,
        KUBELET_CLIENT_CA_FILE: path.join(info.paths.pki, 'ca.crt'),
        METRICS_PORT: String(ports.metrics),
        ...extraEnv,
      },
    },
  ];
}
