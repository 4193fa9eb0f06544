import { UNSUPPORTED_ANNOTATIONS } from './unsupported-annotations.js';
import { compareCodeUnits } from '../../providers/code-units.js';

/**
 * Pod annotations of ECI's reference page "Pod annotations" (ECI user guide; README table), the ones
 * ECI writes back, and the few older or ACK-page names ECI still honours.
 */
export const ANNOTATION = {
  // Written back to the pod by the controller (see src/pods/write-back.ts).
  instanceId: 'k8s.aliyun.com/eci-instance-id',
  instanceSpec: 'k8s.aliyun.com/eci-instance-spec',
  requestId: 'k8s.aliyun.com/eci-request-id',
  allocatedEip: 'k8s.aliyun.com/allocated-eipAddress',
  allocatedIpv6: 'k8s.aliyun.com/allocated-ipv6Address',
  eniInstanceId: 'k8s.aliyun.com/eni-instance-id',
  vpc: 'k8s.aliyun.com/eci-vpc',
  /** Not on the reference page, but on the pods ECI's own virtual node runs. */
  instanceZone: 'k8s.aliyun.com/eci-instance-zone',
  /** The cost view's (src/cost): the group's price per hour, e.g. `0.4411 CNY`. */
  pricePerHour: 'k8s.aliyun.com/eci-price-per-hour',
  // Set by users, read at creation only. Instances:
  useSpecs: 'k8s.aliyun.com/eci-use-specs',
  vSwitch: 'k8s.aliyun.com/eci-vswitch',
  scheduleStrategy: 'k8s.aliyun.com/eci-schedule-strategy',
  spotStrategy: 'k8s.aliyun.com/eci-spot-strategy',
  spotPriceLimit: 'k8s.aliyun.com/eci-spot-price-limit',
  spotDuration: 'k8s.aliyun.com/eci-spot-duration',
  spotFallback: 'k8s.aliyun.com/eci-spot-fallback',
  failStrategy: 'k8s.aliyun.com/eci-fail-strategy',
  maxPendingMinute: 'k8s.aliyun.com/eci-max-pending-minute',
  customHosts: 'k8s.aliyun.com/eci-custom-hosts',
  customTags: 'k8s.aliyun.com/eci-custom-tags',
  ramRoleName: 'k8s.aliyun.com/eci-ram-role-name',
  resourceGroupId: 'k8s.aliyun.com/eci-resource-group-id',
  cpuOptionCore: 'k8s.aliyun.com/eci-cpu-option-core',
  cpuOptionThreadsPerCore: 'k8s.aliyun.com/eci-cpu-option-ht',
  // Images:
  autoImageCache: 'k8s.aliyun.com/eci-auto-imc',
  imageCacheLegacy: 'k8s.aliyun.com/eci-image-cache',
  imageCacheId: 'k8s.aliyun.com/eci-imc-id',
  imageSnapshotIdLegacy: 'k8s.aliyun.com/eci-image-snapshot-id',
  imageCachePerfectMatch: 'k8s.aliyun.com/imc-perfect-match',
  imageCacheMatchCount: 'k8s.aliyun.com/imc-match-count-request',
  // Data caches (mounted through hostPath volumes of the cache's path):
  dataCacheBucket: 'k8s.aliyun.com/eci-data-cache-bucket',
  dataCachePL: 'k8s.aliyun.com/eci-data-cache-pl',
  dataCacheProvisionedIops: 'k8s.aliyun.com/eci-data-cache-provisionedIops',
  dataCacheBurstingEnabled: 'k8s.aliyun.com/eci-data-cache-burstingEnabled',
  acrInstanceIds: 'k8s.aliyun.com/acr-instance-ids',
  /** The ACK Serverless page's singular spelling of acr-instance-ids. */
  acrInstanceIdLegacy: 'k8s.aliyun.com/acr-instance-id',
  acrServiceArns: 'k8s.aliyun.com/acr-service-arns',
  acrUserArns: 'k8s.aliyun.com/acr-user-arns',
  plainHttpRegistry: 'k8s.aliyun.com/plain-http-registry',
  insecureRegistry: 'k8s.aliyun.com/insecure-registry',
  // Network:
  securityGroup: 'k8s.aliyun.com/eci-security-group',
  withEip: 'k8s.aliyun.com/eci-with-eip',
  eipInstanceId: 'k8s.aliyun.com/eci-eip-instanceid',
  eipBandwidth: 'k8s.aliyun.com/eip-bandwidth',
  eipCommonBandwidthPackage: 'k8s.aliyun.com/eip-common-bandwidth-package-id',
  eipIsp: 'k8s.aliyun.com/eip-isp',
  enableIpv6: 'k8s.aliyun.com/eci-enable-ipv6',
  ipv6BandwidthEnable: 'k8s.aliyun.com/eci-ipv6-bandwidth-enable',
  ipv6Bandwidth: 'k8s.aliyun.com/eci-ipv6-bandwidth',
  privateIpAddress: 'k8s.aliyun.com/eci-private-ip-address',
  fixedIp: 'k8s.aliyun.com/eci-fixed-ip',
  fixedIpRetainHour: 'k8s.aliyun.com/eci-fixed-ip-retain-hour',
  ingressBandwidth: 'kubernetes.io/ingress-bandwidth',
  egressBandwidth: 'kubernetes.io/egress-bandwidth',
  customDnsConfig: 'k8s.aliyun.com/eci-custom-dnsconfig',
  // Storage, container configuration, O&M:
  extraEphemeralStorage: 'k8s.aliyun.com/eci-extra-ephemeral-storage',
  ntpServer: 'k8s.aliyun.com/eci-ntp-server',
  corePattern: 'k8s.aliyun.com/eci-core-pattern',
  /** ECI's name for a per-pod override of ECI_KUBE_PROXY ('true' | 'false'), seen on ECI's own pods. */
  kubeProxy: 'k8s.aliyun.com/eci-kube-proxy-enabled',
} as const;

