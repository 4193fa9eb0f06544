/** Labels that must all be present with these exact values (ANDed), as in a Kubernetes LabelSelector. */
export interface MatchLabels {
  matchLabels: Record<string, string>;
}

/** What a matching selector adds to the pod; never overwrites what the pod already has. */
export interface SelectorEffect {
  annotations: Record<string, string>;
  labels: Record<string, string>;
}

/** One entry of the eci-profile `selectors` array. */
export interface Selector {
  name: string;
  namespaceSelector?: MatchLabels;
  objectSelector?: MatchLabels;
  effect?: SelectorEffect;
}

/** The validated content of ConfigMap `kube-system/eci-profile`. */
export interface EciProfile {
  selectors: Selector[];
  vSwitchIds?: string[];
  securityGroupId?: string;
  /** Recognised, but CreateContainerGroup has no VPC parameter: a group joins its vSwitch's VPC. */
  vpcId?: string;
  /** Wins over ALIYUN_RESOURCEGROUP_ID; a pod's k8s.aliyun.com/eci-resource-group-id wins over it. */
  resourceGroupId?: string;
  /** Wins over ECI_KUBE_PROXY (ClusterIP access through the kube-proxy ECI runs for the group). */
  enableClusterIp?: boolean;
  /** ARM virtual nodes beside the x86 ones: one per zone, label and taint kubernetes.io/arch=arm64. */
  enableLinuxArm64Node?: boolean;
}

/** One problem in the ConfigMap: which data key (and selector) is wrong, and what to do. */
export interface ProfileError {
  /** The ConfigMap data key: `selectors`, `vSwitchIds`, `securityGroupId`, `vpcId`, `resourceGroupId`, `enableClusterIp`, ... */
  key: string;
  /** The selector at fault, when the problem is inside one entry of `selectors`. */
  selector?: { index: number; name?: string };
  /** The field inside the selector, e.g. `objectSelector.matchLabels`, or the data key itself. */
  field: string;
  /** Full sentence: where, what is wrong, and the fix. */
  message: string;
}

export const EMPTY_PROFILE: EciProfile = { selectors: [] };
