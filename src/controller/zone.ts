import { isBackendError, vSwitchNotFound, type Backend, type VSwitch } from '../../providers/backend.js';
import type { Logger } from '../../providers/logger.js';
import { ConfigError, type ControllerConfig } from '../config/index.js';
import { logger } from '../log.js';
import { planNodes, type NodePlan } from '../node/zones.js';

export type ZoneConfig = Pick<ControllerConfig, 'region' | 'zone' | 'vSwitchIds'>;

export interface ZoneResolution {
  /** The node's zone: ECI_ZONE when set, else the zone of the first vSwitch. */
  nodeZone: string;
  /** Each vSwitch of ECI_VSWITCH as VPC reports it, in ECI_VSWITCH order. */
  vSwitches: VSwitch[];
  /** What is wrong but does not stop start-up (ECI_ZONE against the vSwitches, full vSwitches). */
  warnings: string[];
}

function lookupFailed(config: ZoneConfig, id: string, err: unknown): unknown {
  const value = config.vSwitchIds.join(',');
  if (isBackendError(err, 'NotFound')) {
    const request = err.requestId ? `, RequestId ${err.requestId}` : '';
    return new ConfigError(
      'ECI_VSWITCH',
      value,
      `VPC DescribeVSwitches knows no vSwitch ${id} in region ${config.region}${request}: use IDs of ` +
        `vSwitches in ${config.region} as the VPC console lists them, comma-separated, and make sure the ` +
        'credentials may call vpc:DescribeVSwitches',
    );
  }
  if (isBackendError(err, 'Unauthorized')) {
    return new Error(
      `ECI_VSWITCH=${JSON.stringify(value)}: the zones of these vSwitches cannot be looked up (${err.message}): ` +
        "allow vpc:DescribeVSwitches to the controller's credentials, e.g. with the RAM policy AliyunVPCReadOnlyAccess.",
    );
  }
  return err;
}

function zoneWarnings(config: ZoneConfig, vSwitches: VSwitch[]): string[] {
  const warnings: string[] = [];
  const zones = [...new Set(vSwitches.map((v) => v.ZoneId))];
  if (config.zone !== undefined && !zones.includes(config.zone)) {
    const where = vSwitches.map((v) => `${v.VSwitchId} in ${v.ZoneId}`).join(', ');
    warnings.push(
      `ECI_ZONE=${config.zone} names the node, but no vSwitch of ECI_VSWITCH is in that zone (${where}): ` +
        `pods run in ${zones.join(' or ')} while the node's topology.kubernetes.io/zone says ${config.zone}. ` +
        `Unset ECI_ZONE, or set it to ${zones.join(' or ')}.`,
    );
  }
  for (const v of vSwitches) {
    if (v.Status !== 'Available' || v.AvailableIpAddressCount <= 0) {
      warnings.push(
        `vSwitch ${v.VSwitchId} is ${v.Status} with ${v.AvailableIpAddressCount} free IP addresses: ` +
          'pods placed there fail until it has addresses; add a vSwitch with free addresses to ECI_VSWITCH.',
      );
    }
  }
  return warnings;
}

/**
 * The zone of each configured vSwitch, from VPC DescribeVSwitches through the backend (never from
 * the spelling of the ID: `vsw-2ze23nqzig8inprou` is not in a zone "u"). ECI_ZONE, when set, still
 * names the node. An unknown vSwitch stops start-up with a ConfigError naming ECI_VSWITCH.
 */
export async function resolveZones(
  config: ZoneConfig,
  backend: Pick<Backend, 'describeVSwitches'>,
): Promise<ZoneResolution> {
  if (config.vSwitchIds.length === 0) {
    throw new ConfigError(
      'ECI_VSWITCH',
      '',
      'set it to one or more vSwitch IDs, comma-separated, e.g. vsw-a,vsw-b',
    );
  }
  const vSwitches: VSwitch[] = [];
  // One ID at a time, so a NotFound names the vSwitch that is wrong (ECI_VSWITCH has at most 10).
  for (const id of config.vSwitchIds) {
    const [found] = await backend.describeVSwitches([id]).catch((err: unknown) => {
      throw lookupFailed(config, id, err);
    });
    if (!found) throw lookupFailed(config, id, vSwitchNotFound(id, config.region));
    vSwitches.push(found);
  }
  const first = vSwitches[0]?.ZoneId ?? '';
  return { nodeZone: config.zone ?? first, vSwitches, warnings: zoneWarnings(config, vSwitches) };
}

function logZones(resolution: ZoneResolution, log: Pick<Logger, 'info' | 'warn'>): void {
  const { nodeZone: zone, vSwitches, warnings } = resolution;
  log.info('vSwitch zones from VPC', {
    zone,
    vSwitches: vSwitches.map((v) => ({
      id: v.VSwitchId,
      zone: v.ZoneId,
      freeIps: v.AvailableIpAddressCount,
    })),
  });
  for (const warning of warnings) log.warn(warning, { zone });
}

/** resolveZones for start-up: logs what it found and every warning, returns the node's zone. */
export async function nodeZone(
  config: ZoneConfig,
  backend: Pick<Backend, 'describeVSwitches'>,
  log: Pick<Logger, 'info' | 'warn'> = logger,
): Promise<string> {
  const resolution = await resolveZones(config, backend);
  logZones(resolution, log);
  return resolution.nodeZone;
}

/**
 * The virtual nodes for these vSwitches (ECI_VSWITCH, or the eci-profile's vSwitchIds): one per
 * zone VPC reports (VKUBELET_NODES_PER_ZONE of each), or the one node VKUBELET_NODE_NAME names;
 * with `arm` (eci-profile enableLinuxArm64Node) an ARM twin of each. Logs the zones and every warning.
 */
export async function nodePlans(
  config: ZoneConfig & Pick<ControllerConfig, 'nodeName' | 'nodesPerZone'>,
  backend: Pick<Backend, 'describeVSwitches'>,
  log: Pick<Logger, 'info' | 'warn'> = logger,
  arm = false,
): Promise<NodePlan[]> {
  const resolution = await resolveZones(config, backend);
  logZones(resolution, log);
  const named = config.nodeName === undefined ? undefined : { name: config.nodeName, zone: config.zone };
  return planNodes(config.region, resolution.vSwitches, named, config.nodesPerZone, arm);
}
