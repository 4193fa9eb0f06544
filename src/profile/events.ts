import type * as k8s from '@kubernetes/client-node';
import type { ProfileError } from './types.js';

export const INVALID_PROFILE_REASON = 'InvalidEciProfile';
const MAX_MESSAGE = 1024;

export const UNSUPPORTED_PROFILE_REASON = 'UnsupportedEciProfileKey';

/** The Warning Event a user sees with `kubectl -n kube-system describe configmap eci-profile`. */
export function invalidProfileEvent(
  configMap: k8s.V1ConfigMap,
  errors: readonly ProfileError[],
  component: string,
  now: Date,
): k8s.CoreV1Event {
  const kept = 'the last good configuration stays in effect for these parts';
  const message = `${errors.map((e) => e.message).join('; ')}; ${kept}`;
  return profileEvent(configMap, INVALID_PROFILE_REASON, message, component, now);
}

/** The same, for valid keys this version does not act on (each says why and what to do instead). */
export function unsupportedProfileEvent(
  configMap: k8s.V1ConfigMap,
  notices: readonly ProfileError[],
  component: string,
  now: Date,
): k8s.CoreV1Event {
  return profileEvent(
    configMap,
    UNSUPPORTED_PROFILE_REASON,
    notices.map((e) => e.message).join('; '),
    component,
    now,
  );
}

function profileEvent(
  configMap: k8s.V1ConfigMap,
  reason: string,
  text: string,
  component: string,
  now: Date,
): k8s.CoreV1Event {
  const message = text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 3)}...` : text;
  const namespace = configMap.metadata?.namespace ?? 'kube-system';
  return {
    metadata: { generateName: `${configMap.metadata?.name ?? 'eci-profile'}.`, namespace },
    involvedObject: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace,
      name: configMap.metadata?.name,
      uid: configMap.metadata?.uid,
      resourceVersion: configMap.metadata?.resourceVersion,
    },
    type: 'Warning',
    reason,
    message,
    source: { component },
    reportingComponent: component,
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  };
}
