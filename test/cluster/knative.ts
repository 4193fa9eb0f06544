/**
 * Knative Serving on the local cluster: its four programs as local processes (like the control
 * plane), its CRDs and core config applied from the Go module's config/ directory.
 */
import * as k8s from '@kubernetes/client-node';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureKnative, KNATIVE_PROGRAMS, KNATIVE_VERSION, type KnativeBuild } from './knative-build.js';
import { ACTIVATOR_H2C, ACTIVATOR_HTTP } from './knative-readiness.js';
import {
  applyOrder,
  isWebhookConfiguration,
  KNATIVE_NAMESPACE,
  localObjects,
  type LocalKnative,
  WEBHOOK_PORT_NAME,
} from './knative-manifests.js';
import { ensureComponent, recordSpecs, runningPid } from './lifecycle.js';
import { freePorts } from './ports.js';
import type { LaunchSpec } from './process.js';
import { KNATIVE_COMPONENTS, writeClusterInfo, type ClusterInfo } from './state.js';

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** serving's config/core, networking's config (its CRDs and config-network) and caching's Image CRD. */
async function knativeObjects(build: KnativeBuild, local: LocalKnative): Promise<k8s.KubernetesObject[]> {
  const files = [
    ...(await yamlFiles(path.join(build.servingDir, 'config', 'core'))),
    ...(await yamlFiles(path.join(build.networkingDir, 'config'))),
    ...(await yamlFiles(path.join(build.cachingDir, 'config'))),
  ];
  const objects = await Promise.all(files.map(async (f) => localObjects(await readFile(f, 'utf8'), local)));
  return applyOrder(objects.flat());
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Server-side apply of each object; a custom resource waits (briefly) for its CRD to be served. */
async function applyAll(
  kubeconfig: string,
  objects: k8s.KubernetesObject[],
  webhookServing: boolean,
): Promise<void> {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const client = k8s.KubernetesObjectApi.makeApiClient(kc);
  // Left by an earlier run whose webhook is gone: they fail closed and would refuse the config below.
  if (!webhookServing) {
    for (const obj of objects.filter(isWebhookConfiguration)) {
      await client.delete(obj).catch((err: unknown) => {
        if (!(err instanceof k8s.ApiException && err.code === 404)) throw err;
      });
    }
  }
  for (const obj of objects) {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.patch(
          obj,
          undefined,
          undefined,
          'ack-virtual-node-knative',
          true,
          k8s.PatchStrategy.ServerSideApply,
        );
        break;
      } catch (err) {
        if (attempt >= 30) {
          throw new Error(
            `applying ${obj.kind} ${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}: ${String(err)}`,
            {
              cause: err,
            },
          );
        }
        await sleep(500);
      }
    }
  }
}

/**
 * The activator and webhook Services have no selector (no Knative pod exists): these Endpoints name
 * the local process at the node address and the ports it really listens on. Knative v0.42 reads v1
 * Endpoints; kube-controller-manager's EndpointSlice mirroring makes the EndpointSlices from them.
 */
export function localEndpoints(
  name: string,
  app: string,
  address: string,
  ports: k8s.CoreV1EndpointPort[],
): k8s.V1Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name, namespace: KNATIVE_NAMESPACE, labels: { app } },
    subsets: [{ addresses: [{ ip: address }], ports }],
  };
}

export function activatorEndpoints(address: string): k8s.V1Endpoints {
  return localEndpoints('activator-service', 'activator', address, [
    { name: 'http', port: ACTIVATOR_HTTP, protocol: 'TCP' },
    { name: 'http2', port: ACTIVATOR_H2C, protocol: 'TCP' },
  ]);
}

export function webhookEndpoints(address: string, port: number): k8s.V1Endpoints {
  return localEndpoints('webhook', 'webhook', address, [{ name: WEBHOOK_PORT_NAME, port, protocol: 'TCP' }]);
}

/** How each program is launched; `--kubeconfig` first, as it names the cluster directory. */
export function knativeSpecs(
  info: ClusterInfo,
  build: KnativeBuild,
  ports: { webhook: number; profiling: number[]; metrics: number[] },
  address: string,
): LaunchSpec[] {
  return KNATIVE_PROGRAMS.map((program, i) => ({
    name: `knative-${program}`,
    command: build.bin[program],
    args: [`--kubeconfig=${info.kubeconfig}`],
    env: {
      SYSTEM_NAMESPACE: KNATIVE_NAMESPACE,
      POD_NAME: `${program}-local`,
      CONFIG_LOGGING_NAME: 'config-logging',
      CONFIG_OBSERVABILITY_NAME: 'config-observability',
      METRICS_DOMAIN: program === 'autoscaler' ? 'knative.dev/serving' : 'knative.dev/internal/serving',
      // Four programs on one host: each its own profiling and metrics port.
      PROFILING_PORT: String(ports.profiling[i]),
      METRICS_PROMETHEUS_PORT: String(ports.metrics[i]),
      ...(program === 'webhook' ? { WEBHOOK_NAME: 'webhook', WEBHOOK_PORT: String(ports.webhook) } : {}),
      ...(program === 'activator' || program === 'autoscaler' ? { POD_IP: address } : {}),
    },
  }));
}

/**
 * Builds (first time) and starts Knative Serving against the running local cluster: config first,
 * then the webhook (so the others' objects are admitted), the controller, autoscaler and activator.
 */
export async function knativeUp(info: ClusterInfo, progress: (line: string) => void): Promise<void> {
  const build = await ensureKnative(progress);
  // The activator and autoscaler listen on every interface and give the cluster their "pod IP":
  // Endpoints refuse loopback, so they are named by the node address the cluster put on this
  // machine for the kubelet API (nodeaddress.ts), which stays on the machine.
  const address = info.nodeAddress;
  if (address === undefined)
    throw new Error(
      `cluster ${info.dir} was made before it had a node address: run cluster down, then cluster up --knative`,
    );
  const recorded = info.components['knative-webhook']?.env;
  const ports = recorded
    ? {
        webhook: Number(recorded.WEBHOOK_PORT),
        profiling: KNATIVE_COMPONENTS.map((c) => Number(info.components[c]?.env?.PROFILING_PORT)),
        metrics: KNATIVE_COMPONENTS.map((c) => Number(info.components[c]?.env?.METRICS_PROMETHEUS_PORT)),
      }
    : await (async () => {
        const free = await freePorts(9);
        return { webhook: free[0], profiling: free.slice(1, 5), metrics: free.slice(5, 9) };
      })();
  progress(`applying Knative Serving ${KNATIVE_VERSION} config/core from ${build.servingDir}`);
  const webhook = info.components['knative-webhook'];
  const webhookServing = webhook !== undefined && (await runningPid(info.dir, webhook)) !== undefined;
  await applyAll(
    info.kubeconfig,
    [
      ...(await knativeObjects(build, { webhookPort: ports.webhook })),
      activatorEndpoints(address),
      webhookEndpoints(address, ports.webhook),
    ],
    webhookServing,
  );
  await recordSpecs(info, knativeSpecs(info, build, ports, address));
  await writeClusterInfo(info);
  for (const name of [
    'knative-webhook',
    'knative-controller',
    'knative-autoscaler',
    'knative-activator',
  ] as const)
    await ensureComponent(info, name, progress);
  progress(`Knative Serving ${KNATIVE_VERSION} ready (namespace ${KNATIVE_NAMESPACE})`);
}
