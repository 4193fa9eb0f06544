import type { V1NFSVolumeSource, V1Volume } from '@kubernetes/client-node';
import {
  CONFIG_FILE_LIMITS,
  configFileBytes,
  HOST_PATH_TYPES,
  type Volume,
} from '../../providers/eci-api/index.js';
import { ANNOTATION } from './annotations.js';
import { configFiles, type ConfigFiles } from './config-files.js';
import { DISK_CSI_DRIVER, diskVolume } from './disk.js';
import type { DownwardSource } from './downward.js';
import { notYetAvailable, unsupported } from './errors.js';
import type { TranslationContext } from './types.js';

/** ACK's NAS CSI driver: a NAS file system is NFS underneath, which ECI mounts natively. */
const NAS_CSI_DRIVER = 'nasplugin.csi.alibabacloud.com';
const SUPPORTED =
  'use emptyDir, configMap, secret, projected, downwardAPI, nfs, or a PVC bound to an NFS, NAS or cloud disk PV';

function volumeKind(v: V1Volume): string {
  return (
    Object.keys(v).find((k) => k !== 'name' && (v as unknown as Record<string, unknown>)[k] !== undefined) ??
    'none'
  );
}

function emptyDir(name: string): Volume {
  return { Name: name, Type: 'EmptyDirVolume', EmptyDirVolume: {} };
}

/**
 * A PVC becomes an NFSVolume when it is bound to an NFS (or ACK NAS CSI) PersistentVolume, and a
 * disk FlexVolume when it is bound to an ACK cloud disk (CSI) one.
 */
function claimVolume(v: V1Volume, ctx: TranslationContext, field: string, ns: string): Volume {
  const claimName = v.persistentVolumeClaim?.claimName ?? '';
  const f = `${field}.persistentVolumeClaim.claimName`;
  const claim = ctx.refs.persistentVolumeClaims.get(claimName);
  if (!claim) {
    throw notYetAvailable(
      f,
      JSON.stringify(claimName),
      `PersistentVolumeClaim not found in namespace ${ns}`,
      'create the claim',
    );
  }
  const pvName = claim.spec?.volumeName;
  const pv = pvName ? ctx.refs.persistentVolumes.get(pvName) : undefined;
  if (!pvName || claim.status?.phase === 'Pending' || !pv) {
    throw notYetAvailable(
      f,
      JSON.stringify(claimName),
      'is not bound to a PersistentVolume yet',
      'wait for the claim to be bound, or bind it to an NFS, NAS or cloud disk volume',
    );
  }
  const readOnly = v.persistentVolumeClaim?.readOnly === true;
  const nfs = pv.spec?.nfs;
  if (nfs)
    return nfsVolume(
      v.name,
      nfs,
      readOnly || nfs.readOnly === true || undefined,
      `PersistentVolume ${pvName}: spec.nfs`,
    );
  const csi = pv.spec?.csi;
  const server = csi?.volumeAttributes?.server;
  if (csi?.driver === NAS_CSI_DRIVER && server) {
    return {
      Name: v.name,
      Type: 'NFSVolume',
      NFSVolume: {
        Server: server,
        Path: csi.volumeAttributes?.path ?? '/',
        ReadOnly: readOnly || csi.readOnly === true || undefined,
      },
    };
  }
  if (csi?.driver === DISK_CSI_DRIVER) return diskVolume(v.name, csi, `PersistentVolume ${pvName}: spec.csi`);
  const kind = csi
    ? `csi ${csi.driver}`
    : (Object.keys(pv.spec ?? {}).find(
        (k) =>
          ![
            'accessModes',
            'capacity',
            'claimRef',
            'persistentVolumeReclaimPolicy',
            'storageClassName',
            'volumeMode',
            'mountOptions',
            'nodeAffinity',
          ].includes(k),
      ) ?? 'unknown');
  throw unsupported(
    f,
    JSON.stringify(claimName),
    `is bound to PersistentVolume ${pvName} of type ${kind}, which ECI cannot mount`,
    'bind the claim to an NFS, NAS or cloud disk volume',
  );
}

/** The source a configMap/secret/projected/downwardAPI volume draws its files from, for messages. */
function sourceOf(v: V1Volume, field: string): string {
  if (v.configMap) return `${field}.configMap (ConfigMap ${v.configMap.name ?? ''})`;
  if (v.secret) return `${field}.secret (Secret ${v.secret.secretName ?? ''})`;
  return `${field}.${v.projected ? 'projected' : 'downwardAPI'} (volume ${v.name})`;
}

/**
 * ECI refuses a ConfigFile over its documented limits. Like a missing key, the pod waits (and a
 * running group keeps its files) until the object is small enough: shrinking it is the fix.
 */
