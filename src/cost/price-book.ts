import type { PriceInfo, PriceQuery } from '../../providers/eci-api/index.js';
import type { Clock } from '../../providers/clock.js';
import { hourlyPrice, type HourlyPrice, type PriceKey } from './price-key.js';

interface Entry {
  price?: HourlyPrice;
  pending?: Promise<HourlyPrice | undefined>;
  /** When the last lookup failed: no new one before `retryMs` has passed. */
  failedAt?: number;
}

/**
 * Prices by distinct spec: one DescribeContainerGroupPrice call per key, shared by every caller
 * while it is in flight and cached after (a spec's price does not change while the controller
 * runs). A failed lookup is retried at most every `retryMs`, never once per pod.
 */
export class PriceBook {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly describe: (query: PriceQuery) => Promise<PriceInfo>,
    private readonly clock: Clock,
    private readonly onError: (key: string, err: unknown) => void = () => undefined,
    private readonly retryMs = 300_000,
  ) {}

  /** The price when known; otherwise starts the lookup (if it may) and answers undefined. */
  known(k: PriceKey): HourlyPrice | undefined {
    const entry = this.entries.get(k.key);
    if (entry?.price === undefined) void this.lookup(k);
    return entry?.price;
  }

  /** The price once looked up; undefined when the lookup failed. Never rejects. */
  lookup(k: PriceKey): Promise<HourlyPrice | undefined> {
    const entry = this.entries.get(k.key) ?? {};
    this.entries.set(k.key, entry);
    if (entry.price !== undefined) return Promise.resolve(entry.price);
    if (entry.pending !== undefined) return entry.pending;
    if (entry.failedAt !== undefined && this.clock.now() - entry.failedAt < this.retryMs)
      return Promise.resolve(undefined);
    entry.pending = this.describe(k.query).then(
      (info) => {
        entry.price = hourlyPrice(info, k.query);
        entry.pending = undefined;
        return entry.price;
      },
      (err: unknown) => {
        entry.failedAt = this.clock.now();
        entry.pending = undefined;
        this.onError(k.key, err);
        return undefined;
      },
    );
    return entry.pending;
  }
}
