import type { EciEvent } from '../../providers/eci-api/index.js';

/**
 * Identifies one ECI event series for de-duplication before it becomes a Kubernetes Event: ECI repeats
 * an event with a growing Count and a new LastTimestamp, so neither is part of the key (compare Count
 * to see that it happened again).
 */
export function eciEventKey(e: EciEvent): string {
  return JSON.stringify([e.Type, e.Reason, e.Name ?? '', e.FirstTimestamp, e.Message]);
}

/** ECI event reasons that explain why a group is not created (yet). */
export const CAPACITY_REASONS: ReadonlySet<string> = new Set([
  'NoStock',
  'StockExhaust',
  'StockClose',
  'FailedScheduling',
  'InsufficientBalance',
  'UnknownError',
]);

/** The newest event with one of these reasons, if any. */
export function latestEvent(
  events: EciEvent[] | undefined,
  reasons: ReadonlySet<string>,
): EciEvent | undefined {
  let best: EciEvent | undefined;
  for (const e of events ?? []) {
    if (!reasons.has(e.Reason)) continue;
    if (!best || Date.parse(e.LastTimestamp) >= Date.parse(best.LastTimestamp)) best = e;
  }
  return best;
}
