import type * as k8s from '@kubernetes/client-node';
import { isNotFound } from '../kube/errors.js';
import type { KubeRest } from '../kube/rest.js';
import { RestartingListWatch } from '../kube/listwatch.js';

export type NamespaceLabels = (namespace: string) => Promise<Record<string, string>>;

/**
 * Namespace labels for the webhook, from a watched cache so admission stays fast; a miss (a
 * namespace newer than the cache, or a cache still listing) falls back to one GET.
 */
export class NamespaceLabelCache {
  private readonly listWatch: RestartingListWatch<k8s.V1Namespace>;
  constructor(private readonly api: KubeRest) {
    // The cache is read on demand: nothing to do on each change.
    const ignore = (): void => undefined;
    this.listWatch = new RestartingListWatch<k8s.V1Namespace>(
      api,
      { path: '/api/v1/namespaces', kind: 'V1Namespace' },
      { onUpsert: ignore, onDelete: ignore },
    );
  }

  start(): void {
    void this.listWatch.start();
  }

  async stop(): Promise<void> {
    await this.listWatch.stop();
  }

  /** The labels of a namespace; {} when it does not exist. Throws when the API server cannot say. */
  readonly labels: NamespaceLabels = async (namespace) => {
    const cached = this.listWatch.get(namespace);
    if (cached !== undefined) return cached.metadata?.labels ?? {};
    try {
      const fetched = await this.api.json<k8s.V1Namespace>(
        'GET',
        `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
      );
      return fetched.metadata?.labels ?? {};
    } catch (err) {
      if (isNotFound(err)) return {};
      throw err;
    }
  };
}
