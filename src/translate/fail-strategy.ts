import type { V1Pod } from '@kubernetes/client-node';
import { ANNOTATION } from './annotations.js';
import type { FailStrategy } from './types.js';

/**
 * What the pod asked for when its container group cannot be created (ECI's page "Configure a fault
 * handling policy for a pod"): `fail-back` (the default) and `fail-over` (the same) retry until the
 * group is made; `fail-fast` reports the failure at once and leaves retrying to whoever owns the pod.
 * The translation has already refused any other value, so an unknown one reads as the default.
 */
export function failStrategyOf(pod: V1Pod): FailStrategy {
  const value = pod.metadata?.annotations?.[ANNOTATION.failStrategy];
  return value === 'fail-fast' || value === 'fail-over' ? value : 'fail-back';
}
