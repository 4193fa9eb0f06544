import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../cluster/ports.js';
import { clusterDir, coordination, core, deleteNamespace, waitFor } from './cluster.js';

/** How `cluster up` launched a component (DIR/cluster.json, see test/cluster/state.ts). */
export interface LaunchSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export interface ClusterRecord {
  clusterId: string;
  components: Record<string, LaunchSpec | undefined>;
  paths: { logs: string; pids: string };
  /** Ports of the app components (the controller's metrics endpoint among them). */
  ports: { metrics: number };
}

export function clusterRecord(): ClusterRecord {
  return JSON.parse(readFileSync(join(clusterDir, 'cluster.json'), 'utf8')) as ClusterRecord;
}

export { freePort };

/** A controller process started by a test from the cluster's launch spec. */
export interface ExtraController {
  nodeName: string;
  pid: number;
  logFile: string;
  /** Where this process's lines begin in logFile: the file is appended to by every run. */
  logStart: number;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Signals the process (SIGKILL: no clean shutdown) and waits until it is gone. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

/**
 * Starts `node dist/src/cli.js controller` with the cluster controller's own settings (same simulator,
 * ALIYUN_CLUSTERID and credentials) on other ports, for node `nodeName` with the given overrides
 * (VKUBELET_NODE_NAME '' for zone nodes, `nodeName` then only names the log), and
 * waits until it answers /readyz (a leader-election standby is ready too).
 */
export async function startController(
  nodeName: string,
  overrides: Record<string, string> = {},
  logName = `controller-${nodeName}`,
): Promise<ExtraController> {
  const spec = clusterRecord().components.controller;
  if (spec === undefined) throw new Error(`no controller recorded in ${clusterDir}/cluster.json`);
  const metricsPort = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...spec.env };
  delete env.NODE_OPTIONS;
  Object.assign(env, {
    VKUBELET_NODE_NAME: nodeName,
    KUBELET_PORT: String(await freePort()),
    METRICS_PORT: String(metricsPort),
    ...overrides,
  });
  // VKUBELET_NODE_NAME '' asks for zone nodes: one per zone of ECI_VSWITCH, named by the controller.
  if (env.VKUBELET_NODE_NAME === '') delete env.VKUBELET_NODE_NAME;
  const logFile = join(clusterDir, 'logs', `${logName}.log`);
  const log = openSync(logFile, 'a');
  const logStart = fstatSync(log).size;
  const child = spawn(spec.command, spec.args, { env, stdio: ['ignore', log, log] });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`cannot start a controller for ${nodeName}`);
  let gone = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      gone = true;
      resolve(code);
    }),
  );
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (gone) throw new Error(`the controller for ${nodeName} exited; see ${logFile}`);
    const ready = await fetch(`http://127.0.0.1:${metricsPort}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`the controller for ${nodeName} is not ready after 90 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    nodeName,
    pid,
    logFile,
    logStart,
    exited,
    stop: async (signal) => {
      if (gone) return;
      child.kill(signal);
      await exited;
    },
  };
}

/**
 * A test's extra controller and what it left: the namespace's pods (deleted while the controller
 * still runs, or they stay Terminating), the controller, its node and node Lease, the namespace.
 */
export async function retireExtraController(
  controller: ExtraController | undefined,
  namespace: string,
): Promise<void> {
  await core.deleteCollectionNamespacedPod({ namespace }).catch(() => undefined);
  await waitFor(`the pods of ${namespace} gone`, async () =>
    (await core.listNamespacedPod({ namespace })).items.length === 0 ? true : undefined,
  ).catch(() => undefined);
  await controller?.stop('SIGTERM');
  if (controller !== undefined) {
    await core.deleteNode({ name: controller.nodeName }).catch(() => undefined);
    await coordination
      .deleteNamespacedLease({ name: controller.nodeName, namespace: 'kube-node-lease' })
      .catch(() => undefined);
  }
  await deleteNamespace(namespace);
}
