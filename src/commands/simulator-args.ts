import { isIP } from 'node:net';
import { dnsResolver, POD_NAMESERVER, type SimulatorOptions } from '../../providers/simulator/index.js';

/** The documented test key pair: what `cluster up` gives the controller (ALIBABA_CLOUD_ACCESS_KEY_*). */
export const TEST_ACCESS_KEY_ID = 'testAccessKeyId';
export const TEST_ACCESS_KEY_SECRET = 'testAccessKeySecret';

export const SIMULATOR_USAGE = `Usage: ack-virtual-node simulator [flags]

Serves an in-memory ECI (regions, zones, stock, lifecycle timings, ECI's flow-control quotas) over
the ECI OpenAPI protocol (version 2018-08-08, V3 and V1 signatures), for the controller's
ECI_BACKEND=alibaba with ECI_ENDPOINT=http://<listen>. The same endpoint answers VPC's
DescribeVSwitches (Version=2016-04-28) for the simulated vSwitches: any well-formed vsw- ID.

Flags (environment variable in brackets; flags win):
  --listen HOST:PORT          where to listen (ECI_SIMULATOR_LISTEN; default 127.0.0.1:8080; port 0 = any free port)
  --state-file FILE           keep container groups in FILE across restarts (ECI_SIMULATOR_STATE_FILE)
  --speed N                   delay multiplier: 1 realistic, 0 instant, 0.1 ten times faster (ECI_SIMULATOR_SPEED; default 1)
  --region R                  the region served (ECI_REGION; default cn-hangzhou)
  --access-key-id ID          the access key accepted (ECI_SIMULATOR_ACCESS_KEY_ID; default ${TEST_ACCESS_KEY_ID})
  --access-key-secret S       its secret (ECI_SIMULATOR_ACCESS_KEY_SECRET; default ${TEST_ACCESS_KEY_SECRET})
  --cluster-dns IP:PORT       the cluster's DNS server (CoreDNS) as this host reaches it, or
                              pod-nameserver: each pod's own, for a simulator running in the cluster
                              (ECI_SIMULATOR_CLUSTER_DNS): the nslookup and getent hosts of pods that
                              resolve through the cluster DNS are answered by it, over time (an init
                              container's \`until nslookup myservice\` waits until the Service exists);
                              unset, those commands are not interpreted
  --cluster-api FILE          the cluster's API server, whose Services and EndpointSlices a pod's
                              kube-proxy sees: a kubeconfig file, or in-cluster (the simulator pod's
                              service account, which may list and watch both) (ECI_SIMULATOR_CLUSTER_API):
                              a pod's nc -z, pg_isready, wget or curl to a Service is refused until the
                              Service has a ready endpoint for the port, as kube-proxy refuses it (a
                              port the Service lacks gets no answer: nc and pg_isready time out); unset,
                              a Service that resolves takes every port as open
  -h, --help                  this text

Also served: GET /healthz, and for tests on loopback only (no signature): POST /_sim/stock
{zoneId, available, spec?}, POST /_sim/faults {errorRate, latencyMs, timeoutRate, timeoutMs, throttle},
POST /_sim/access-keys {accessKeyId, accessKeySecret?, status?: Active|Inactive} (add a key, disable
one: a rotation), GET /_sim/groups. Stops cleanly on SIGTERM or SIGINT (closes the listener, saves the state file).
`;

export interface SimulatorArgs {
  host: string;
  port: number;
  stateFile?: string;
  speed: number;
  regionId: string;
  accessKeyId: string;
  accessKeySecret: string;
  clusterDns?: string;
  /** A kubeconfig file, or `in-cluster`: where the Services the pods' kube-proxy sees are watched. */
  clusterApi?: string;
}

const FLAGS: Record<string, string> = {
  '--listen': 'ECI_SIMULATOR_LISTEN',
  '--state-file': 'ECI_SIMULATOR_STATE_FILE',
  '--speed': 'ECI_SIMULATOR_SPEED',
  '--region': 'ECI_REGION',
  '--access-key-id': 'ECI_SIMULATOR_ACCESS_KEY_ID',
  '--access-key-secret': 'ECI_SIMULATOR_ACCESS_KEY_SECRET',
  '--cluster-dns': 'ECI_SIMULATOR_CLUSTER_DNS',
  '--cluster-api': 'ECI_SIMULATOR_CLUSTER_API',
};

