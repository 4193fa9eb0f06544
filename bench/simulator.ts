// The simulator's OpenAPI server as the controller's ECI, in a process of its own: the controller
// reaches it through the official SDK (ECI_BACKEND=alibaba), as it reaches the cloud.
import { sleep } from '../src/kube/backoff.js';
import { performance } from 'node:perf_hooks';
import { httpGet } from '../test/cluster/http.js';
import { freePorts } from '../test/cluster/ports.js';
import type { ClusterInfo } from '../test/cluster/state.js';
import { spawnChild, type Child } from './child.js';

export interface SimulatorServer {
  child: Child;
  /** The controller's settings to use it. */
  env: Record<string, string>;
}

/** Starts it with instant container groups; `throttle: false` turns ECI's flow control off. */
export async function startSimulatorServer(
  info: ClusterInfo,
  cliPath: string,
  options: { throttle: boolean },
): Promise<SimulatorServer> {
  const [port] = await freePorts(1);
  const endpoint = `http://127.0.0.1:${port}`;
  const child = await spawnChild(
    'simulator',
    process.execPath,
    [cliPath, 'simulator', '--listen', `127.0.0.1:${port}`, '--speed', '0'],
    {},
    `${info.paths.logs}/bench-simulator.log`,
  );
  try {
    const deadline = performance.now() + 30_000;
    while ((await httpGet(`${endpoint}/healthz`).catch(() => undefined))?.status !== 200) {
      if (performance.now() > deadline)
        throw new Error(`the simulator at ${endpoint} does not answer: see ${child.logFile}`);
      await sleep(200);
    }
    const res = await fetch(`${endpoint}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(options),
    });
    if (!res.ok) throw new Error(`the simulator refused ${JSON.stringify(options)}: ${await res.text()}`);
  } catch (err) {
    await child.stop();
    throw err;
  }
  return {
    child,
    env: {
      ECI_BACKEND: 'alibaba',
      ECI_ENDPOINT: endpoint,
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'testAccessKeyId',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'testAccessKeySecret',
      ECI_VSWITCH: 'vsw-sim-b',
      ECI_SECURITY_GROUP: 'sg-sim-default',
      // Without the server's flow control, the controller's own copy of the quota goes too: an
      // account whose quota Alibaba Cloud raised.
      ...(options.throttle ? {} : { ECI_CREATE_QPS: '100000', ECI_CREATE_BURST: '100000' }),
    },
  };
}
