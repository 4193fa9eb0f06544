// The load generator creates pods from the main thread and, on 2 cores shared with what it
// measures, fell behind on its own watch: the API server then ended the watch (30 times in a
// 10,000-pod run) and held back its other watchers meanwhile. The watch now has a thread of its own;
// times are taken there, on the epoch clock, and converted to this thread's performance.now().
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { PodObservations } from './watch.js';
import type { WatchMessage, WatchWorkerData } from './watch-worker.js';

export class ThreadedPodWatch implements PodObservations {
  readonly running = new Map<string, number>();
  readonly deleted = new Map<string, number>();
  failure: Error | undefined;
  restarts = 0;
  private worker?: Worker;

  constructor(private readonly data: WatchWorkerData) {}

  start(): Promise<void> {
    const worker = new Worker(new URL('./watch-worker.js', import.meta.url), { workerData: this.data });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      worker.on('message', (m: WatchMessage) => {
        if (m.type === 'started') resolve();
        else if (m.type === 'failed') {
          this.failure = new Error(m.message);
          reject(this.failure);
        } else {
          this.restarts = m.restarts;
          for (const [kind, name, at] of m.batch) {
            (kind === 'running' ? this.running : this.deleted).set(name, at - performance.timeOrigin);
          }
        }
      });
      worker.on('error', (err) => {
        this.failure = err;
        reject(err);
      });
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    await worker.terminate();
  }
}
