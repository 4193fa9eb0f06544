import type * as k8s from '@kubernetes/client-node';
import { errorMessage, logger } from '../log.js';
import { MERGE_PATCH_TYPE } from './errors.js';
import { rfc3339 } from './microtime.js';
import type { EventPacer } from './event-pacer.js';
import type { KubeRest } from './rest.js';

export interface EventTarget {
  kind: string;
  apiVersion: string;
  /** '' for a cluster-scoped object: its Events go to `default`, as a Node's do. */
  namespace: string;
  name: string;
  uid?: string;
}

interface Recorded {
  name: string;
  count: number;
  at: number;
  /**
   * The last write of this Event, true once it exists. The pacer runs writes side by side: each
   * repeat's PATCH waits for the one before it (and for the POST), or a later count could land
   * first and be overwritten by an earlier one, or a PATCH reach the API server before its Event.
   */
  written: Promise<boolean>;
}

/**
 * An Event's name as the kubelet's recorder makes it, `<object>.<UnixNano in hex>`: names then sort
 * as the Events were written, and `kubectl get events` lists (and `describe` shows) the Events of
 * one second in name order, Pulled before Created. `seq` stands in for the nanoseconds a millisecond
 * clock lacks, so two Events of one millisecond still differ and keep their order.
 */
export function eventName(objectName: string, nowMs: number, seq: number): string {
  return `${objectName}.${(BigInt(nowMs) * 1_000_000n + BigInt(seq % 1_000_000)).toString(16)}`;
}

/**
 * When an Event happened, as its source recorded it: ECI stamps its own events and counts their
 * repeats, and an Event written later (normal Events wait out a burst) still says when it happened.
 */
export interface Occurrence {
  /** RFC 3339 times; one that does not parse is replaced by the time of writing. */
  first: string;
  last: string;
  count: number;
}

/** An RFC 3339 time as the API server stores it (whole seconds), or `fallback` when it is not one. */
export function eventTime(value: string, fallback: string): string {
  return Number.isNaN(Date.parse(value)) ? fallback : rfc3339(value);
}

/** Events named by this process: the sub-millisecond part of their names. */
let eventsNamed = 0;

/** As the kubelet's event correlator: an LRU of 4096 recent events for counting repeats. */
const MAX_CACHED = 4096;
const DEDUP_WINDOW_MS = 10 * 60_000;

/**
 * Records core/v1 Events (what `kubectl describe` shows) from one node (`host`). Repeats of one
 * (object, reason, message) within ten minutes bump the count of the first instead of creating new
 * objects, as the kubelet's recorder does; an Event with an `Occurrence` keeps its source's times and
 * count. Writes wait their turn in the process's EventPacer, so a
 * burst of thousands of pods spends the API server on pod status rather than on Pulled/Started notes;
 * an Event that fails is logged, never fatal.
 */
export class EventRecorder {
  private readonly recent = new Map<string, Recorded>();

  constructor(
    private readonly rest: KubeRest,
    private readonly component: string,
    private readonly host: string,
    private readonly pacer: EventPacer,
  ) {}

  normal(target: EventTarget, reason: string, message: string, occurrence?: Occurrence): void {
    this.pacer.submit({
      warning: false,
      write: () => this.record(target, 'Normal', reason, message, occurrence),
    });
  }

  warning(target: EventTarget, reason: string, message: string, occurrence?: Occurrence): void {
    this.pacer.submit({
      warning: true,
      write: () => this.record(target, 'Warning', reason, message, occurrence),
    });
  }

  async record(
    target: EventTarget,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    occurrence?: Occurrence,
  ): Promise<void> {
    const key = `${target.uid ?? target.namespace + '/' + target.name}\u0000${reason}\u0000${message}`;
    const now = Date.now();
    const time = new Date(now).toISOString();
    const last = occurrence ? eventTime(occurrence.last, time) : time;
    const namespace = eventNamespace(target);
    const seen = this.recent.get(key);
    if (seen !== undefined && now - seen.at < DEDUP_WINDOW_MS) {
      // A repeat counts once more; the source's count wins when it saw repeats we did not.
      seen.count = Math.max(seen.count + 1, occurrence?.count ?? 0);
      seen.at = now;
      const body = { count: seen.count, lastTimestamp: last };
      seen.written = seen.written.then(
        async (exists) =>
          exists &&
          this.write(key, seen, target, reason, () =>
            this.rest.json('PATCH', eventPath(namespace, seen.name), { body, contentType: MERGE_PATCH_TYPE }),
          ),
      );
      await seen.written;
      return;
    }
    const name = eventName(target.name, now, eventsNamed++);
    const count = Math.max(1, occurrence?.count ?? 1);
    const recorded: Recorded = { name, count, at: now, written: Promise.resolve(false) };
    this.remember(key, recorded);
    recorded.written = this.write(key, recorded, target, reason, () =>
      this.rest.json('POST', eventPath(namespace), {
        body: {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace },
          // kubectl describe of a cluster-scoped object looks for an involvedObject without namespace.
          involvedObject: target.namespace === '' ? { ...target, namespace: undefined } : { ...target },
          reason,
          message: message.slice(0, 1024),
          type,
          count,
          firstTimestamp: occurrence ? eventTime(occurrence.first, time) : time,
          lastTimestamp: last,
          source: { component: this.component, host: this.host },
          reportingComponent: this.component,
          reportingInstance: this.host,
        },
      }),
    );
    await recorded.written;
  }

  /**
   * One write of the Event behind `key`; false when it failed (logged, never fatal): the next
   * repeat then makes the Event anew.
   */
  private async write(
    key: string,
    recorded: Recorded,
    target: EventTarget,
    reason: string,
    send: () => Promise<unknown>,
  ): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (err) {
      if (this.recent.get(key) === recorded) this.recent.delete(key);
      logger.warn('could not record event', {
        reason,
        object: `${target.namespace}/${target.name}`,
        err: errorMessage(err),
      });
      return false;
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

function eventNamespace(target: EventTarget): string {
  return target.namespace === '' ? 'default' : target.namespace;
}

/** core/v1 Events of a namespace, or one of them by name. */
export function eventPath(namespace: string, name?: string): string {
  const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`;
  return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
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
