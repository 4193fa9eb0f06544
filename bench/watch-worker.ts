// The pod watch on a thread of its own (see watch-thread.ts): observations go to the main thread
// in small batches, timed on the shared epoch clock.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { apiClient } from './api.js';
import { PodWatch } from './watch.js';

export interface WatchWorkerData {
  kubeconfig: string;
  base: string;
  prefix: string;
}

export type WatchMessage =
  | { type: 'seen'; batch: ['running' | 'deleted', string, number][]; restarts: number }
  | { type: 'started' }
  | { type: 'failed'; message: string };

const port = parentPort;
if (port === null) throw new Error('watch-worker.js runs as a worker thread');
const data = workerData as WatchWorkerData;
const api = apiClient(data.kubeconfig, 2);
let batch: ['running' | 'deleted', string, number][] = [];
let flushing: NodeJS.Timeout | undefined;
const post = (message: WatchMessage): void => port.postMessage(message);
const watch = new PodWatch(
  api,
  data.base,
  data.prefix,
  () => performance.timeOrigin + performance.now(),
  (kind, name, at) => {
    batch.push([kind, name, at]);
    flushing ??= setTimeout(() => {
      flushing = undefined;
      post({ type: 'seen', batch, restarts: watch.restarts });
      batch = [];
    }, 10);
  },
);
const failed = (err: unknown): void => post({ type: 'failed', message: (err as Error).message });
const poll = setInterval(() => {
  if (watch.failure) failed(watch.failure);
}, 100);
port.on('message', (m: unknown) => {
  if (m !== 'stop') return;
  clearInterval(poll);
  void watch.stop().finally(() => {
    api.close();
    port.close();
  });
});
watch.start().then(() => post({ type: 'started' }), failed);
