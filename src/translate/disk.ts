import type { V1CSIPersistentVolumeSource, V1PersistentVolume, V1Pod } from '@kubernetes/client-node';
import { DISK_FS_TYPES, type Volume } from '../../providers/eci-api/index.js';
import { unsupported } from './errors.js';
import type { ReferencedObjects } from './types.js';

/** ACK's cloud disk CSI driver: its PV's volumeHandle is the disk ID (d-...). */
export const DISK_CSI_DRIVER = 'diskplugin.csi.alibabacloud.com';
/** The zone key the disk CSI driver writes in a disk PV's node affinity; ACK nodes carry it. */
export const DISK_ZONE_LABEL = 'topology.diskplugin.csi.alibabacloud.com/zone';
const ZONE_KEYS = [DISK_ZONE_LABEL, 'topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];
/** ECI's limit (its "Mount a cloud disk volume" page): at most six disk volumes per instance. */
export const MAX_DISK_VOLUMES = 6;

/**
 * A cloud disk PV as ECI mounts one (its "Mount a cloud disk volume" page): a FlexVolume of driver
 * alicloud/disk naming the existing disk in its options. ECI formats an empty disk with FsType.
 */
export function diskVolume(name: string, csi: V1CSIPersistentVolumeSource, field: string): Volume {
  if (csi.fsType && !DISK_FS_TYPES.includes(csi.fsType))
    throw unsupported(
      `${field}.fsType`,
      JSON.stringify(csi.fsType),
      `is not a file system ECI formats a disk with (${DISK_FS_TYPES.join(', ')})`,
      'use one of those, or leave fsType out for ext4',
    );
  return {
    Name: name,
    Type: 'FlexVolume',
    FlexVolume: {
      Driver: 'alicloud/disk',
      FsType: csi.fsType || 'ext4',
      Options: JSON.stringify({ volumeId: csi.volumeHandle }),
    },
  };
}

/** The zone a disk PV's required node affinity names, when it names exactly one. */
export function diskZone(pv: V1PersistentVolume): string | undefined {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? [];
  const zones = new Set(
    terms.flatMap((t) =>
      (t.matchExpressions ?? []).flatMap((e) =>
        ZONE_KEYS.includes(e.key) && e.operator === 'In' ? (e.values ?? []) : [],
      ),
    ),
  );
  return zones.size === 1 ? [...zones][0] : undefined;
}

/** The zones of the cloud disks the pod's claims are bound to, each with the claims in it. */
export function diskZonesOf(pod: V1Pod, refs: ReferencedObjects): Map<string, string[]> {
  const zones = new Map<string, string[]>();
  for (const v of pod.spec?.volumes ?? []) {
    const claimName = v.persistentVolumeClaim?.claimName;
    const pvName = claimName ? refs.persistentVolumeClaims.get(claimName)?.spec?.volumeName : undefined;
    const pv = pvName ? refs.persistentVolumes.get(pvName) : undefined;
    if (!claimName || !pv || pv.spec?.csi?.driver !== DISK_CSI_DRIVER) continue;
    const zone = diskZone(pv);
    if (zone !== undefined) zones.set(zone, [...(zones.get(zone) ?? []), claimName]);
  }
  return zones;
}

/**
 * The vSwitches a pod with cloud disks can be created in: those of its disks' zone only, since ECI
 * attaches a disk in its own zone alone and NoStock failover to another zone could never attach it.
 * A vSwitch whose zone is unknown here (one a pod annotation names) is kept: ECI then decides.
 */
export function vSwitchesInDiskZone(
  vSwitchIds: string[],
  diskZones: Map<string, string[]>,
  vSwitchZones: ReadonlyMap<string, string> | undefined,
  field: string,
): string[] {
  if (diskZones.size === 0) return vSwitchIds;
  const claims = (zone: string) => (diskZones.get(zone) ?? []).join(', ');
  if (diskZones.size > 1) {
    throw unsupported(
      'spec.volumes',
      [...diskZones.keys()].map((z) => `${z} (${claims(z)})`).join(', '),
      'are cloud disks in different zones, and one ECI instance runs in one zone',
      'use disks of one zone for one pod',
    );
  }
  const [zone] = [...diskZones.keys()];
  if (zone === undefined || vSwitchZones === undefined) return vSwitchIds;
  const inZone = vSwitchIds.filter((id) => (vSwitchZones.get(id) ?? zone) === zone);
  if (inZone.length === 0) {
    throw unsupported(
      field,
      JSON.stringify(vSwitchIds.join(',')),
      `has no vSwitch in ${zone}, the zone of the cloud disk of ${claims(zone)}`,
      `add a vSwitch of ${zone} to ECI_VSWITCH or the eci-profile vSwitchIds, or use a disk in the zone of these vSwitches`,
    );
  }
  return inZone;
}

/** ECI refuses more than six disks on one instance: say so before asking it. */
export function checkDiskCount(volumes: Volume[]): void {
  const disks = volumes.filter((v) => v.FlexVolume?.Driver === 'alicloud/disk').map((v) => v.Name);
  if (disks.length > MAX_DISK_VOLUMES) {
    throw unsupported(
      'spec.volumes',
      disks.join(', '),
      `are ${disks.length} cloud disks; ECI attaches at most ${MAX_DISK_VOLUMES} to one instance`,
      `mount at most ${MAX_DISK_VOLUMES} disk claims in one pod, or put the data on NAS`,
    );
  }
}
