import type { Backend } from '../../providers/backend.js';
import { systemClock, type Clock } from '../../providers/clock.js';
import type { PodsApi } from '../pods/pods-api.js';
import { errorMessage, logger } from '../log.js';
import { withPriceAnnotation } from './annotate.js';
import { CostLedger } from './ledger.js';
import { costTotal } from './metrics.js';
import { observeBackend } from './observe-backend.js';
import { PriceBook } from './price-book.js';
import { formatHourly } from './price-key.js';

export interface CostViewOptions {
  /** Default: wall-clock time. Tests pass a ManualClock. */
  clock?: Clock;
  /** Where accrued cost goes (default: the `vk_eci_cost_total` counter). */
  add?: (namespace: string, amount: number) => void;
  /** Longest a status write waits for a price lookup in flight (default 2 s). */
  waitMs?: number;
  /** No new lookup of a spec before this long after a failed one (default 5 min). */
  retryMs?: number;
}

/**
 * The cost view: each pod's price per hour as an annotation, and the accrued cost by namespace as a
 * Prometheus counter. It sits beside the pod loop, not in it: `observe` wraps the backend the pod
 * controller uses (to see groups created, their statuses, listings and deletes) and `annotate`
 * wraps its pod writes (to add the annotation to a status PATCH it makes anyway). Prices come from
 * DescribeContainerGroupPrice, once per distinct spec.
 */
export class CostView {
  readonly ledger: CostLedger;
  private readonly book: PriceBook;
  private readonly clock: Clock;
  private readonly waitMs: number;

  constructor(prices: Pick<Backend, 'describeContainerGroupPrice'>, opts: CostViewOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.waitMs = opts.waitMs ?? 2_000;
    const onError = (key: string, err: unknown): void => {
      logger.warn('container group price lookup failed; the cost view skips this spec for now', {
        spec: key,
        err: errorMessage(err),
      });
    };
    this.book = new PriceBook(
      (q) => prices.describeContainerGroupPrice(q),
      this.clock,
      onError,
      opts.retryMs,
    );
    this.ledger = new CostLedger(
      this.book,
      opts.add ?? ((namespace, amount) => costTotal.inc({ namespace }, amount)),
    );
  }

  observe(backend: Backend): Backend {
    return observeBackend(backend, this.ledger, this.clock);
  }

  annotate(pods: PodsApi): PodsApi {
    return withPriceAnnotation(pods, (id) => this.priceAnnotation(id));
  }

  /** Brings the accrued cost up to now (each scrape does). */
  accrue(): void {
    this.ledger.accrue(this.clock.now());
  }

  /** `0.4411 CNY` for a tracked group, waiting at most `waitMs` for its price; undefined otherwise. */
  async priceAnnotation(containerGroupId: string): Promise<string | undefined> {
    const key = this.ledger.keyOf(containerGroupId);
    if (key === undefined) return undefined;
    const known = this.book.known(key);
    if (known !== undefined) return formatHourly(known);
    let timer: unknown;
    const timeout = new Promise<undefined>((resolve) => {
      timer = this.clock.setTimeout(() => resolve(undefined), this.waitMs);
    });
    const price = await Promise.race([this.book.lookup(key), timeout]);
    this.clock.clearTimeout(timer);
    return price && formatHourly(price);
  }
}
