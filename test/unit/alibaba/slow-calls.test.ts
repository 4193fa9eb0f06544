/**
 * A log or a synchronous exec may take ECI longer than the 5 s connect timeout to answer: the SDK's
 * HTTP layer (httpx) gives Node that timeout as the socket's idle timeout for the whole call, so a
 * slow call must get its longer read timeout there too. A real HTTP server on loopback, not nock:
 * nock does not run Node's socket timeouts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlibabaBackend } from '../../../providers/alibaba/index.js';
import { KEY } from './helpers.js';

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
      readTimeoutMs: 300,
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

test('a describe still gives up after its own timeouts', async () => {
  const server = await slowServer(1_500, { RequestId: 'R', ContainerGroups: [], TotalCount: 0 });
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
