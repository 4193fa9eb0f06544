import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, clusterDir, core, env } from './cluster.js';
import { simAdmin } from './simulator.js';
import { freePort } from './controllers.js';

export { freePort };

/** How `cluster up` launched a component (DIR/cluster.json, see src/devcluster/state.ts). */
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
}

export function clusterRecord(): ClusterRecord {
  return JSON.parse(readFileSync(join(clusterDir, 'cluster.json'), 'utf8')) as ClusterRecord;
}

function argvOf(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0$/, '').split('\0');
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

/** The pid of a running component of this cluster: its pid file names a live process with its argv. */
export function componentPid(name: string): number | undefined {
  const spec = clusterRecord().components[name];
  let pid: number;
  try {
    pid = Number(readFileSync(join(clusterDir, 'pids', `${name}.pid`), 'utf8').trim());
  } catch {
    return undefined;
  }
  const argv = argvOf(pid);
  if (spec === undefined || argv === undefined || !isAlive(pid)) return undefined;
  const same = argv[0] === spec.command && spec.args.slice(0, 2).every((a, i) => argv[i + 1] === a);
  return same ? pid : undefined;
}

export async function waitGone(pid: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`pid ${pid} still alive after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** SIGKILL (no clean shutdown) one component of this cluster, by its recorded pid. */
export async function sigkill(name: string): Promise<number> {
  const pid = componentPid(name);
  if (pid === undefined) throw new Error(`${name} is not running in ${clusterDir}`);
  process.kill(pid, 'SIGKILL');
  await waitGone(pid);
  return pid;
}

/** `cluster up`: restarts whatever is not running and returns when it serves again. */
export async function clusterUp(): Promise<void> {
  await cli('cluster', 'up', '--dir', clusterDir);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inParallel<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(runners);
}

export async function deletePod(namespace: string, name: string): Promise<void> {
  await core.deleteNamespacedPod({ name, namespace }).catch((err: unknown) => {
    if ((err as { code?: number }).code !== 404) throw err;
  });
}

export async function backendFaults(body: {
  errorRate?: number;
  latencyMs?: number;
  timeoutRate?: number;
  timeoutMs?: number;
  throttle?: boolean;
}): Promise<void> {
  await simAdmin('faults', body);
}

/** What the simulator does when nobody injects anything (the OpenAPI server keeps ECI's flow control on). */
export function backendFaultsOff(): Promise<void> {
  return backendFaults({ errorRate: 0, latencyMs: 0, timeoutRate: 0, timeoutMs: 1000, throttle: true });
}

export const ZONES = ['cn-hangzhou-b', 'cn-hangzhou-c'];

export async function setStock(zoneId: string, available: number | 'unlimited'): Promise<void> {
  await simAdmin('stock', { zoneId, available });
}

/** A controller process for another virtual node, started by the test from the cluster's launch spec. */
export interface ExtraController {
  nodeName: string;
  pid: number;
  /** Signals the process (SIGKILL: no clean shutdown) and waits until it is gone. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

/**
 * Starts `node dist/src/cli.js controller` for node `name` with the cluster controller's own settings
 * (same backend, same ALIYUN_CLUSTERID) on other ports, and waits until it is ready.
 */
export async function startExtraController(
  name: string,
  extraEnv: Record<string, string> = {},
): Promise<ExtraController> {
  const spec = clusterRecord().components.controller;
  if (spec === undefined) throw new Error(`no controller recorded in ${clusterDir}/cluster.json`);
  const metricsPort = await freePort();
  const kubeletPort = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...spec.env };
  delete env.NODE_OPTIONS;
  Object.assign(env, {
    VKUBELET_NODE_NAME: name,
    KUBELET_PORT: String(kubeletPort),
    METRICS_PORT: String(metricsPort),
    ...extraEnv,
  });
  const log = openSync(join(clusterDir, 'logs', `controller-${name}.log`), 'a');
  const child = spawn(spec.command, spec.args, { env, stdio: ['ignore', log, log] });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`cannot start a controller for ${name}`);
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited)
      throw new Error(`the controller for ${name} exited; see ${clusterDir}/logs/controller-${name}.log`);
    const ready = await fetch(`http://127.0.0.1:${metricsPort}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`the controller for ${name} is not ready after 90 s`);
    await sleep(500);
  }
  return {
    nodeName: name,
    pid,
    stop: async (signal) => {
      if (exited) return;
      child.kill(signal);
      await new Promise<void>((resolve) => (exited ? resolve() : child.once('exit', () => resolve())));
    },
  };
}

function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** One V1-signed ECI OpenAPI call to the cluster's simulator, as any SDK would send it. */
export async function eciCall(
  action: string,
  business: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const params: Record<string, string> = {
    Action: action,
    Version: '2018-08-08',
    Format: 'JSON',
    AccessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...business,
  };
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(params[k])}`)
    .join('&');
  const signature = createHmac('sha1', `${env.ALIBABA_CLOUD_ACCESS_KEY_SECRET}&`)
    .update(`GET&${rfc3986('/')}&${rfc3986(canonical)}`)
    .digest('base64');
  const res = await fetch(`${env.ECI_ENDPOINT}/?${canonical}&Signature=${rfc3986(signature)}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
