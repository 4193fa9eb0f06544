/**
 * What CreateContainerGroup takes in a container's security context, its probes, its environment
 * and the group's sysctls and volumes, in the words of the API reference (its parameter table, the
 * SDK models' remarks). The controller translates pods within these rules and the simulator refuses
 * what breaks them, from this one table.
 *
 * Left out on purpose: the same table gives an EnvironmentVar Value at most 256 characters, a Key
 * only [0-9a-zA-Z_], a container at most 10 Arg and 20 Command items of 256 characters. Argo's
 * executor carries its whole template in ARGO_TEMPLATE (JSON, far over 256 characters), and Alibaba
 * runs Argo Workflows on ECI (ACK One's serverless Argo), so ECI does not refuse what those lines
 * say it would; refusing here would fail pods the cloud runs.
 */

/** `SecurityContext.Capability.Add`: "目前仅支持配置为NET_ADMIN和NET_RAW" (NET_RAW by ticket). */
export const ADDABLE_CAPABILITIES: readonly string[] = ['NET_ADMIN', 'NET_RAW'];

/** `SecurityContext.ReadOnlyRootFilesystem`: "目前仅支持配置为true". */
export const READ_ONLY_ROOT_FILESYSTEM = true;

/** `*Probe.SuccessThreshold`: "默认为1。当前必须为1。" */
export const PROBE_SUCCESS_THRESHOLD = 1;

/** `EnvironmentVar.N.FieldRef.FieldPath`: "目前只支持配置为status.podIP". */
export const ENV_FIELD_PATHS: readonly string[] = ['status.podIP'];

/** `HostPathVolume.Type`: "Directory：目录。File：文件。" */
export const HOST_PATH_TYPES: readonly string[] = ['Directory', 'File'];

/** `FlexVolume.Driver`: "alicloud/disk、alicloud/nas、alicloud/oss". */
export const FLEX_VOLUME_DRIVERS: readonly string[] = ['alicloud/disk', 'alicloud/nas', 'alicloud/oss'];

/** An `alicloud/disk` FlexVolume's `FsType` (default ext4) and a new disk's `volumeSize` in GiB: ECI's "Mount a disk volume". */
export const DISK_FS_TYPES: readonly string[] = ['ext4', 'ext3', 'xfs', 'vfat'];
export const DISK_SIZE_GIB = { min: 20, max: 32768 } as const;

/** `Ipv6AddressCount`: "固定为1". */
export const IPV6_ADDRESS_COUNT = 1;

/** `SecurityContext.Sysctl.N.Name`: the safe sysctls, "net.ipv4.ping_group_range、net.ipv4.ip_unprivileged_port_start". */
export const SAFE_SYSCTLS: readonly string[] = [
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];

/** The unsafe sysctls ECI allows (isHostSysctl), for messages. */
export const HOST_SYSCTLS =
  'kernel.shm* (not kernel.shm_rmid_forced), kernel.msg*, kernel.sem, fs.mqueue.* or net.* (not net.ipv4.tcp_syncookies)';

/**
 * `HostSecurityContext.Sysctl.N.Name`, the unsafe ones: "kernel.shm*（kernel.shm_rmid_forced除外）、
 * kernel.msg*、kernel.sem、fs.mqueue.*、net.*（net.ipv4.tcp_syncookies、net.ipv4.ping_group_range、
 * net.ipv4.ip_unprivileged_port_start除外）".
 */
export function isHostSysctl(name: string): boolean {
  if (name === 'kernel.shm_rmid_forced' || name === 'net.ipv4.tcp_syncookies') return false;
  if (SAFE_SYSCTLS.includes(name)) return false;
  return (
    name.startsWith('kernel.shm') ||
    name.startsWith('kernel.msg') ||
    name === 'kernel.sem' ||
    name.startsWith('fs.mqueue.') ||
    name.startsWith('net.')
  );
}

/** Which parameter takes the sysctl, or undefined when ECI takes it in neither. */
export function sysctlParameter(name: string): 'SecurityContext' | 'HostSecurityContext' | undefined {
  if (SAFE_SYSCTLS.includes(name)) return 'SecurityContext';
  return isHostSysctl(name) ? 'HostSecurityContext' : undefined;
}
