import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import {
  createOpenApiHttpServer,
  createOpenApiServer,
  serveExecSockets,
} from '../../../providers/simulator/openapi/index.js';
import type { ServedBackend } from '../../../providers/simulator/openapi/index.js';
import { EciSimulator, ManualClock } from '../../../providers/simulator/index.js';

export const TEST_KEY = { accessKeyId: 'testAccessKeyId', secretAccessKey: 'testAccessKeySecret' };
export const REGION = 'cn-hangzhou';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface SimulatorServer {
  server: RunningServer;
  sim: EciSimulator;
  clock: ManualClock;
}

/** For each test of the file: a simulator on a manual clock (speed 1, no jitter) behind its own endpoint. */
export function useSimulatorServer(): SimulatorServer {
  const h = {} as SimulatorServer;
  beforeEach(async () => {
    h.clock = new ManualClock();
    h.sim = new EciSimulator({ speed: 1, jitter: 0, clock: h.clock });
    h.server = await startServer(h.sim);
  });
  afterEach(async () => {
    await h.server.close();
    await h.sim.close();
  });
  return h;
}

/** The OpenAPI endpoint over `backend` on 127.0.0.1 and a free port. */
export async function startServer(backend: ServedBackend): Promise<RunningServer> {
  const app = createOpenApiServer(backend, { credentials: [TEST_KEY], regionId: REGION });
  const server: Server = await new Promise((resolve) => {
    const s = createOpenApiHttpServer(app).listen(0, '127.0.0.1', () => resolve(s));
  });
  serveExecSockets(server, backend);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** RFC 3986 encoding as the Go SDK and aliyun CLI do it (written here independently of the server's). */
function rfc3986(s: string): string {
  return encodeURIComponent(s)
    .replace(/\+/g, '%20')
    .replace(/\*/g, '%2A')
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29');
}

export interface V1Options {
  method?: 'GET' | 'POST';
  secret?: string;
  accessKeyId?: string;
  nonce?: string;
  /** Send the parameters as a form body (aliyun CLI style) instead of the query string. */
  form?: boolean;
  /** Common parameters sent instead of the usual ones (Timestamp, SignatureVersion...); undefined leaves one out. */
  common?: Record<string, string | undefined>;
}

/** A V1 (HMAC-SHA1) signed RPC call, built by hand the way the Go SDK does, answered in JSON. */
export async function callV1(
  url: string,
  action: string,
  business: Record<string, string>,
  opts: V1Options = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await callV1Raw(url, action, business, opts);
  return { status: res.status, body: JSON.parse(res.text) as Record<string, unknown> };
}

/** The same call with its answer as sent: status, Content-Type and text. */
export async function callV1Raw(
  url: string,
  action: string,
  business: Record<string, string>,
  opts: V1Options = {},
): Promise<{ status: number; contentType: string; requestIdHeader: string | null; text: string }> {
  const { createHmac, randomUUID } = await import('node:crypto');
  const method = opts.method ?? (opts.form ? 'POST' : 'GET');
  const params: Record<string, string> = {
    Action: action,
    Version: '2018-08-08',
    Format: 'JSON',
    AccessKeyId: opts.accessKeyId ?? TEST_KEY.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: opts.nonce ?? randomUUID(),
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...business,
  };
  for (const [name, value] of Object.entries(opts.common ?? {})) {
    if (value === undefined) delete params[name];
    else params[name] = value;
  }
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(params[k] ?? '')}`)
    .join('&');
  const stringToSign = `${method}&${rfc3986('/')}&${rfc3986(canonical)}`;
  const signature = createHmac('sha1', `${opts.secret ?? TEST_KEY.secretAccessKey}&`)
    .update(stringToSign)
    .digest('base64');
  const encoded = `${canonical}&Signature=${rfc3986(signature)}`;
  const res = opts.form
    ? await fetch(`${url}/`, {
        method,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: encoded,
      })
    : await fetch(`${url}/?${encoded}`, { method });
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    requestIdHeader: res.headers.get('x-acs-request-id'),
    text: await res.text(),
  };
}

/** A minimal valid CreateContainerGroup, flattened. */
export function createParams(name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    RegionId: REGION,
    SecurityGroupId: 'sg-1',
    VSwitchId: 'vsw-1',
    ContainerGroupName: name,
    RestartPolicy: 'Always',
    'Container.1.Name': 'app',
    'Container.1.Image': 'nginx:1.25',
    ...extra,
  };
}
