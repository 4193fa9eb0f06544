import { BackendError } from '../backend.js';

/** A client-side limiter that hands out slots, possibly in the near future. */
export interface Limiter {
  /** Reserves a slot and returns the milliseconds to wait for it (0: go now), or -1 (nothing reserved) past `maxWaitMs`. */
  reserve(nowMs: number, maxWaitMs: number): number;
}

/** Create/Delete quota: a bucket of `burst` tokens refilled at `perSecond`. */
export class TokenBucket implements Limiter {
  private tokens: number;
  private last: number | undefined;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.tokens = burst;
  }

  reserve(nowMs: number, maxWaitMs: number): number {
    if (this.last !== undefined)
      this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.last) * this.perSecond) / 1000);
    this.last = nowMs;
    // Negative tokens are slots promised to earlier callers still waiting.
    const wait = this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
    if (wait > maxWaitMs) return -1;
    this.tokens -= 1;
    return wait;
  }
}

/**
 * Per-minute quotas: at most `limit` calls in any 60 s window. A sliding window (not a bucket of
 * `limit` tokens) because a bucket would allow nearly twice the quota in a minute after idling.
 */
export class SlidingWindow implements Limiter {
  private readonly slots: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  reserve(nowMs: number, maxWaitMs: number): number {
    while (this.slots.length > 0 && (this.slots[0] ?? 0) <= nowMs - this.windowMs) this.slots.shift();
    const oldest = this.slots[this.slots.length - this.limit];
    const at = oldest === undefined ? nowMs : Math.max(nowMs, oldest + this.windowMs);
    if (at - nowMs > maxWaitMs) return -1;
    this.slots.push(at);
    return at - nowMs;
  }
}

/** An account's quota on CreateContainerGroup and on DeleteContainerGroup (each its own bucket). */
export interface CreateQuota {
  qps: number;
  burst: number;
}

/** ECI's default: 20 per second, 100 at once (reference §5); an account may have it raised. */
export const DEFAULT_CREATE_QUOTA: CreateQuota = { qps: 20, burst: 100 };

/** ECI's documented flow-control quotas (reference §5), per action. */
export function eciQuotas(create: CreateQuota = DEFAULT_CREATE_QUOTA): Record<string, Limiter> {
  const perMinute = (n: number) => new SlidingWindow(n);
  return {
    CreateContainerGroup: new TokenBucket(create.burst, create.qps),
    DeleteContainerGroup: new TokenBucket(create.burst, create.qps),
    DescribeContainerGroupStatus: perMinute(10_000),
    DescribeContainerGroupEvents: perMinute(10_000),
    DescribeContainerGroups: perMinute(2_000),
    DescribeContainerGroupMetric: perMinute(2_000),
    DescribeMultiContainerGroupMetric: perMinute(2_000),
    ExecContainerCommand: perMinute(500),
    DescribeContainerLog: perMinute(500),
    RestartContainerGroup: perMinute(500),
    UpdateContainerGroup: perMinute(500),
    DescribeContainerGroupPrice: perMinute(1_000),
  };
}

/** Longest a call waits for its quota before failing as throttled (the caller's queue retries later). */
export const MAX_QUOTA_WAIT_MS = 30_000;

export async function acquire(
  limiter: Limiter | undefined,
  action: string,
  now: () => number,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  if (!limiter) return;
  const wait = limiter.reserve(now(), MAX_QUOTA_WAIT_MS);
  if (wait < 0) {
    throw new BackendError(
      'Throttled',
      'Throttling.Client',
      `${action}: the client-side ECI quota (reference: ECI flow control) is used up for the next ${MAX_QUOTA_WAIT_MS / 1000} s: retry later.`,
    );
  }
  if (wait > 0) await sleep(wait);
}
