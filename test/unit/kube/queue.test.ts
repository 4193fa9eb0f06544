import { WorkQueue } from '../../../src/kube/queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('WorkQueue', () => {
  it('waits for run(), then processes each key once even when added repeatedly', async () => {
    const seen: string[] = [];
    const q = new WorkQueue(
      async (k) => void seen.push(k),
      () => undefined,
      { workers: 2 },
    );
    q.add('a');
    q.add('a');
    q.add('b');
    expect(seen).toEqual([]);
    q.run();
    await q.idle();
    expect(seen.sort()).toEqual(['a', 'b']);
  });

  it('never runs one key twice at once, and re-runs it when added during processing', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    let runs = 0;
    const gate = deferred();
    const q = new WorkQueue(
      async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        runs++;
        if (runs === 1) await gate.promise;
        concurrent--;
      },
      () => undefined,
      { workers: 4 },
    );
    q.run();
    q.add('k');
    q.add('k');
    q.add('k');
    gate.resolve();
    await new Promise((r) => setTimeout(r, 20));
    await q.idle();
    expect(maxConcurrent).toBe(1);
    expect(runs).toBe(2);
  });

  it('retries a failing key with back-off until it succeeds', async () => {
    let attempts = 0;
    const errors: number[] = [];
    const q = new WorkQueue(
      async () => {
        if (++attempts < 4) throw new Error('transient');
      },
      (_k, _e, attempt) => errors.push(attempt),
      { workers: 1, baseDelayMs: 1, maxDelayMs: 5 },
    );
    q.run();
    q.add('k');
    while (attempts < 4) await new Promise((r) => setTimeout(r, 5));
    await q.idle();
    expect(errors).toEqual([1, 2, 3]);
    expect(q.attempts('k')).toBe(0);
  });
});
