import type * as k8s from '@kubernetes/client-node';
import { isBackendError, type BackendError } from '../../providers/backend.js';
import { podTarget, type EventRecorder } from '../kube/index.js';

/** Why an in-place update was not applied, as a Warning event says it: the field, the value, the fix. */
export interface RefusedUpdate {
  /** The pod field the update came from, e.g. `spec.containers[0].image`. */
  field: string;
  /** The value that was refused, as the user wrote it. */
  value: string;
  /** Why, in ECI's words or ours. */
  reason: string;
  /** What the pod keeps meanwhile. */
  keeps: string;
  fix: string;
}

export function refusedMessage(r: RefusedUpdate): string {
  return `${r.field}: ${r.value} was not applied: ${r.reason}; the pod keeps ${r.keeps}; ${r.fix}`;
}

/** Reports an update that was not applied. Callers remember it, so it is not asked again until the pod or object changes. */
export function reportRefused(events: EventRecorder, pod: k8s.V1Pod, refused: RefusedUpdate): void {
  events.warning(podTarget(pod), 'ProviderUpdateFailed', refusedMessage(refused));
}

/**
 * ECI refusing the request itself (a bad parameter, a status that cannot be updated, a RAM policy
 * without UpdateContainerGroup) cannot be helped by asking again; anything else (throttling, 5xx,
 * network) is retried with the sync's back-off.
 */
export function isRefusal(err: unknown): err is BackendError {
  return isBackendError(err, 'InvalidParameter') || isBackendError(err, 'Unauthorized');
}
