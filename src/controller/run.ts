import { collectDefaultMetrics } from 'prom-client';
import { systemClock } from '../../providers/clock.js';
import {
  CONTROLLER_SETTINGS,
  loadControllerConfig,
  parseFlags,
  rejectUnknownFlags,
  settingsHelp,
  sourceOf,
} from '../config/index.js';
import { hostname } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { EventPacer, EventRecorder } from '../kube/index.js';
import { ImageCacheService } from '../image-caches/index.js';
import { connect } from '../kube/connect.js';
import { CostView, reportCostAccrual } from '../cost/index.js';
import { errorMessage, logger } from '../log.js';
import { ZONE_NODE_LABEL } from '../node/index.js';
import { podsApi, signalWrites, WatchedServices } from '../pods/index.js';
import { EciProfileWatcher } from '../profile/watch.js';
import { createBackend } from './backend.js';
import { withProfileKubeProxy } from './profile-config.js';
import { withRequestDefaults } from './request-defaults.js';
import { service, ServiceStack } from './lifecycle.js';
import { heapGrowthFlag } from './heap-growth.js';
import { followPlans } from './node-plans.js';
import { nodeRuntime, type SharedParts } from './node-runtime.js';
import { NodeSet } from './node-set.js';
import { Ownership } from './ownership.js';
import { serveMetrics } from './serve.js';

export const CONTROLLER_HELP = `Usage: ack-virtual-node controller [flags]

Registers a virtual node per zone of the vSwitches (or the one VKUBELET_NODE_NAME names) and runs
the pods bound to them as ECI container groups.
Every setting is an environment variable or the matching flag:

${settingsHelp(CONTROLLER_SETTINGS)}
`;

/**
 * Waits for `started`; a shutdown meanwhile (a list the API server keeps refusing) ends the wait:
 * `stop` ends the start too, and the rejection keeps what comes after from starting.
 */
async function unlessAborted(
  started: Promise<void>,
  signal: AbortSignal,
  stop: () => Promise<void>,
): Promise<void> {
  const aborted = new Promise<void>((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  await Promise.race([started, aborted]);
  if (!signal.aborted) return;
  await stop();
  throw new Error('shutting down before the start completed');
}

/**
 * Runs the controller until `signal` aborts, then finishes in-flight work, releases its node Leases
 * and resolves; container groups are kept.
 */
export async function runController(argv: string[], signal: AbortSignal): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(CONTROLLER_HELP);
    return;
  }
  const flags = parseFlags(argv);
  rejectUnknownFlags(flags, CONTROLLER_SETTINGS);
  const config = loadControllerConfig(sourceOf(process.env, flags));
  const heapFlag = heapGrowthFlag(config.heapGrowingPercent, process.execArgv);
  if (heapFlag !== undefined) setFlagsFromString(heapFlag);
  const api = await connect(flags.get('KUBECONFIG'));
  const { backend, dialPod } = await createBackend(config);
  collectDefaultMetrics();

  const profile = new EciProfileWatcher(api);
  const services = new WatchedServices(api);
  // The cost view (src/cost) watches the pod loops' backend calls and adds the price annotation to
  // their status writes; the pod loops themselves know nothing of it.
  const costs = new CostView(backend);
  reportCostAccrual(() => costs.accrue());
  const eventPacer = new EventPacer(config.events);
  const shared: SharedParts = {
    api,
    config,
    backend: costs.observe(
      withRequestDefaults(backend, () => ({
        resourceGroupId: profile.current().resourceGroupId ?? config.resourceGroupId,
      })),
    ),
    kubeletBackend: backend,
    dialPod,
    pods: signalWrites(costs.annotate(podsApi(api)), () => eventPacer.podsWritten()),
    eventPacer,
    profile: () => profile.current(),
    services,
    labels: config.nodeName === undefined ? { [ZONE_NODE_LABEL]: config.clusterId } : {},
  };
  const nodes = new NodeSet({
    api,
    clock: systemClock,
    runtime: (plan) =>
      nodeRuntime({ ...shared, config: withProfileKubeProxy(config, () => profile.current()) }, plan),
    // Without ownership this process serves every node, including those a new zone adds.
    changed: (names) => {
      if (ownership !== undefined) return ownership.setNodes(names);
      for (const name of names) void nodes.run(name).catch((err: unknown) => logNodeFailure(name, err));
    },
  });
  // With leader election, each node is served by the replica holding its Lease; otherwise all here.
  const ownership = config.leaderElection
    ? new Ownership(
        api,
        { namespace: config.podNamespace, clock: systemClock },
        { run: (name) => nodes.run(name), release: (name) => nodes.release(name) },
      )
    : undefined;
  let ready = false;
  const stack = new ServiceStack();
  logger.info('starting', {
    region: config.region,
    backend: config.backend,
    node: config.nodeName,
    heapGrowth: heapFlag ?? 'as on the command line, or V8 chooses',
  });
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
    // A kubelet starts no pod before it has listed the Services: their variables and DNS come from them.
    await stack.start(
      service(
        'services',
        () => unlessAborted(services.start(), signal, () => services.stop()),
        () => services.stop(),
      ),
    );
    let unfollow: () => void = () => undefined;
    await stack.start(
      service(
        'node plans',
        async () => {
          unfollow = await followPlans({ api, config, backend, profile, clock: systemClock }, nodes);
        },
        async () => unfollow(),
      ),
    );
    await stack.start(
      service(
        'nodes',
        async () => {
          void nodes.sweep();
          if (ownership === undefined) await Promise.all(nodes.names().map((name) => nodes.run(name)));
        },
        () => nodes.stop(),
      ),
    );
    if (ownership !== undefined) {
      ownership.setNodes(nodes.names());
      await stack.start(
        service(
          'node ownership',
          () => ownership.start(),
          () => ownership.stop(),
        ),
      );
    }
    // The ImageCache CRD: one replica acts on all of them (a Lease of its own with leader election).
    const imageCaches = new ImageCacheService({
      rest: api,
      backend,
      events: new EventRecorder(api, 'ack-virtual-node', hostname(), eventPacer),
      clock: systemClock,
      defaults: () => {
        const live = profile.current();
        return {
          vSwitchIds: live.vSwitchIds ?? config.vSwitchIds,
          securityGroupId: live.securityGroupId ?? config.securityGroupId,
          resourceGroupId: live.resourceGroupId ?? config.resourceGroupId,
        };
      },
      leaderElection: config.leaderElection ? { namespace: config.podNamespace } : undefined,
    });
    await stack.start(
      service(
        'image caches',
        () => imageCaches.start(),
        () => imageCaches.stop(),
      ),
    );
    ready = true;
    logger.info('controller ready', { nodes: nodes.names(), serving: nodes.runningNames() });
  } catch (err) {
    await stack.stop();
    if (signal.aborted) return;
    throw err;
  }
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  ready = false;
  logger.info('shutting down: finishing in-flight work; container groups are kept', {
    serving: nodes.runningNames(),
  });
  await stack.stop();
}

function logNodeFailure(node: string, err: unknown): void {
  logger.error('serving a node failed', { node, err: errorMessage(err) });
}
