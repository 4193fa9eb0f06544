import * as k8s from '@kubernetes/client-node';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ensureClusterPki } from '../../cluster/certs.js';
import { renderKubeconfig } from '../../cluster/kubeconfig.js';
import { tempDir } from './helpers.js';

describe('cluster credentials', () => {
  it('creates a CA and the certs each component needs, with the names Kubernetes authorizes on', async () => {
    const pki = await ensureClusterPki(path.join(await tempDir('pki'), 'pki'));
    const ca = new X509Certificate(await readFile(pki.caCert));
    const cert = async (file: string): Promise<X509Certificate> => new X509Certificate(await readFile(file));

    const server = await cert(pki.apiServerCert);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkIP('10.0.0.1')).toBe('10.0.0.1');
    expect(server.checkHost('kubernetes.default.svc')).toBe('kubernetes.default.svc');
    expect(server.checkHost('localhost')).toBe('localhost');

    expect((await cert(pki.adminCert)).subject).toBe('O=system:masters\nCN=kubernetes-admin');
    expect((await cert(pki.kubeletClientCert)).subject).toBe(
      'O=system:masters\nCN=kube-apiserver-kubelet-client',
    );
    expect((await cert(pki.schedulerCert)).subject).toBe('CN=system:kube-scheduler');
    expect((await cert(pki.controllerManagerCert)).subject).toBe('CN=system:kube-controller-manager');
    expect(await readFile(pki.serviceAccountKey, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(await readFile(pki.serviceAccountPub, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect((await stat(pki.caKey)).mode & 0o777).toBe(0o600);
  });

  it('keeps existing credentials on a re-run and re-issues only what is missing', async () => {
    const dir = path.join(await tempDir('pki'), 'pki');
    const first = await ensureClusterPki(dir);
    const caBefore = await readFile(first.caCert, 'utf8');
    const adminBefore = await readFile(first.adminCert, 'utf8');
    const saBefore = await readFile(first.serviceAccountKey, 'utf8');
    await rm(first.schedulerKey);
    const second = await ensureClusterPki(dir);
    expect(await readFile(second.caCert, 'utf8')).toBe(caBefore);
    expect(await readFile(second.adminCert, 'utf8')).toBe(adminBefore);
    expect(await readFile(second.serviceAccountKey, 'utf8')).toBe(saBefore);
    const scheduler = new X509Certificate(await readFile(second.schedulerCert));
    expect(scheduler.checkIssued(new X509Certificate(caBefore))).toBe(true);
    expect(scheduler.checkPrivateKey(createPrivateKey(await readFile(second.schedulerKey)))).toBe(true);
  });

  it('writes a kubeconfig that @kubernetes/client-node loads with the embedded credentials', () => {
    const text = renderKubeconfig({
      server: 'https://127.0.0.1:6443',
      caPem: 'CA',
      certPem: 'CERT',
      keyPem: 'KEY',
      user: 'kubernetes-admin',
    });
    const kc = new k8s.KubeConfig();
    kc.loadFromString(text);
    expect(kc.getCurrentCluster()).toMatchObject({
      server: 'https://127.0.0.1:6443',
      caData: Buffer.from('CA').toString('base64'),
    });
    expect(kc.getCurrentUser()).toMatchObject({
      name: 'kubernetes-admin',
      certData: Buffer.from('CERT').toString('base64'),
      keyData: Buffer.from('KEY').toString('base64'),
    });
  });
});
