import {
  ADDABLE_CAPABILITIES,
  ENV_FIELD_PATHS,
  DISK_FS_TYPES,
  DISK_SIZE_GIB,
  FLEX_VOLUME_DRIVERS,
  HOST_PATH_TYPES,
  HOST_SYSCTLS,
  IPV6_ADDRESS_COUNT,
  isHostSysctl,
  PROBE_SUCCESS_THRESHOLD,
  READ_ONLY_ROOT_FILESYSTEM,
  SAFE_SYSCTLS,
  type Container,
  type CreateContainerGroupRequest,
  type Probe,
  type Volume,
} from '../eci-api/index.js';
import { invalidParameter, missingParameter, oneOf } from './errors.js';

/**
 * The rules of CreateContainerGroup's parameter table beyond names and sizes (providers/eci-api
 * container-rules.ts): what a container's security context, probes and environment may hold, which
 * sysctls go where, and what each volume type needs.
 */
export function validateContainerRules(c: Container, at: string): void {
  (c.SecurityContext?.Capability?.Add ?? []).forEach((cap, j) => {
    if (!ADDABLE_CAPABILITIES.includes(cap))
      throw invalidParameter(
        `${at}.SecurityContext.Capability.Add.${j + 1}`,
        `"${cap}" cannot be added: ECI adds only ${ADDABLE_CAPABILITIES.join(' and ')}.`,
      );
  });
  const readOnly = c.SecurityContext?.ReadOnlyRootFilesystem;
  if (readOnly !== undefined && readOnly !== READ_ONLY_ROOT_FILESYSTEM)
    throw invalidParameter(
      `${at}.SecurityContext.ReadOnlyRootFilesystem`,
      `${readOnly} is not supported: only true is; leave it out for a writable root file system.`,
    );
  (c.EnvironmentVar ?? []).forEach((e, j) => {
    const path = e.FieldRef?.FieldPath;
    if (path !== undefined && !ENV_FIELD_PATHS.includes(path))
      throw invalidParameter(
        `${at}.EnvironmentVar.${j + 1}.FieldRef.FieldPath`,
        `"${path}" is not supported: only ${ENV_FIELD_PATHS.join(', ')} is.`,
      );
  });
  for (const kind of ['LivenessProbe', 'ReadinessProbe', 'StartupProbe'] as const) {
    const probe = c[kind];
    if (probe !== undefined) validateProbe(probe, `${at}.${kind}`);
  }
}

function validateProbe(p: Probe, at: string): void {
  if (p.SuccessThreshold !== undefined && p.SuccessThreshold !== PROBE_SUCCESS_THRESHOLD)
    throw invalidParameter(
      `${at}.SuccessThreshold`,
      `${p.SuccessThreshold} is not supported: it must currently be ${PROBE_SUCCESS_THRESHOLD}.`,
    );
  for (const field of ['PeriodSeconds', 'TimeoutSeconds'] as const) {
    const v = p[field];
    if (v !== undefined && v < 1) throw invalidParameter(`${at}.${field}`, `${v} is below the minimum, 1.`);
  }
}

/** The group's sysctls (the safe ones in SecurityContext, the others ECI allows in HostSecurityContext) and IPv6. */
export function validateGroupRules(req: CreateContainerGroupRequest): void {
  (req.SecurityContext?.Sysctl ?? []).forEach((s, i) => {
    if (!SAFE_SYSCTLS.includes(s.Name))
      throw invalidParameter(
        `SecurityContext.Sysctl.${i + 1}.Name`,
        `"${s.Name}" is not a safe sysctl (${SAFE_SYSCTLS.join(', ')})${isHostSysctl(s.Name) ? ': set it in HostSecurityContext.Sysctl' : ''}.`,
      );
  });
  (req.HostSecurityContext?.Sysctl ?? []).forEach((s, i) => {
    if (!isHostSysctl(s.Name))
      throw invalidParameter(
        `HostSecurityContext.Sysctl.${i + 1}.Name`,
        `"${s.Name}" is not allowed: use ${HOST_SYSCTLS}${SAFE_SYSCTLS.includes(s.Name) ? '; a safe sysctl goes in SecurityContext.Sysctl' : ''}.`,
      );
  });
  if (req.Ipv6AddressCount !== undefined && req.Ipv6AddressCount !== IPV6_ADDRESS_COUNT)
    throw invalidParameter('Ipv6AddressCount', `${req.Ipv6AddressCount} is not supported: it is fixed at 1.`);
}

/** What the volume's type needs: its own object, with the fields ECI mounts it by. */
export function validateVolumeSource(v: Volume, at: string): void {
  const need = (present: unknown, field: string): void => {
    if (present === undefined || present === '') throw missingParameter(`${at}.${field}`);
  };
  switch (v.Type) {
    case 'NFSVolume':
      need(v.NFSVolume?.Server, 'NFSVolume.Server');
      need(v.NFSVolume?.Path, 'NFSVolume.Path');
      return;
    case 'DiskVolume':
      need(v.DiskVolume?.DiskId, 'DiskVolume.DiskId');
      return;
    case 'FlexVolume':
      need(v.FlexVolume?.Driver, 'FlexVolume.Driver');
      oneOf(`${at}.FlexVolume.Driver`, v.FlexVolume?.Driver, FLEX_VOLUME_DRIVERS);
      if (v.FlexVolume?.Driver === 'alicloud/disk') validateDiskOptions(v.FlexVolume, `${at}.FlexVolume`);
      return;
    case 'HostPathVolume':
      need(v.HostPathVolume?.Path, 'HostPathVolume.Path');
      oneOf(`${at}.HostPathVolume.Type`, v.HostPathVolume?.Type, HOST_PATH_TYPES);
      return;
    default:
      return;
  }
}

/** ECI's "Mount a disk volume" page: the disk's file system, and an existing disk or a new one's size. */
function validateDiskOptions(flex: NonNullable<Volume['FlexVolume']>, at: string): void {
  oneOf(`${at}.FsType`, flex.FsType, DISK_FS_TYPES);
  let options: unknown;
  try {
    options = JSON.parse(flex.Options ?? '{}');
  } catch {
    throw invalidParameter(
      `${at}.Options`,
      'is not JSON: give the options as a JSON object, e.g. {"volumeId":"d-..."}.',
    );
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw invalidParameter(`${at}.Options`, 'must be a JSON object, e.g. {"volumeId":"d-..."}.');
  const { volumeId, volumeSize } = options as Record<string, unknown>;
  if (typeof volumeId === 'string' && volumeId !== '') return; // the disk's other options are then ignored
  const size = Number(volumeSize);
  if (volumeSize === undefined || volumeSize === '')
    throw invalidParameter(
      `${at}.Options`,
      'names no disk: set volumeId to mount a disk, or volumeSize (GiB) to create one.',
    );
  if (!Number.isInteger(size) || size < DISK_SIZE_GIB.min || size > DISK_SIZE_GIB.max)
    throw invalidParameter(
      `${at}.Options.volumeSize`,
      `${JSON.stringify(volumeSize)} is not a disk size: give ${DISK_SIZE_GIB.min} to ${DISK_SIZE_GIB.max} GiB.`,
    );
}
