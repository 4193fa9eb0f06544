import type { PodDialer } from '../kubelet/pod-dialer.js';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Backend } from '../../providers/backend.js';
import type { ControllerConfig } from '../config/index.js';
import { EventRecorder, type EventPacer, type KubeRest } from '../kube/index.js';
import { apiServerAuthorizer, startKubeletServer } from '../kubelet/index.js';
import { logger } from '../log.js';
import { NodeController, type NodePlan } from '../node/index.js';
import { createCA, issueCert } from '../pki/index.js';
import { PodController, type ClusterServices, type PodsApi } from '../pods/index.js';
import type { ProfileDefaults } from '../pods/controller.js';
import { service, ServiceStack } from './lifecycle.js';
import { podDirectory } from './pod-directory.js';

/** What every node of the process shares. */
export interface SharedParts {
  api: KubeRest;
  config: ControllerConfig;
  /** The backend the pod loops use (with the cost view and request defaults around it). */
  backend: Backend;
  /** The raw backend, for the kubelet API's exec, logs and stats. */
  kubeletBackend: Backend;
  /** How port-forward reaches a pod's address. */
  dialPod: PodDialer;
  pods: PodsApi;
  /** The process's Event write budget (EVENT_QPS, EVENT_BURST), shared by its nodes. */
  eventPacer: EventPacer;
  profile: () => ProfileDefaults;
  services: ClusterServices;
  /** Labels every node of this process carries besides the usual ones. */
  labels: Record<string, string>;
}

/** One virtual node served by this process: its pod loop, its Node and Lease, its kubelet API. */
export interface NodeRuntime {
  readonly name: string;
  /** Pods bound to the node that have not ended, as its informer sees them. */
  readonly podCount: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function internalIp(config: ControllerConfig): string {
  const address = config.kubelet.address;
  return address === '0.0.0.0' || address === '::' ? (process.env.POD_IP ?? '127.0.0.1') : address;
}

/** Kubelet ports in use: the first node gets KUBELET_PORT, the others a free port each. */
const portsInUse = new Set<number>();

/**
 * Builds a node's runtime; `plan` is read on every pod create, so a vSwitch added to the node's zone
 * (eci-profile) is used at once.
 */
export function nodeRuntime(shared: SharedParts, plan: () => NodePlan): NodeRuntime {
  const { api, config } = shared;
  const name = plan().name;
  const events = new EventRecorder(api, 'virtual-kubelet', name, shared.eventPacer);
  const pods = new PodController({
    rest: api,
    pods: shared.pods,
    backend: shared.backend,
    config,
    nodeName: name,
    events,
    profile: shared.profile,
    placement: plan,
    services: shared.services,
  });
  const stack = new ServiceStack();
  return {
    name,
    get podCount() {
      let active = 0;
      for (const pod of pods.informer.store.values()) {
        if (pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') active++;
      }
      return active;
    },
    async start() {
      // Taken before listening: nodes start side by side.
      const port = portsInUse.has(config.kubelet.port) ? 0 : config.kubelet.port;
      portsInUse.add(port);
      const kubelet = await startKubelet(shared, name, port, pods).catch((err: unknown) => {
        portsInUse.delete(port);
        throw err;
      });
      await stack.start(
        service(
          'kubelet API',
          async () => undefined,
          async () => {
            portsInUse.delete(port);
            await kubelet.close();
          },
        ),
      );
      const node = new NodeController(
        api,
        {
          name,
          region: config.region,
          zone: plan().zone,
          internalIp: internalIp(config),
          kubeletPort: kubelet.port,
          version: 'v1.35.4-aliyun.1',
          labels: shared.labels,
          ...(plan().arch ? { arch: plan().arch } : {}),
        },
        config,
        { backendHealthy: () => pods.backendHealthy, zone: () => plan().zone },
      );
      await stack.start(
        service(
          'node',
          () => node.start(),
          async () => node.stop(),
        ),
      );
      await stack.start(
        service(
          'pods',
          () => pods.start(),
          () => pods.stop(),
        ),
      );
      logger.info('virtual node ready', {
        node: name,
        zone: plan().zone,
        vSwitches: plan().vSwitchIds,
        pods: pods.informer.store.size,
        containerGroups: pods.registry.size,
      });
    },
    stop: () => stack.stop(),
  };
}

async function startKubelet(
  shared: SharedParts,
  nodeName: string,
  port: number,
  pods: PodController,
): Promise<{ port: number; close(): Promise<void> }> {
  const { config } = shared;
  const { certFile, keyFile, clientCaFile } = config.kubelet;
  let tls: { certPem: string; keyPem: string };
  if (certFile !== undefined && keyFile !== undefined) {
    tls = { certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') };
  } else {
    const ca = await createCA(`${nodeName}-ca`);
    tls = await issueCert(ca, {
      commonName: nodeName,
      dnsNames: [nodeName, hostname()],
      ipAddresses: [internalIp(config)],
      usage: 'server',
    });
  }
  return startKubeletServer({
    nodeName,
    address: config.kubelet.address,
    port,
    tls,
    clientCaPem: clientCaFile === undefined ? undefined : readFileSync(clientCaFile, 'utf8'),
    authorizer: apiServerAuthorizer(shared.api),
    backend: shared.kubeletBackend,
    pods: podDirectory(pods),
    streamIdleTimeoutMs: config.kubelet.streamIdleTimeoutSeconds * 1000,
    maxStreams: config.kubelet.maxStreams,
    dialPod: shared.dialPod,
  });
}
