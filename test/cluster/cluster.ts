import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { addonObjects, applyObjects } from './addon-objects.js';
import { chartCrds } from './crds.js';
import { addonSpecs, COREDNS, METRICS_SERVER, writeCorefile, type AddonInput } from './addons.js';
import { ensureBinaries } from './build.js';
import { ensureServingCert, type ClusterPki } from './certs.js';
import { appSpecs, type AppPorts, type KubeletServing } from './components.js';
import { startControlPlane } from './controlplane.js';
import { ensureGoTool } from './gotool.js';
import { renderEnvFile } from './envfile.js';
import { ensureComponent, recordSpecs, statusOf, stopRecorded, type ComponentStatus } from './lifecycle.js';
import { knativeUp } from './knative.js';
import { freePorts } from './ports.js';
import {
  ALL_COMPONENTS,
  APP_COMPONENTS,
  readClusterInfo,
  readClusterInfoIfAny,
  writeClusterInfo,
  type ClusterInfo,
  type ComponentName,
} from './state.js';

export type { ComponentStatus } from './lifecycle.js';
export { readClusterInfo } from './state.js';
export type { ClusterInfo, ClusterPorts, ComponentName } from './state.js';

export interface ClusterUpOptions {
  dir: string;
  /** Only etcd and the Kubernetes components: no simulator, webhook or controller. */
  controlPlaneOnly?: boolean;
  /** The built CLI (dist/src/cli.js) run as `node <cliPath> <subcommand>` for the app components. */
  cliPath: string;
  /** Also Knative Serving (built from its Go module on first use), as the Knative user guides need. */
  knative?: boolean;
  /** Extra environment for the controller (e.g. LOG_LEVEL, tuning knobs). */
  extraEnv?: Record<string, string>;
  onProgress?: (line: string) => void;
}

/** DIR/env: what a shell or a test needs to talk to the cluster and the simulator. */
export function envFileVars(info: ClusterInfo, withApp: boolean): Record<string, string | undefined> {
  const controllerEnv = info.components.controller?.env ?? {};
  return withApp
    ? {
        KUBECONFIG: info.kubeconfig,
        VIRTUAL_NODE: info.virtualNode,
        ECI_ENDPOINT: info.eciEndpoint,
        ECI_REGION: info.region,
        ALIBABA_CLOUD_ACCESS_KEY_ID: controllerEnv.ALIBABA_CLOUD_ACCESS_KEY_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: controllerEnv.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
      }
    : { KUBECONFIG: info.kubeconfig };
}

type StackPorts = AppPorts & AddonInput['ports'];

/**
 * Ports of the app components and add-ons: the recorded ones on a re-run, new free ones for what has
 * none yet (a cluster from before the add-ons keeps its running components' ports).
 */
async function stackPorts(info: ClusterInfo): Promise<StackPorts> {
  const names = [
    'simulator',
    'webhook',
    'kubelet',
    'metrics',
    'metricsServer',
    'coredns',
    'corednsReady',
  ] as const;
  const fresh = await freePorts(names.filter((n) => !info.ports[n]).length);
  const pick = (n: (typeof names)[number]): number => info.ports[n] ?? (fresh.shift() as number);
  return {
    simulator: pick('simulator'),
    webhook: pick('webhook'),
    kubelet: pick('kubelet'),
    metrics: pick('metrics'),
    metricsServer: pick('metricsServer'),
    coredns: pick('coredns'),
    corednsReady: pick('corednsReady'),
  };
}

/**
 * metrics-server and CoreDNS: built on first use, their API objects applied (kube-dns before the
 * controller starts, since it reads that Service once), their launch specs returned.
 */
