import { jest } from '@jest/globals';
import type { WatchEvent } from '../../../bench/api.js';
import { PodWatch } from '../../../bench/watch.js';

interface Pod {
  metadata: { name: string; resourceVersion?: string };
  status?: { phase?: string };
}

const pod = (name: string, rv: string, phase = 'Pending'): Pod => ({
  metadata: { name, resourceVersion: rv },
  status: { phase },
});

/** A fake API: each watch call plays the next script (events, then the stream ends). */
function fakeApi(scripts: WatchEvent<Pod>[][], list: Pod[] = []) {
  const watchPaths: string[] = [];
  let lists = 0;
  return {
    watchPaths,
    lists: () => lists,
    json: async <T>(): Promise<T> => {
      lists++;
      return { metadata: { resourceVersion: '100' }, items: list } as T;
    },
    watch: async <T>(
      path: string,
      query: Record<string, string | number | boolean | undefined> | undefined,
      onEvent: (e: WatchEvent<T>) => void,
      signal: AbortSignal,
    ) => {
      watchPaths.push(`${path}&resourceVersion=${String(query?.resourceVersion)}`);
      const script = scripts.shift();
      if (script === undefined) {
        // Nothing more to say: stay open until stopped.
        await new Promise((r) => signal.addEventListener('abort', r));
        return;
      }
      for (const e of script) onEvent(e as WatchEvent<T>);
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('pod watch', () => {
  it('records the first Running and the deletion of this run pods only', async () => {
    const api = fakeApi([
      [
        { type: 'ADDED', object: pod('ours-00001', '101') },
        { type: 'MODIFIED', object: pod('ours-00001', '102', 'Running') },
        { type: 'MODIFIED', object: pod('ours-00001', '103', 'Running') },
        { type: 'ADDED', object: pod('other-00001', '104', 'Running') },
        { type: 'DELETED', object: pod('ours-00001', '105', 'Running') },
      ],
    ]);
    const watch = new PodWatch(api, '/api/v1/namespaces/b/pods?fieldSelector=x', 'ours');
    await watch.start();
    await settle();
    await watch.stop();
    expect([...watch.running.keys()]).toEqual(['ours-00001']);
    expect([...watch.deleted.keys()]).toEqual(['ours-00001']);
    expect(watch.running.get('ours-00001')).toBeLessThanOrEqual(watch.deleted.get('ours-00001') ?? 0);
    expect(watch.failure).toBeUndefined();
  });

  it('resumes from the last resourceVersion when the server ends the stream', async () => {
    const api = fakeApi([
      [{ type: 'ADDED', object: pod('ours-00001', '101') }],
      [{ type: 'MODIFIED', object: pod('ours-00001', '102', 'Running') }],
    ]);
    const watch = new PodWatch(api, '/pods?fieldSelector=x', 'ours');
    await watch.start();
    await settle();
    await watch.stop();
    expect(api.watchPaths.map((p) => /resourceVersion=(\d+)/.exec(p)?.[1])).toEqual(['100', '101', '102']);
    expect(watch.restarts).toBe(2);
    expect(api.lists()).toBe(1);
    expect(watch.running.has('ours-00001')).toBe(true);
  });

  it('re-lists after an ERROR event (expired resourceVersion) and sees pods that went Running meanwhile', async () => {
    const api = fakeApi(
      [[{ type: 'ERROR', object: { metadata: { name: '' }, status: { phase: 'Expired' } } }]],
      [pod('ours-00002', '150', 'Running')],
    );
    const watch = new PodWatch(api, '/pods?fieldSelector=x', 'ours');
    await watch.start();
    await new Promise((r) => setTimeout(r, 300));
    await watch.stop();
    expect(api.lists()).toBe(2);
    expect(watch.running.has('ours-00002')).toBe(true);
  });

  it('gives up, naming the cause, when streams keep ending without any event', async () => {
    jest.useFakeTimers();
    try {
      const api = fakeApi(Array.from({ length: 12 }, () => []));
      const watch = new PodWatch(api, '/pods?fieldSelector=x', 'ours');
      await watch.start();
      // The back-off between barren streams adds up to 5.5 s.
      await jest.advanceTimersByTimeAsync(10_000);
      await watch.stop();
      expect(watch.failure?.message).toBe(
        'the pod watch ended 11 times in a row without events, last: the server ended the stream',
      );
    } finally {
      jest.useRealTimers();
    }
  });
});
