// Cluster preparation shared by both runs: a namespace pods can be created in, a node that is Ready.
import { sleep } from '../src/kube/backoff.js';
import { performance } from 'node:perf_hooks';
import { isConflict } from '../src/kube/errors.js';
import type { ApiClient } from './api.js';
import { readPidFile } from '../test/cluster/pidfile.js';
import { assertAlive, type Child } from './child.js';

/** Creates `namespace` if missing and waits for its default ServiceAccount, without which pods are refused. */
export async function ensureNamespace(api: ApiClient, namespace: string, timeoutMs = 60_000): Promise<void> {
  try {
    await api.json('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    });
  } catch (err) {
    if (!isConflict(err)) throw err;
  }
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const res = await api.request('GET', `/api/v1/namespaces/${namespace}/serviceaccounts/default`);
    if (res.status === 200) return;
    if (performance.now() > deadline) {
      throw new Error(
        `namespace ${namespace} has no default ServiceAccount after ${timeoutMs / 1000} s: is kube-controller-manager running?`,
      );
    }
    await sleep(200);
  }
}

interface NodeLite {
  spec?: { taints?: { key: string; effect: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

/**
 * The taints the node lifecycle controller puts on a node whose agent stopped; it takes them off
 * a few seconds after the node is Ready again.
 */
const LIFECYCLE_TAINTS = new Set(['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready']);

/**
 * Ready, and without the taints of an earlier outage: pods bound while they are there get their
 * NoExecute eviction scheduled and cancelled again (a TaintManagerEviction Event each), work the
 * run would wrongly count against the agent.
 */
export function nodeIsReady(node: NodeLite): boolean {
  const ready = node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  return ready && !(node.spec?.taints ?? []).some((t) => LIFECYCLE_TAINTS.has(t.key));
}

/** Waits until Node `name` is Ready (nodeIsReady), failing early (with its log) if `agent` exits. */
export async function waitNodeReady(
  api: ApiClient,
  name: string,
  agent: Child,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    await assertAlive(agent);
    const res = await api.request('GET', `/api/v1/nodes/${name}`);
    if (res.status === 200 && nodeIsReady(JSON.parse(res.body) as NodeLite)) return;
    if (performance.now() > deadline) {
      throw new Error(
        `node ${name} is not Ready, or still has an unreachable or not-ready taint, after ${timeoutMs / 1000} s: see ${agent.logFile}`,
      );
    }
    await sleep(200);
  }
}

/** The control plane's processes (their CPU during each run is reported). */
export async function controlPlanePids(dir: string): Promise<number[]> {
  const pids = await Promise.all(
    ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager'].map((name) =>
      readPidFile(dir, name),
    ),
  );
  return pids.filter((pid): pid is number => pid !== undefined);
}
