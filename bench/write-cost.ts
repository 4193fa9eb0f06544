// --scenario write-cost: what one pod status write costs the API server and etcd, by how it is
// sent. No agent runs: pods are bound to a Node object nobody serves, and each way of writing
// writes the same Running status to a fresh batch of them.
import { sleep } from '../src/kube/backoff.js';
import type * as k8s from '@kubernetes/client-node';
import { isConflict, MERGE_PATCH_TYPE, STRATEGIC_MERGE_PATCH_TYPE } from '../src/kube/errors.js';
import { PARTIAL_METADATA } from '../src/kube/rest.js';
import { readPidFile } from '../test/cluster/pidfile.js';
import type { ApiClient } from './api.js';
import { ensureNamespace } from './kube.js';
import { paced } from './load.js';
import { readProcStats } from './metrics.js';
import type { ScenarioContext } from './scenarios.js';

const NODE = 'bench-write-cost-node';
const NAMESPACE = 'bench-write-cost';

export interface WriteWay {
  name: string;
  method: 'PATCH' | 'PUT';
  contentType?: string;
  accept?: string;
  body: (pod: k8s.V1Pod, status: k8s.V1PodStatus) => unknown;
}

/** The controller's way first (strategic merge, answered with the metadata only), then the others. */
export const WRITE_WAYS: readonly WriteWay[] = [
  {
    name: 'smp-metadata',
    method: 'PATCH',
    contentType: STRATEGIC_MERGE_PATCH_TYPE,
    accept: PARTIAL_METADATA,
    body: (_pod, status) => ({ status }),
  },
  {
    name: 'smp-full',
    method: 'PATCH',
    contentType: STRATEGIC_MERGE_PATCH_TYPE,
    body: (_pod, status) => ({ status }),
  },
  {
    name: 'merge-metadata',
    method: 'PATCH',
    contentType: MERGE_PATCH_TYPE,
    accept: PARTIAL_METADATA,
    body: (_pod, status) => ({ status }),
  },
  {
    name: 'put-metadata',
    method: 'PUT',
    accept: PARTIAL_METADATA,
    body: (pod, status) => ({ ...pod, status }),
  },
];

/** The Running status an agent writes for a one-container pod. Pure. */
export function runningStatus(podIp: string, at: string): k8s.V1PodStatus {
  const condition = (type: string): k8s.V1PodCondition =>
    ({ type, status: 'True', lastTransitionTime: at }) as unknown as k8s.V1PodCondition;
  return {
    phase: 'Running',
    hostIP: '198.18.0.1',
    hostIPs: [{ ip: '198.18.0.1' }],
    podIP: podIp,
    podIPs: [{ ip: podIp }],
    startTime: at as unknown as Date,
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'].map(condition),
    containerStatuses: [
      {
        name: 'app',
        image: 'registry.example.com/bench/pause:3.9',
        imageID: 'registry.example.com/bench/pause@sha256:0123',
        containerID: 'containerd://0123456789abcdef',
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: at as unknown as Date } },
      },
    ],
  };
}

/** One line per way of writing. Pure. */
export function writeCostLine(
  way: string,
  writes: number,
  apiServerSeconds: number,
  etcdSeconds: number,
): string {
  const perWrite = (s: number): string => ((s * 1000) / writes).toFixed(2);
  return (
    `WRITECOST way=${way} writes=${writes} ` +
    `apiserver_ms_per_write=${perWrite(apiServerSeconds)} etcd_ms_per_write=${perWrite(etcdSeconds)}`
  );
}

async function cpuOf(pid: number): Promise<number> {
  return (await readProcStats(pid)).cpuSeconds;
}

async function createBoundPods(api: ApiClient, prefix: string, count: number, concurrency: number) {
  const pods: k8s.V1Pod[] = [];
  await paced(count, concurrency, undefined, async (i) => {
    pods[i] = await api.json<k8s.V1Pod>('POST', `/api/v1/namespaces/${NAMESPACE}/pods`, {
      body: {
        metadata: { name: `${prefix}-${i}`, labels: { bench: prefix } },
        spec: {
          nodeName: NODE,
          containers: [{ name: 'app', image: 'registry.example.com/bench/pause:3.9' }],
        },
      },
    });
  });
  return pods;
}

async function deleteAll(api: ApiClient, prefix: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await api.json('DELETE', `/api/v1/namespaces/${NAMESPACE}/pods`, {
    query: { labelSelector: `bench=${prefix}`, gracePeriodSeconds: 0 },
  });
  for (;;) {
    const left = await api.json<{ items: unknown[] }>('GET', `/api/v1/namespaces/${NAMESPACE}/pods`, {
      query: { labelSelector: `bench=${prefix}`, limit: 1 },
    });
    if (left.items.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`pods labelled bench=${prefix} still there after ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

/** Each way of writing on `--pods` fresh pods, `--concurrency` writes in flight; prints a line per way. */
export async function benchWriteCost(c: ScenarioContext): Promise<void> {
  const { api, flags, progress } = c;
  const [apiServer, etcd] = await Promise.all(
    ['kube-apiserver', 'etcd'].map(async (name) => {
      const pid = await readPidFile(c.info.dir, name);
      if (pid === undefined) throw new Error(`no ${name} pid in ${c.info.dir}: is the control plane up?`);
      return pid;
    }),
  );
  await api.json('POST', '/api/v1/nodes', { body: { metadata: { name: NODE } } }).catch((err: unknown) => {
    if (!isConflict(err)) throw err; // left by an interrupted run
  });
  await ensureNamespace(api, NAMESPACE);
  const lines: string[] = [];
  for (const [round, way] of WRITE_WAYS.entries()) {
    const prefix = `w${round}`;
    progress(`${way.name}: creating ${flags.pods} pods bound to ${NODE}`);
    const pods = await createBoundPods(api, prefix, flags.pods, flags.concurrency);
    await sleep(3000); // the creates' own work (watch fan-out) is over before counting
    const before = await Promise.all([cpuOf(apiServer), cpuOf(etcd)]);
    const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await paced(pods.length, flags.concurrency, undefined, async (i) => {
      const pod = pods[i];
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      await api.text(way.method, `/api/v1/namespaces/${NAMESPACE}/pods/${pod.metadata?.name ?? ''}/status`, {
        body: way.body(pod, runningStatus(ip, at)),
        contentType: way.contentType,
        accept: way.accept,
      });
    });
    await sleep(2000);
    const after = await Promise.all([cpuOf(apiServer), cpuOf(etcd)]);
    lines.push(writeCostLine(way.name, pods.length, after[0] - before[0], after[1] - before[1]));
    progress(lines[lines.length - 1]);
    await deleteAll(api, prefix);
  }
  await api.json('DELETE', `/api/v1/nodes/${NODE}`).catch(() => undefined);
  process.stdout.write(`${lines.join('\n')}\n`);
}
