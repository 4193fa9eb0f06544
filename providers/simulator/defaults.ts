import type { CreateContainerGroupRequest } from '../eci-api/index.js';
import { digest } from './random.js';
import type { Topology } from './topology.js';

/**
 * CreateContainerGroup as ECI takes it: SecurityGroupId and VSwitchId are optional. Without a
 * security group ECI uses the region's default one; without a vSwitch the system chooses one
 * (reference §2). The controller always sends both; other clients need not.
 */
export type CreateInput = Omit<CreateContainerGroupRequest, 'SecurityGroupId' | 'VSwitchId'> &
  Partial<Pick<CreateContainerGroupRequest, 'SecurityGroupId' | 'VSwitchId'>>;

/** The region's default security group: one stable ID per region. */
export function defaultSecurityGroup(regionId: string): string {
  return `sg-${digest('default-security-group', regionId).slice(0, 20)}`;
}

/** The default vSwitch of a zone; its name carries the zone, so Topology.zoneOf maps it back. */
export function defaultVSwitch(zoneId: string): string {
  return `vsw-default-${zoneId}`;
}

/**
 * Fills in what ECI chooses itself. With no vSwitch every zone's default vSwitch is a candidate
 * (only ZoneId's, when given), so the group lands in the first zone that has stock, as a
 * system-chosen vSwitch would.
 */
export function withNetworkDefaults(input: CreateInput, topology: Topology): CreateContainerGroupRequest {
  const zones = input.ZoneId ? topology.zones.filter((z) => z === input.ZoneId) : topology.zones;
  return {
    ...input,
    SecurityGroupId: input.SecurityGroupId || defaultSecurityGroup(topology.regionId),
    // An unknown ZoneId keeps an empty list, which validation reports against ZoneId.
    VSwitchId: input.VSwitchId || zones.map(defaultVSwitch).join(',') || defaultVSwitch(input.ZoneId ?? ''),
  };
}
