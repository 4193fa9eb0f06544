import * as k8s from '@kubernetes/client-node';
import { backoffDelay } from '../kube/backoff.js';
import { errorMessage, logger } from '../log.js';

export interface ListWatchHandlers<T> {
  onUpsert(obj: T): void;
  onDelete(obj: T): void;
}

export interface ListWatchSource<T extends k8s.KubernetesObject> {
  /** e.g. `/api/v1/namespaces` */
  path: string;
  fieldSelector?: string;
  list(): Promise<k8s.KubernetesListObject<T>>;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/**
 * client-node's ListWatch, restarted after errors: on its own it stops for good on the first
 * failed list or watch. Back-off doubles up to 30 s and resets once the API server answers again.
 */
export class RestartingListWatch<T extends k8s.KubernetesObject> {
  private readonly listWatch: k8s.ListWatch<T>;
  private attempt = 0;
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private listed = false;

  constructor(
    kc: k8s.KubeConfig,
    private readonly source: ListWatchSource<T>,
    handlers: ListWatchHandlers<T>,
  ) {
    const list = async (): Promise<k8s.KubernetesListObject<T>> => {
      const result = await source.list();
      this.listed = true;
      this.attempt = 0;
      return result;
    };
    this.listWatch = new k8s.ListWatch<T>(
      source.path,
      new k8s.Watch(kc),
      list,
      false,
      undefined,
      source.fieldSelector,
    );
    const upsert = (obj: T): void => {
      this.attempt = 0;
      handlers.onUpsert(obj);
    };
    this.listWatch.on(k8s.ADD, upsert);
    this.listWatch.on(k8s.UPDATE, upsert);
    this.listWatch.on(k8s.DELETE, (obj) => {
      this.attempt = 0;
      handlers.onDelete(obj);
    });
    this.listWatch.on(k8s.ERROR, (err) => this.restartLater(err));
  }

  /** True once a list succeeded: the cache then reflects the API server (a miss is a real miss). */
  get hasSynced(): boolean {
    return this.listed;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.listWatch.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.listWatch.stop();
  }

  get(name: string, namespace?: string): T | undefined {
    return this.listWatch.get(name, namespace);
  }

  private restartLater(err: unknown): void {
    // Stopping aborts the watch request, which reports an error too: that one is expected.
    if (this.stopped || this.timer !== undefined) return;
    const delayMs = backoffDelay(this.attempt++, BASE_DELAY_MS, MAX_DELAY_MS);
    logger.warn('list/watch failed, restarting', {
      path: this.source.path,
      attempt: this.attempt,
      delayMs,
      err: errorMessage(err),
    });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) void this.listWatch.start();
    }, delayMs);
    this.timer.unref();
  }
}
