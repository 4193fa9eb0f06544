// The slice of a Pod the webhook reads, as it arrives in an AdmissionReview (plain JSON). Structural,
// so a client-node V1Pod fits too.

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } | null;
  preferredDuringSchedulingIgnoredDuringExecution?: unknown[] | null;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface PodLike {
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    labels?: Record<string, string> | null;
    annotations?: Record<string, string> | null;
    ownerReferences?: { kind?: string }[] | null;
  };
  spec?: {
    nodeName?: string;
    nodeSelector?: Record<string, string> | null;
    affinity?: { nodeAffinity?: NodeAffinity | null; [other: string]: unknown } | null;
    tolerations?: Toleration[] | null;
  };
}

/** RFC 6902 operations the webhook emits. */
export interface JsonPatchOp {
  op: 'add' | 'replace';
  path: string;
  value: unknown;
}
