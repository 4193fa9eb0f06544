import type * as k8s from '@kubernetes/client-node';
import type { NodePlan } from '../node/zones.js';

/** Node labels that pin a pod to a zone (a hostname names one node, hence one zone). */
const ZONE_KEYS = new Set([
  'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/zone',
  'kubernetes.io/hostname',
]);

/**
 * Whether the pod asked for its zone: a nodeSelector or required node affinity on the zone or the
 * hostname, a hard zone spread constraint, or required pod (anti-)affinity per zone. Such a pod must
 * run in the zone its node says, or not at all.
 */
export function pinnedToZone(pod: k8s.V1Pod): boolean {
  const spec = pod.spec;
  if (Object.keys(spec?.nodeSelector ?? {}).some((key) => ZONE_KEYS.has(key))) return true;
  const terms =
    spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const nodeTermPins = (terms ?? []).some(
    (t) =>
      (t.matchExpressions ?? []).some((e) => ZONE_KEYS.has(e.key)) ||
      (t.matchFields ?? []).some((f) => f.key === 'metadata.name'),
  );
  if (nodeTermPins) return true;
  const spread = spec?.topologySpreadConstraints ?? [];
  if (spread.some((c) => ZONE_KEYS.has(c.topologyKey) && c.whenUnsatisfiable === 'DoNotSchedule'))
    return true;
  const podTerms = [
    ...(spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
  ];
  return podTerms.some((t) => ZONE_KEYS.has(t.topologyKey));
}

export type Placement = Pick<NodePlan, 'vSwitchIds' | 'fallbackVSwitchIds' | 'arch' | 'vSwitchZones'>;

/**
 * The vSwitches a pod on this node is created in: the node's zone's, then (for a pod not pinned to
 * the zone) the other zones', tried in that order when ECI has no stock.
 */
export function vSwitchesFor(pod: k8s.V1Pod, placement: Placement): { ids: string[]; failover: boolean } {
  if (pinnedToZone(pod) || placement.fallbackVSwitchIds.length === 0) {
    return { ids: placement.vSwitchIds, failover: false };
  }
  return { ids: [...placement.vSwitchIds, ...placement.fallbackVSwitchIds], failover: true };
}
