import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { KUBERNETES_VERSION } from './versions.js';

export interface BinaryPaths {
  etcd: string;
  kubeApiserver: string;
  kubeScheduler: string;
  kubeControllerManager: string;
}

/**
 * The per-user cache (outside any repository, so a clean clone keeps the build):
 * ACK_VN_CACHE_DIR, else $XDG_CACHE_HOME/ack-virtual-node, else ~/.cache/ack-virtual-node.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  if (env.ACK_VN_CACHE_DIR) return path.resolve(env.ACK_VN_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return path.resolve(env.XDG_CACHE_HOME, 'ack-virtual-node');
  return path.join(home, '.cache', 'ack-virtual-node');
}

export function kubernetesCacheDir(env: NodeJS.ProcessEnv = process.env, home?: string): string {
  return path.join(cacheRoot(env, home), `kubernetes-${KUBERNETES_VERSION}`);
}

export function binaryPaths(binDir: string): BinaryPaths {
  return {
    etcd: path.join(binDir, 'etcd'),
    kubeApiserver: path.join(binDir, 'kube-apiserver'),
    kubeScheduler: path.join(binDir, 'kube-scheduler'),
    kubeControllerManager: path.join(binDir, 'kube-controller-manager'),
  };
}

/**
 * The product CLI the local cluster runs its components with (`node <cli> controller`): the
 * development build compiles src/ beside the tools, so from dist/test/cluster/ it is dist/src/cli.js.
 */
export const productCliPath = path.resolve(fileURLToPath(import.meta.url), '../../../src/cli.js');

/** The repository (Dockerfile, package.json): dist/test/cluster/ is three folders below it. */
export const repoRoot = path.resolve(fileURLToPath(import.meta.url), '../../../..');
