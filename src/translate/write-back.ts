import type { ContainerGroup } from '../../providers/eci-api/index.js';
import { ANNOTATION } from './annotations.js';

/**
 * The annotations ECI writes back to a pod that DescribeContainerGroups really carries: the zone,
 * VPC and ENI the group got, its EIP address, its IPv6 address and its ECS instance type. The EIP's instance ID, the
 * compute category and the matched image cache are documented write-backs too, but no field of the
 * response model holds them, so they are not invented here.
 */
export function writeBackAnnotations(group: ContainerGroup): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: string | undefined): void => {
    if (value) out[key] = value;
  };
  put(ANNOTATION.instanceZone, group.ZoneId);
  put(ANNOTATION.vpc, group.VpcId);
  put(ANNOTATION.eniInstanceId, group.EniInstanceId);
  put(ANNOTATION.allocatedEip, group.InternetIp);
  put(ANNOTATION.allocatedIpv6, group.Ipv6Address);
  // The ECS type ECI chose (billed by it): an ARM pod asks ARM64 with vCPU-memory and gets e.g. ecs.c8y.large.
  put(ANNOTATION.instanceSpec, group.InstanceType);
  return out;
}
