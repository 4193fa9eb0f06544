// One watch on the pods of one node: when each was first seen Running and when it was deleted.
import { sleep } from '../src/kube/backoff.js';
import { performance } from 'node:perf_hooks';
import type { ApiClient } from './api.js';

interface PodLite {
  metadata: { name: string; resourceVersion?: string };
  status?: { phase?: string };
}

interface PodList {
  metadata: { resourceVersion: string };
  items: PodLite[];
}

const MAX_BARREN_WATCHES = 10;

/** What the load reads of a pod watch. */
export interface PodObservations {
  readonly running: Map<string, number>;
  readonly deleted: Map<string, number>;
  readonly failure: Error | undefined;
  readonly restarts: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type Seen = (kind: 'running' | 'deleted', name: string, at: number) => void;

/** Observes the pods of one node in one namespace: first Running and deletion time per name. */
export class PodWatch implements PodObservations {
  readonly running = new Map<string, number>();
  readonly deleted = new Map<string, number>();
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();
  failure: Error | undefined;
  private lastEnd = '';
  /** How often the stream ended and was resumed (reported: each gap delays observations). */
  restarts = 0;

  constructor(
    private readonly api: Pick<ApiClient, 'json' | 'watch'>,
    private readonly base: string,
    private readonly prefix: string,
    /** Clock of the times recorded (default: this thread's performance.now()). */
    private readonly now: () => number = () => performance.now(),
    private readonly onSeen?: Seen,
  ) {}

  private see(pod: PodLite, type: string): void {
    const name = pod.metadata.name;
    if (!name.startsWith(`${this.prefix}-`)) return;
    const now = this.now();
    if (type === 'DELETED') {
      this.deleted.set(name, now);
      this.onSeen?.('deleted', name, now);
    } else if (pod.status?.phase === 'Running' && !this.running.has(name)) {
      this.running.set(name, now);
      this.onSeen?.('running', name, now);
    }
  }

  /** Lists (to get a resourceVersion and anything missed), then watches; re-lists when the watch ends. */
  async start(): Promise<void> {
    const list = await this.api.json<PodList>('GET', this.base);
    for (const p of list.items) this.see(p, 'ADDED');
    this.done = this.follow(list.metadata.resourceVersion).catch((err: unknown) => {
      this.failure = err instanceof Error ? err : new Error(String(err));
    });
  }

  /**
   * Watches from `rv` and resumes when the stream ends. A loaded API server closes watchers that
   * fall behind, so endings are normal; only endings in a row with no event in between count
   * against the bound, and a broken or expired stream is re-listed first.
   */
  private async follow(rv: string): Promise<void> {
    for (let barren = 0; !this.abort.signal.aborted;) {
      let expired = false;
      let events = 0;
      try {
        await this.api.watch<PodLite>(
          this.base,
          { allowWatchBookmarks: true, resourceVersion: rv },
          (e) => {
            events++;
            if (e.type === 'ERROR') {
              expired = true;
              this.lastEnd = `ERROR event ${JSON.stringify(e.object).slice(0, 200)}`;
            } else if (e.object.metadata?.resourceVersion) rv = e.object.metadata.resourceVersion;
            if (e.type !== 'ERROR' && e.type !== 'BOOKMARK') this.see(e.object, e.type);
          },
          this.abort.signal,
        );
        if (!expired) this.lastEnd = 'the server ended the stream';
      } catch (err) {
        expired = true;
        this.lastEnd = (err as Error).message;
      }
      if (this.abort.signal.aborted) return;
      this.restarts++;
      barren = events > 0 && !expired ? 0 : barren + 1;
      if (barren > MAX_BARREN_WATCHES) {
        throw new Error(`the pod watch ended ${barren} times in a row without events, last: ${this.lastEnd}`);
      }
      if (barren > 0) await sleep(100 * barren);
      if (expired) {
        // Too old a resourceVersion or a dropped stream: re-list; deletions missed meanwhile show as absence.
        const again = await this.api.json<PodList>('GET', this.base);
        const present = new Set(again.items.map((p) => p.metadata.name));
        for (const p of again.items) this.see(p, 'ADDED');
        for (const name of this.running.keys())
          if (!present.has(name) && !this.deleted.has(name)) {
            const now = this.now();
            this.deleted.set(name, now);
            this.onSeen?.('deleted', name, now);
          }
        rv = again.metadata.resourceVersion;
      }
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}
