import type { V1Pod } from '@kubernetes/client-node';
import { GiB } from './quantity.js';
import { podTotals } from './resources.js';

/** The temporary storage every ECI instance has free of charge ("Scale up the temporary storage space"). */
export const FREE_EPHEMERAL_STORAGE_GIB = 30;

/**
 * `EphemeralStorage`, the GiB added to the free 30, as ECI's page computes it: the pod's
 * ephemeral-storage request less 30 GiB, or the `eci-extra-ephemeral-storage` annotation's GiB,
 * whichever is greater. Without either, none is added.
 */
export function extraEphemeralStorage(pod: V1Pod, annotated: number | undefined): number | undefined {
  const requested = podTotals(pod, (r) => r.requests).ephemeralStorage ?? 0;
  const beyondFree = Math.ceil(requested / GiB - FREE_EPHEMERAL_STORAGE_GIB);
  const gib = Math.max(annotated ?? 0, beyondFree);
  return gib > 0 ? gib : undefined;
}