function parseListen(value: string, from: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value) ?? /^()()(\d+)$/.exec(value);
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port > 65535) {
    throw new Error(
      `${from} ${JSON.stringify(value)} is not HOST:PORT: use e.g. 127.0.0.1:8080 (port 0 picks a free one).`,
    );
  }
  return { host: match[1] ?? (match[2] || '127.0.0.1'), port };
}

/** argv + environment → validated settings; `help` when asked for the usage. Throws naming the bad flag. */
export function parseSimulatorArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): SimulatorArgs | 'help' {
  const given: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') return 'help';
    const eq = arg.indexOf('=');
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (!(flag in FLAGS))
      throw new Error(`unknown flag ${JSON.stringify(arg)}: run \`ack-virtual-node simulator --help\`.`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '')
      throw new Error(`${flag} needs a value: run \`ack-virtual-node simulator --help\`.`);
    given[flag] = value;
  }
  const value = (flag: string): [string, string] | undefined => {
    const envName = FLAGS[flag] ?? '';
    if (given[flag] !== undefined) return [given[flag], flag];
    const fromEnv = env[envName];
    return fromEnv ? [fromEnv, envName] : undefined;
  };
  const [listen, listenFrom] = value('--listen') ?? ['127.0.0.1:8080', '--listen'];
  const speedValue = value('--speed');
  const speed = speedValue ? Number(speedValue[0]) : 1;
  if (speedValue && !(Number.isFinite(speed) && speed >= 0)) {
    throw new Error(
      `${speedValue[1]} ${JSON.stringify(speedValue[0])} is not a number >= 0: use 1 (realistic), 0 (instant) or e.g. 0.1.`,
    );
  }
  const id = value('--access-key-id');
  const secret = value('--access-key-secret');
  if ((id === undefined) !== (secret === undefined)) {
    const missing = id
      ? '--access-key-secret (ECI_SIMULATOR_ACCESS_KEY_SECRET)'
      : '--access-key-id (ECI_SIMULATOR_ACCESS_KEY_ID)';
    throw new Error(
      `${id ? id[1] : secret?.[1]} is set without ${missing}: give both, or neither for the test key pair.`,
    );
  }
  const stateFile = value('--state-file')?.[0];
  const clusterDns = value('--cluster-dns');
  if (clusterDns && clusterDns[0] !== POD_NAMESERVER) parseDnsServer(...clusterDns);
  const clusterApi = value('--cluster-api');
  if (clusterApi && !clusterDns)
    throw new Error(
      `${clusterApi[1]} is set without --cluster-dns (ECI_SIMULATOR_CLUSTER_DNS): a connection is judged only once its host resolves; give both.`,
    );
  return {
    ...parseListen(listen, listenFrom),
    ...(stateFile ? { stateFile } : {}),
    speed,
    regionId: value('--region')?.[0] ?? 'cn-hangzhou',
    accessKeyId: id?.[0] ?? TEST_ACCESS_KEY_ID,
    accessKeySecret: secret?.[0] ?? TEST_ACCESS_KEY_SECRET,
    ...(clusterDns ? { clusterDns: clusterDns[0] } : {}),
    ...(clusterApi ? { clusterApi: clusterApi[0] } : {}),
  };
}

/** A DNS server is asked by address: `IP:PORT` (`[IPv6]:PORT`), no host name. */
function parseDnsServer(value: string, from: string): void {
  const { host } = parseListen(value, from);
  if (isIP(host) === 0 || !/:\d+$/.test(value))
    throw new Error(
      `${from} ${JSON.stringify(value)} is not IP:PORT: give the address the cluster's DNS server answers on, e.g. 198.18.0.1:53, or ${POD_NAMESERVER}.`,
    );
}

/** `--cluster-api in-cluster`: the simulator pod's own service account. */
export const IN_CLUSTER = 'in-cluster';

/** The engine as the standalone endpoint runs it: ECI's flow-control quotas on, like the real service. */
export function simulatorOptions(args: SimulatorArgs): SimulatorOptions {
  return {
    regionId: args.regionId,
    speed: args.speed,
    ...(args.stateFile ? { stateFile: args.stateFile } : {}),
    ...(args.clusterDns ? { nameResolver: dnsResolver(args.clusterDns) } : {}),
    faults: { throttle: true },
  };
}
