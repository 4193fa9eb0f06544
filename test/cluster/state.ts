import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BinaryPaths } from './paths.js';
import type { LaunchSpec } from './process.js';
import { freePorts } from './ports.js';

/** The components in start order; `cluster down` stops them in reverse. */
export const CONTROL_PLANE_COMPONENTS = [
  'etcd',
  'kube-apiserver',
  'kube-scheduler',
  'kube-controller-manager',
] as const;
/** CoreDNS before the controller, which reads the kube-dns Service once at start. */
export const APP_COMPONENTS = ['simulator', 'webhook', 'coredns', 'controller', 'metrics-server'] as const;
/** Only with `--knative`; in the order of KNATIVE_PROGRAMS (knative-build.ts). */
export const KNATIVE_COMPONENTS = [
  'knative-controller',
  'knative-webhook',
  'knative-autoscaler',
  'knative-activator',
] as const;
export type KnativeComponent = (typeof KNATIVE_COMPONENTS)[number];
export const ALL_COMPONENTS = [
  ...CONTROL_PLANE_COMPONENTS,
  ...APP_COMPONENTS,
  ...KNATIVE_COMPONENTS,
] as const;
export type ComponentName = (typeof ALL_COMPONENTS)[number];

export const REGION = 'cn-hangzhou';
/** The vSwitches the simulator knows in cn-hangzhou; the first one's zone names the node. */
export const VSWITCHES = ['vsw-sim-hangzhou-b', 'vsw-sim-hangzhou-c'];
export const VIRTUAL_NODE = 'virtual-kubelet-cn-hangzhou-b';

export interface ClusterPorts {
  etcdClient: number;
  etcdPeer: number;
  apiServer: number;
  scheduler: number;
  controllerManager: number;
  simulator?: number;
  webhook?: number;
  kubelet?: number;
  metrics?: number;
  metricsServer?: number;
  coredns?: number;
  /** CoreDNS's ready plugin, on 127.0.0.1. */
  corednsReady?: number;
}

/** DIR/cluster.json: what other commands (status, down, tests) read to find the cluster. */
export interface ClusterInfo {
  dir: string;
  kubernetesVersion: string;
  apiServerUrl: string;
  kubeconfig: string;
  envFile: string;
  /** Stable per DIR: the ALIYUN_CLUSTERID the controller tags its container groups with. */
  clusterId: string;
  region: string;
  virtualNode: string;
  /** The non-loopback host-only address the node, metrics-server and CoreDNS listen on (nodeaddress.ts). */
  nodeAddress?: string;
  eciEndpoint?: string;
  webhookUrl?: string;
  ports: ClusterPorts;
  paths: { pki: string; logs: string; pids: string; etcdData: string };
  binaries?: BinaryPaths;
  cliPath?: string;
  /** How each component was launched, so it can be started again alone. */
  components: Partial<Record<ComponentName, LaunchSpec>>;
}

export function clusterInfoPath(dir: string): string {
  return path.join(dir, 'cluster.json');
}

/** The recorded cluster, or undefined when DIR has never been brought up. */
export async function readClusterInfoIfAny(dir: string): Promise<ClusterInfo | undefined> {
  let text: string;
  try {
    text = await readFile(clusterInfoPath(path.resolve(dir)), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return JSON.parse(text) as ClusterInfo;
  } catch (err) {
    throw new Error(
      `${clusterInfoPath(dir)} is not valid JSON: run "cluster down" and remove ${dir} to start over`,
      {
        cause: err,
      },
    );
  }
}

export async function readClusterInfo(dir: string): Promise<ClusterInfo> {
  const info = await readClusterInfoIfAny(dir);
  if (!info) {
    throw new Error(`no local cluster in ${path.resolve(dir)} (no cluster.json): run "cluster up" first`);
  }
  return info;
}

/** Written through a rename so a reader never sees half a file. */
export async function writeClusterInfo(info: ClusterInfo): Promise<void> {
  const file = clusterInfoPath(info.dir);
  await writeFile(`${file}.tmp`, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

/** A new cluster's record for DIR: free ports, a fresh cluster id, paths. */
export async function newClusterInfo(dir: string, kubernetesVersion: string): Promise<ClusterInfo> {
  const [etcdClient, etcdPeer, apiServer, scheduler, controllerManager] = await freePorts(5);
  const ports: ClusterPorts = { etcdClient, etcdPeer, apiServer, scheduler, controllerManager };
  return clusterInfo(dir, kubernetesVersion, ports, `c-${randomBytes(8).toString('hex')}`);
}

/**
 * The record of a cluster in DIR with these ports and id: where its files go. Apart from
 * newClusterInfo so that tests lay out a record exactly as a started cluster has it.
 */
export function clusterInfo(
  dir: string,
  kubernetesVersion: string,
  ports: ClusterPorts,
  clusterId: string,
): ClusterInfo {
  return {
    dir,
    kubernetesVersion,
    apiServerUrl: `https://127.0.0.1:${ports.apiServer}`,
    kubeconfig: path.join(dir, 'kubeconfig'),
    envFile: path.join(dir, 'env'),
    clusterId,
    region: REGION,
    virtualNode: VIRTUAL_NODE,
    ports,
    paths: {
      pki: path.join(dir, 'pki'),
      logs: path.join(dir, 'logs'),
      pids: path.join(dir, 'pids'),
      etcdData: path.join(dir, 'etcd'),
    },
    components: {},
  };
}
