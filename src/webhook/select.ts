import type { EciProfile, Selector } from '../profile/types.js';

/** `alibabacloud.com/eci: "true"` on a pod or its namespace sends it to ECI, ConfigMap or not. */
export const ECI_LABEL = 'alibabacloud.com/eci';
/** Namespace label asking for the virtual-node affinity and toleration on all its pods. */
export const INJECTION_LABEL = 'virtual-node-affinity-injection';
export const INJECTION_MATCH = 'virtual-node-affinity-injection';

export const BUILT_IN_SELECTORS: readonly Selector[] = [
  { name: 'default-pod-selector', objectSelector: { matchLabels: { [ECI_LABEL]: 'true' } } },
  { name: 'default-namespace-selector', namespaceSelector: { matchLabels: { [ECI_LABEL]: 'true' } } },
];

export type Labels = Readonly<Record<string, string>>;

function hasAll(labels: Labels, wanted: Labels): boolean {
  return Object.entries(wanted).every(([key, value]) => Object.hasOwn(labels, key) && labels[key] === value);
}

/** Both selectors must match when both are set; a selector with neither matches nothing. */
export function selectorMatches(selector: Selector, podLabels: Labels, namespaceLabels: Labels): boolean {
  const { namespaceSelector, objectSelector } = selector;
  if (namespaceSelector === undefined && objectSelector === undefined) return false;
  return (
    (namespaceSelector === undefined || hasAll(namespaceLabels, namespaceSelector.matchLabels)) &&
    (objectSelector === undefined || hasAll(podLabels, objectSelector.matchLabels))
  );
}

/** The profile's selectors that match, in ConfigMap order, then the matching built-ins. */
export function matchingSelectors(
  profile: EciProfile,
  podLabels: Labels,
  namespaceLabels: Labels,
): Selector[] {
  return [...profile.selectors, ...BUILT_IN_SELECTORS].filter((s) =>
    selectorMatches(s, podLabels, namespaceLabels),
  );
}

export function namespaceWantsInjection(namespaceLabels: Labels): boolean {
  return namespaceLabels[INJECTION_LABEL] === 'enabled';
}

/**
 * What the matching selectors' effects add: a key the pod already has is never overwritten, and
 * the first selector (in order) to set a key wins it.
 */
export function effectsToAdd(
  selectors: readonly Selector[],
  podAnnotations: Labels,
  podLabels: Labels,
): { annotations: Record<string, string>; labels: Record<string, string> } {
  const annotations: Record<string, string> = {};
  const labels: Record<string, string> = {};
  for (const selector of selectors) {
    for (const [key, value] of Object.entries(selector.effect?.annotations ?? {})) {
      if (!Object.hasOwn(podAnnotations, key) && !Object.hasOwn(annotations, key)) annotations[key] = value;
    }
    for (const [key, value] of Object.entries(selector.effect?.labels ?? {})) {
      if (!Object.hasOwn(podLabels, key) && !Object.hasOwn(labels, key)) labels[key] = value;
    }
  }
  return { annotations, labels };
}
