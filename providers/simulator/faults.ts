import { BackendError, isBackendError } from '../backend.js';
import type { Clock } from './clock.js';
import { newRequestId } from './random.js';
import { TokenBuckets, type ApiAction } from './throttle.js';

/** Test controls for misbehaviour; all off by default and changeable at run time. */
export interface Faults {
  /** 0..1: share of calls that fail with ServiceUnavailable (5xx) before doing anything. */
  errorRate?: number;
  /** Added to every call (clock ms). */
  latencyMs?: number;
  /** 0..1: share of calls that do their work but answer with a timeout error after `timeoutMs`. */
  timeoutRate?: number;
  /** Clock ms before a timed-out call rejects (default 1000). */
  timeoutMs?: number;
  /** Apply ECI's flow-control quotas (Throttling.User). Off in-process; the OpenAPI server turns it on. */
  throttle?: boolean;
  /** When set (non-empty), UpdateContainerGroup answers InvalidParameter with this message. */
  refuseUpdates?: string;
}

/**
 * Every API call passes here: flow control first (a throttled call does nothing), then injected
 * 5xx errors, latency, the call itself, and injected timeouts (the work is done but the caller
 * cannot know: the case ClientToken exists for). Errors carry the call's RequestId.
 */
export class RequestGate {
  faults: Faults = {};
  private readonly buckets: TokenBuckets;

  constructor(
    private readonly clock: Clock,
    private readonly random: () => number,
  ) {
    this.buckets = new TokenBuckets(clock);
  }

  async run<T>(action: ApiAction, work: (requestId: string) => T): Promise<T> {
    const requestId = newRequestId();
    const f = this.faults;
    try {
      if (f.throttle && !this.buckets.take(action)) {
        throw new BackendError(
          'Throttled',
          'Throttling.User',
          `Request was denied due to user flow control (${action}).`,
        );
      }
      if (f.errorRate && this.random() < f.errorRate) {
        throw new BackendError(
          'Unavailable',
          'ServiceUnavailable',
          'The request has failed due to a temporary failure of the server.',
        );
      }
      if (f.refuseUpdates && action === 'UpdateContainerGroup') {
        throw new BackendError('InvalidParameter', 'InvalidParameter', f.refuseUpdates);
      }
      if (f.latencyMs) await this.sleep(f.latencyMs);
      const result = work(requestId);
      if (f.timeoutRate && this.random() < f.timeoutRate) {
        await this.sleep(f.timeoutMs ?? 1000);
        throw new BackendError(
          'Unavailable',
          'RequestTimeout',
          `${action} timed out; the request may or may not have been applied.`,
        );
      }
      return result;
    } catch (err) {
      if (isBackendError(err) && !err.requestId)
        throw new BackendError(err.kind, err.code, err.message, requestId);
      throw err;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }
}
