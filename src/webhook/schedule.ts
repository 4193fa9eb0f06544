import type { JsonPatchOp, NodeSelectorTerm, PodLike, Toleration } from './types.js';

/** The virtual node's taint (`virtual-kubelet.io/provider=alibabacloud:NoSchedule`) and label (`type=virtual-kubelet`). */
export const VIRTUAL_NODE_TAINT = {
  key: 'virtual-kubelet.io/provider',
  value: 'alibabacloud',
  effect: 'NoSchedule',
};
export const VIRTUAL_NODE_LABEL = { key: 'type', value: 'virtual-kubelet' };

const AFFINITY = '/spec/affinity';
const NODE_AFFINITY = `${AFFINITY}/nodeAffinity`;
const REQUIRED = `${NODE_AFFINITY}/requiredDuringSchedulingIgnoredDuringExecution`;

function requirement(): { key: string; operator: string; values: string[] } {
  return { key: VIRTUAL_NODE_LABEL.key, operator: 'In', values: [VIRTUAL_NODE_LABEL.value] };
}

function toleration(): Toleration {
  return { key: VIRTUAL_NODE_TAINT.key, operator: 'Exists', effect: VIRTUAL_NODE_TAINT.effect };
}

/** Same rules as the scheduler's toleration check, for the one taint that matters here. */
export function toleratesVirtualNode(tolerations: readonly Toleration[]): boolean {
  return tolerations.some((t) => {
    if (t.effect !== undefined && t.effect !== '' && t.effect !== VIRTUAL_NODE_TAINT.effect) return false;
    const exists = t.operator === 'Exists';
    if (t.key === undefined || t.key === '') return exists;
    if (t.key !== VIRTUAL_NODE_TAINT.key) return false;
    return exists || t.value === VIRTUAL_NODE_TAINT.value;
  });
}

/** A term already limited to the virtual node: `type In [virtual-kubelet]`. */
export function termTargetsVirtualNode(term: NodeSelectorTerm): boolean {
  return (term.matchExpressions ?? []).some(
    (e) =>
      e.key === VIRTUAL_NODE_LABEL.key &&
      e.operator === 'In' &&
      (e.values ?? []).length > 0 &&
      (e.values ?? []).every((v) => v === VIRTUAL_NODE_LABEL.value),
  );
}

function nodeAffinityOps(spec: NonNullable<PodLike['spec']>): JsonPatchOp[] {
  const term = (): NodeSelectorTerm => ({ matchExpressions: [requirement()] });
  const required = () => ({ nodeSelectorTerms: [term()] });
  const affinity = spec.affinity;
  if (affinity == null) {
    return [
      {
        op: 'add',
        path: AFFINITY,
        value: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required() } },
      },
    ];
  }
  if (affinity.nodeAffinity == null) {
    return [
      {
        op: 'add',
        path: NODE_AFFINITY,
        value: { requiredDuringSchedulingIgnoredDuringExecution: required() },
      },
    ];
  }
  const requiredAffinity = affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (requiredAffinity == null) {
    // Preferred terms stay as they are: they only rank nodes the required term allows.
    return [{ op: 'add', path: REQUIRED, value: required() }];
  }
  const terms = requiredAffinity.nodeSelectorTerms;
  if (terms == null || terms.length === 0) {
    return [{ op: 'add', path: `${REQUIRED}/nodeSelectorTerms`, value: [term()] }];
  }
  // Terms are ORed: the requirement goes into every one, or a pod could still land elsewhere.
  return terms.flatMap((t, i): JsonPatchOp[] => {
    if (termTargetsVirtualNode(t)) return [];
    const path = `${REQUIRED}/nodeSelectorTerms/${i}/matchExpressions`;
    return t.matchExpressions == null
      ? [{ op: 'add', path, value: [requirement()] }]
      : [{ op: 'add', path: `${path}/-`, value: requirement() }];
  });
}

/**
 * Operations that send the pod to the virtual node: its toleration, and node selection merged into
 * whatever the pod already has. A pod bound to a node, or whose own nodeSelector names another
 * `type`, keeps its explicit choice.
 */
export function virtualNodeOps(pod: PodLike): JsonPatchOp[] {
  const spec = pod.spec ?? {};
  if (spec.nodeName) return [];
  const nodeSelectorType = spec.nodeSelector?.[VIRTUAL_NODE_LABEL.key];
  if (nodeSelectorType !== undefined && nodeSelectorType !== VIRTUAL_NODE_LABEL.value) return [];
  const ops: JsonPatchOp[] = [];
  const tolerations = spec.tolerations ?? [];
  if (!toleratesVirtualNode(tolerations)) {
    ops.push(
      spec.tolerations == null
        ? { op: 'add', path: '/spec/tolerations', value: [toleration()] }
        : { op: 'add', path: '/spec/tolerations/-', value: toleration() },
    );
  }
  if (nodeSelectorType === undefined) ops.push(...nodeAffinityOps(spec));
  return ops;
}
