import type { ProfileError } from './types.js';

interface UnsupportedKey {
  /** The values that ask for what this version does anyway: no notice for them. */
  honoured: (value: string) => boolean;
  reason: string;
  instead: string;
}

const OFF = (v: string): boolean => ['', 'false'].includes(v.trim().toLowerCase());

/**
 * eci-profile keys of ACK's documentation ("ECI Profile" in the ACK Serverless overview) that this
 * version does not act on. The keys it does act on: selectors, vSwitchIds, securityGroupId,
 * resourceGroupId, enableClusterIp, enableLinuxArm64Node.
 */
const UNSUPPORTED_KEYS: Readonly<Record<string, UnsupportedKey>> = {
  vpcId: {
    honoured: () => false,
    reason: 'CreateContainerGroup has no VPC parameter: a container group joins the VPC of its vSwitch',
    instead: 'make sure vSwitchIds (or ECI_VSWITCH) are vSwitches of that VPC',
  },
  enableLogController: {
    honoured: OFF,
    reason: 'this version runs no log controller (no Simple Log Service collection)',
    instead: 'collect logs with a sidecar, or read them with kubectl logs',
  },
  enablePVCController: {
    honoured: OFF,
    reason: 'this version has no PVC controller: it mounts the PersistentVolume a claim is already bound to',
    instead: 'let your CSI provisioner bind claims (volumeBindingMode Immediate) before the pod starts',
  },
  enablePrivateZone: {
    honoured: OFF,
    reason: 'this version sets up no PrivateZone service discovery',
    instead: 'resolve Services through the cluster DNS (dnsPolicy ClusterFirst)',
  },
  featureGates: {
    honoured: (v) => v.trim() === '',
    reason: 'ACK virtual-node feature gates have no counterpart in this version',
    instead: 'remove the key',
  },
};

/** One notice per documented key the ConfigMap sets that this version does not act on. */
export function unsupportedProfileKeys(data: Record<string, string>): ProfileError[] {
  return Object.entries(UNSUPPORTED_KEYS).flatMap(([key, u]) => {
    const value = data[key];
    if (value === undefined || u.honoured(value)) return [];
    return [
      {
        key,
        field: key,
        message:
          `eci-profile ${key}: ${JSON.stringify(value)} is recognised but not supported by this version: ` +
          `${u.reason}; instead, ${u.instead}`,
      },
    ];
  });
}
