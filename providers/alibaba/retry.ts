import type { BackendError } from '../backend.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 };

/** Exponential back-off with full jitter: uniform in [0, min(max, base·2^(n-1))) before retry n. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Throttling was refused before any work, so it is always safe to repeat. Unavailable (5xx, no
 * answer) may have done the work: repeat only what is idempotent (reads, deletes, creates with a
 * ClientToken). Parameter, auth, not-found and stock errors never get better by repeating.
 */
export function isRetryable(err: BackendError, idempotent: boolean): boolean {
  if (err.kind === 'Throttled') return true;
  return err.kind === 'Unavailable' && idempotent;
}

export interface RetryOptions {
  policy: RetryPolicy;
  idempotent: boolean;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  onRetry?: (err: BackendError, retry: number, delayMs: number) => void;
}

/** Runs `attempt` until it succeeds, fails for good, or the attempts are spent; `toError` normalises failures. */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  toError: (err: unknown) => BackendError,
  opts: RetryOptions,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (raw) {
      const err = toError(raw);
      if (n >= opts.policy.maxAttempts || !isRetryable(err, opts.idempotent)) throw err;
      const delay = backoffDelay(n, opts.policy, opts.random);
      opts.onRetry?.(err, n, delay);
      await opts.sleep(delay);
    }
  }
}
