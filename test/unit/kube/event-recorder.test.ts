import { EventPacer } from '../../../src/kube/event-pacer.js';
import { EventRecorder, type EventTarget } from '../../../src/kube/events.js';
import type { KubeRest } from '../../../src/kube/rest.js';

const POD: EventTarget = { kind: 'Pod', apiVersion: 'v1', namespace: 'default', name: 'web', uid: 'u1' };

/**
 * An API server whose answers come back in the reverse order of the requests, as concurrent
 * requests may: what it stores is what each request set, in the order they were applied.
 */
function reversingApiServer() {
  const stored = new Map<string, { count: number }>();
  const waiting: (() => void)[] = [];
  const applied: string[] = [];
  const json = (
    method: string,
    path: string,
    opts: { body: { count: number; metadata?: { name: string } } },
  ) =>
    new Promise<unknown>((resolve, reject) => {
      waiting.push(() => {
        const name = opts.body.metadata?.name ?? path.split('/').at(-1) ?? '';
        if (method === 'PATCH' && !stored.has(name)) return reject(new Error(`events "${name}" not found`));
        stored.set(name, { count: opts.body.count });
        applied.push(`${method} ${opts.body.count}`);
        resolve({});
      });
    });
  const answerAll = async (): Promise<void> => {
    for (let i = 0; i < 20 && waiting.length > 0; i++) {
      for (const answer of waiting.splice(0).reverse()) answer();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { rest: { json } as unknown as KubeRest, stored, applied, answerAll };
}

describe('EventRecorder', () => {
  it('counts repeats written side by side in order: the Event ends with the last count', async () => {
    const api = reversingApiServer();
    const recorder = new EventRecorder(
      api.rest,
      'virtual-kubelet',
      'node-1',
      new EventPacer({ qps: 50, burst: 100 }),
    );
    const writes = [1, 2, 3, 4].map(() =>
      recorder.record(POD, 'Normal', 'Pulling', 'Pulling image "busybox:1.36"'),
    );
    await api.answerAll();
    await Promise.all(writes);
    expect(api.applied).toEqual(['POST 1', 'PATCH 2', 'PATCH 3', 'PATCH 4']);
    expect([...api.stored.values()]).toEqual([{ count: 4 }]);
  });
});
