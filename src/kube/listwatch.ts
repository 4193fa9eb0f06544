import type * as k8s from '@kubernetes/client-node';
import { Informer, keyOf } from './informer.js';
import type { KubeRest } from './rest.js';
import type { RevivedKind } from './revive.js';

export interface ListWatchHandlers<T> {
  onUpsert(obj: T): void;
  onDelete(obj: T): void;
}

export interface ListWatchSource {
  /** e.g. `/api/v1/namespaces` */
  path: string;
  /** The client-node model of the items, e.g. `V1ConfigMap`. */
  kind: RevivedKind;
  fieldSelector?: string;
}

/**
 * A small cache for the webhook's and profile's watches, on the controller's own resilient
 * informer (re-watch, relist on 410 or silence, back-off forever): one list-watch implementation.
 */
export class RestartingListWatch<T extends k8s.KubernetesObject> {
  private readonly informer: Informer<T>;

  constructor(api: KubeRest, source: ListWatchSource, handlers: ListWatchHandlers<T>) {
    this.informer = new Informer<T>(
      api,
      {
        path: source.path,
        query: source.fieldSelector ? { fieldSelector: source.fieldSelector } : {},
        kind: source.kind,
      },
      { onUpsert: (obj) => handlers.onUpsert(obj), onDelete: (obj) => handlers.onDelete(obj) },
    );
  }

  /** True once a list succeeded: the cache then reflects the API server (a miss is a real miss). */
  get hasSynced(): boolean {
    return this.informer.hasSynced;
  }

  /** Resolves after the first complete list; keeps watching in the background. */
  start(): Promise<void> {
    return this.informer.start();
  }

  async stop(): Promise<void> {
    this.informer.stop();
  }

  get(name: string, namespace?: string): T | undefined {
    return this.informer.store.get(keyOf({ metadata: { name, namespace } }));
  }
}
