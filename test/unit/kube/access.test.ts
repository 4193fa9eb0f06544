import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inClusterAccess, kubeconfigAccess } from '../../../src/kube/access.js';
import { clientNodeAccess, loadKubeConfig } from '../../../src/kube/client-node.js';
import { connect } from '../../../src/kube/connect.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function kubeconfig(cluster: Record<string, unknown>, user: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'ctx',
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
    clusters: [{ name: 'c', cluster: { server: 'https://10.0.0.1:6443', ...cluster } }],
    users: [{ name: 'u', user }],
  });
}

describe('kubeconfigAccess', () => {
  let dir: string;
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'access-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads inline certificates and the server of the current context', async () => {
    const file = write(
      'config',
      kubeconfig(
        { 'certificate-authority-data': b64('CA'), 'tls-server-name': 'api.internal' },
        { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') },
      ),
    );
    const access = kubeconfigAccess(file);
    expect(access?.server).toBe('https://10.0.0.1:6443');
    const creds = await access?.credentials();
    expect(String(creds?.tls.ca)).toBe('CA');
    expect(String(creds?.tls.cert)).toBe('CERT');
    expect(String(creds?.tls.key)).toBe('KEY');
    expect(creds?.tls.servername).toBe('api.internal');
    expect(creds?.headers).toEqual({});
  });

  it('reads certificate files relative to the kubeconfig, and reads them again (rotation)', async () => {
    write('ca.crt', 'CA-1');
    const file = write('config', kubeconfig({ 'certificate-authority': 'ca.crt' }, { token: 'tok' }));
    const access = kubeconfigAccess(file);
    expect(String((await access?.credentials())?.tls.ca)).toBe('CA-1');
    write('ca.crt', 'CA-2');
    const creds = await access?.credentials();
    expect(String(creds?.tls.ca)).toBe('CA-2');
    expect(creds?.headers).toEqual({ authorization: 'Bearer tok' });
  });

  it('re-reads a token file, and sends a username and password as basic auth', async () => {
    write('token', 'first\n');
    const tokenFile = kubeconfigAccess(write('a', kubeconfig({}, { tokenFile: 'token' })));
    expect((await tokenFile?.credentials())?.headers.authorization).toBe('Bearer first');
    write('token', 'second');
    expect((await tokenFile?.credentials())?.headers.authorization).toBe('Bearer second');
    const basic = kubeconfigAccess(
      write('b', kubeconfig({ 'insecure-skip-tls-verify': true }, { username: 'ann', password: 'pw' })),
    );
    const creds = await basic?.credentials();
    expect(creds?.headers.authorization).toBe(`Basic ${b64('ann:pw')}`);
    expect(creds?.tls.rejectUnauthorized).toBe(false);
  });

  it('leaves exec plugins and auth providers to client-node', () => {
    const exec = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aliyun' } };
    expect(kubeconfigAccess(write('exec', kubeconfig({}, exec)))).toBeUndefined();
    expect(
      kubeconfigAccess(write('ap', kubeconfig({}, { 'auth-provider': { name: 'oidc' } }))),
    ).toBeUndefined();
  });

  it('says what is wrong with a kubeconfig it cannot use', () => {
    expect(() =>
      kubeconfigAccess(write('proxy', kubeconfig({ 'proxy-url': 'http://proxy:3128' }, {}))),
    ).toThrow('sets proxy-url http://proxy:3128, which this controller does not support');
    const noContext = write('nc', JSON.stringify({ clusters: [], users: [], contexts: [] }));
    expect(() => kubeconfigAccess(noContext)).toThrow(
      `${noContext} has no current-context: run kubectl config use-context`,
    );
    const missing = write('m', JSON.stringify({ 'current-context': 'gone', contexts: [] }));
    expect(() => kubeconfigAccess(missing)).toThrow('no context named "gone"');
    expect(() => kubeconfigAccess(write('t', kubeconfig({}, { token: 42 })))).toThrow(
      'token is 42: it must be a string',
    );
  });

  it('refuses a proxy-url through client-node too', () => {
    const file = write('proxy', kubeconfig({ 'proxy-url': 'http://proxy:3128' }, { exec: { command: 'x' } }));
    expect(() => clientNodeAccess(loadKubeConfig(file))).toThrow('sets proxy-url http://proxy:3128');
  });

  it('runs an exec plugin through client-node when connecting with such a kubeconfig', async () => {
    const plugin = write(
      'plugin.js',
      `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'from-exec' } }))`,
    );
    const exec = {
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin] },
    };
    const file = write('exec', kubeconfig({}, exec));
    const api = await connect(file);
    api.close();
    const creds = await clientNodeAccess(loadKubeConfig(file)).credentials();
    expect(creds.headers.authorization).toBe('Bearer from-exec');
  });
});

describe('inClusterAccess', () => {
  const env = { ...process.env };
  afterEach(() => (process.env = { ...env }));

  it('uses the service account token and CA, and the service host (IPv6 in brackets)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sa-'));
    try {
      writeFileSync(path.join(dir, 'token'), 'sa-token\n');
      writeFileSync(path.join(dir, 'ca.crt'), 'SA-CA');
      process.env.KUBERNETES_SERVICE_HOST = 'fd00::1';
      process.env.KUBERNETES_SERVICE_PORT = '443';
      const access = inClusterAccess(dir);
      expect(access.server).toBe('https://[fd00::1]:443');
      const creds = await access.credentials();
      expect(creds.headers).toEqual({ authorization: 'Bearer sa-token' });
      expect(String(creds.tls.ca)).toBe('SA-CA');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('connect() names what to set when there is neither a kubeconfig nor a cluster', async () => {
    delete process.env.KUBECONFIG;
    delete process.env.KUBERNETES_SERVICE_HOST;
    await expect(connect()).rejects.toThrow('no cluster to talk to: set KUBECONFIG');
  });
});
