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
import { CostView, reportCostAccrual } from '../cost/index.js';
import { EventRecorder, LeaderElector, type KubeRest } from '../kube/index.js';
import { apiServerAuthorizer, startKubeletServer } from '../kubelet/index.js';
import { logger } from '../log.js';
import { NodeController } from '../node/index.js';
import { createCA, issueCert } from '../pki/index.js';
import { discoverClusterServices, PodController, podsApi } from '../pods/index.js';
import { podDirectory } from './pod-directory.js';
import { EciProfileWatcher } from '../profile/watch.js';
import { createBackend } from './backend.js';
import { withProfileKubeProxy } from './profile-config.js';
import { withRequestDefaults } from './request-defaults.js';
import { LeadershipLostError } from '../commands/command.js';
import { service, ServiceStack } from './lifecycle.js';
import { serveMetrics } from './serve.js';
import { nodeZone } from './zone.js';

export const CONTROLLER_HELP = `Usage: ack-virtual-node controller [flags]

Registers the virtual node and runs the pods bound to it as ECI container groups.
Every setting is an environment variable or the matching flag:

${settingsHelp(CONTROLLER_SETTINGS)}
`;

/**
 * Runs the controller until `signal` aborts (then finishes in-flight work, releases the leader
 * Lease and resolves; container groups are kept) or leadership is lost (then stops and throws
 * LeadershipLostError).
 */
export async function runController(argv: string[], signal: AbortSignal): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(CONTROLLER_HELP);
    return;
  }
  const flags = parseFlags(argv);
  rejectUnknownFlags(flags, CONTROLLER_SETTINGS);
  const config = loadControllerConfig(sourceOf(process.env, flags));
  const api = await connect(flags.get('KUBECONFIG'));
  const backend = await createBackend(config);
  const zone = await nodeZone(config, backend);
  const nodeName = config.nodeName ?? defaultNodeName(config.region, zone);
  collectDefaultMetrics();

  const events = new EventRecorder(api, 'virtual-kubelet', nodeName, config.events);
  const profile = new EciProfileWatcher(api);
  // The cost view (src/cost) watches the pod loop's backend calls and adds the price annotation to
  // its status writes; the pod loop itself knows nothing of it.
  const costs = new CostView(backend);
  reportCostAccrual(() => costs.accrue());
  const pods = new PodController({
    rest: api,
    pods: costs.annotate(podsApi(api)),
    backend: costs.observe(
      withRequestDefaults(backend, () => ({
        resourceGroupId: profile.current().resourceGroupId ?? config.resourceGroupId,
      })),
    ),
    config: withProfileKubeProxy(config, () => profile.current()),
    nodeName,
    events,
    profile: () => profile.current(),
    services: await discoverClusterServices(api),
  });
  const elector = config.leaderElection
    ? new LeaderElector(api, { namespace: config.podNamespace, name: 'ack-virtual-node-controller' })
    : undefined;
  // A standby replica is ready too: it serves probes and takes over within one lease duration.
  let ready = elector !== undefined;
  let kubeletPort = config.kubelet.port;
  const node = (): NodeController =>
    new NodeController(
      api,
      {
        name: nodeName,
        region: config.region,
        zone,
        internalIp: internalIp(config),
        kubeletPort,
        version: 'v1.35.4-aliyun.1',
      },
      config,
      { backendHealthy: () => pods.backendHealthy },
    );
  const stack = new ServiceStack();
  let lostLeadership: () => void = () => undefined;
  const stopped = new Promise<'signal' | 'lost'>((resolve) => {
    signal.addEventListener('abort', () => resolve('signal'), { once: true });
    if (signal.aborted) resolve('signal');
    lostLeadership = () => resolve('lost');
  });
  void stopped.then(() => {
    ready = false;
    // Stops an acquire() still waiting; the stack stops whatever did start.
    void elector?.release();
  });

  logger.info('starting', { node: nodeName, region: config.region, zone, backend: config.backend });
  try {
    await stack.start(
      service(
        'backend',
        async () => undefined,
        () => backend.close(),
      ),
    );
    const metrics = await serveMetrics(config.metricsPort, config.metricsAddress, {
      healthy: () => true,
      ready: () => ready,
    });
    await stack.start(
      service(
        'metrics',
        async () => undefined,
        () => new Promise((r) => metrics.close(() => r())),
      ),
    );
    await stack.start(
      service(
        'eci-profile',
        async () => profile.start(),
        () => profile.stop(),
      ),
    );
    const kubelet = await startKubelet(config, nodeName, api, backend, pods);
    kubeletPort = kubelet.port;
    await stack.start(
      service(
        'kubelet API',
        async () => undefined,
        () => kubelet.close(),
      ),
    );
    if (elector !== undefined) {
      await stack.start(
        service(
          'leader election',
          () => elector.acquire(),
          () => elector.release(),
        ),
      );
      if (signal.aborted) throw new Error('stopped before becoming leader');
      ready = false;
      void elector.keep(() => lostLeadership());
    }
    const nodeController = node();
    await stack.start(
      service(
        'node',
        () => nodeController.start(),
        async () => nodeController.stop(),
      ),
    );
    await stack.start(
      service(
        'pods',
        () => pods.start(),
        () => pods.stop(),
      ),
    );
    ready = true;
    logger.info('virtual node ready', {
      node: nodeName,
      pods: pods.informer.store.size,
      containerGroups: pods.registry.size,
    });
  } catch (err) {
    await stack.stop();
    if (signal.aborted) return;
    throw err;
  }
  const why = await stopped;
  logger.info('shutting down: finishing in-flight work; container groups are kept', { node: nodeName, why });
  await stack.stop();
  if (why === 'lost') throw new LeadershipLostError();
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
    streamIdleTimeoutMs: config.kubelet.streamIdleTimeoutSeconds * 1000,
    maxStreams: config.kubelet.maxStreams,
  });
}
