/**
 * The Events waiting to be written: warnings ahead of normal events, bounded, paced by a token
 * bucket like the kubelet's --event-qps/--event-burst. Pure: the caller supplies the clock.
 */
export interface BacklogOptions {
  /** Writes per second; 0 = unlimited. */
  qps: number;
  burst: number;
  /** Events held at most; beyond it the oldest normal event (else the oldest warning) is dropped. */
  capacity: number;
}

export class EventBacklog<T> {
  private readonly warnings: T[] = [];
  private readonly normals: T[] = [];
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly options: BacklogOptions,
    now: number,
  ) {
    this.tokens = options.burst;
    this.refilledAt = now;
  }

  get size(): number {
    return this.warnings.length + this.normals.length;
  }

  /** Adds an event; returns the one dropped to make room, if any. */
  push(item: T, warning: boolean): T | undefined {
    let dropped: T | undefined;
    if (this.size >= this.options.capacity) {
      dropped = this.normals.length > 0 ? this.normals.shift() : this.warnings.shift();
    }
    (warning ? this.warnings : this.normals).push(item);
    return dropped;
  }

  /**
   * The next event to write now, or undefined (empty, no token: see `waitMs`). Without `normals`,
   * only a warning may come out: normal events are being held back.
   */
  take(now: number, normals = true): T | undefined {
    if (!this.hasEligible(normals)) return undefined;
    if (this.options.qps > 0) {
      this.refill(now);
      if (this.tokens < 1) return undefined;
      this.tokens--;
    }
    return this.warnings.length > 0 ? this.warnings.shift() : this.normals.shift();
  }

  /** The normal event waiting longest, if any. */
  oldestNormal(): T | undefined {
    return this.normals[0];
  }

  /** How long until `take(now, normals)` can return an event (0: now, Infinity: nothing waits). */
  waitMs(now: number, normals = true): number {
    if (!this.hasEligible(normals)) return Infinity;
    if (this.options.qps <= 0) return 0;
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.options.qps);
  }

  /** Whether anything may come out: a warning, or a normal event when normals are allowed. */
  private hasEligible(normals: boolean): boolean {
    return this.warnings.length > 0 || (normals && this.normals.length > 0);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.refilledAt) / 1000;
    this.tokens = Math.min(this.options.burst, this.tokens + elapsed * this.options.qps);
    this.refilledAt = now;
  }
}
