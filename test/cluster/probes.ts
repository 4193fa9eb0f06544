import * as k8s from '@kubernetes/client-node';
import { readFile } from 'node:fs/promises';
import type { ClusterPki } from './certs.js';
import { httpGet, type TlsMaterial } from './http.js';
import type { ProbeResult } from './wait.js';

/** A probe that wants HTTP 200 (and optionally a body check) from `url`. */
export function http200(url: string, tls: TlsMaterial = {}, bodyOk: (body: string) => boolean = () => true) {
  return async (): Promise<ProbeResult> => {
    const res = await httpGet(url, tls);
    if (res.status === 200 && bodyOk(res.body)) return true;
    return `GET ${url} answered ${res.status} ${res.body.trim().slice(0, 200)}`;
  };
}

export async function adminTls(pki: ClusterPki): Promise<TlsMaterial> {
  const [ca, cert, key] = await Promise.all([
    readFile(pki.caCert, 'utf8'),
    readFile(pki.adminCert, 'utf8'),
    readFile(pki.adminKey, 'utf8'),
  ]);
  return { ca, cert, key };
}

/** All of `probes` in turn: ready only when each is. */
export function allOf(...probes: (() => Promise<ProbeResult>)[]) {
  return async (): Promise<ProbeResult> => {
    for (const probe of probes) {
      const result = await probe();
      if (result !== true) return result;
    }
    return true;
  };
}

const CLOCK_SLACK_MS = 5000;

const asTime = (t: Date | string | undefined): number => (t === undefined ? NaN : new Date(t).getTime());

/**
 * Whether a Node counts as Ready: condition Ready=True and, with `since`, heard from after that
 * time (Ready heartbeat or Lease renewal), so a Node left Ready by an earlier run does not hide a
 * controller that just crashed.
 */
export function judgeNodeReady(
  node: k8s.V1Node,
  leaseRenewTime: Date | string | undefined,
  since?: Date,
): ProbeResult {
  const name = node.metadata?.name ?? '?';
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') {
    return `Node ${name} Ready=${ready?.status ?? 'absent'}${ready?.message ? ` (${ready.message})` : ''}`;
  }
  if (!since) return true;
  const threshold = since.getTime() - CLOCK_SLACK_MS;
  const heard = [asTime(ready.lastHeartbeatTime), asTime(leaseRenewTime)].filter((t) => !Number.isNaN(t));
  if (heard.some((t) => t >= threshold)) return true;
  return `Node ${name} is Ready but not updated since the controller started (no newer heartbeat or Lease renewal)`;
}

/** Ready when `judgeNodeReady` says so, reading the Node and its Lease through the admin kubeconfig. */
export function nodeReady(kubeconfigPath: string, nodeName: string, since?: Date) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const coordination = kc.makeApiClient(k8s.CoordinationV1Api);
  const leaseRenewTime = async (): Promise<Date | undefined> => {
    try {
      return (await coordination.readNamespacedLease({ name: nodeName, namespace: 'kube-node-lease' })).spec
        ?.renewTime;
    } catch {
      return undefined;
    }
  };
  return async (): Promise<ProbeResult> => {
    let node: k8s.V1Node;
    try {
      node = await core.readNode({ name: nodeName });
    } catch (err) {
      if (err instanceof k8s.ApiException && err.code === 404) return `Node ${nodeName} does not exist yet`;
      throw err;
    }
    return judgeNodeReady(node, since ? await leaseRenewTime() : undefined, since);
  };
}
