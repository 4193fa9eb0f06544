import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { clusterInfo, type ClusterInfo } from '../../cluster/state.js';

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
}

/** A cluster record for DIR as `clusterUp` writes it, without starting anything. */
export function sampleInfo(dir: string): ClusterInfo {
  return clusterInfo(
    dir,
    'v1.35.4',
    { etcdClient: 2379, etcdPeer: 2380, apiServer: 6443, scheduler: 10259, controllerManager: 10257 },
    'c-0123456789abcdef',
  );
}
