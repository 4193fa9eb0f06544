import * as k8s from '@kubernetes/client-node';

/** KUBECONFIG when set, otherwise the in-cluster service account. */
export function loadKubeConfig(kubeconfig?: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  const path = kubeconfig ?? process.env.KUBECONFIG;
  if (path !== undefined && path !== '') kc.loadFromFile(path);
  else if (process.env.KUBERNETES_SERVICE_HOST !== undefined) kc.loadFromCluster();
  else {
    throw new Error(
      'no cluster to talk to: set KUBECONFIG (or --kubeconfig) to a kubeconfig file, or run inside a pod; ' +
        'for a local cluster run `ack-virtual-node cluster up --dir .cluster` and `source .cluster/env`',
    );
  }
  return kc;
}

/** The HTTP status of a client-node error, or undefined for network errors. */
export function statusCode(err: unknown): number | undefined {
  if (err instanceof k8s.ApiException) return err.code;
  if (typeof err === 'object' && err !== null && 'statusCode' in err) {
    const code = (err as { statusCode: unknown }).statusCode;
    return typeof code === 'number' ? code : undefined;
  }
  return undefined;
}

export function isNotFound(err: unknown): boolean {
  return statusCode(err) === 404;
}

export function isConflict(err: unknown): boolean {
  return statusCode(err) === 409;
}

/** Options that make a generated `patch*` call send the given patch type instead of JSON Patch. */
export function patchOptions(strategy: k8s.PatchStrategy): k8s.ConfigurationOptions {
  return k8s.setHeaderOptions('Content-Type', strategy);
}

export const MERGE_PATCH = patchOptions(k8s.PatchStrategy.MergePatch);
export const STRATEGIC_MERGE_PATCH = patchOptions(k8s.PatchStrategy.StrategicMergePatch);
