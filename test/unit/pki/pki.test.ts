import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { createCA, issueCert, type KeyPair } from '../../../src/pki/index.js';

function listen(server: https.Server | tls.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

function close(server: https.Server | tls.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function httpsGet(port: number, options: https.RequestOptions): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: '/', agent: false, ...options }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('pki', () => {
  let ca: KeyPair;
  let server: KeyPair;

  beforeAll(async () => {
    ca = await createCA('test-ca');
    server = await issueCert(ca, {
      commonName: 'test-server',
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
      usage: 'server',
    });
  });

  it('issues a server cert for 127.0.0.1 that a client trusting the CA accepts over real TLS', async () => {
    const srv = https.createServer({ cert: server.certPem, key: server.keyPem }, (_req, res) =>
      res.end('hello'),
    );
    const port = await listen(srv);
    try {
      const res = await httpsGet(port, { ca: ca.certPem });
      expect(res).toEqual({ status: 200, body: 'hello' });
    } finally {
      await close(srv);
    }
  });

  it('a client that does not trust the CA rejects the server cert', async () => {
    const other = await createCA('other-ca');
    const srv = https.createServer({ cert: server.certPem, key: server.keyPem }, (_req, res) =>
      res.end('hello'),
    );
    const port = await listen(srv);
    try {
      await expect(httpsGet(port, { ca: other.certPem })).rejects.toThrow(/certificate/i);
    } finally {
      await close(srv);
    }
  });

  it('a server with requestCert verifies a client cert from the CA and sees its CN and O', async () => {
    const client = await issueCert(ca, {
      commonName: 'admin',
      organizations: ['system:masters'],
      usage: 'client',
    });
    const srv = https.createServer(
      {
        cert: server.certPem,
        key: server.keyPem,
        ca: ca.certPem,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        const peer = (req.socket as tls.TLSSocket).getPeerCertificate();
        res.end(`${peer.subject.CN}/${String(peer.subject.O)}`);
      },
    );
    const port = await listen(srv);
    try {
      const ok = await httpsGet(port, { ca: ca.certPem, cert: client.certPem, key: client.keyPem });
      expect(ok).toEqual({ status: 200, body: 'admin/system:masters' });
      const stranger = await issueCert(await createCA('stranger-ca'), { commonName: 'x', usage: 'client' });
      await expect(
        httpsGet(port, { ca: ca.certPem, cert: stranger.certPem, key: stranger.keyPem }),
      ).rejects.toThrow();
    } finally {
      await close(srv);
    }
  });

  it('a server-only cert is refused as a client cert (extended key usage is enforced)', async () => {
    const srv = tls.createServer({
      cert: server.certPem,
      key: server.keyPem,
      ca: ca.certPem,
      requestCert: true,
      rejectUnauthorized: false,
    });
    const port = await listen(srv);
    const authorized = new Promise<string | null>((resolve) =>
      srv.on('secureConnection', (socket: tls.TLSSocket) => {
        resolve(socket.authorized ? null : String(socket.authorizationError));
        socket.end();
      }),
    );
    const conn = tls.connect({
      host: '127.0.0.1',
      port,
      ca: ca.certPem,
      cert: server.certPem,
      key: server.keyPem,
    });
    conn.on('error', () => undefined);
    try {
      expect(await authorized).toMatch(/PURPOSE|purpose/);
    } finally {
      conn.destroy();
      await close(srv);
    }
  });

  it('writes the names, validity and CA flags a TLS peer checks', async () => {
    const caCert = new X509Certificate(ca.certPem);
    const leaf = new X509Certificate(server.certPem);
    expect(caCert.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(caCert)).toBe(true);
    expect(leaf.verify(caCert.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(server.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const days = (Date.parse(leaf.validTo) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(365);
    const short = new X509Certificate(
      (await issueCert(ca, { commonName: 's', usage: 'both', days: 2 })).certPem,
    );
    expect(Math.round((Date.parse(short.validTo) - Date.now()) / 86_400_000)).toBe(2);
  });

  it('writes the subject, issuer, usages and key identifiers a Kubernetes client reads', async () => {
    const client = new X509Certificate(
      (
        await issueCert(ca, {
          commonName: 'admin',
          organizations: ['system:masters', 'dev'],
          dnsNames: ['a.svc'],
          ipAddresses: ['fd00:10:96::a'],
          usage: 'both',
        })
      ).certPem,
    );
    const caCert = new X509Certificate(ca.certPem);
    expect(client.subject).toBe('O=system:masters\nO=dev\nCN=admin');
    expect(client.issuer).toBe(caCert.subject);
    expect(caCert.subject).toBe('CN=test-ca');
    expect(caCert.checkIssued(caCert)).toBe(true);
    expect(client.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(new X509Certificate(server.certPem).keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(client.subjectAltName).toBe('DNS:a.svc, IP Address:FD00:10:96:0:0:0:0:A');
    expect(client.checkIP('fd00:10:96::a')).toBe('fd00:10:96::a');
    expect(client.serialNumber).toMatch(/^[0-9A-F]{32}$/);
    expect(client.serialNumber).not.toBe(new X509Certificate(server.certPem).serialNumber);
    expect(client.validFromDate.getTime()).toBeLessThan(Date.now());
  });

  it('refuses a CA key that is not ECDSA P-256, saying what to use', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const keyPem = String(privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(
      issueCert({ certPem: ca.certPem, keyPem }, { commonName: 'x', usage: 'server' }),
    ).rejects.toThrow(/CA key is a ed25519 key, not ECDSA P-256; use a KeyPair made by createCA/);
    await expect(
      issueCert({ certPem: ca.certPem, keyPem: 'not a key' }, { commonName: 'x', usage: 'server' }),
    ).rejects.toThrow(/CA key is not a PEM private key/);
  });

  it.each([
    [{ commonName: '', usage: 'server' as const }, /commonName is empty/],
    [
      { commonName: 'x', usage: 'server' as const, ipAddresses: ['localhost'] },
      /ipAddresses contains "localhost"/,
    ],
    [{ commonName: 'x', usage: 'server' as const, dnsNames: ['bad name'] }, /dnsNames contains "bad name"/],
    [{ commonName: 'x', usage: 'server' as const, days: 0 }, /days is 0/],
  ])('rejects bad options with a message naming the field: %p', async (opts, message) => {
    await expect(issueCert(ca, opts)).rejects.toThrow(message);
  });
});
