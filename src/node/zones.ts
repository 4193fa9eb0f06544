import type { VSwitch } from '../../providers/backend.js';
import { defaultNodeName } from '../config/index.js';

/** One virtual node the controller runs: its zone and the vSwitches its pods are created in. */
export interface NodePlan {
  name: string;
  zone: string;
  /** The node's own vSwitches: those of its zone, in configured order. */
  vSwitchIds: string[];
  /**
   * Other zones' vSwitches, appended after the node's own for a pod not pinned to the node's zone,
   * so ECI's NoStock failover across zones keeps working for pods that did not ask for a zone.
   */
  fallbackVSwitchIds: string[];
  /** `arm64` for the ARM nodes of eci-profile enableLinuxArm64Node; x86 (`amd64`) without it. */
  arch?: 'arm64';
  /** The zone of every configured vSwitch, as VPC reported it (a pod with cloud disks keeps their zone's). */
  vSwitchZones?: ReadonlyMap<string, string>;
}

/** VKUBELET_NODE_NAME (and ECI_ZONE): one named node serving every vSwitch, as before zone nodes. */
export interface NamedNode {
  name: string;
  zone?: string;
}

/** What an ARM node's name adds to its x86 twin's (virtual-kubelet-cn-hangzhou-b-linux-arm64). */
export const ARM_NODE_SUFFIX = '-linux-arm64';

/** The i-th node of a zone (from 0): the zone's own name first, then `-2`, `-3`... */
export function zoneNodeName(region: string, zone: string, index: number): string {
  const first = defaultNodeName(region, zone);
  return index === 0 ? first : `${first}-${index + 1}`;
}

/**
 * The virtual nodes for the configured vSwitches (as VPC reports them): `perZone` nodes per zone
 * (`virtual-kubelet-<region>-<zone>`, then `-2`...), in the order the zones first appear; nodes of
 * one zone are alike, so the scheduler spreads that zone's pods over them and their owners. A named
 * node is the one region-wide node: every vSwitch is its own, so every pod keeps ECI's cross-zone
 * failover. With `arm` (eci-profile enableLinuxArm64Node), every node gets an ARM twin.
 */
export function planNodes(
  region: string,
  vSwitches: VSwitch[],
  named?: NamedNode,
  perZone = 1,
  arm = false,
): NodePlan[] {
  const ids = vSwitches.map((v) => v.VSwitchId);
  const vSwitchZones: ReadonlyMap<string, string> = new Map(vSwitches.map((v) => [v.VSwitchId, v.ZoneId]));
  let x86: NodePlan[];
  if (named !== undefined) {
    const zone = named.zone ?? vSwitches[0]?.ZoneId ?? '';
    x86 = [{ name: named.name, zone, vSwitchIds: ids, fallbackVSwitchIds: [], vSwitchZones }];
  } else {
    const byZone = new Map<string, string[]>();
    for (const v of vSwitches) byZone.set(v.ZoneId, [...(byZone.get(v.ZoneId) ?? []), v.VSwitchId]);
    x86 = [...byZone].flatMap(([zone, own]) => {
      const fallbackVSwitchIds = ids.filter((id) => !own.includes(id));
      return Array.from({ length: perZone }, (_, index) => ({
        name: zoneNodeName(region, zone, index),
        zone,
        vSwitchIds: own,
        fallbackVSwitchIds,
        vSwitchZones,
      }));
    });
  }
  if (!arm) return x86;
  // Each node's ARM twin: same zone and vSwitches, its own name, Lease and pods.
  return [
    ...x86,
    ...x86.map((p): NodePlan => ({ ...p, name: `${p.name}${ARM_NODE_SUFFIX}`, arch: 'arm64' })),
  ];
}
