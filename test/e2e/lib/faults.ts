import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { devCli, clusterDir, core, env } from './cluster.js';
import { clusterRecord } from './controllers.js';
import { simAdmin } from './simulator.js';
export {
  clusterRecord,
  freePort,
  retireExtraController,
  startController as startExtraController,
  type ExtraController,
} from './controllers.js';

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
  await devCli('cluster', 'up', '--dir', clusterDir);
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
