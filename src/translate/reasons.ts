import type { V1Pod } from '@kubernetes/client-node';
import type { ReferencedObjects } from './types.js';

/** The translation's warning for ClusterFirst without a cluster DNS address (see dns.ts). */
export const MISSING_CLUSTER_DNS_WARNING =
  'spec.dnsPolicy: ClusterFirst needs the cluster DNS address, which the virtual node was not given; falling back to Default, as the kubelet does';

/** The reason a translation warning goes out under: the kubelet's own where it has one. */
export function warningReason(warning: string): string {
  return warning === MISSING_CLUSTER_DNS_WARNING ? 'MissingClusterDNS' : 'ProviderWarning';
}

export interface ReasonedEvent {
  reason: string;
  message: string;
}

interface Use {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  optional: boolean;
}

function uses(pod: V1Pod): Use[] {
  const out: Use[] = [];
  const add = (kind: Use['kind'], name: string | undefined, optional: boolean | undefined): void => {
    if (name) out.push({ kind, name, optional: optional === true });
  };
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const e of c.env ?? []) {
      add('ConfigMap', e.valueFrom?.configMapKeyRef?.name, e.valueFrom?.configMapKeyRef?.optional);
      add('Secret', e.valueFrom?.secretKeyRef?.name, e.valueFrom?.secretKeyRef?.optional);
    }
    for (const f of c.envFrom ?? []) {
      add('ConfigMap', f.configMapRef?.name, f.configMapRef?.optional);
      add('Secret', f.secretRef?.name, f.secretRef?.optional);
    }
  }
  for (const v of pod.spec?.volumes ?? []) {
    add('ConfigMap', v.configMap?.name, v.configMap?.optional);
    add('Secret', v.secret?.secretName, v.secret?.optional);
    for (const s of v.projected?.sources ?? []) {
      add('ConfigMap', s.configMap?.name, s.configMap?.optional);
      add('Secret', s.secret?.name, s.secret?.optional);
    }
  }
  return out;
}

/**
 * virtual-kubelet's events for referenced ConfigMaps and Secrets that do not exist, which tools
 * (its e2e suite among them) wait for: `MandatoryConfigMapNotFound` when some use of the object is
 * required (the pod waits), `OptionalConfigMapNotFound` when every use is optional; likewise Secret.
 */
export function missingReferenceEvents(pod: V1Pod, found: ReferencedObjects): ReasonedEvent[] {
  const byObject = new Map<string, Use>();
  for (const use of uses(pod)) {
    const key = `${use.kind}/${use.name}`;
    const seen = byObject.get(key);
    byObject.set(key, seen === undefined ? use : { ...seen, optional: seen.optional && use.optional });
  }
  return [...byObject.values()].flatMap(({ kind, name, optional }) => {
    const exists = kind === 'ConfigMap' ? found.configMaps.has(name) : found.secrets.has(name);
    if (exists) return [];
    const reason = `${optional ? 'Optional' : 'Mandatory'}${kind}NotFound`;
    return [{ reason, message: `${kind.toLowerCase()} "${name}" not found` }];
  });
}