function checkConfigFileSizes(v: V1Volume, files: ConfigFiles, field: string): void {
  const fix =
    'keep each key under 32 KiB and the mounted keys under 60 KiB in total: split the object, or mount only the keys needed with items';
  let total = 0;
  for (const f of files?.files ?? []) {
    const bytes = configFileBytes(f.Content);
    total += bytes;
    if (bytes > CONFIG_FILE_LIMITS.fileBytes) {
      throw notYetAvailable(
        sourceOf(v, field),
        `file ${JSON.stringify(f.Path)} (${bytes} bytes)`,
        `is larger than the ${CONFIG_FILE_LIMITS.fileBytes} bytes ECI allows for one file of a ConfigFile volume`,
        fix,
      );
    }
  }
  if (total > CONFIG_FILE_LIMITS.volumeBytes) {
    throw notYetAvailable(
      sourceOf(v, field),
      `${files?.files.length ?? 0} files of ${total} bytes`,
      `exceed the ${CONFIG_FILE_LIMITS.volumeBytes} bytes ECI allows for all files of a ConfigFile volume`,
      fix,
    );
  }
}

/** ECI mounts an NFS volume by its server and path, and refuses one without either. */
function nfsVolume(
  name: string,
  nfs: V1NFSVolumeSource,
  readOnly: boolean | undefined,
  field: string,
): Volume {
  for (const key of ['server', 'path'] as const)
    if (!nfs[key])
      throw unsupported(
        `${field}.${key}`,
        '""',
        'is empty',
        `set the NFS ${key}, e.g. ${key === 'path' ? '/' : 'nas.example.com'}`,
      );
  return {
    Name: name,
    Type: 'NFSVolume',
    NFSVolume: { Server: nfs.server, Path: nfs.path, ReadOnly: readOnly },
  };
}

/**
 * ECI has no host to share: it mounts a hostPath only as a data cache, the path being a cache's
 * Path in the bucket the pod names (ECI's "Use a DataCache to create a pod").
 */
function dataCacheVolume(v: V1Volume, src: DownwardSource, field: string): Volume {
  const path = v.hostPath?.path ?? '';
  if (src.pod.metadata?.annotations?.[ANNOTATION.dataCacheBucket] === undefined) {
    throw unsupported(
      `${field}.hostPath`,
      JSON.stringify(path),
      `(volume ${v.name}) is a hostPath volume; an ECI instance has no host to share`,
      `to mount a data cache, set ${ANNOTATION.dataCacheBucket} to its bucket and this path to its Path; otherwise use emptyDir, or a PVC on NFS/NAS for shared data`,
    );
  }
  if (!path.startsWith('/')) {
    throw unsupported(
      `${field}.hostPath.path`,
      JSON.stringify(path),
      'is not an absolute path',
      "use the data cache's Path, e.g. /model/qwen-7b",
    );
  }
  return {
    Name: v.name,
    Type: 'HostPathVolume',
    HostPathVolume: { Path: path, Type: hostPathType(v.hostPath?.type, `${field}.hostPath.type`) },
  };
}

/** ECI's HostPathVolume.Type (HOST_PATH_TYPES) for Kubernetes' hostPath types: …OrCreate means the same for a cache. */
const HOST_PATH_TYPE: Record<string, string> = {
  Directory: 'Directory',
  DirectoryOrCreate: 'Directory',
  File: 'File',
  FileOrCreate: 'File',
};

function hostPathType(type: string | undefined, field: string): string | undefined {
  if (!type) return undefined;
  const eciType = HOST_PATH_TYPE[type];
  if (eciType !== undefined) return eciType;
  throw unsupported(
    field,
    JSON.stringify(type),
    `is not a type ECI mounts (${HOST_PATH_TYPES.join(' or ')})`,
    'use Directory for a data cache, or leave type out',
  );
}

export function translateVolume(
  v: V1Volume,
  ctx: TranslationContext,
  src: DownwardSource,
  field: string,
): Volume {
  const ns = src.pod.metadata?.namespace ?? 'default';
  if (v.emptyDir) {
    const medium = v.emptyDir.medium ?? '';
    if (medium !== '' && medium !== 'Memory') {
      throw unsupported(
        `${field}.emptyDir.medium`,
        JSON.stringify(medium),
        'is not supported by ECI',
        'use "" (disk) or Memory',
      );
    }
    return {
      Name: v.name,
      Type: 'EmptyDirVolume',
      EmptyDirVolume: { Medium: medium || undefined, SizeLimit: v.emptyDir.sizeLimit },
    };
  }
  if (v.configMap || v.secret || v.projected || v.downwardAPI) {
    const files = configFiles(v, ctx, src, field);
    checkConfigFileSizes(v, files, field);
    if (!files || files.files.length === 0) return emptyDir(v.name);
    return {
      Name: v.name,
      Type: 'ConfigFileVolume',
      ConfigFileVolume: { ConfigFileToPath: files.files, DefaultMode: files.defaultMode },
    };
  }
  if (v.nfs) return nfsVolume(v.name, v.nfs, v.nfs.readOnly, `${field}.nfs`);
  if (v.persistentVolumeClaim) return claimVolume(v, ctx, field, ns);
  if (v.hostPath) return dataCacheVolume(v, src, field);
  const kind = volumeKind(v);
  throw unsupported(`${field}.${kind}`, v.name, `is a ${kind} volume, which ECI cannot mount`, SUPPORTED);
}

/** Volumes Kubernetes mounts read-only whatever the mount says: files, and a claim mounted readOnly. */
export function isReadOnlyVolume(v: V1Volume): boolean {
  return !!(v.configMap || v.secret || v.projected || v.downwardAPI || v.persistentVolumeClaim?.readOnly);
}
