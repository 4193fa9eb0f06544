// A tiny in-process stand-in for kube-apiserver: list, watch, get, create, replace, patch and delete
// on a few collections, over plain HTTP. Enough to run the watcher, namespace cache and webhook
// registration code exactly as they run against a real cluster; `inMemoryClient()` serves the same
// store without sockets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { KubeRest, type RequestOptions } from '../../src/kube/rest.js';
import { tokenAccess, tokenClient } from './token-access.js';

type Obj = {
  metadata?: { name?: string; generateName?: string; resourceVersion?: string; [k: string]: unknown };
  [k: string]: unknown;
};

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType?: string;
  body?: unknown;
}

interface Watcher {
  collection: string;
  fieldSelector?: string;
  res: http.ServerResponse;
}

/** An element `{"$patch": "delete", ...}` of a strategic merge patch's list removes its match. */
const isDeleteDirective = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && (v as { $patch?: unknown }).$patch === 'delete';

function mergePatch(target: unknown, patch: unknown): unknown {
  // Lists are sent whole here, so dropping delete directives leaves the list the patch means.
  if (Array.isArray(patch)) return patch.filter((v) => !isDeleteDirective(v));
  if (typeof patch !== 'object' || patch === null) return patch;
  const out: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

const MERGE_TYPES = new Set(['application/merge-patch+json', 'application/strategic-merge-patch+json']);

function matchesField(obj: Obj, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    if (key === 'metadata.name') return obj.metadata?.name === value;
    if (key === 'spec.nodeName') return (obj.spec as { nodeName?: string } | undefined)?.nodeName === value;
    return true;
  });
}

/** Equality terms only (`key=value`, comma-separated), as the controller's selectors are written. */
function matchesLabels(obj: Obj, selector: string | undefined): boolean {
  if (!selector) return true;
  const labels = (obj.metadata?.labels ?? {}) as Record<string, string>;
  return selector.split(',').every((term) => {
    const [key = '', value] = term.split('=');
    return labels[key] === value;
  });
}

/** `/api/v1/pods` lists and watches the pods of every namespace, as the API server's cluster-wide path does. */
const ALL_PODS = '/api/v1/pods';
const NAMESPACED_PODS = /^\/api\/v1\/namespaces\/[^/]+\/pods$/;

function covers(watched: string, collection: string): boolean {
  return watched === collection || (watched === ALL_PODS && NAMESPACED_PODS.test(collection));
}

interface Answer {
  status: number;
  obj: unknown;
}

const failureStatus = (code: number, reason: string): Answer => ({
  status: code,
  obj: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message: reason },
});

interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string };
}

