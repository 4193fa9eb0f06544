import * as k8s from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import { errorMessage, logger } from '../log.js';
import { backoffDelay, sleep } from './backoff.js';
import { statusCode } from './client.js';

export interface ListPage<T> {
  items: T[];
  resourceVersion: string;
  continueToken?: string;
}

export interface InformerSource<T> {
  /** e.g. `/api/v1/pods` */
  watchPath: string;
  /** e.g. `{ fieldSelector: 'spec.nodeName=vk' }` */
  query: Record<string, string>;
  /** The model name for deserializing watch events, e.g. `V1Pod`. */
  kind: string;
  list(continueToken: string | undefined): Promise<ListPage<T>>;
}

export interface InformerHandlers<T> {
  /** Handlers must not throw or do I/O: they enqueue keys. */
  onUpsert(obj: T, old: T | undefined): void;
  onDelete(obj: T): void;
}

export interface InformerOptions {
  /** Relist when nothing (not even a bookmark) arrived for this long. */
  silenceMs?: number;
  maxBackoffMs?: number;
}

/**
 * managedFields (server-side apply bookkeeping, often the largest part of an object) is never read
 * here: dropping it from cached objects cuts the cache's memory at 10,000 pods.
 */
export function slim<T extends k8s.KubernetesObject>(obj: T): T {
  if (obj.metadata?.managedFields !== undefined) delete obj.metadata.managedFields;
  return obj;
}

export function keyOf(obj: k8s.KubernetesObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

/**
 * A list-watch cache that does not stop: client-node's informer stops for good on most watch
 * errors. This one re-watches from the last resourceVersion after a clean close, relists after
 * 410 Gone or a silent stream, and backs off (capped) on errors, forever.
 */
export class Informer<T extends k8s.KubernetesObject> {
  readonly store = new Map<string, T>();
  restarts = 0;
  private resourceVersion = '';
  private synced = false;
  private stopped = false;
  private abort?: AbortController;
  private lastEventAt = Date.now();
  private readonly watch: k8s.Watch;

  constructor(
    kc: k8s.KubeConfig,
    private readonly source: InformerSource<T>,
    private readonly handlers: InformerHandlers<T>,
    private readonly options: InformerOptions = {},
  ) {
    this.watch = new k8s.Watch(kc);
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves after the first complete list; keeps watching in the background. */
  async start(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      try {
        await this.relist();
        break;
      } catch (err) {
        this.logRetry('list', err, attempt);
        await sleep(backoffDelay(attempt++, 500, this.options.maxBackoffMs ?? 30_000));
      }
    }
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }

  private async relist(): Promise<void> {
    const seen = new Map<string, T>();
    let token: string | undefined;
    let rv = '';
    do {
      const page = await this.source.list(token);
      for (const item of page.items) seen.set(keyOf(item), slim(item));
      token = page.continueToken;
      rv = page.resourceVersion;
    } while (token);
    for (const [key, old] of this.store) {
      if (!seen.has(key)) {
        this.store.delete(key);
        this.handlers.onDelete(old);
      }
    }
    for (const [key, obj] of seen) {
      const old = this.store.get(key);
      this.store.set(key, obj);
      this.handlers.onUpsert(obj, old);
    }
    this.resourceVersion = rv;
    this.synced = true;
    this.lastEventAt = Date.now();
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      const result = await this.watchOnce();
      if (this.stopped) return;
      if (result === 'closed') {
        attempt = 0;
        continue;
      }
      this.restarts++;
      if (result !== 'gone') await sleep(backoffDelay(attempt++, 200, this.options.maxBackoffMs ?? 30_000));
      try {
        await this.relist();
        attempt = 0;
      } catch (err) {
        this.logRetry('relist', err, attempt);
      }
    }
  }

  /** One watch request: 'closed' (normal end: re-watch), 'gone' (410: relist) or 'error'. */
  private watchOnce(): Promise<'closed' | 'gone' | 'error'> {
    return new Promise((resolve) => {
      let outcome: 'closed' | 'gone' | 'error' = 'closed';
      const silenceMs = this.options.silenceMs ?? 120_000;
      const watchdog = setInterval(
        () => {
          if (Date.now() - this.lastEventAt > silenceMs) {
            logger.warn('watch stream silent, relisting', { path: this.source.watchPath, silenceMs });
            outcome = 'error';
            this.abort?.abort();
          }
        },
        Math.min(silenceMs, 10_000),
      );
      watchdog.unref();
      const finish = (err: unknown): void => {
        clearInterval(watchdog);
        if (err !== null && err !== undefined && outcome === 'closed') {
          const timeout = err instanceof Error && err.name === 'TimeoutError';
          outcome = statusCode(err) === 410 ? 'gone' : timeout ? 'closed' : 'error';
          if (outcome === 'error')
            logger.warn('watch failed', { path: this.source.watchPath, err: errorMessage(err) });
        }
        resolve(outcome);
      };
      const query = {
        ...this.source.query,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: 240 + Math.floor(Math.random() * 120),
      };
      this.watch
        .watch(
          this.source.watchPath,
          query,
          (type, raw) => this.onEvent(type, raw, () => (outcome = 'gone')),
          finish,
        )
        .then((abort) => (this.abort = abort))
        .catch(finish);
    });
  }

  private onEvent(type: string, raw: unknown, gone: () => void): void {
    this.lastEventAt = Date.now();
    if (type === 'ERROR') {
      const code = (raw as { code?: number }).code;
      if (code === 410) gone();
      this.abort?.abort();
      return;
    }
    const obj = slim(ObjectSerializer.deserialize(raw, this.source.kind, '') as T);
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (type === 'BOOKMARK') return;
    const key = keyOf(obj);
    if (type === 'DELETED') {
      this.store.delete(key);
      this.handlers.onDelete(obj);
      return;
    }
    const old = this.store.get(key);
    this.store.set(key, obj);
    this.handlers.onUpsert(obj, old);
  }

  private logRetry(what: string, err: unknown, attempt: number): void {
    logger.warn(`informer ${what} failed, retrying`, {
      path: this.source.watchPath,
      attempt,
      err: errorMessage(err),
    });
  }
}
