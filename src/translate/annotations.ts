/** Pod annotations ECI users set (ECI docs, "ECI Pod Annotation"), and the ones written back. */
export const ANNOTATION = {
  // written back after creation
  instanceId: 'k8s.aliyun.com/eci-instance-id',
  instanceSpec: 'k8s.aliyun.com/eci-instance-spec',
  requestId: 'k8s.aliyun.com/eci-request-id',
  allocatedEip: 'k8s.aliyun.com/allocated-eipAddress',
  /** The cost view's (src/cost): the group's price per hour, e.g. `0.4411 CNY`. */
  pricePerHour: 'k8s.aliyun.com/eci-price-per-hour',
  // set by users, read at creation only
  useSpecs: 'k8s.aliyun.com/eci-use-specs',
  vSwitch: 'k8s.aliyun.com/eci-vswitch',
  scheduleStrategy: 'k8s.aliyun.com/eci-schedule-strategy',
  securityGroup: 'k8s.aliyun.com/eci-security-group',
  spotStrategy: 'k8s.aliyun.com/eci-spot-strategy',
  spotPriceLimit: 'k8s.aliyun.com/eci-spot-price-limit',
  spotDuration: 'k8s.aliyun.com/eci-spot-duration',
  spotFallback: 'k8s.aliyun.com/eci-spot-fallback',
  autoImageCache: 'k8s.aliyun.com/eci-auto-imc',
  imageCacheLegacy: 'k8s.aliyun.com/eci-image-cache',
  imageCacheId: 'k8s.aliyun.com/eci-imc-id',
  imageSnapshotIdLegacy: 'k8s.aliyun.com/eci-image-snapshot-id',
  withEip: 'k8s.aliyun.com/eci-with-eip',
  eipInstanceId: 'k8s.aliyun.com/eci-eip-instanceid',
  eipBandwidth: 'k8s.aliyun.com/eip-bandwidth',
  ramRoleName: 'k8s.aliyun.com/eci-ram-role-name',
  extraEphemeralStorage: 'k8s.aliyun.com/eci-extra-ephemeral-storage',
  customTags: 'k8s.aliyun.com/eci-custom-tags',
  customHosts: 'k8s.aliyun.com/eci-custom-hosts',
  customDnsConfig: 'k8s.aliyun.com/eci-custom-dnsconfig',
  maxPendingMinute: 'k8s.aliyun.com/eci-max-pending-minute',
  failStrategy: 'k8s.aliyun.com/eci-fail-strategy',
  resourceGroupId: 'k8s.aliyun.com/eci-resource-group-id',
  ntpServer: 'k8s.aliyun.com/eci-ntp-server',
  /** Our choice for a per-pod override of ECI_KUBE_PROXY ('true' | 'false'). */
  kubeProxy: 'k8s.aliyun.com/eci-kube-proxy-enabled',
} as const;

/** Documented ECI annotations this provider does not implement: named in a warning, never guessed at. */
export const RECOGNISED_UNSUPPORTED: readonly string[] = [
  'k8s.aliyun.com/eci-gpu-driver-version',
  'k8s.aliyun.com/eci-instance-family',
  'k8s.aliyun.com/eci-instance-generation',
  'k8s.aliyun.com/eci-compute-category',
  'k8s.aliyun.com/eci-fixed-ip',
];

const ECI_PREFIX = 'k8s.aliyun.com/eci-';
const KNOWN: readonly string[] = Object.values(ANNOTATION);

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

/** One warning per k8s.aliyun.com/eci-* annotation we do not act on, with the likely intended key. */
export function annotationWarnings(annotations: Record<string, string> | undefined): string[] {
  const warnings: string[] = [];
  for (const key of Object.keys(annotations ?? {}).sort()) {
    if (!key.startsWith(ECI_PREFIX) || KNOWN.includes(key)) continue;
    if (RECOGNISED_UNSUPPORTED.includes(key)) {
      warnings.push(`annotation ${key} is not supported by this virtual node and was ignored`);
      continue;
    }
    warnings.push(
      `annotation ${key} is not a known ECI annotation and was ignored; did you mean ${closestKnownAnnotation(key)}?`,
    );
  }
  return warnings;
}
