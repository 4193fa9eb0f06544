import { logger } from '../../../src/log.js';
import { directDialer } from '../../../src/kubelet/pod-dialer.js';
import { createCA, issueCert, type KeyPair } from '../../../src/pki/index.js';
import { startKubeletServer } from '../../../src/kubelet/index.js';
import type { KubeletServer, KubeletServerOptions } from '../../../src/kubelet/types.js';
import { call, FakeAuthorizer, FakeBackend, FakePods, type CallOptions, type Reply } from './fakes.js';

export const NODE = 'virtual-node-eci-0';
export const METRICS_SERVER = 'system:serviceaccount:kube-system:metrics-server';

export interface Certs {
  ca: KeyPair;
  apiserver: KeyPair;
  nobody: KeyPair;
  foreign: KeyPair;
}

let certs: Promise<Certs> | undefined;

// The server logs every refusal and listen; the assertions say what matters.
logger.silent = true;

/** One set of certificates per test file: the cluster CA, the API server's client cert, strangers'. */
export function testCerts(): Promise<Certs> {
  certs ??= (async () => {
    const ca = await createCA('cluster-ca');
    const otherCa = await createCA('some-other-ca');
    return {
      ca,
      apiserver: await issueCert(ca, {
        commonName: 'kube-apiserver-kubelet-client',
        organizations: ['kubeadm:cluster-admins'],
        usage: 'client',
      }),
      nobody: await issueCert(ca, {
        commonName: 'nobody',
        organizations: ['team-a', 'team-b'],
        usage: 'client',
      }),
      foreign: await issueCert(otherCa, { commonName: 'kube-apiserver-kubelet-client', usage: 'client' }),
    };
  })();
  return certs;
}

export interface Fixture {
  certs: Certs;
  server: KubeletServer;
  backend: FakeBackend;
  pods: FakePods;
  authorizer: FakeAuthorizer;
  get(path: string, opts?: CallOptions): Promise<Reply>;
  /** As the API server does: its kubelet client certificate. */
  asApiServer(path: string, opts?: CallOptions): Promise<Reply>;
}

export async function startFixture(extra: Partial<KubeletServerOptions> = {}): Promise<Fixture> {
  const c = await testCerts();
  const serving = await issueCert(c.ca, { commonName: NODE, ipAddresses: ['127.0.0.1'], usage: 'server' });
  const backend = new FakeBackend();
  const pods = new FakePods();
  // The API server may do anything; metrics-server only stats and metrics; everyone else nothing.
  const authorizer = new FakeAuthorizer(
    (user, attrs) =>
      user.groups.includes('kubeadm:cluster-admins') ||
      (user.user === METRICS_SERVER && ['stats', 'metrics'].includes(attrs.subresource)),
  );
  authorizer.tokens.set('metrics-server-token', { user: METRICS_SERVER, groups: ['system:serviceaccounts'] });
  const server = await startKubeletServer({
    nodeName: NODE,
    address: '127.0.0.1',
    port: 0,
    tls: serving,
    clientCaPem: c.ca.certPem,
    authorizer,
    backend,
    pods,
    logPollIntervalMs: 20,
    dialPod: directDialer(1000),
    ...extra,
  });
  const get = (path: string, opts?: CallOptions) => call(server.port, c.ca.certPem, path, opts);
  return {
    certs: c,
    server,
    backend,
    pods,
    authorizer,
    get,
    asApiServer: (path, opts) => get(path, { cert: c.apiserver, ...opts }),
  };
}
