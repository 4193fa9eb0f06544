// The load: N pods bound to one node, created at a rate, watched until Running, then deleted and
// watched until gone. Pod startup latency is creation until Running is observed through a watch,
// as the Kubernetes SLO defines it.
import { sleep } from '../src/kube/backoff.js';
import { isConflict, isNotFound } from '../src/kube/errors.js';
import { performance } from 'node:perf_hooks';
import { ApiError, type ApiClient } from './api.js';
import { PodWatch, type PodObservations } from './watch.js';
import { ThreadedPodWatch } from './watch-thread.js';

export interface Toleration {
  key: string;
  operator: 'Exists';
  effect: 'NoSchedule';
}

export interface LoadOptions {
  namespace: string;
  nodeName: string;
  /** Several nodes: pod i is bound to nodeNames[i % n] (nodeName is then only the first). */
  nodeNames?: string[];
  tolerations: Toleration[];
  pods: number;
  /** Pods created per second; undefined: as fast as `concurrency` requests in flight allow. */
  ratePerSecond?: number;
  concurrency: number;
  /** Pod names are `<prefix>-<i>`: unique per run so leftovers can never be mistaken for new pods. */
  prefix: string;
  onProgress?: (line: string) => void;
  /** With it, the pod watch runs on a thread of its own (its own connection from this kubeconfig). */
  kubeconfig?: string;
  /** Called once every pod is Running, before the deletions start. */
  onAllRunning?: () => Promise<void>;
}

export interface LoadResult {
  pods: number;
  /** Per pod: creation request sent → Running observed (ms), ascending. */
  startupMs: number[];
  /** First creation sent → last Running observed. */
  runningSeconds: number;
  /** First deletion sent → last DELETED observed. */
  deleteSeconds: number;
  /** The benchmark's own pod writes (creates and deletes, retries included), to subtract from the API server's count. */
  ownWrites: number;
  /** Times the watch stream ended and was resumed: the API server drops watchers that fall behind. */
  watchRestarts: number;
}

const MAX_ATTEMPTS = 8;

/** Transient answers worth another attempt: throttling, server overload, dropped connections. */
function retryable(err: unknown): boolean {
  return err instanceof ApiError ? [429, 500, 502, 503, 504].includes(err.statusCode) : true;
}

async function withRetries(what: string, call: () => Promise<void>, count: () => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      count();
      return await call();
    } catch (err) {
      if (!retryable(err) || attempt >= MAX_ATTEMPTS) {
        throw new Error(`${what} failed after ${attempt} attempt(s): ${(err as Error).message}`, {
          cause: err,
        });
      }
      await sleep(Math.min(2000, 50 * 2 ** attempt));
    }
  }
}

/** Runs `fn(i)` for i < count with at most `concurrency` in flight, starting call i no earlier than i/rate s. */
export async function paced(
  count: number,
  concurrency: number,
  rate: number | undefined,
  fn: (i: number) => Promise<void>,
) {
  const t0 = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      if (rate !== undefined) {
        const wait = t0 + (i * 1000) / rate - performance.now();
        if (wait > 0) await sleep(wait);
      }
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

export function podManifest(name: string, o: Pick<LoadOptions, 'namespace' | 'nodeName' | 'tolerations'>) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace, labels: { app: 'bench' } },
    spec: {
      nodeName: o.nodeName,
      tolerations: o.tolerations,
      // No token volume: KWOK would ignore it, ours would request a token per pod; compare like for like.
      automountServiceAccountToken: false,
      // The local cluster runs no DNS service: ClusterFirst would earn a MissingClusterDNS-style
      // warning per pod, which a real cluster (with CoreDNS) does not produce.
      dnsPolicy: 'Default',
      containers: [{ name: 'app', image: 'registry.example.com/bench/pause:3.10' }],
    },
  };
}

async function until(
  what: string,
  timeoutMs: number,
  done: () => number,
  total: number,
  watch: PodObservations,
  progress: (line: string) => void,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastReport = performance.now();
  while (done() < total) {
    if (watch.failure) throw watch.failure;
    if (performance.now() > deadline) {
      throw new Error(`${what}: only ${done()} of ${total} after ${Math.round(timeoutMs / 1000)} s`);
    }
    if (performance.now() - lastReport > 5000) {
      progress(`  ${what}: ${done()}/${total}`);
      lastReport = performance.now();
    }
    await sleep(50);
  }
}

/** Creates, watches and deletes the pods; throws when they do not all get Running or gone in time. */
export async function runLoad(api: ApiClient, o: LoadOptions): Promise<LoadResult> {
  const progress = o.onProgress ?? (() => undefined);
  const nodes = o.nodeNames ?? [o.nodeName];
  const selector =
    nodes.length === 1 ? `?fieldSelector=${encodeURIComponent(`spec.nodeName=${o.nodeName}`)}` : '';
  const base = `/api/v1/namespaces/${o.namespace}/pods${selector}`;
  const names = Array.from({ length: o.pods }, (_, i) => `${o.prefix}-${String(i).padStart(5, '0')}`);
  const inside = new Set(names);
  const timeoutMs = 60_000 + o.pods * 60;
  const watch: PodObservations = o.kubeconfig
    ? new ThreadedPodWatch({ kubeconfig: o.kubeconfig, base, prefix: o.prefix })
    : new PodWatch(api, base, o.prefix);
  let ownWrites = 0;
  await watch.start();
  try {
    const createdAt = new Map<string, number>();
    const t0 = performance.now();
    await paced(o.pods, o.concurrency, o.ratePerSecond, async (i) => {
      const name = names[i];
      createdAt.set(name, performance.now());
      await withRetries(
        `creating pod ${o.namespace}/${name}`,
        async () => {
          try {
            await api.json('POST', `/api/v1/namespaces/${o.namespace}/pods`, {
              body: podManifest(name, { ...o, nodeName: nodes[i % nodes.length] ?? o.nodeName }),
            });
          } catch (err) {
            if (!isConflict(err)) throw err; // an earlier attempt landed
          }
        },
        () => ownWrites++,
      );
    });
    progress(`  created ${o.pods} pods in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const countRunning = (): number => names.filter((n) => watch.running.has(n)).length;
    await until('pods Running', timeoutMs, countRunning, o.pods, watch, progress);
    const startupMs = names
      .map((n) => (watch.running.get(n) ?? NaN) - (createdAt.get(n) ?? NaN))
      .sort((a, b) => a - b);
    const runningSeconds = (Math.max(...names.map((n) => watch.running.get(n) ?? 0)) - t0) / 1000;
    await o.onAllRunning?.();

    const d0 = performance.now();
    await paced(o.pods, o.concurrency, o.ratePerSecond, async (i) => {
      // Default grace period, as KWOK's benchmark deletes: the node's agent must finish the deletion.
      await withRetries(
        `deleting pod ${o.namespace}/${names[i]}`,
        async () => {
          try {
            await api.json('DELETE', `/api/v1/namespaces/${o.namespace}/pods/${names[i]}`);
          } catch (err) {
            if (!isNotFound(err)) throw err;
          }
        },
        () => ownWrites++,
      );
    });
    const countDeleted = (): number => [...watch.deleted.keys()].filter((n) => inside.has(n)).length;
    await until('pods deleted', timeoutMs, countDeleted, o.pods, watch, progress);
    const deleteSeconds = (Math.max(...names.map((n) => watch.deleted.get(n) ?? 0)) - d0) / 1000;
    return {
      pods: o.pods,
      startupMs,
      runningSeconds,
      deleteSeconds,
      ownWrites,
      watchRestarts: watch.restarts,
    };
  } finally {
    await watch.stop();
  }
}
