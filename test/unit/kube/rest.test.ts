import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createCA, issueCert } from '../../../src/pki/index.js';
import { KubeApiError, KubeRest, type WatchEvent } from '../../../src/kube/rest.js';
import { tokenClient } from '../../support/token-access.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A plain HTTP stand-in for the API server: records each request, answers with `reply`. */
async function server(
  reply: (req: Seen, res: http.ServerResponse) => void,
): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      reply(entry, res);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => {
      srv.closeAllConnections();
      return new Promise((r) => srv.close(() => r()));
    },
  };
}

describe('KubeRest', () => {
  it('sends a DELETE body with its length, so the next request on the connection is intact', async () => {
    const api = await server((_req, res) => res.end('{"kind":"Status"}'));
    const rest = tokenClient(api.url, () => 't');
    try {
      await rest.json('DELETE', '/api/v1/namespaces/a/pods/p', { body: { gracePeriodSeconds: 0 } });
      await rest.json('GET', '/api/v1/namespaces/a/pods/p');
      expect(api.seen.map((s) => [s.method, s.url, s.body])).toEqual([
        ['DELETE', '/api/v1/namespaces/a/pods/p', '{"gracePeriodSeconds":0}'],
        ['GET', '/api/v1/namespaces/a/pods/p', ''],
      ]);
      expect(api.seen[0].headers['content-type']).toBe('application/json');
      expect(api.seen[0].headers.authorization).toBe('Bearer t');
    } finally {
      rest.close();
      await api.close();
    }
  });

  it('sends the patch content type and query, and throws the Status message with the code', async () => {
    const api = await server((_req, res) => {
      res.statusCode = 409;
      res.end(JSON.stringify({ kind: 'Status', message: 'the object has been modified' }));
    });
    const rest = tokenClient(api.url, () => 't');
    try {
      const call = rest.json('PATCH', '/api/v1/namespaces/a/pods/p/status', {
        body: { status: { phase: 'Running' } },
        contentType: 'application/strategic-merge-patch+json',
        query: { fieldManager: 'vk', dryRun: undefined },
      });
      await expect(call).rejects.toThrow(
        'PATCH /api/v1/namespaces/a/pods/p/status answered 409: the object has been modified',
      );
      await expect(call).rejects.toMatchObject({ statusCode: 409 });
      expect(api.seen[0].url).toBe('/api/v1/namespaces/a/pods/p/status?fieldManager=vk');
      expect(api.seen[0].headers['content-type']).toBe('application/strategic-merge-patch+json');
    } finally {
      rest.close();
      await api.close();
    }
  });

  it("lists a collection page by page and returns the last page's resourceVersion", async () => {
    const api = await server((req, res) => {
      const next = new URL(req.url, 'http://x').searchParams.get('continue');
      res.end(
        JSON.stringify(
          next === 'p2'
            ? { metadata: { resourceVersion: '12' }, items: [{ n: 3 }] }
            : { metadata: { resourceVersion: '11', continue: 'p2' }, items: [{ n: 1 }, { n: 2 }] },
        ),
      );
    });
    const rest = tokenClient(api.url, () => 't');
    try {
      const list = await rest.list<{ n: number }>('/api/v1/pods', { fieldSelector: 'spec.nodeName=vk' }, 2);
      expect(list).toEqual({ items: [{ n: 1 }, { n: 2 }, { n: 3 }], resourceVersion: '12' });
      expect(api.seen.map((s) => s.url)).toEqual([
        '/api/v1/pods?fieldSelector=spec.nodeName%3Dvk&limit=2',
        '/api/v1/pods?fieldSelector=spec.nodeName%3Dvk&limit=2&continue=p2',
      ]);
    } finally {
      rest.close();
      await api.close();
    }
  });

  it('re-reads rotated credentials once after a 401', async () => {
    let token = 'old';
    const api = await server((req, res) => {
      res.statusCode = req.headers.authorization === 'Bearer new' ? 200 : 401;
      res.end('{}');
    });
    const rest = tokenClient(api.url, () => token);
    try {
      await expect(rest.json('GET', '/api')).rejects.toBeInstanceOf(KubeApiError);
      token = 'new';
      await expect(rest.json('GET', '/api')).resolves.toEqual({});
      expect(api.seen.map((s) => s.headers.authorization)).toEqual([
        'Bearer old',
        'Bearer old',
        'Bearer old',
        'Bearer new',
      ]);
    } finally {
      rest.close();
      await api.close();
    }
  });

  it('streams watch events split across chunks, and rejects a refused watch with its code', async () => {
    const api = await server((req, res) => {
      if (req.url.includes('resourceVersion=gone')) {
        res.statusCode = 410;
        res.end('{"kind":"Status","message":"too old"}');
        return;
      }
      res.write('{"type":"ADDED","object":{"metadata":{"na');
      res.write('me":"a"}}}\n\n{"type":"DELETED","object":{"metadata":{"name":"b"}}}\n');
      res.end();
    });
    const rest = tokenClient(api.url, () => 't');
    try {
      const events: WatchEvent[] = [];
      await rest.watch(
        '/api/v1/pods',
        { fieldSelector: 'spec.nodeName=vk' },
        (e) => events.push(e),
        new AbortController().signal,
      );
      expect(events).toEqual([
        { type: 'ADDED', object: { metadata: { name: 'a' } } },
        { type: 'DELETED', object: { metadata: { name: 'b' } } },
      ]);
      expect(api.seen[0].url).toBe('/api/v1/pods?fieldSelector=spec.nodeName%3Dvk&watch=true');
      const refused = rest.watch(
        '/api/v1/pods',
        { resourceVersion: 'gone' },
        () => undefined,
        new AbortController().signal,
      );
      await expect(refused).rejects.toMatchObject({ statusCode: 410 });
    } finally {
      rest.close();
      await api.close();
    }
  });

  it('keeps calls on one TLS connection when it presents a client certificate', async () => {
    const ca = await createCA('test-ca');
    const serving = await issueCert(ca, {
      commonName: 'apiserver',
      ipAddresses: ['127.0.0.1'],
      usage: 'server',
    });
    const client = await issueCert(ca, { commonName: 'ack-virtual-node', usage: 'client' });
    let connections = 0;
    const users: string[] = [];
    const srv = https.createServer(
      {
        cert: serving.certPem,
        key: serving.keyPem,
        ca: ca.certPem,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        users.push(String((req.socket as TLSSocket).getPeerCertificate().subject.CN));
        res.end('{}');
      },
    );
    srv.on('secureConnection', () => connections++);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const { port } = srv.address() as AddressInfo;
    // Buffers, as read from a kubeconfig's or a service account's files.
    const tls = {
      ca: Buffer.from(ca.certPem),
      cert: Buffer.from(client.certPem),
      key: Buffer.from(client.keyPem),
    };
    const rest = new KubeRest({
      server: `https://127.0.0.1:${port}`,
      credentials: async () => ({ tls, headers: {} }),
    });
    try {
      for (let i = 0; i < 5; i++) await expect(rest.json('GET', '/api')).resolves.toEqual({});
      expect(users).toEqual(Array(5).fill('ack-virtual-node'));
      expect(connections).toBe(1);
    } finally {
      rest.close();
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
    }
  });
});
