import http from 'node:http';
import https from 'node:https';
import type { ClusterAccess, Credentials } from './access.js';
import { settingsKey } from './errors.js';
import { withoutManagedFields } from './managed-fields.js';

/**
 * The controller's Kubernetes API client: raw JSON over keep-alive connections. client-node 2.0.1
 * runs every call through a generated middleware chain, fetch, web streams and its
 * ObjectSerializer, and re-reads the kubeconfig's files per request: profiled at 1,000 pods that
 * was over a third of the controller's CPU, and loading it ~85 MiB of its memory.
 */

/** A non-2xx answer from the API server; `statusCode` is what `isNotFound`/`isConflict` read. */
export class KubeApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly method: string,
    readonly path: string,
    readonly body: string,
  ) {
    super(`${method} ${path} answered ${statusCode}: ${statusMessage(body)}`);
    this.name = 'KubeApiError';
  }
}

function statusMessage(body: string): string {
  try {
    const status = JSON.parse(body) as { message?: unknown };
    if (typeof status.message === 'string') return status.message;
  } catch {
    // not a Status object: show the start of the body
  }
  return body.slice(0, 300);
}

export interface WatchEvent<T = unknown> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Content-Type of the body; JSON by default, e.g. `application/strategic-merge-patch+json`. */
  contentType?: string;
  /** Accept header; JSON by default, e.g. PARTIAL_METADATA for the object's metadata only. */
  accept?: string;
}

/** Asks the API server to answer with the object's metadata only (a PartialObjectMetadata). */
export const PARTIAL_METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

interface ListPage<T> {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: T[];
}

interface FetchedCredentials extends Credentials {
  fetchedAt: number;
}

/** Auth material is re-read this often, so rotated service-account tokens and certificates are picked up. */
const CREDENTIALS_TTL_MS = 30_000;
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Calls to the API server over kept-alive connections, answers as plain parsed JSON. Objects come
 * without their metadata.managedFields (withoutManagedFields): nothing here reads them.
 */
export class KubeRest {
  private readonly server: URL;
  private readonly transport: typeof https | typeof http;
  private credentials?: Promise<FetchedCredentials>;
  private tlsKey = '';
  private agent?: http.Agent;
  private watchAgent?: http.Agent;

  constructor(
    private readonly access: ClusterAccess,
    /** Connections for calls (watches have their own). */
    private readonly maxSockets = 32,
  ) {
    this.server = new URL(access.server);
    this.transport = this.server.protocol === 'http:' ? http : https;
  }

  /** Closes idle connections (open watches end when their signal aborts). */
  close(): void {
    this.agent?.destroy();
    this.watchAgent?.destroy();
  }

