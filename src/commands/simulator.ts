import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { EciSimulator } from '../../providers/simulator/index.js';
import {
  createOpenApiHttpServer,
  createOpenApiServer,
  serveExecSockets,
  servePodConnect,
} from '../../providers/simulator/openapi/index.js';
import { inClusterAccess } from '../kube/access.js';
import { connect } from '../kube/connect.js';
import { KubeRest } from '../kube/rest.js';
import { errorMessage, logger } from '../log.js';
import { untilAborted, type Command } from './command.js';
import {
  IN_CLUSTER,
  parseSimulatorArgs,
  SIMULATOR_USAGE,
  simulatorOptions,
  TEST_ACCESS_KEY_ID,
} from './simulator-args.js';
import { WatchedServiceNetwork } from './service-watch.js';

/** What the simulator reads and writes besides its port; tests pass their own. */
export interface SimulatorIo {
  env: Record<string, string | undefined>;
  stdout: (line: string) => void;
}

/** Serves until `signal` aborts, then closes the listener and its connections and saves state. */
export async function runSimulator(
  argv: string[],
  signal: AbortSignal,
  io: SimulatorIo = { env: process.env, stdout: (line) => void process.stdout.write(line) },
): Promise<void> {
  const args = parseSimulatorArgs(argv, io.env);
  if (args === 'help') {
    io.stdout(SIMULATOR_USAGE);
    return;
  }
  const services = args.clusterApi === undefined ? undefined : await watchServices(args.clusterApi, io);
  const engine = new EciSimulator({
    ...simulatorOptions(args),
    ...(services && { serviceNetwork: services }),
    logger,
  });
  const app = createOpenApiServer(engine, {
    credentials: [{ accessKeyId: args.accessKeyId, secretAccessKey: args.accessKeySecret }],
    regionId: args.regionId,
    logger,
  });
  const server = createOpenApiHttpServer(app).listen(args.port, args.host);
  serveExecSockets(server, engine);
  servePodConnect(server, engine);
  try {
    await once(server, 'listening');
  } catch (err) {
    await engine.close();
    throw new Error(`cannot listen on ${args.host}:${args.port}: ${errorMessage(err)}`, { cause: err });
  }
  const { port } = server.address() as AddressInfo;
  const host = args.host.includes(':') ? `[${args.host}]` : args.host;
  const key =
    args.accessKeyId === TEST_ACCESS_KEY_ID
      ? `test key ${args.accessKeyId}`
      : `access key ${args.accessKeyId}`;
  io.stdout(`ECI simulator listening on http://${host}:${port} (region ${args.regionId}, ${key})\n`);
  await untilAborted(signal);
  logger.info('ECI simulator stopping', { reason: errorMessage(signal.reason) });
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
  await engine.close();
  await services?.stop();
}

/** Lists the cluster's Services and EndpointSlices before serving: a pod then never sees a half-known cluster. */
async function watchServices(clusterApi: string, io: SimulatorIo): Promise<WatchedServiceNetwork> {
  let api: KubeRest;
  try {
    api = clusterApi === IN_CLUSTER ? new KubeRest(inClusterAccess()) : await connect(clusterApi);
  } catch (err) {
    throw new Error(
      `--cluster-api (ECI_SIMULATOR_CLUSTER_API) ${JSON.stringify(clusterApi)} does not reach an API server: ${errorMessage(err)}. Give a kubeconfig file that exists, or ${IN_CLUSTER} in a pod with a service account token.`,
      { cause: err },
    );
  }
  const services = new WatchedServiceNetwork(api);
  io.stdout(`listing the cluster's Services and EndpointSlices (${clusterApi})\n`);
  await services.start();
  return services;
}

export const simulator: Command = {
  name: 'simulator',
  summary: 'serve an in-memory ECI over the ECI OpenAPI protocol',
  help: SIMULATOR_USAGE,
  run: (argv, signal) => runSimulator(argv, signal),
};
