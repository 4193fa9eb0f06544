import type * as k8s from '@kubernetes/client-node';
import { STRATEGIC_MERGE_PATCH } from '../../../src/kube/client-node.js';
import { MicroTime } from '../../../src/kube/microtime.js';
import { coordination, core, waitFor } from './cluster.js';

/**
 * A stand-in ECS node: registered with the given labels, taints and capacity, reported Ready and kept
 * alive through its Lease, so the real scheduler treats it as a worker. No kubelet runs there, so pods
 * bound to it stay Pending, which the scenarios allow.
 */
export async function standInNode(
  name: string,
  opts: { labels?: Record<string, string>; taints?: k8s.V1Taint[]; cpu: string; pods: string },
): Promise<{ stop(): Promise<void> }> {
  await core.createNode({
    body: {
      metadata: { name, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
      spec: { taints: opts.taints },
    },
  });
  const heartbeat = async (): Promise<void> => {
    const now = new Date();
    const resources = { cpu: opts.cpu, memory: '32Gi', pods: opts.pods };
    await core
      .patchNodeStatus(
        {
          name,
          body: {
            status: {
              capacity: resources,
              allocatable: resources,
              conditions: [
                {
                  type: 'Ready',
                  status: 'True',
                  reason: 'KubeletReady',
                  lastHeartbeatTime: now,
                  lastTransitionTime: now,
                },
              ],
            },
          },
        },
        STRATEGIC_MERGE_PATCH,
      )
      .catch(() => undefined);
    const lease = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: new MicroTime() };
    await coordination
      .readNamespacedLease({ name, namespace: 'kube-node-lease' })
      .then((old) =>
        coordination.replaceNamespacedLease({
          name,
          namespace: 'kube-node-lease',
          body: { ...old, spec: lease },
        }),
      )
      .catch(() =>
        coordination.createNamespacedLease({
          namespace: 'kube-node-lease',
          body: { metadata: { name }, spec: lease },
        }),
      )
      .catch(() => undefined);
  };
  await heartbeat();
  const timer = setInterval(() => void heartbeat(), 5_000);
  // A new node carries node.kubernetes.io/not-ready until the node lifecycle controller sees it
  // Ready (its monitor period is 5 s): pods applied before then all go to the virtual node, so a
  // scenario that expects this node to take some would fail by a race, not by a bug.
  await waitFor(`stand-in node ${name} Ready and schedulable`, async () => {
    const node = await core.readNode({ name });
    const ready = node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    const lifecycleTaint = (node.spec?.taints ?? []).some((t) => t.key.startsWith('node.kubernetes.io/'));
    return ready && !lifecycleTaint ? node : undefined;
  });
  return {
    async stop() {
      clearInterval(timer);
      await core.deleteNode({ name }).catch(() => undefined);
      await coordination.deleteNamespacedLease({ name, namespace: 'kube-node-lease' }).catch(() => undefined);
    },
  };
}
