import type { EciProfile } from '../profile/types.js';
import { virtualNodeOps } from './schedule.js';
import {
  effectsToAdd,
  INJECTION_MATCH,
  matchingSelectors,
  namespaceWantsInjection,
  type Labels,
} from './select.js';
import type { JsonPatchOp, PodLike } from './types.js';

export interface Mutation {
  patch: JsonPatchOp[];
  /** Names of the selectors that matched (built-ins and the injection namespace included). */
  matched: string[];
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A JSON Pointer reference token (RFC 6901): `~` → `~0`, `/` → `~1`, in that order. */
export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function mapOps(
  path: string,
  existing: Labels | null | undefined,
  add: Record<string, string>,
): JsonPatchOp[] {
  if (Object.keys(add).length === 0) return [];
  if (existing == null) return [{ op: 'add', path, value: add }];
  return Object.entries(add).map(([key, value]) => ({
    op: 'add',
    path: `${path}/${escapePointer(key)}`,
    value,
  }));
}

/**
 * Decide what the eci-profile does to a pod being created: when a selector (or the built-ins, or an
 * injection namespace) matches, send it to the virtual node and add the effects. Pure: the caller
 * passes the namespace's labels and the current profile.
 */
export function mutatePod(pod: PodLike, namespaceLabels: Labels, profile: EciProfile): Mutation {
  const namespace = pod.metadata?.namespace ?? namespaceLabels[NAMESPACE_NAME_LABEL];
  if (namespace === 'kube-system') return { patch: [], matched: [] };
  // The virtual node runs no DaemonSet pods; moving one there would leave it Pending forever.
  if ((pod.metadata?.ownerReferences ?? []).some((o) => o.kind === 'DaemonSet'))
    return { patch: [], matched: [] };

  const podLabels = pod.metadata?.labels ?? {};
  const podAnnotations = pod.metadata?.annotations ?? {};
  const selectors = matchingSelectors(profile, podLabels, namespaceLabels);
  const matched = [...new Set(selectors.map((s) => s.name))];
  if (namespaceWantsInjection(namespaceLabels)) matched.push(INJECTION_MATCH);
  if (matched.length === 0) return { patch: [], matched };

  const effects = effectsToAdd(selectors, podAnnotations, podLabels);
  const patch = [
    ...mapOps('/metadata/annotations', pod.metadata?.annotations, effects.annotations),
    ...mapOps('/metadata/labels', pod.metadata?.labels, effects.labels),
    ...virtualNodeOps(pod),
  ];
  return { patch, matched };
}
