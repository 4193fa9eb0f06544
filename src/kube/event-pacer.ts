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

interface Queued extends PendingWrite {
  /** When it was submitted (ms). */
  at: number;
}

const MAX_IN_FLIGHT = 8;
/** At EVENT_QPS=50 a full backlog drains in under two minutes. */
const MAX_PENDING = 5000;
const DROP_LOG_EVERY = 1000;
/** Normal events wait until pods have been written to for this long... */
const QUIET_MS = 1_000;
/** ...but never longer than this. */
const MAX_HOLD_MS = 30_000;

const eventsDropped = new Counter({
  name: 'vk_events_dropped_total',
  help: 'Kubernetes Events not written because the event backlog was full.',
});

/**
 * The Event write budget of one controller process (EVENT_QPS, EVENT_BURST), shared by every node it
 * serves: the budget protects the API server, so a replica serving three zone nodes writes no more
 * Events than one serving a single node. Warnings go first; a full backlog drops the oldest normal
 * event, counted in vk_events_dropped_total.
 *
 * Pod writes come first: while the pod loops write pod status or delete pods (`podsWritten`), normal
 * Events are held (up to 30 s), so in a burst the API server spends its writes on what users wait
 * for, the pods getting Running, and the Pulled/Started notes follow once it is quiet. Warnings are
 * never held. In a burst longer than the backlog lasts (5,000 events, about 1,000 pods), the oldest
 * normal events are dropped as before, so the newest ones wait for the end of the burst.
 */
export class EventPacer {
  private readonly backlog: EventBacklog<Queued>;
  private inFlight = 0;
  private podsWrittenAt = -Infinity;
  private dropped = 0;
  private timer?: NodeJS.Timeout;

  constructor(rate: EventRateOptions) {
    this.backlog = new EventBacklog({ ...rate, capacity: MAX_PENDING }, Date.now());
  }

  /** A pod loop wrote a pod (status, deletion): normal events wait for a quiet second. */
  podsWritten(): void {
    this.podsWrittenAt = Date.now();
  }

  submit(pending: PendingWrite): void {
    if (this.backlog.push({ ...pending, at: Date.now() }, pending.warning) !== undefined) {
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
    const now = Date.now();
    const hold = this.holdMs(now);
    while (this.inFlight < MAX_IN_FLIGHT) {
      const next = this.backlog.take(now, hold === 0);
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
    // Warnings (and normals when not held) at their token; held normals once the hold is over.
    const until = Math.min(
      this.backlog.waitMs(now, hold === 0),
      hold > 0 ? Math.max(hold, this.backlog.waitMs(now)) : Infinity,
    );
    if (this.inFlight < MAX_IN_FLIGHT && until > 0 && until < Infinity && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drain();
      }, until);
      this.timer.unref();
    }
  }

  /** How much longer normal events are held back (0: they may go). */
  private holdMs(now: number): number {
    const oldest = this.backlog.oldestNormal();
    if (oldest === undefined) return 0;
    const quiet = now - this.podsWrittenAt;
    if (quiet >= QUIET_MS || now - oldest.at >= MAX_HOLD_MS) return 0;
    return Math.min(QUIET_MS - quiet, MAX_HOLD_MS - (now - oldest.at));
  }
}