  /** The parsed JSON answer of a 2xx call; any other status throws KubeApiError. */
  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return JSON.parse(withoutManagedFields(await this.text(method, path, options))) as T;
  }

  /**
   * Every item of a collection, fetched in pages of `limit` (one huge answer would hold the API
   * server and this process), with the resourceVersion of the list to watch from.
   */
  async list<T>(
    path: string,
    query: RequestOptions['query'] = {},
    limit = 500,
  ): Promise<{ items: T[]; resourceVersion: string }> {
    const items: T[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.json<ListPage<T>>('GET', path, { query: { ...query, limit, continue: token } });
      for (const item of page.items ?? []) items.push(item);
      token = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion ?? '';
    } while (token);
    return { items, resourceVersion };
  }

  /** The body of a 2xx answer as text (e.g. /metrics); any other status throws KubeApiError. */
  async text(method: string, path: string, options: RequestOptions = {}): Promise<string> {
    const res = await this.request(method, path, options);
    if (res.status < 200 || res.status >= 300) throw new KubeApiError(res.status, method, path, res.body);
    return res.body;
  }

  /** One call; resolves with any status (after one credentials re-read on 401), rejects on network errors. */
  async request(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<{ status: number; body: string }> {
    const res = await this.send(method, path, options);
    if (res.status !== 401) return res;
    // A token may have rotated under us: re-read the credentials once before giving up.
    this.credentials = undefined;
    return this.send(method, path, options);
  }

  /**
   * Streams the events of a watch (`watch=true` is added) to `onEvent` until the server ends the
   * stream or `signal` aborts; resolves then. A non-200 answer rejects with KubeApiError. A line
   * `skipLine` accepts is dropped unparsed (see Informer: the echo of our own write).
   */
  async watch<T = unknown>(
    path: string,
    query: RequestOptions['query'],
    onEvent: (event: WatchEvent<T>) => void,
    signal: AbortSignal,
    skipLine?: (line: string) => boolean,
  ): Promise<void> {
    const creds = await this.currentCredentials();
    const url = this.url(path, { ...query, watch: true });
    return new Promise((resolve, reject) => {
      const req = this.transport.request(url, {
        method: 'GET',
        agent: this.watchAgent,
        headers: { ...creds.headers, accept: 'application/json' },
        signal,
      });
      const fail = (err: Error): void => (signal.aborted ? resolve() : reject(err));
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          collect(res)
            .then((body) => reject(new KubeApiError(res.statusCode ?? 0, 'GET', path, body)))
            .catch(fail);
          return;
        }
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let start = 0;
          for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n', start)) {
            const line = buffered.slice(start, nl);
            start = nl + 1;
            if (line.trim() === '' || skipLine?.(line)) continue;
            try {
              onEvent(JSON.parse(withoutManagedFields(line)) as WatchEvent<T>);
            } catch (err) {
              req.destroy(err instanceof Error ? err : new Error(String(err)));
              return;
            }
          }
          buffered = buffered.slice(start);
        });
        res.on('end', () => resolve());
        // A connection dropped mid-stream may close without 'end': the caller re-watches either way.
        res.on('close', () => resolve());
        res.on('error', fail);
      });
      req.on('error', fail);
      req.end();
    });
  }

  private async send(
    method: string,
    path: string,
    options: RequestOptions,
  ): Promise<{ status: number; body: string }> {
    const creds = await this.currentCredentials();
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = {
      ...creds.headers,
      accept: options.accept ?? 'application/json',
    };
    if (payload !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      // Node frames a DELETE body only with an explicit length: without it the body goes unsent and
      // its bytes reach the server as the start of the next request on the kept-alive connection.
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = this.transport.request(this.url(path, options.query), {
        method,
        agent: this.agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers,
      });
      req.on('response', (res) => {
        collect(res)
          .then((body) => resolve({ status: res.statusCode ?? 0, body }))
          .catch(reject);
      });
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${path}: no answer after ${REQUEST_TIMEOUT_MS / 1000} s`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  private url(path: string, query: RequestOptions['query'] = {}): URL {
    const url = new URL(path, this.server);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  private currentCredentials(): Promise<FetchedCredentials> {
    const cached = this.credentials;
    if (cached !== undefined) {
      return cached.then((c) => (Date.now() - c.fetchedAt < CREDENTIALS_TTL_MS ? c : this.refresh()));
    }
    return this.refresh();
  }

  private refresh(): Promise<FetchedCredentials> {
    const next = this.readCredentials();
    this.credentials = next;
    next.catch(() => {
      if (this.credentials === next) this.credentials = undefined;
    });
    return next;
  }

  private async readCredentials(): Promise<FetchedCredentials> {
    const { tls, headers } = await this.access.credentials();
    this.ensureAgents(tls);
    return { tls, headers, fetchedAt: Date.now() };
  }

  /** New connections when the TLS material changes; requests in flight finish on the old ones. */
  private ensureAgents(tls: https.AgentOptions): void {
    const key = settingsKey(Object.values(tls));
    if (key === this.tlsKey && this.agent !== undefined) return;
    this.tlsKey = key;
    const Agent = this.transport === https ? OneTlsAgent : http.Agent;
    this.agent = new Agent({ ...tls, keepAlive: true, maxSockets: this.maxSockets });
    // Watches hold their connection for minutes: their own pool, so they never queue behind calls.
    this.watchAgent = new Agent({ ...tls, keepAlive: false });
  }
}

/**
 * An HTTPS agent made for one set of TLS material (ensureAgents makes another when it changes), so
 * its connection pool is keyed by host and port alone. Node's own key adds the CA, certificate and
 * key of every request, its Buffers decoded to text each time: kilobytes made and hashed per call.
 */
class OneTlsAgent extends https.Agent {
  override getName(options?: https.RequestOptions): string {
    return http.Agent.prototype.getName.call(this, options);
  }
}

function collect(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}
