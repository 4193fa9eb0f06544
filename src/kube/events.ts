import * as k8s from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { Counter } from 'prom-client';
import { errorMessage, logger } from '../log.js';
import { MERGE_PATCH } from './client.js';

export interface EventTarget {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  uid?: string;
}

interface Recorded {
  name: string;
  count: number;
  at: number;
}

const DEDUP_WINDOW_MS = 10 * 60_000;
const MAX_IN_FLIGHT = 8;
const MAX_PENDING = 20_000;

const eventsDropped = new Counter({
  name: 'vk_events_dropped_total',
  help: 'Kubernetes Events not written because the event backlog was full.',
});
const MAX_CACHED = 20_000;

/**
 * Records core/v1 Events (what `kubectl describe` shows). Repeats of one (object, reason, message)
 * within ten minutes bump the count of the first instead of creating new objects, as the kubelet's
 * recorder does. Writes are fire-and-forget: an Event that fails is logged, never fatal.
 */
export class EventRecorder {
  private readonly recent = new Map<string, Recorded>();
  private readonly pending: (() => Promise<void>)[] = [];
  private inFlight = 0;
  private dropped = 0;
  private readonly core: k8s.CoreV1Api;

  constructor(
    kc: k8s.KubeConfig,
    private readonly component: string,
    private readonly host: string,
  ) {
    this.core = kc.makeApiClient(k8s.CoreV1Api);
  }

  normal(target: EventTarget, reason: string, message: string): void {
    this.enqueue(() => this.record(target, 'Normal', reason, message));
  }

  warning(target: EventTarget, reason: string, message: string): void {
    this.enqueue(() => this.record(target, 'Warning', reason, message));
  }

  /**
   * Events go through a small queue of their own so a burst (several per pod at thousands of pods)
   * never competes with status writes for API server capacity.
   */
  private enqueue(write: () => Promise<void>): void {
    if (this.pending.length >= MAX_PENDING) {
      this.pending.shift();
      eventsDropped.inc();
      if (this.dropped++ % 1000 === 0) {
        logger.warn('event backlog full: dropping the oldest events', { dropped: this.dropped });
      }
    }
    this.pending.push(write);
    this.drain();
  }

  private drain(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.pending.length > 0) {
      const write = this.pending.shift() as () => Promise<void>;
      this.inFlight++;
      void write().finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  async record(
    target: EventTarget,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): Promise<void> {
    const key = `${target.uid ?? target.namespace + '/' + target.name}\u0000${reason}\u0000${message}`;
    const now = Date.now();
    const seen = this.recent.get(key);
    try {
      if (seen !== undefined && now - seen.at < DEDUP_WINDOW_MS) {
        seen.count++;
        seen.at = now;
        await this.core.patchNamespacedEvent(
          {
            name: seen.name,
            namespace: target.namespace,
            body: { count: seen.count, lastTimestamp: new Date(now).toISOString() },
          },
          MERGE_PATCH,
        );
        return;
      }
      const name = `${target.name}.${randomBytes(8).toString('hex')}`;
      this.remember(key, { name, count: 1, at: now });
      const time = new Date(now);
      await this.core.createNamespacedEvent({
        namespace: target.namespace,
        body: {
          metadata: { name, namespace: target.namespace },
          involvedObject: { ...target },
          reason,
          message: message.slice(0, 1024),
          type,
          count: 1,
          firstTimestamp: time,
          lastTimestamp: time,
          source: { component: this.component, host: this.host },
          reportingComponent: this.component,
          reportingInstance: this.host,
        },
      });
    } catch (err) {
      this.recent.delete(key);
      logger.warn('could not record event', {
        reason,
        object: `${target.namespace}/${target.name}`,
        err: errorMessage(err),
      });
    }
  }

  private remember(key: string, value: Recorded): void {
    if (this.recent.size >= MAX_CACHED) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
    this.recent.set(key, value);
  }
}

export function podTarget(pod: k8s.V1Pod): EventTarget {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    namespace: pod.metadata?.namespace ?? 'default',
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid,
  };
}
