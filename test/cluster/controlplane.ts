import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureClusterPki, type ClusterPki } from './certs.js';
import { componentKubeconfigPath, controlPlaneSpecs } from './components.js';
import { renderKubeconfig } from './kubeconfig.js';
import { ensureComponent, recordSpecs } from './lifecycle.js';
import { ensureNodeAddress } from './nodeaddress.js';
import type { BinaryPaths } from './paths.js';
import {
  CONTROL_PLANE_COMPONENTS,
  newClusterInfo,
  readClusterInfoIfAny,
  writeClusterInfo,
  type ClusterInfo,
  type ClusterPorts,
} from './state.js';
import { KUBERNETES_VERSION } from './versions.js';

export interface ControlPlane {
  dir: string;
  /** Admin kubeconfig (O=system:masters). */
  kubeconfig: string;
  apiServerUrl: string;
  ports: ClusterPorts;
  pki: ClusterPki;
  info: ClusterInfo;
}

export interface StartControlPlaneOptions {
  onProgress?: (line: string) => void;
}

async function writeKubeconfigs(info: ClusterInfo, pki: ClusterPki): Promise<void> {
  const caPem = await readFile(pki.caCert, 'utf8');
  const write = async (file: string, user: string, certFile: string, keyFile: string): Promise<void> => {
    const content = renderKubeconfig({
      server: info.apiServerUrl,
      caPem,
      certPem: await readFile(certFile, 'utf8'),
      keyPem: await readFile(keyFile, 'utf8'),
      user,
    });
    await writeFile(file, content, { mode: 0o600 });
  };
  await write(info.kubeconfig, 'kubernetes-admin', pki.adminCert, pki.adminKey);
  await write(
    componentKubeconfigPath(pki.dir, 'kube-scheduler'),
    'kube-scheduler',
    pki.schedulerCert,
    pki.schedulerKey,
  );
  await write(
    componentKubeconfigPath(pki.dir, 'kube-controller-manager'),
    'kube-controller-manager',
    pki.controllerManagerCert,
    pki.controllerManagerKey,
  );
  await write(
    componentKubeconfigPath(pki.dir, 'metrics-server'),
    'metrics-server',
    pki.metricsServerCert,
    pki.metricsServerKey,
  );
  await write(componentKubeconfigPath(pki.dir, 'coredns'), 'coredns', pki.corednsCert, pki.corednsKey);
}

/**
 * Brings up etcd, kube-apiserver, kube-scheduler and kube-controller-manager on 127.0.0.1 for
 * the cluster in `dir` (the API server advertising the node address, see nodeaddress.ts), as detached processes. On a re-run it keeps the ports and credentials
 * and starts only what is not running. Resolves when the API server is ready and the controller
 * manager has made the default service account.
 */
export async function startControlPlane(
  dir: string,
  bins: BinaryPaths,
  opts: StartControlPlaneOptions = {},
): Promise<ControlPlane> {
  const root = path.resolve(dir);
  const info = (await readClusterInfoIfAny(root)) ?? (await newClusterInfo(root, KUBERNETES_VERSION));
  if (info.kubernetesVersion !== KUBERNETES_VERSION) {
    throw new Error(
      `${root} holds a Kubernetes ${info.kubernetesVersion} cluster, this program runs ${KUBERNETES_VERSION}: ` +
        `run "cluster down" and remove ${root} to start a new one`,
    );
  }
  for (const sub of [info.paths.logs, info.paths.pids, info.paths.etcdData]) {
    await mkdir(sub, { recursive: true, mode: 0o700 });
  }
  const pki = await ensureClusterPki(info.paths.pki);
  await writeKubeconfigs(info, pki);
  info.binaries = bins;
  const node = await ensureNodeAddress();
  opts.onProgress?.(node.how);
  info.nodeAddress = node.address;
  await recordSpecs(info, controlPlaneSpecs(info, bins, pki, node.address));
  await writeClusterInfo(info);
  for (const name of CONTROL_PLANE_COMPONENTS) await ensureComponent(info, name, opts.onProgress);
  return {
    dir: root,
    kubeconfig: info.kubeconfig,
    apiServerUrl: info.apiServerUrl,
    ports: info.ports,
    pki,
    info,
  };
}
