import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { collectDefaultMetrics } from 'prom-client';
import {
  CONTROLLER_SETTINGS,
  defaultNodeName,
  loadControllerConfig,
  parseFlags,
  rejectUnknownFlags,
  settingsHelp,
  sourceOf,
  type ControllerConfig,
} from '../config/index.js';
import { connect } from '../kube/connect.js';
import { EventRecorder, LeaderElector, type KubeRest } from '../kube/index.js';
import { apiServerAuthorizer, startKubeletServer } from '../kubelet/index.js';
import { errorMessage, logger } from '../log.js';
import { NodeController } from '../node/index.js';
import { createCA, issueCert } from '../pki/index.js';
import { discoverClusterServices, PodController, StatusPoller } from '../pods/index.js';
import { podDirectory } from './pod-directory.js';
import { EciProfileWatcher } from '../profile/watch.js';
import { TAG } from '../translate/index.js';
import { createBackend, resolveZone } from './backend.js';
import { serveMetrics } from './serve.js';

export const CONTROLLER_HELP = `Usage: ack-virtual-node controller [flags]

Registers the virtual node and runs the pods bound to it as ECI container groups.
Every setting is an environment variable or the matching flag:

${settingsHelp(CONTROLLER_SETTINGS)}
`;

export async function runController(argv: string[], signal?: AbortSignal): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(CONTROLLER_HELP);
    return;
  }
  const flags = parseFlags(argv);
  rejectUnknownFlags(flags, CONTROLLER_SETTINGS);
  const config = loadControllerConfig(sourceOf(process.env, flags));
  const api = await connect(flags.get('KUBECONFIG'));
  const zone = resolveZone(config);
  const nodeName = config.nodeName ?? defaultNodeName(config.region, zone);
  const backend = await createBackend(config);
  collectDefaultMetrics();

  const events = new EventRecorder(api, 'virtual-kubelet', nodeName, config.events);
  const profile = new EciProfileWatcher(api);
  profile.start();
  const services = await discoverClusterServices(api);
  const pods = new PodController({
    services,
    onCreated: () => poller.nudge(),
    api,
    backend,
    config,
    nodeName,
    events,
    profile: () => profile.current(),
  });
  const tags = [
    { Key: TAG.cluster, Value: config.clusterId },
    { Key: TAG.node, Value: nodeName },
  ];
  const poller = new StatusPoller(
    pods,
    backend,
    tags,
    config.statusIntervalSeconds * 1000,
    config.fullResyncSeconds * 1000,
  );
  const kubelet = await startKubelet(config, nodeName, api, backend, pods);
  const node = new NodeController(
    api,
    {
      name: nodeName,
      region: config.region,
      zone,
      internalIp: internalIp(config),
      kubeletPort: kubelet.port,
      version: 'v1.35.4-aliyun.1',
    },
    config,
    { backendHealthy: () => poller.healthy },
  );
  const elector = config.leaderElection
    ? new LeaderElector(api, { namespace: config.podNamespace, name: 'ack-virtual-node-controller' })
    : undefined;
  // A standby replica is ready too: it serves probes and takes over within one lease duration.
  let ready = elector !== undefined;
  const metrics = await serveMetrics(config.metricsPort, '0.0.0.0', {
    healthy: () => true,
    ready: () => ready,
  });

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down: finishing in-flight work; container groups are kept', {
      signal,
      node: nodeName,
    });
    poller.stop();
    pods.informer.stop();
    node.stop();
    await pods.queue.shutDown();
    await elector?.release();
    await Promise.allSettled([
      profile.stop(),
      kubelet.close(),
      backend.close(),
      new Promise((r) => metrics.close(r)),
    ]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  signal?.addEventListener('abort', () => void stop('abort'), { once: true });

  logger.info('starting', {
    node: nodeName,
    region: config.region,
    zone,
    backend: config.backend,
    vSwitches: config.vSwitchIds,
  });
  if (elector !== undefined) {
    await elector.acquire();
    ready = false;
    void elector.keep(() => {
      // Another replica may already act for the node: stop at once, the Deployment restarts us.
      process.exit(1);
    });
  }
  await node.start();
  await pods.informer.start();
  await poller.adopt();
  pods.queue.run();
  poller.start();
  ready = true;
  logger.info('virtual node ready', {
    node: nodeName,
    pods: pods.informer.store.size,
    containerGroups: pods.registry.size,
  });
}

function internalIp(config: ControllerConfig): string {
  const address = config.kubelet.address;
  return address === '0.0.0.0' || address === '::' ? (process.env.POD_IP ?? '127.0.0.1') : address;
}

async function startKubelet(
  config: ControllerConfig,
  nodeName: string,
  api: KubeRest,
  backend: Awaited<ReturnType<typeof createBackend>>,
  pods: PodController,
): Promise<{ port: number; close(): Promise<void> }> {
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
    port: config.kubelet.port,
    tls,
    clientCaPem: clientCaFile === undefined ? undefined : readFileSync(clientCaFile, 'utf8'),
    authorizer: apiServerAuthorizer(api),
    backend,
    pods: podDirectory(pods),
  });
}

export function reportFatal(err: unknown): never {
  logger.error('controller failed to start', { err: errorMessage(err) });
  process.stderr.write(`ack-virtual-node controller: ${errorMessage(err)}\n`);
  process.exit(1);
}
