import type * as k8s from '@kubernetes/client-node';
import { errorMessage, logger } from '../log.js';
import { backoffDelay, sleep } from './backoff.js';
import { statusCode } from './errors.js';
import type { KubeRest, WatchEvent } from './rest.js';
import { reviverFor, type RevivedKind } from './revive.js';
import { modifiedVersion } from './watch-line.js';

export interface InformerSource {
  /** The collection, e.g. `/api/v1/pods` */
  path: string;
  /** e.g. `{ fieldSelector: 'spec.nodeName=vk' }` */
  query: Record<string, string>;
  /** The client-node model of the items, e.g. `V1Pod` (its timestamps become Dates). */
  kind: RevivedKind;
}

/** Large lists come in pages, as client-go's reflector asks for them. */
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
 * here: dropping it from cached objects cuts the cache's memory at 10,000 pods. KubeRest cuts it from
 * the text before parsing; this catches what that left (text it did not recognise). The metadata is
 * copied rather than `delete`d from: V8 turns an object that loses a property into a hash table,
 * which took twice the memory of the fields it held.
 */
function slim<T extends k8s.KubernetesObject>(obj: T): T {
  const metadata = obj.metadata;
  if (metadata?.managedFields === undefined) return obj;
  const { managedFields, ...kept } = metadata;
  obj.metadata = kept;
  return obj;
}

/** Own writes whose watch event has not come yet, at most: beyond, the oldest are forgotten (and parsed). */
const MAX_OWN_VERSIONS = 50_000;

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
  private readonly revive: (raw: unknown) => T;
  /** resourceVersion → key of the objects our own writes made, until their watch event comes. */
  private readonly ownVersions = new Map<string, string>();

  constructor(
    private readonly rest: KubeRest,
    private readonly source: InformerSource,
    private readonly handlers: InformerHandlers<T>,
    private readonly options: InformerOptions = {},
  ) {
    this.revive = reviverFor<T>(source.kind);
  }

  /**
   * Caches the response of our own write, so a sync before its watch event does not write again;
   * but only over the version the write was based on. A newer one the watch delivered meanwhile (a
   * deletionTimestamp, say) must not give way to the older response: the pod would then wait for an
   * event that had already come.
   */
  applyOwnWrite(basedOn: T, response: unknown): void {
    const key = keyOf(basedOn);
    if (this.store.get(key) !== basedOn) return;
    const written = this.ingest(response);
    this.store.set(key, written);
    const rv = written.metadata?.resourceVersion;
    if (!rv || rv === basedOn.metadata?.resourceVersion) return;
    if (this.ownVersions.size >= MAX_OWN_VERSIONS)
      this.ownVersions.delete(this.ownVersions.keys().next().value ?? '');
    this.ownVersions.set(rv, key);
  }

  /**
   * The watch event of our own write, still the cached version: dropped before it is parsed. The
   * cache already holds that version (applyOwnWrite), and a resourceVersion names one write of one
   * object, so the event carries nothing new, and parsing, reviving and syncing the pod again for
   * it was work done twice for every status write. Any event in between (another client's write)
   * replaced the cached object, and then the echo is parsed as usual.
   */
  private readonly skipOwnEcho = (line: string): boolean => {
    if (this.ownVersions.size === 0) return false;
    const rv = modifiedVersion(line);
    const key = rv === undefined ? undefined : this.ownVersions.get(rv);
    if (rv === undefined || key === undefined) return false;
    this.ownVersions.delete(rv);
    if (this.store.get(key)?.metadata?.resourceVersion !== rv) return false;
    this.lastEventAt = Date.now();
    this.resourceVersion = rv;
    return true;
  };

  /** A cached object from its JSON: managedFields go first, so reviving does not walk them. */
  private ingest(raw: unknown): T {
    return this.revive(slim(raw as T));
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
    const { items, resourceVersion: rv } = await this.rest.list<unknown>(this.source.path, this.source.query);
    // The list holds every write so far; a new watch starts after them.
    this.ownVersions.clear();
    const seen = new Map<string, T>();
    for (const raw of items) {
      const item = this.ingest(raw);
      seen.set(keyOf(item), item);
    }
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
    const abort = new AbortController();
    this.abort = abort;
    return new Promise((resolve) => {
      let outcome: 'closed' | 'gone' | 'error' = 'closed';
      const silenceMs = this.options.silenceMs ?? 120_000;
      const watchdog = setInterval(
        () => {
          if (Date.now() - this.lastEventAt > silenceMs) {
            logger.warn('watch stream silent, relisting', { path: this.source.path, silenceMs });
            outcome = 'error';
            abort.abort();
          }
        },
        Math.min(silenceMs, 10_000),
      );
      watchdog.unref();
      const finish = (err: unknown): void => {
        clearInterval(watchdog);
        if (err !== null && err !== undefined && outcome === 'closed') {
          outcome = statusCode(err) === 410 ? 'gone' : 'error';
          if (outcome === 'error')
            logger.warn('watch failed', { path: this.source.path, err: errorMessage(err) });
        }
        resolve(outcome);
      };
      const query = {
        ...this.source.query,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: 240 + Math.floor(Math.random() * 120),
      };
      this.rest
        .watch(
          this.source.path,
          query,
          (event) => this.onEvent(event, abort, () => (outcome = 'gone')),
          abort.signal,
          this.skipOwnEcho,
        )
        .then(() => finish(undefined), finish);
    });
  }

  private onEvent({ type, object }: WatchEvent, abort: AbortController, gone: () => void): void {
    this.lastEventAt = Date.now();
    if (type === 'ERROR') {
      const code = (object as { code?: number }).code;
      if (code === 410) gone();
      abort.abort();
      return;
    }
    const obj = this.ingest(object);
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
      path: this.source.path,
      attempt,
      err: errorMessage(err),
    });
  }
}
