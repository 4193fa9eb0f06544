import type * as k8s from '@kubernetes/client-node';
import type { ControllerConfig } from '../config/index.js';
import type { TranslationContext } from '../translate/index.js';
import type { ClusterServices } from './cluster-services.js';
import { vSwitchesFor, type Placement } from './placement.js';

/** The live eci-profile's defaults: they win over env, and pod annotations win over them. */
export interface ProfileDefaults {
  vSwitchIds?: string[];
  securityGroupId?: string;
}

export interface NodeSettings {
  config: ControllerConfig;
  nodeName: string;
  profile: ProfileDefaults;
  /** The node's vSwitches by zone; without it, the profile's vSwitchIds, else ECI_VSWITCH, for every pod. */
  placement?: Placement;
  services?: ClusterServices;
}

/** Where and how a pod of this node is created: settings, profile and placement, for translatePod. */
export function translationContextFor(
  pod: k8s.V1Pod,
  refs: TranslationContext['refs'],
  node: NodeSettings,
): TranslationContext {
  const { config, profile, placement } = node;
  const configured = profile.vSwitchIds?.length ? profile.vSwitchIds : config.vSwitchIds;
  const vSwitches = placement ? vSwitchesFor(pod, placement) : { ids: configured, failover: false };
  return {
    regionId: config.region,
    vSwitchIds: vSwitches.ids,
    vSwitchOrder: vSwitches.failover ? 'VSwitchOrdered' : undefined,
    vSwitchZones: placement?.vSwitchZones,
    securityGroupId: profile.securityGroupId ?? config.securityGroupId,
    kubeProxy: config.kubeProxy,
    clusterId: config.clusterId,
    nodeName: node.nodeName,
    refs,
    clusterDns: node.services?.clusterDns(),
    serviceEnvironment: node.services?.environmentFor(
      pod.metadata?.namespace ?? 'default',
      pod.spec?.enableServiceLinks !== false,
    ),
    ...(placement?.arch === 'arm64' ? { cpuArchitecture: 'ARM64' as const } : {}),
  };
}
