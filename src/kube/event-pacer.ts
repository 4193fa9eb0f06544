import { Counter } from 'prom-client';
import { errorMessage, logger } from '../log.js';
import { EventBacklog } from './event-backlog.js';

export interface EventRateOptions {
  /** Event writes per second, 0 = unlimited (the kubelet's --event-qps, default 50). */
  qps: number;
  /** Writes allowed at once above the rate (the kubelet's --event-burst, default 100). */
  burst: number;
}

/** One Event write, waiting for its turn. */
export interface PendingWrite {
  warning: boolean;
  write: () => Promise<void>;
}

const MAX_IN_FLIGHT = 8;
/** At EVENT_QPS=50 a full backlog drains in under two minutes. */
const MAX_PENDING = 5000;
const DROP_LOG_EVERY = 1000;

const eventsDropped = new Counter({
  name: 'vk_events_dropped_total',
  help: 'Kubernetes Events not written because the event backlog was full.',
});

/**
 * The Event write budget of one controller process (EVENT_QPS, EVENT_BURST), shared by every node it
 * serves: the budget protects the API server, so a replica serving three zone nodes writes no more
 * Events than one serving a single node. Warnings go first; a full backlog drops the oldest normal
 * event, counted in vk_events_dropped_total.
 */
export class EventPacer {
  private readonly backlog: EventBacklog<PendingWrite>;
  private inFlight = 0;
  private dropped = 0;
  private timer?: NodeJS.Timeout;

  constructor(rate: EventRateOptions) {
    this.backlog = new EventBacklog({ ...rate, capacity: MAX_PENDING }, Date.now());
  }

  submit(pending: PendingWrite): void {
    if (this.backlog.push(pending, pending.warning) !== undefined) {
      eventsDropped.inc();
      if (this.dropped++ % DROP_LOG_EVERY === 0) {
        logger.warn('event backlog full: dropping the oldest events (raise EVENT_QPS to write more)', {
          dropped: this.dropped,
        });
      }
    }
    this.drain();
  }

  private drain(): void {
    while (this.inFlight < MAX_IN_FLIGHT) {
      const next = this.backlog.take(Date.now());
      if (next === undefined) break;
      this.inFlight++;
      void next
        .write()
        .catch((err: unknown) => logger.warn('event write failed', { err: errorMessage(err) }))
        .finally(() => {
          this.inFlight--;
          this.drain();
        });
    }
    const wait = this.backlog.waitMs(Date.now());
    if (this.inFlight < MAX_IN_FLIGHT && wait > 0 && wait < Infinity && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drain();
      }, wait);
      this.timer.unref();
    }
  }
}
