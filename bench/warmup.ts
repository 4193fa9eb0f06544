// Whichever agent runs first would otherwise meet a cold control plane (empty caches, a small Go
// heap, a fresh etcd): the run starts by creating and deleting pods that no agent serves, so both
// measured runs meet a warm one.
import { performance } from 'node:perf_hooks';
import { sleep } from '../src/kube/backoff.js';
import type { ApiClient } from './api.js';
import { ensureNamespace } from './kube.js';
import { paced, podManifest, runLoad, type Toleration } from './load.js';

const NAMESPACE = 'bench-warmup';
/** Bound to a node no agent serves: stored and deleted, never run. */
const NOWHERE = 'bench-warmup-nowhere';

export async function warmUp(
  api: ApiClient,
  pods: number,
  concurrency: number,
  progress: (line: string) => void,
): Promise<void> {
  if (pods === 0) return;
  const t0 = performance.now();
  await ensureNamespace(api, NAMESPACE);
  const names = Array.from({ length: pods }, (_, i) => `warmup-${i}`);
  await paced(pods, concurrency, undefined, async (i) => {
    await api.json('POST', `/api/v1/namespaces/${NAMESPACE}/pods`, {
      body: podManifest(names[i] ?? '', { namespace: NAMESPACE, nodeName: NOWHERE, tolerations: [] }),
    });
  });
  // No kubelet will confirm these: deleted at once.
  await paced(pods, concurrency, undefined, async (i) => {
    await api.json('DELETE', `/api/v1/namespaces/${NAMESPACE}/pods/${names[i] ?? ''}`, {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
    });
  });
  progress(
    `warmed the control plane up: ${pods} pods created and deleted in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

export interface AgentWarmUp {
  label: string;
  namespace: string;
  nodeName: string;
  /** Several nodes (the zones scenario): the pods spread over them. */
  nodeNames?: string[];
  tolerations: Toleration[];
  pods: number;
  concurrency: number;
}

/**
 * Pods on the agent's own node, Running then deleted, before its measured phase: a controller that
 * has run for a while has its hot paths compiled by V8 (KWOK, in Go, is compiled ahead of time),
 * and a burst in production meets that one, not a process started a second before.
 */
export async function warmAgent(
  api: ApiClient,
  o: AgentWarmUp,
  progress: (line: string) => void,
): Promise<void> {
  if (o.pods === 0) return;
  await ensureNamespace(api, o.namespace);
  const result = await runLoad(api, {
    namespace: o.namespace,
    nodeName: o.nodeName,
    nodeNames: o.nodeNames,
    tolerations: o.tolerations,
    pods: o.pods,
    concurrency: o.concurrency,
    prefix: 'agent-warmup',
  });
  const events = await eventsSettled(api, o.namespace);
  progress(
    `${o.label}: warmed up on ${o.pods} pods of its own (Running in ${result.runningSeconds.toFixed(1)} s, deleted in ${result.deleteSeconds.toFixed(1)} s, ${events} Events about them)`,
  );
}

const QUIET_MS = 3000;
const SETTLE_LIMIT_MS = 120_000;

/**
 * Waits until no Event about the warm-up pods is written or bumped for 3 s (at most 2 minutes): the
 * controller holds normal Events back while it writes pods and then writes them at its Event rate,
 * which would otherwise fall into the measured phase. Returns how many were recorded.
 */
async function eventsSettled(api: ApiClient, namespace: string): Promise<number> {
  const deadline = performance.now() + SETTLE_LIMIT_MS;
  let last = -1;
  let quietSince = performance.now();
  for (;;) {
    const { items } = await api.json<{ items: { count?: number }[] }>(
      'GET',
      `/api/v1/namespaces/${namespace}/events`,
    );
    const recorded = items.reduce((sum, e) => sum + (e.count ?? 1), 0);
    const now = performance.now();
    if (recorded !== last) {
      last = recorded;
      quietSince = now;
    }
    if (now - quietSince >= QUIET_MS || now > deadline) return recorded;
    await sleep(500);
  }
}
