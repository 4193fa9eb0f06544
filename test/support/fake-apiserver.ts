// A tiny in-process stand-in for kube-apiserver: list, watch, get, create, replace, patch and delete
// on a few collections, over plain HTTP. Enough to run the watcher, namespace cache and webhook
// registration code exactly as they run against a real cluster.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import type { KubeRest } from '../../src/kube/rest.js';
import { tokenClient } from './token-access.js';

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

/** `/api/v1/pods` lists and watches the pods of every namespace, as the API server's cluster-wide path does. */
const ALL_PODS = '/api/v1/pods';
const NAMESPACED_PODS = /^\/api\/v1\/namespaces\/[^/]+\/pods$/;

function covers(watched: string, collection: string): boolean {
  return watched === collection || (watched === ALL_PODS && NAMESPACED_PODS.test(collection));
}

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

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const body: unknown = text ? JSON.parse(text) : undefined;
    const method = req.method ?? 'GET';
    this.requests.push({
      method,
      path: url.pathname,
      query: url.searchParams,
      contentType: req.headers['content-type'],
      body,
    });
    const send = (status: number, obj: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(obj));
    };
    const status = (code: number, reason: string): void =>
      send(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message: reason });

    const failure = this.failures.find(
      (f) => f.method === method && url.pathname.startsWith(f.pathPrefix) && f.times > 0,
    );
    if (failure) {
      failure.times--;
      return status(failure.status, 'Injected');
    }
    const { collection, name } = splitPath(url.pathname);
    const isCollection = name === undefined;
    const items = this.objects(collection);
    const fieldSelector = url.searchParams.get('fieldSelector') ?? undefined;

    if (method === 'GET' && isCollection && url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      const watcher = { collection, fieldSelector, res };
      this.watchers.add(watcher);
      res.on('close', () => this.watchers.delete(watcher));
      return;
    }
    if (method === 'GET' && isCollection) {
      const all = collection === ALL_PODS ? this.allPods() : [...items.values()];
      const list = all.filter((o) => matchesField(o, fieldSelector));
      return send(200, {
        kind: 'List',
        apiVersion: 'v1',
        metadata: { resourceVersion: String(this.rv) },
        items: list,
      });
    }
    if (method === 'POST') {
      const obj = body as Obj;
      if (obj.metadata?.name && items.has(obj.metadata.name)) return status(409, 'AlreadyExists');
      return send(201, this.put(collection, obj));
    }
    const existing = name === undefined ? undefined : items.get(name);
    if (existing === undefined || name === undefined) return status(404, 'NotFound');
    if (method === 'GET') return send(200, existing);
    if (method === 'PATCH') {
      // A strategic merge patch is applied as a merge patch: the objects served here have no lists
      // keyed by a merge key that a test patches.
      if (!MERGE_TYPES.has(req.headers['content-type'] ?? '')) return status(415, 'UnsupportedMediaType');
      return send(200, this.put(collection, mergePatch(existing, body) as Obj));
    }
    if (method === 'PUT') return send(200, this.put(collection, body as Obj));
    if (method === 'DELETE') {
      const options = (body ?? {}) as DeleteOptions;
      const uid = options.preconditions?.uid;
      if (uid !== undefined && uid !== existing.metadata?.uid) return status(409, 'Conflict');
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
    return status(405, 'MethodNotAllowed');
  }
}
