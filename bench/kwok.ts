// KWOK as the reference: one fake node it manages (by annotation), driven by its own fast stages.
import path from 'node:path';
import type { KwokInstall } from '../test/cluster/kwok.js';
import { isConflict, isNotFound } from '../src/kube/errors.js';
import type { ApiClient } from './api.js';
import { spawnChild, type Child } from './child.js';
import { waitNodeReady } from './kube.js';
import type { Toleration } from './load.js';

export const KWOK_NODE = 'kwok-bench-node';
const MANAGED = { key: 'kwok.x-k8s.io/node', value: 'fake' };
export const KWOK_TOLERATIONS: Toleration[] = [
  { key: MANAGED.key, operator: 'Exists', effect: 'NoSchedule' },
];

/** A node KWOK takes over, tainted and labelled like our virtual node so only bound pods land on it. */
export function kwokNodeManifest(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [MANAGED.key]: MANAGED.value, 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        type: 'kwok',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
      },
    },
    spec: { taints: [{ key: MANAGED.key, value: MANAGED.value, effect: 'NoSchedule' }] },
  };
}

export function kwokArgs(install: KwokInstall, kubeconfig: string): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--config=${install.stagesFile}`,
    '--manage-all-nodes=false',
    `--manage-nodes-with-annotation-selector=${MANAGED.key}=${MANAGED.value}`,
    // No kubelet-like HTTP server: nothing in the benchmark uses logs or exec.
    '--server-address=',
    '--node-lease-duration-seconds=40',
  ];
}

/** Registers the fake nodes, starts kwok against them and waits until they are Ready. */
export async function startKwok(
  api: ApiClient,
  install: KwokInstall,
  kubeconfig: string,
  logsDir: string,
  nodes: string[] = [KWOK_NODE],
): Promise<Child> {
  for (const node of nodes) {
    await api.json('POST', '/api/v1/nodes', { body: kwokNodeManifest(node) }).catch((err: unknown) => {
      if (!isConflict(err)) throw err;
    });
    // A Lease left by a KWOK stopped earlier in this run (--runs) would keep the new one off the
    // node's pods until it expired (40 s), while the node still reads Ready.
    await api
      .json('DELETE', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}`)
      .catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
  }
  const child = await spawnChild(
    'kwok',
    install.binary,
    kwokArgs(install, kubeconfig),
    {},
    path.join(logsDir, 'bench-kwok.log'),
  );
  try {
    for (const node of nodes) await waitNodeReady(api, node, child);
  } catch (err) {
    await child.stop();
    throw err;
  }
  return child;
}
