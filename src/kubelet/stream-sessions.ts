import type { Clock } from '../../providers/clock.js';

/** The kubelet's --streaming-connection-idle-timeout default. */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 4 * 60 * 60 * 1000;
/** Concurrent exec/attach/port-forward connections this node serves at once (KUBELET_MAX_STREAMS). */
export const DEFAULT_MAX_STREAMS = 100;

/** Why a streaming connection is refused at the limit, and what to do. */
export function sessionLimitReached(max: number): string {
  return (
    `this virtual node already serves ${max} exec/attach/port-forward sessions (KUBELET_MAX_STREAMS): ` +
    'close one, or try again later'
  );
}

export interface StreamLimits {
  idleTimeoutMs: number;
  maxSessions: number;
}

/** One open streaming connection: `touch` on every byte, `end` when it is gone. */
export interface StreamSession {
  touch(): void;
  end(): void;
}

/**
 * Bounds streaming connections: at most `maxSessions` at once (the next is refused, so a flood of
 * `kubectl exec` cannot exhaust the controller's memory or ECI's exec quota), and each is closed
 * after `idleTimeoutMs` without a byte either way, as the kubelet's idle timeout does.
 */
export class StreamSessions {
  private open = 0;

  constructor(
    private readonly limits: StreamLimits,
    private readonly clock: Clock,
  ) {}

  get count(): number {
    return this.open;
  }

  get max(): number {
    return this.limits.maxSessions;
  }

  /** Undefined when the node is at its limit; otherwise `onIdle` runs after the idle timeout. */
  begin(onIdle: () => void): StreamSession | undefined {
    if (this.open >= this.limits.maxSessions) return undefined;
    this.open++;
    let ended = false;
    let last = this.clock.now();
    let timer: unknown;
    const arm = (ms: number): void => {
      timer = this.clock.setTimeout(() => {
        const idle = this.clock.now() - last;
        if (idle >= this.limits.idleTimeoutMs) onIdle();
        else arm(this.limits.idleTimeoutMs - idle);
      }, ms);
    };
    arm(this.limits.idleTimeoutMs);
    return {
      touch: () => {
        last = this.clock.now();
      },
      end: () => {
        if (ended) return;
        ended = true;
        this.open--;
        this.clock.clearTimeout(timer);
      },
    };
  }
}
