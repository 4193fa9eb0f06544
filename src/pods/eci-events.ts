import type * as k8s from '@kubernetes/client-node';
import type { EciEvent } from '../../providers/eci.js';
import { eciEventKey } from '../eci/index.js';
import { podTarget, type EventRecorder } from '../kube/index.js';

const MAX_PODS_TRACKED = 50_000;

/** Turns the ECI events of a container group into Kubernetes Events on its pod, each once. */
export class EciEventReporter {
  private readonly reported = new Map<string, Set<string>>();

  constructor(private readonly recorder: EventRecorder) {}

  report(pod: k8s.V1Pod, events: EciEvent[]): void {
    if (events.length === 0) return;
    const uid = pod.metadata?.uid ?? '';
    let seen = this.reported.get(uid);
    if (seen === undefined) {
      if (this.reported.size >= MAX_PODS_TRACKED)
        this.reported.delete(this.reported.keys().next().value as string);
      seen = new Set();
      this.reported.set(uid, seen);
    }
    for (const event of events) {
      const key = `${eciEventKey(event)}#${event.Count}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (event.Type === 'Warning') this.recorder.warning(podTarget(pod), event.Reason, event.Message);
      else this.recorder.normal(podTarget(pod), event.Reason, event.Message);
    }
  }

  forget(uid: string): void {
    this.reported.delete(uid);
  }
}