/**
 * Annotations ECI writes that carry nothing this controller can learn from ECI's API (the
 * DescribeContainerGroups model has no field for them), so it never writes them; a pod copied from
 * an ECI cluster may carry them, and they must not be taken for typos.
 */
const WRITTEN_BY_ECI_ONLY: readonly string[] = [
  'k8s.aliyun.com/allocated-eipInstanceId',
  'k8s.aliyun.com/eci-instance-compute-category',
  'k8s.aliyun.com/eci-created-by-template',
  'k8s.aliyun.com/eci-matched-image-cache',
  'k8s.aliyun.com/eci-schedule-result',
];

/** Documented annotations this version does not implement: named in a warning, never guessed at. */
export const RECOGNISED_UNSUPPORTED: readonly string[] = Object.keys(UNSUPPORTED_ANNOTATIONS);

/** The families of documented names: an unknown key in them is probably a typo of one. */
const DOCUMENTED_PREFIXES = [
  'k8s.aliyun.com/eci-',
  'k8s.aliyun.com/eip-',
  'k8s.aliyun.com/acr-',
  'k8s.aliyun.com/imc-',
];
const KNOWN: readonly string[] = Object.values(ANNOTATION);
const RECOGNISED: ReadonlySet<string> = new Set([...KNOWN, ...WRITTEN_BY_ECI_ONLY]);

/** Levenshtein distance: how many single-character edits turn a into b. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

export function closestKnownAnnotation(key: string): string {
  let best = KNOWN[0];
  let bestDistance = Infinity;
  for (const known of KNOWN) {
    const d = editDistance(key, known);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * One warning per annotation the pod sets and this version does not act on: a documented one it
 * does not support (why, and what to do instead), or an unknown one in a documented family (the
 * likely intended key).
 */
export function annotationWarnings(annotations: Record<string, string> | undefined): string[] {
  const warnings: string[] = [];
  for (const [key, value] of Object.entries(annotations ?? {}).sort(([a], [b]) => compareCodeUnits(a, b))) {
    const unsupported = UNSUPPORTED_ANNOTATIONS[key];
    if (unsupported !== undefined) {
      // A value that asks for what this version does anyway (e.g. eci-sls-enable: "false") is honoured.
      if (unsupported.honouredValue !== undefined && value.trim() === unsupported.honouredValue) continue;
      warnings.push(
        `annotation ${key} is recognised but not supported by this version and was ignored: ` +
          `${unsupported.reason}; instead, ${unsupported.instead}`,
      );
      continue;
    }
    if (RECOGNISED.has(key) || !DOCUMENTED_PREFIXES.some((p) => key.startsWith(p))) continue;
    warnings.push(
      `annotation ${key} is not a known ECI annotation and was ignored; did you mean ${closestKnownAnnotation(key)}?`,
    );
  }
  return warnings;
}
