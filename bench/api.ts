// A lean Kubernetes API client for load generation: one keep-alive TLS agent, raw JSON, a
// line-delimited watch. The load generator shares 2 cores with what it measures, so it stays thin.
import * as k8s from '@kubernetes/client-node';
import https from 'node:https';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 300)}`);
  }
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

const REQUEST_TIMEOUT_MS = 30_000;

export class ApiClient {
  private constructor(
    readonly server: URL,
    private readonly tls: https.RequestOptions,
    private readonly agent: https.Agent,
  ) {}

  static async fromKubeconfig(file: string, maxSockets: number): Promise<ApiClient> {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(file);
    const cluster = kc.getCurrentCluster();
    if (!cluster)
      throw new Error(`${file} has no current cluster: point --dir at a cluster made by "cluster up"`);
    const tls: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(tls);
    const agent = new https.Agent({ keepAlive: true, maxSockets, ca: tls.ca, cert: tls.cert, key: tls.key });
    return new ApiClient(new URL(cluster.server), tls, agent);
  }

  close(): void {
    this.agent.destroy();
  }

  /** One request; resolves with any status, rejects only on network errors and timeouts. */
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = https.request(
        new URL(path, this.server),
        {
          ...this.tls,
          method,
          agent: this.agent,
          timeout: REQUEST_TIMEOUT_MS,
          headers: {
            accept: 'application/json',
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${path} timed out after ${REQUEST_TIMEOUT_MS} ms`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The parsed JSON of a 2xx answer; any other status throws ApiError. */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body);
    if (res.status < 200 || res.status >= 300) throw new ApiError(res.status, method, path, res.body);
    return JSON.parse(res.body) as T;
  }

  /** Plain text of a 2xx answer (e.g. /metrics). */
  async text(path: string): Promise<string> {
    const res = await this.request('GET', path);
    if (res.status !== 200) throw new ApiError(res.status, 'GET', path, res.body);
    return res.body;
  }

  /**
   * Streams watch events of `path` (which must carry `watch=true`) to `onEvent` until the server
   * ends the stream or `signal` aborts; resolves then.
   */
  watch<T>(path: string, onEvent: (e: WatchEvent<T>) => void, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      // A watch has no overall timeout; its own agent so it never waits behind the request pool.
      const req = https.request(new URL(path, this.server), {
        ...this.tls,
        method: 'GET',
        agent: false,
        signal,
      });
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new ApiError(res.statusCode ?? 0, 'GET', path, ''));
          return;
        }
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl);
            buffered = buffered.slice(nl + 1);
            if (line.trim() !== '') onEvent(JSON.parse(line) as WatchEvent<T>);
          }
        });
        res.on('end', () => resolve());
        // A connection dropped mid-stream may close without 'end': the caller resumes either way.
        res.on('close', () => resolve());
        res.on('error', (err) => (signal.aborted ? resolve() : reject(err)));
      });
      req.on('error', (err) => (signal.aborted ? resolve() : reject(err)));
      req.end();
    });
  }
}
