import type {
  V1ConfigMap,
  V1PersistentVolume,
  V1PersistentVolumeClaim,
  V1Secret,
} from '@kubernetes/client-node';
import type { ImageCacheMatch } from './image-cache.js';
import type { CreateContainerGroupRequest } from '../../providers/eci-api/index.js';

/** What the controller fetched for one pod (all in the pod's namespace, keyed by name). */
export interface ReferencedObjects {
  configMaps: Map<string, V1ConfigMap>;
  secrets: Map<string, V1Secret>;
  persistentVolumeClaims: Map<string, V1PersistentVolumeClaim>;
  /** Cluster-scoped, keyed by name: the volumes the claims above are bound to. */
  persistentVolumes: Map<string, V1PersistentVolume>;
  /** From the TokenRequest API, one per `referencesOf(pod).tokens`, keyed by `tokenKey`. */
  serviceAccountTokens?: ReadonlyMap<string, string>;
}

export interface TranslationContext {
  regionId: string;
  /** From the eci-profile ConfigMap or env; the pod annotation k8s.aliyun.com/eci-vswitch overrides. */
  vSwitchIds: string[];
  /**
   * Set when vSwitchIds lists the node's zone first and other zones after it (failover): ECI must try
   * them in that order. The pod annotation k8s.aliyun.com/eci-schedule-strategy overrides.
   */
  vSwitchOrder?: 'VSwitchOrdered';
  /** The zone of each vSwitch the node knows (VPC DescribeVSwitches): a pod with cloud disks keeps its disks' zone's. */
  vSwitchZones?: ReadonlyMap<string, string>;
  /** Same precedence; the pod annotation k8s.aliyun.com/eci-security-group overrides. */
  securityGroupId: string;
  /** ECI_KUBE_PROXY; the pod annotation k8s.aliyun.com/eci-kube-proxy-enabled overrides. */
  kubeProxy: boolean;
  clusterId: string;
  nodeName: string;
  refs: ReferencedObjects;
  /**
   * The cluster DNS service (kubelet's --cluster-dns / --cluster-domain). Without it, dnsPolicy
   * ClusterFirst falls back to Default with a warning, exactly as the kubelet does.
   */
  clusterDns?: { nameservers: string[]; clusterDomain: string };
  /**
   * The Service variables the kubelet would give this pod (service-env.ts: KUBERNETES_SERVICE_HOST,
   * and its namespace's with enableServiceLinks), lowest precedence: its own env and envFrom win.
   */
  serviceEnvironment?: Record<string, string>;
  /** ARM64 on an ARM virtual node (eci-profile enableLinuxArm64Node): ECI picks an ARM instance type. */
  cpuArchitecture?: 'ARM64';
}

export type SpecCandidate =
  { kind: 'cpu-memory'; cpu: number; memory: number } | { kind: 'instance-type'; instanceType: string };

/** What to do when creation fails (annotation k8s.aliyun.com/eci-fail-strategy). */
export type FailStrategy = 'fail-back' | 'fail-over' | 'fail-fast';

export interface Translation {
  /** With the first candidate applied; ClientToken is not set (the controller sets it). */
  request: CreateContainerGroupRequest;
  /** The eci-use-specs list in order (at least one): on NoStock the controller tries the next. */
  candidates: SpecCandidate[];
  /** Things the user should know that did not stop the translation (recorded as Warning events). */
  warnings: string[];
  /** From k8s.aliyun.com/eci-fail-strategy, when the pod sets it. */
  failStrategy?: FailStrategy;
  /** imc-perfect-match / imc-match-count-request: the controller finds the cache and pins it. */
  imageCacheMatch?: ImageCacheMatch;
}
