/**
 * ECI may take longer than the 5 s connect timeout to answer (a create, a log, a synchronous exec):
 * the SDK's HTTP layer (httpx) gives Node that timeout as the socket's idle timeout for the whole
 * call, so each call's read timeout must go there too. The official SDK against a real HTTP server
 * on loopback: nock does not run Node's socket timeouts, and the unit tests' nock shares their
 * workers' http module (a real server run beside them broke their interceptors).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlibabaBackend } from '../../providers/alibaba/index.js';

const KEY = { accessKeyId: 'LTAItestkey0001', accessKeySecret: 'loopback-secret' };

async function slowServer(delayMs: number, body: object): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      setTimeout(() => res.setHeader('content-type', 'application/json').end(JSON.stringify(body)), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const backendAt = (endpoint: string) =>
  createAlibabaBackend({
    regionId: 'cn-hangzhou',
    endpoint,
    credentials: { type: 'access_key', origin: 'test', ...KEY },
    tuning: {
      rateLimits: false,
      connectTimeoutMs: 200,
      readTimeoutMs: 1_000,
      slowReadTimeoutMs: 3_000,
      retry: { maxAttempts: 1 },
    },
  });

test('a log answered after longer than the connect timeout arrives (a slow call waits its read timeout)', async () => {
  const server = await slowServer(800, { RequestId: 'R', ContainerName: 'app', Content: 'hello\n' });
  try {
    const backend = await backendAt(server.url);
    await expect(
      backend.describeContainerLog({ ContainerGroupId: 'eci-1', ContainerName: 'app' }),
    ).resolves.toBe('hello\n');
  } finally {
    await server.close();
  }
});

test('a describe answered after longer than the connect timeout arrives, within its read timeout', async () => {
  const server = await slowServer(500, { RequestId: 'R', ContainerGroups: [], TotalCount: 0 });
  try {
    const backend = await backendAt(server.url);
    await expect(backend.describeContainerGroups({})).resolves.toEqual([]);
  } finally {
    await server.close();
  }
});

// The answer comes after the read timeout (1 s) and before the slow calls' (3 s): had a describe
// waited as a slow call does, it would resolve with that answer.
test('a describe still gives up after its read timeout', async () => {
  const server = await slowServer(2_500, { RequestId: 'R', ContainerGroups: [], TotalCount: 0 });
  try {
    const backend = await backendAt(server.url);
    await expect(backend.describeContainerGroups({})).rejects.toMatchObject({
      kind: 'Unavailable',
      code: 'RequestTimeout',
    });
  } finally {
    await server.close();
  }
});