/** `/api/v1/namespaces/x` → namespaces item x; `/api/v1/namespaces/x/configmaps` → a collection. */
function splitPath(path: string): { collection: string; name?: string } {
  const segs = path.split('/').filter(Boolean);
  const prefixLength = segs[0] === 'api' ? 2 : 3;
  const prefix = segs.slice(0, prefixLength);
  const rest = segs.slice(prefixLength);
  const scopeLength = rest[0] === 'namespaces' && rest.length >= 3 ? 3 : 1;
  return { collection: `/${[...prefix, ...rest.slice(0, scopeLength)].join('/')}`, name: rest[scopeLength] };
}

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  /** Answer the next matching requests with this status instead. */
  readonly failures: { method: string; pathPrefix: string; status: number; times: number }[] = [];
  private readonly store = new Map<string, Map<string, Obj>>();
  private readonly watchers = new Set<Watcher>();
  private rv = 100;
  private server?: http.Server;
  private url = '';
  private seq = 0;

  /** e.g. `/api/v1/namespaces/kube-system/configmaps` */
  objects(collection: string): Map<string, Obj> {
    let items = this.store.get(collection);
    if (items === undefined) {
      items = new Map();
      this.store.set(collection, items);
    }
    return items;
  }

  /** Stores an object; its UID is the one it carries, else the stored one's, else `uid-<name>`. */
  put(collection: string, obj: Obj): Obj {
    const name = obj.metadata?.name ?? `${obj.metadata?.generateName ?? 'obj-'}${++this.seq}`;
    const previous = this.objects(collection).get(name);
    const existed = previous !== undefined;
    const uid = obj.metadata?.uid ?? previous?.metadata?.uid ?? `uid-${name}`;
    const stored = {
      ...obj,
      metadata: { ...obj.metadata, name, resourceVersion: String(++this.rv), uid },
    };
    this.objects(collection).set(name, stored);
    this.notify(collection, existed ? 'MODIFIED' : 'ADDED', stored);
    return stored;
  }

  remove(collection: string, name: string): void {
    const obj = this.objects(collection).get(name);
    if (obj === undefined) return;
    this.objects(collection).delete(name);
    this.notify(collection, 'DELETED', {
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: String(++this.rv) },
    });
  }

  private allPods(): Obj[] {
    return [...this.store.entries()]
      .filter(([collection]) => NAMESPACED_PODS.test(collection))
      .flatMap(([, items]) => [...items.values()]);
  }

  watcherCount(collection: string): number {
    return [...this.watchers].filter((w) => w.collection === collection).length;
  }

  async start(): Promise<KubeRest> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return tokenClient(this.url);
  }

  /** The same server as a client-node kubeconfig (for what still uses client-node: the webhook's registration). */
  kubeConfig(): k8s.KubeConfig {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'fake', token: 'test-token' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'fake' }],
      currentContext: 'fake',
    });
    return kc;
  }

  /** End every open watch stream, as the API server does on its own timeout. */
  closeWatches(): void {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
  }

  async stop(): Promise<void> {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private notify(collection: string, type: string, object: Obj): void {
    for (const w of this.watchers) {
      if (covers(w.collection, collection) && matchesField(object, w.fieldSelector)) {
        w.res.write(`${JSON.stringify({ type, object })}\n`);
      }
    }
  }

  /**
   * The same store without sockets: a KubeRest whose calls are answered in process, so a test on a
   * ManualClock runs every call to completion between two clock steps (no watches).
   */
  inMemoryClient(): KubeRest {
    const answer = (method: string, url: URL, body: unknown, contentType?: string): Answer =>
      this.answer(method, url, body, contentType);
    return new (class extends KubeRest {
      override async request(method: string, path: string, options: RequestOptions = {}) {
        const url = new URL(path, 'http://in-memory');
        for (const [key, value] of Object.entries(options.query ?? {})) {
          if (value !== undefined) url.searchParams.set(key, String(value));
        }
        // Serialized as on the wire (MicroTime's toJSON, dropped undefined fields).
        const body: unknown =
          options.body === undefined ? undefined : JSON.parse(JSON.stringify(options.body));
        const { status, obj } = answer(method, url, body, options.contentType ?? 'application/json');
        return { status, body: JSON.stringify(obj) };
      }
    })(tokenAccess('http://in-memory'));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const body: unknown = text ? JSON.parse(text) : undefined;
    const method = req.method ?? 'GET';
    const { collection, name } = splitPath(url.pathname);
    const isWatch = method === 'GET' && name === undefined && url.searchParams.get('watch') === 'true';
    const answer = isWatch
      ? this.injected(method, url, body, req.headers['content-type'])
      : this.answer(method, url, body, req.headers['content-type']);
    if (answer !== undefined) {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.obj));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    const watcher = { collection, fieldSelector: url.searchParams.get('fieldSelector') ?? undefined, res };
    this.watchers.add(watcher);
    res.on('close', () => this.watchers.delete(watcher));
  }

  /** Records the call; answers it with an injected failure if one matches. */
  private injected(method: string, url: URL, body: unknown, contentType?: string): Answer | undefined {
    this.requests.push({ method, path: url.pathname, query: url.searchParams, contentType, body });
    const failure = this.failures.find(
      (f) => f.method === method && url.pathname.startsWith(f.pathPrefix) && f.times > 0,
    );
    if (failure === undefined) return undefined;
    failure.times--;
    return failureStatus(failure.status, 'Injected');
  }

  /** Answers one call that is not a watch, as the API server would. */
  private answer(method: string, url: URL, body: unknown, contentType?: string): Answer {
    const injected = this.injected(method, url, body, contentType);
    if (injected !== undefined) return injected;
    const send = (status: number, obj: unknown): Answer => ({ status, obj });
    const { collection, name } = splitPath(url.pathname);
    const isCollection = name === undefined;
    const items = this.objects(collection);
    const fieldSelector = url.searchParams.get('fieldSelector') ?? undefined;
    const labelSelector = url.searchParams.get('labelSelector') ?? undefined;

    if (method === 'GET' && isCollection) {
      const all = collection === ALL_PODS ? this.allPods() : [...items.values()];
      const list = all.filter((o) => matchesField(o, fieldSelector) && matchesLabels(o, labelSelector));
      return send(200, {
        kind: 'List',
        apiVersion: 'v1',
        metadata: { resourceVersion: String(this.rv) },
        items: list,
      });
    }
    if (method === 'POST') {
      const obj = body as Obj;
      if (obj.metadata?.name && items.has(obj.metadata.name)) return failureStatus(409, 'AlreadyExists');
      return send(201, this.put(collection, obj));
    }
    const existing = name === undefined ? undefined : items.get(name);
    if (existing === undefined || name === undefined) return failureStatus(404, 'NotFound');
    if (method === 'GET') return send(200, existing);
    if (method === 'PATCH') {
      // A strategic merge patch is applied as a merge patch: the objects served here have no lists
      // keyed by a merge key that a test patches.
      if (!MERGE_TYPES.has(contentType ?? '')) return failureStatus(415, 'UnsupportedMediaType');
      return send(200, this.put(collection, mergePatch(existing, body) as Obj));
    }
    if (method === 'PUT') {
      // Optimistic concurrency: a replace carrying a resourceVersion must carry the current one.
      const expected = (body as Obj).metadata?.resourceVersion;
      if (expected && expected !== existing.metadata?.resourceVersion) return failureStatus(409, 'Conflict');
      return send(200, this.put(collection, body as Obj));
    }
    if (method === 'DELETE') {
      const options = (body ?? {}) as DeleteOptions;
      const uid = options.preconditions?.uid;
      if (uid !== undefined && uid !== existing.metadata?.uid) return failureStatus(409, 'Conflict');
      // A pod bound to a node is deleted gracefully, as the API server does: its kubelet (here, the
      // controller under test) removes it with grace period 0 once its containers are gone.
      const bound = NAMESPACED_PODS.test(collection) && (existing.spec as { nodeName?: string })?.nodeName;
      if (bound && options.gracePeriodSeconds !== 0) {
        if (existing.metadata?.deletionTimestamp === undefined) {
          const deletionTimestamp = new Date().toISOString();
          this.put(collection, { ...existing, metadata: { ...existing.metadata, deletionTimestamp } });
        }
        return send(200, this.objects(collection).get(name));
      }
      this.remove(collection, name);
      return send(200, existing);
    }
    return failureStatus(405, 'MethodNotAllowed');
  }
}
