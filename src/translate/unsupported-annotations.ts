/** Why a documented annotation is not acted on, and what the user can do instead. */
export interface UnsupportedAnnotation {
  reason: string;
  instead: string;
  /** A value that asks for what this version does anyway: no warning for it. */
  honouredValue?: string;
}

const NO_FIELD = 'CreateContainerGroup (ECI API 2018-08-08, official SDK 2.0.3) has no parameter for it';
const BY_TYPE =
  'list the ECS instance types you accept in k8s.aliyun.com/eci-use-specs, e.g. "ecs.c6.large,ecs.g6.large"';
const BIND_EIP =
  'create the EIP yourself with the settings you need and bind it with k8s.aliyun.com/eci-eip-instanceid';

/**
 * Annotations of one family that fail for one reason and have one way round, each with its own
 * copy of the entry, as if written out one by one.
 */
function alike(keys: readonly string[], entry: UnsupportedAnnotation): Record<string, UnsupportedAnnotation> {
  return Object.fromEntries(keys.map((key) => [key, { ...entry }]));
}

/**
 * Every annotation of ECI's "Pod annotations" page (and ACK's copy of it) this version does not
 * implement, each with its reason. The README's annotation table lists the same.
 */
export const UNSUPPORTED_ANNOTATIONS: Readonly<Record<string, UnsupportedAnnotation>> = {
  'k8s.aliyun.com/eci-gpu-driver-version': {
    reason: NO_FIELD,
    instead: 'choose a GPU instance type in k8s.aliyun.com/eci-use-specs whose default driver fits',
  },
  ...alike(
    [
      'k8s.aliyun.com/eci-instance-family',
      'k8s.aliyun.com/eci-instance-generation',
      'k8s.aliyun.com/eci-compute-category',
    ],
    { reason: NO_FIELD, instead: BY_TYPE },
  ),
  'k8s.aliyun.com/eci-privatepool-matchcriteria': {
    reason: NO_FIELD,
    instead: 'remove it: groups are created without private-pool options, as ECI does by default',
  },
  'k8s.aliyun.com/eci-privatepool-id': {
    reason: NO_FIELD,
    instead: 'remove it: a pod that must run in a targeted private pool cannot be run by this version',
  },
  'k8s.aliyun.com/eip-internet-charge-type': {
    reason: `${NO_FIELD} (an EIP ECI creates gets ECI's default metering)`,
    instead: BIND_EIP,
  },
  'k8s.aliyun.com/eip-public-ip-address-pool-id': { reason: NO_FIELD, instead: BIND_EIP },
  'k8s.aliyun.com/eci-ephemeral-storage-options': {
    reason: `${NO_FIELD} (temporary storage is not encrypted)`,
    instead: 'keep sensitive data on an encrypted disk volume',
  },
  // ECI's "start after the ClusterIP is ready" page: ECI holds the containers until its kube-proxy synced.
  'k8s.aliyun.com/eci-wait-clusterip-ready': {
    reason: `${NO_FIELD}, so the containers may start before the group's kube-proxy has the cluster's Services`,
    instead:
      'wait for the Service in an init container, e.g. `until nc -z -w 2 <service> <port>; do sleep 1; done`',
  },
  'k8s.aliyun.com/eci-eviction-enable': {
    reason: `${NO_FIELD}, and this virtual node evicts no pods`,
    instead: 'size the temporary storage with k8s.aliyun.com/eci-extra-ephemeral-storage',
  },
  'k8s.aliyun.com/eci-sls-enable': {
    reason: `${NO_FIELD}: this version runs no Simple Log Service collection (no Logtail)`,
    instead: 'collect logs with a sidecar, or read them with kubectl logs',
    honouredValue: 'false',
  },
  'k8s.aliyun.com/eci-reschedule-enable': {
    reason:
      'rescheduling is what k8s.aliyun.com/eci-fail-strategy fail-back (the default) does: a failed create is ' +
      'retried and a group ECI could not schedule is replaced; "false" cannot turn that off',
    instead:
      'remove it, or set k8s.aliyun.com/eci-fail-strategy: fail-fast to have failures reported at once',
    honouredValue: 'true',
  },
  'k8s.aliyun.com/pod-fail-on-create-err': {
    reason: NO_FIELD,
    instead: 'set k8s.aliyun.com/eci-fail-strategy: fail-fast, which reports a failed create at once',
  },
};
