import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClusterInfo } from '../../cluster/state.js';

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
}

/** A cluster record for DIR as `clusterUp` writes it, without starting anything. */
export function sampleInfo(dir: string): ClusterInfo {
  return {
    dir,
    kubernetesVersion: 'v1.35.4',
    apiServerUrl: 'https://127.0.0.1:6443',
    kubeconfig: path.join(dir, 'kubeconfig'),
    envFile: path.join(dir, 'env'),
    clusterId: 'c-0123456789abcdef',
    region: 'cn-hangzhou',
    virtualNode: 'virtual-kubelet-cn-hangzhou-b',
    ports: { etcdClient: 2379, etcdPeer: 2380, apiServer: 6443, scheduler: 10259, controllerManager: 10257 },
    paths: {
      pki: path.join(dir, 'pki'),
      logs: path.join(dir, 'logs'),
      pids: path.join(dir, 'pids'),
      etcdData: path.join(dir, 'etcd'),
    },
    components: {},
  };
}
