import { generateKeyPairSync } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCA, issueCert, type IssueCertOptions, type KeyPair } from '../../src/pki/index.js';

/** The ClusterIP of the `kubernetes` Service: the first address of --service-cluster-ip-range. */
export const SERVICE_CLUSTER_IP_RANGE = '10.0.0.0/24';
const KUBERNETES_SERVICE_IP = '10.0.0.1';

/** Every credential of the local cluster, as file paths under DIR/pki. */
export interface ClusterPki {
  dir: string;
  caCert: string;
  caKey: string;
  apiServerCert: string;
  apiServerKey: string;
  adminCert: string;
  adminKey: string;
  kubeletClientCert: string;
  kubeletClientKey: string;
  serviceAccountKey: string;
  serviceAccountPub: string;
  schedulerCert: string;
  schedulerKey: string;
  controllerManagerCert: string;
  controllerManagerKey: string;
  /** The API server's identity toward aggregated API servers (metrics-server), trusted through requestheader. */
  frontProxyClientCert: string;
  frontProxyClientKey: string;
  metricsServerCert: string;
  metricsServerKey: string;
  corednsCert: string;
  corednsKey: string;
}

/** The CN the API server presents to aggregated API servers; they accept request headers only from it. */
export const FRONT_PROXY_CLIENT = 'front-proxy-client';

/** The leaf certificates the CA signs, by file stem. */
const LEAVES: Record<string, IssueCertOptions> = {
  apiserver: {
    commonName: 'kube-apiserver',
    dnsNames: [
      'localhost',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
    ],
    ipAddresses: ['127.0.0.1', '::1', KUBERNETES_SERVICE_IP],
    usage: 'server',
  },
  admin: { commonName: 'kubernetes-admin', organizations: ['system:masters'], usage: 'client' },
  'apiserver-kubelet-client': {
    commonName: 'kube-apiserver-kubelet-client',
    organizations: ['system:masters'],
    usage: 'client',
  },
  'kube-scheduler': { commonName: 'system:kube-scheduler', usage: 'client' },
  'kube-controller-manager': { commonName: 'system:kube-controller-manager', usage: 'client' },
  'front-proxy-client': { commonName: FRONT_PROXY_CLIENT, usage: 'client' },
  'metrics-server': { commonName: 'system:metrics-server', usage: 'client' },
  coredns: { commonName: 'system:coredns', usage: 'client' },
};

export function clusterPkiPaths(pkiDir: string): ClusterPki {
  const f = (name: string): string => path.join(pkiDir, name);
  return {
    dir: pkiDir,
    caCert: f('ca.crt'),
    caKey: f('ca.key'),
    apiServerCert: f('apiserver.crt'),
    apiServerKey: f('apiserver.key'),
    adminCert: f('admin.crt'),
    adminKey: f('admin.key'),
    kubeletClientCert: f('apiserver-kubelet-client.crt'),
    kubeletClientKey: f('apiserver-kubelet-client.key'),
    serviceAccountKey: f('sa.key'),
    serviceAccountPub: f('sa.pub'),
    schedulerCert: f('kube-scheduler.crt'),
    schedulerKey: f('kube-scheduler.key'),
    controllerManagerCert: f('kube-controller-manager.crt'),
    controllerManagerKey: f('kube-controller-manager.key'),
    frontProxyClientCert: f('front-proxy-client.crt'),
    frontProxyClientKey: f('front-proxy-client.key'),
    metricsServerCert: f('metrics-server.crt'),
    metricsServerKey: f('metrics-server.key'),
    corednsCert: f('coredns.crt'),
    corednsKey: f('coredns.key'),
  };
}

const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  );

async function writePair(pkiDir: string, stem: string, pair: KeyPair): Promise<void> {
  await writeFile(path.join(pkiDir, `${stem}.key`), pair.keyPem, { mode: 0o600 });
  await writeFile(path.join(pkiDir, `${stem}.crt`), pair.certPem);
}

/**
 * Creates what is missing under `pkiDir` and keeps what exists, so a re-run reuses the cluster's
 * identity (kubeconfigs handed out stay valid). A new CA re-issues every leaf it would not sign.
 */
export async function ensureClusterPki(pkiDir: string): Promise<ClusterPki> {
  const paths = clusterPkiPaths(pkiDir);
  await mkdir(pkiDir, { recursive: true, mode: 0o700 });
  const freshCa = !((await exists(paths.caCert)) && (await exists(paths.caKey)));
  let ca: KeyPair;
  if (freshCa) {
    ca = await createCA('ack-virtual-node-dev-ca');
    await writePair(pkiDir, 'ca', ca);
  } else {
    ca = { certPem: await readFile(paths.caCert, 'utf8'), keyPem: await readFile(paths.caKey, 'utf8') };
  }
  for (const [stem, opts] of Object.entries(LEAVES)) {
    const present =
      (await exists(path.join(pkiDir, `${stem}.crt`))) && (await exists(path.join(pkiDir, `${stem}.key`)));
    if (freshCa || !present) await writePair(pkiDir, stem, await issueCert(ca, opts));
  }
  if (!((await exists(paths.serviceAccountKey)) && (await exists(paths.serviceAccountPub)))) {
    // Service-account tokens are signed by the API server and verified by anyone holding sa.pub.
    const { privateKey, publicKey } = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    await writeFile(paths.serviceAccountKey, privateKey, { mode: 0o600 });
    await writeFile(paths.serviceAccountPub, publicKey);
  }
  return paths;
}

/**
 * A serving certificate signed by the cluster CA for `address` (and `dnsNames`), issued once per
 * address: the file names carry it, so a cluster whose node address changed gets a new one.
 */
export async function ensureServingCert(
  pki: ClusterPki,
  stem: string,
  address: string,
  dnsNames: string[],
): Promise<{ cert: string; key: string }> {
  const cert = path.join(pki.dir, `${stem}-${address}.crt`);
  const key = path.join(pki.dir, `${stem}-${address}.key`);
  if ((await exists(cert)) && (await exists(key))) return { cert, key };
  const ca = { certPem: await readFile(pki.caCert, 'utf8'), keyPem: await readFile(pki.caKey, 'utf8') };
  const pair = await issueCert(ca, { commonName: stem, dnsNames, ipAddresses: [address], usage: 'server' });
  await writeFile(key, pair.keyPem, { mode: 0o600 });
  await writeFile(cert, pair.certPem);
  return { cert, key };
}
