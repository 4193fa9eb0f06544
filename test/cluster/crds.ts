import type * as k8s from '@kubernetes/client-node';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import { repoRoot } from './paths.js';

/**
 * The chart's CustomResourceDefinitions (charts/ack-virtual-node/crds/, the ImageCache CRD), read
 * from the chart itself so the local cluster serves exactly what `helm install` installs.
 */
export function chartCrds(root: string = repoRoot): (k8s.KubernetesObject & Record<string, unknown>)[] {
  const dir = path.join(root, 'charts', 'ack-virtual-node', 'crds');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .flatMap((file) => loadAll(readFileSync(path.join(dir, file), 'utf8')))
    .filter(
      (doc): doc is k8s.KubernetesObject & Record<string, unknown> => typeof doc === 'object' && doc !== null,
    );
}
