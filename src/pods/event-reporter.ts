import type * as k8s from '@kubernetes/client-node';
import type { EciEvent } from '../../providers/eci-api/index.js';
import { podTarget, type EventRecorder } from '../kube/index.js';

const MAX_PODS_TRACKED = 50_000;

/**
 * A 53-bit hash (cyrb53) of an event's identity (eciEventKey's fields) and count: a number per
 * reported event instead of its ~150-character key keeps the memory of 10,000 pods' reported events
 * small; within one pod's few dozen events a collision is vanishingly unlikely. The fields are fed
 * one by one, each after its length (the same characters split otherwise between fields are other
 * input), instead of hashing a key text built for each event at every poll.
 */
function eventHash(event: EciEvent): number {
  const state = { h1: 0xdeadbeef, h2: 0x41c6ce57 };
  for (const text of [event.Type, event.Reason, event.Name ?? '', event.FirstTimestamp, event.Message]) {
    mix(state, text.length);
    for (let i = 0; i < text.length; i++) mix(state, text.charCodeAt(i));
  }
  mix(state, event.Count);
  let { h1, h2 } = state;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function mix(state: { h1: number; h2: number }, c: number): void {
  state.h1 = Math.imul(state.h1 ^ c, 2654435761);
  state.h2 = Math.imul(state.h2 ^ c, 1597334677);
}

/** Turns the ECI events of a container group into Kubernetes Events on its pod, each once. */
export class EciEventReporter {
  /**
   * By pod UID. A list of its exact size, not a Set: a few doubles unboxed, where a Set of four was
   * 250 bytes a pod (and a list grown by push, room for 17).
   */
  private readonly reported = new Map<string, number[]>();

  constructor(private readonly recorder: EventRecorder) {}

  report(pod: k8s.V1Pod, events: EciEvent[]): void {
    if (events.length === 0) return;
    const uid = pod.metadata?.uid ?? '';
    const known = this.reported.get(uid);
    if (known === undefined && this.reported.size >= MAX_PODS_TRACKED)
      this.reported.delete(this.reported.keys().next().value as string);
    let seen = known ?? [];
    for (const event of events) {
      const key = eventHash(event);
      if (seen.includes(key)) continue;
      seen = seen.concat([key]); // exact size, where a spread into a literal leaves room for 17 more
      this.reported.set(uid, seen);
      // ECI's own times and count: the Event says when it happened, however late it is written.
      const occurrence = { first: event.FirstTimestamp, last: event.LastTimestamp, count: event.Count };
      if (event.Type === 'Warning')
        this.recorder.warning(podTarget(pod), event.Reason, event.Message, occurrence);
      else this.recorder.normal(podTarget(pod), event.Reason, event.Message, occurrence);
    }
  }

  forget(uid: string): void {
    this.reported.delete(uid);
  }
}
