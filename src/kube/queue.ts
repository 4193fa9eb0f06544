import { systemClock, type Clock } from '../../providers/clock.js';
import { backoffDelay } from './backoff.js';

export interface QueueOptions {
  workers: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Times the retries' back-off (default: wall-clock). */
  clock?: Clock;
}

/**
 * A keyed work queue in the style of client-go's: a key is processed by one worker at a time;
 * adding a key that is being processed marks it dirty so it runs once more afterwards; failures
 * are retried with per-key exponential back-off, capped, forever (a transient fault never leaves
 * a pod stuck because the queue gave up).
 */
export class WorkQueue {
  private readonly ready: string[] = [];
  private readonly queued = new Set<string>();
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly delayed = new Map<string, unknown>();
  private running = 0;
  private stopped = false;
  private paused = true;
  private idleWaiters: (() => void)[] = [];
  private readonly clock: Clock;
  retries = 0;

  constructor(
    private readonly handler: (key: string) => Promise<void>,
    private readonly onError: (key: string, err: unknown, attempt: number) => void,
    private readonly options: QueueOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** Keys added before `run()` wait: the controller adopts existing container groups first. */
  run(): void {
    this.paused = false;
    this.pump();
  }

  get depth(): number {
    return this.ready.length;
  }

  add(key: string): void {
    if (this.stopped) return;
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.ready.push(key);
    this.pump();
  }

  /** Adds the key after a delay; an earlier pending delay for the key wins. */
  addAfter(key: string, ms: number): void {
    if (this.stopped || this.delayed.has(key)) return;
    const timer = this.clock.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, timer);
  }

  attempts(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Stops taking work; resolves when in-flight handlers finish. */
  async shutDown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.delayed.values()) this.clock.clearTimeout(timer);
    this.delayed.clear();
    this.ready.length = 0;
    this.queued.clear();
    await this.idle();
  }

  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (!this.stopped && !this.paused && this.running < this.options.workers && this.ready.length > 0) {
      const key = this.ready.shift() as string;
      this.queued.delete(key);
      this.active.add(key);
      this.running++;
      void this.process(key);
    }
  }

  private async process(key: string): Promise<void> {
    try {
      await this.handler(key);
      this.failures.delete(key);
    } catch (err) {
      const attempt = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, attempt);
      this.retries++;
      this.onError(key, err, attempt);
      this.addAfter(
        key,
        backoffDelay(attempt - 1, this.options.baseDelayMs ?? 200, this.options.maxDelayMs ?? 60_000),
      );
    } finally {
      this.active.delete(key);
      this.running--;
      if (this.dirty.delete(key)) this.add(key);
      this.pump();
      if (this.running === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
