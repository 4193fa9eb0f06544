import type * as k8s from '@kubernetes/client-node';
import type { ProfileError } from './types.js';

export const INVALID_PROFILE_REASON = 'InvalidEciProfile';
const MAX_MESSAGE = 1024;

/** The Warning Event a user sees with `kubectl -n kube-system describe configmap eci-profile`. */
export function invalidProfileEvent(
  configMap: k8s.V1ConfigMap,
  errors: readonly ProfileError[],
  component: string,
  now: Date,
): k8s.CoreV1Event {
  const kept = 'the last good configuration stays in effect for these parts';
  let message = `${errors.map((e) => e.message).join('; ')}; ${kept}`;
  if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE - 3)}...`;
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
    reason: INVALID_PROFILE_REASON,
    message,
    source: { component },
    reportingComponent: component,
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  };
}
