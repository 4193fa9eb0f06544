import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateWebhookCerts, webhookSans } from '../../../src/webhook/certs.js';

const SERVICE = { name: 'ack-virtual-node-webhook', namespace: 'kube-system' };

describe('webhookSans', () => {
  it('names the Service in every form the API server may dial', () => {
    expect(webhookSans(SERVICE)).toEqual({
      dnsNames: [
        'ack-virtual-node-webhook',
        'ack-virtual-node-webhook.kube-system',
        'ack-virtual-node-webhook.kube-system.svc',
        'ack-virtual-node-webhook.kube-system.svc.cluster.local',
      ],
      ipAddresses: [],
    });
  });

  it('adds the --url host and loopback in local development', () => {
    expect(webhookSans(SERVICE, 'https://127.0.0.1:9443/mutate').ipAddresses).toEqual(['127.0.0.1']);
    const named = webhookSans(SERVICE, 'https://dev.example.com:9443/mutate');
    expect(named.dnsNames).toEqual(expect.arrayContaining(['dev.example.com', 'localhost']));
    expect(named.ipAddresses).toEqual(['127.0.0.1']);
  });
});

describe('loadOrCreateWebhookCerts', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'webhook-certs-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates a CA-signed server certificate into an empty dir, then reuses it', async () => {
    const sans = webhookSans(SERVICE, 'https://127.0.0.1:9443/mutate');
    const certDir = join(dir, 'certs');
    const first = await loadOrCreateWebhookCerts(certDir, sans);
    const cert = new X509Certificate(first.certPem);
    expect(cert.verify(new X509Certificate(first.caPem).publicKey)).toBe(true);
    expect(cert.checkHost('ack-virtual-node-webhook.kube-system.svc')).toBeDefined();
    expect(cert.checkIP('127.0.0.1')).toBeDefined();
    expect(await readFile(join(certDir, 'ca.crt'), 'utf8')).toBe(first.caPem);
    expect((await stat(join(certDir, 'tls.key'))).mode & 0o077).toBe(0);

    const second = await loadOrCreateWebhookCerts(certDir, sans);
    expect(second).toEqual(first);
  });

  it('refuses a dir with only some of the files, naming what is missing', async () => {
    await writeFile(join(dir, 'tls.crt'), 'x');
    await writeFile(join(dir, 'tls.key'), 'x');
    await expect(loadOrCreateWebhookCerts(dir, webhookSans(SERVICE))).rejects.toThrow(
      /has tls.crt, tls.key but not ca.crt: provide all of tls.crt, tls.key and ca.crt, or none/,
    );
  });

  it('keeps generated certificates in memory without a dir', async () => {
    const certs = await loadOrCreateWebhookCerts(undefined, webhookSans(SERVICE));
    expect(certs.keyPem).toMatch(/BEGIN PRIVATE KEY/);
  });
});
