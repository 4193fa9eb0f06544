import { ARM_TAINT } from '../node/build.js';
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

const ARCH_LABELS = new Set(['kubernetes.io/arch', 'beta.kubernetes.io/arch']);

type Taint = { readonly key: string; readonly value: string; readonly effect: string };

function toleration(): Toleration {
  return { key: VIRTUAL_NODE_TAINT.key, operator: 'Exists', effect: VIRTUAL_NODE_TAINT.effect };
}

/** Same rules as the scheduler's toleration check, for one taint. */
export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect !== undefined && t.effect !== '' && t.effect !== taint.effect) return false;
    const exists = t.operator === 'Exists';
    if (t.key === undefined || t.key === '') return exists;
    if (t.key !== taint.key) return false;
    return exists || t.value === taint.value;
  });
}

export function toleratesVirtualNode(tolerations: readonly Toleration[]): boolean {
  return tolerates(tolerations, VIRTUAL_NODE_TAINT);
}

/**
 * Whether the pod asked for ARM nodes itself: `kubernetes.io/arch: arm64` in its nodeSelector, or
 * arm64 among the values a required node-affinity term allows for the architecture. Such a pod
 * runs ARM images, so it may go to an ARM virtual node: ACK's scheduler (1.24 on) and GKE add the
 * ARM taint's toleration for it, and so does this webhook.
 */
export function asksForArm(spec: NonNullable<PodLike['spec']>): boolean {
  if ([...ARCH_LABELS].some((key) => spec.nodeSelector?.[key] === 'arm64')) return true;
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return (terms ?? []).some((t) =>
    (t.matchExpressions ?? []).some(
      (e) => ARCH_LABELS.has(e.key) && e.operator === 'In' && (e.values ?? []).includes('arm64'),
    ),
  );
}

/** `add` of one toleration, creating the list when the pod has none (ops apply in order). */
function addToleration(
  spec: NonNullable<PodLike['spec']>,
  value: Toleration,
  listMade: boolean,
): JsonPatchOp {
  return spec.tolerations == null && !listMade
    ? { op: 'add', path: '/spec/tolerations', value: [value] }
    : { op: 'add', path: '/spec/tolerations/-', value };
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
 * Operations that send the pod to the virtual node: its toleration (and the ARM nodes' for a pod
 * asking for arm64), and node selection merged into whatever the pod already has. A pod bound to a
 * node, or whose own nodeSelector names another `type`, keeps its explicit choice.
 */
export function virtualNodeOps(pod: PodLike): JsonPatchOp[] {
  const spec = pod.spec ?? {};
  if (spec.nodeName) return [];
  const nodeSelectorType = spec.nodeSelector?.[VIRTUAL_NODE_LABEL.key];
  if (nodeSelectorType !== undefined && nodeSelectorType !== VIRTUAL_NODE_LABEL.value) return [];
  const ops: JsonPatchOp[] = [];
  const tolerations = spec.tolerations ?? [];
  if (!toleratesVirtualNode(tolerations)) ops.push(addToleration(spec, toleration(), false));
  if (asksForArm(spec) && !tolerates(tolerations, ARM_TAINT)) {
    ops.push(addToleration(spec, { ...ARM_TAINT, operator: 'Equal' }, ops.length > 0));
  }
  if (nodeSelectorType === undefined) ops.push(...nodeAffinityOps(spec));
  return ops;
}