async function prepareAddons(
  info: ClusterInfo,
  pki: ClusterPki,
  ports: StackPorts,
  progress: (line: string) => void,
): Promise<ReturnType<typeof addonSpecs>> {
  const nodeAddress = info.nodeAddress ?? '127.0.0.1';
  const input: AddonInput = {
    info,
    pki,
    nodeAddress,
    ports,
    binaries: {
      metricsServer: await ensureGoTool(METRICS_SERVER, progress),
      coredns: await ensureGoTool(COREDNS, progress),
    },
    metricsServerServing: await ensureServingCert(pki, 'metrics-server-serving', nodeAddress, [
      'metrics-server.kube-system.svc',
    ]),
  };
  await writeCorefile(input);
  // The chart's CRDs (ImageCache) first: the controller started next watches them.
  await applyObjects(info.kubeconfig, [
    ...chartCrds(),
    ...addonObjects(nodeAddress, ports, await readFile(pki.caCert, 'utf8')),
  ]);
  return addonSpecs(input);
}

/**
 * Brings the local cluster up in `dir`: builds the Kubernetes binaries (and metrics-server, CoreDNS)
 * if needed, starts the control plane, then the ECI simulator, the webhook, CoreDNS, the controller
 * (waiting until the virtual node is Ready) and metrics-server. Anything already running is left as it is.
 */
export async function clusterUp(opts: ClusterUpOptions): Promise<ClusterInfo> {
  const progress = opts.onProgress ?? (() => undefined);
  const bins = await ensureBinaries({ onProgress: progress });
  const { info, pki } = await startControlPlane(opts.dir, bins, { onProgress: progress });
  if (opts.controlPlaneOnly) {
    await writeFile(info.envFile, renderEnvFile(envFileVars(info, false)), { mode: 0o600 });
    progress(`control plane ready: export KUBECONFIG=${info.kubeconfig}`);
    return info;
  }
  const cliPath = path.resolve(opts.cliPath);
  const ports = await stackPorts(info);
  info.ports = { ...info.ports, ...ports };
  info.eciEndpoint = `http://127.0.0.1:${ports.simulator}`;
  info.webhookUrl = `https://127.0.0.1:${ports.webhook}/mutate`;
  info.cliPath = cliPath;
  const address = info.nodeAddress ?? '127.0.0.1';
  const kubelet: KubeletServing = {
    address,
    ...(await ensureServingCert(pki, 'kubelet-serving', address, [info.virtualNode])),
  };
  const addons = await prepareAddons(info, pki, ports, progress);
  await recordSpecs(info, [...appSpecs(info, ports, cliPath, kubelet, opts.extraEnv), ...addons]);
  await writeClusterInfo(info);
  for (const name of APP_COMPONENTS) await ensureComponent(info, name, progress);
  if (opts.knative) await knativeUp(info, progress);
  await writeFile(info.envFile, renderEnvFile(envFileVars(info, true)), { mode: 0o600 });
  progress(`cluster ready: source ${info.envFile}`);
  return info;
}

/** Stops every recorded component, the app first and etcd last; tolerant of what already died. */
export async function clusterDown(opts: { dir: string }): Promise<void> {
  const info = await readClusterInfoIfAny(path.resolve(opts.dir));
  if (!info) return;
  for (const name of [...ALL_COMPONENTS].reverse()) await stopRecorded(info, name);
}

export async function clusterStatus(opts: { dir: string }): Promise<ComponentStatus[]> {
  const info = await readClusterInfo(opts.dir);
  const names = ALL_COMPONENTS.filter((name) => info.components[name] !== undefined);
  return Promise.all(names.map((name) => statusOf(info, name)));
}

function checkName(name: string): ComponentName {
  if (!(ALL_COMPONENTS as readonly string[]).includes(name)) {
    throw new Error(`unknown component "${name}": use one of ${ALL_COMPONENTS.join(', ')}`);
  }
  return name as ComponentName;
}

/** Stops one component (e.g. the controller, to test a restart) and removes its pid file. */
export async function stopComponent(dir: string, name: string): Promise<void> {
  await stopRecorded(await readClusterInfo(dir), checkName(name));
}

/** Starts one component again as it was configured by `clusterUp`, and waits until it serves. */
export async function startComponent(dir: string, name: string): Promise<void> {
  await ensureComponent(await readClusterInfo(dir), checkName(name));
}
