import { makeSimulator, request } from './helpers.js';

describe('flow control and injected faults', () => {
  it('does not throttle in-process by default', async () => {
    const { sim } = makeSimulator();
    for (let i = 0; i < 150; i++) await sim.createContainerGroup(request());
    expect(await sim.describeContainerGroups({})).toHaveLength(150);
  });

  it('throttles creates with a token bucket of burst 100 refilled at 20/s', async () => {
    const { sim, clock } = makeSimulator({ faults: { throttle: true } });
    for (let i = 0; i < 100; i++) await sim.createContainerGroup(request());
    await expect(sim.createContainerGroup(request())).rejects.toMatchObject({
      kind: 'Throttled',
      code: 'Throttling.User',
      requestId: expect.any(String),
    });
    clock.advance(1000);
    for (let i = 0; i < 20; i++) await sim.createContainerGroup(request());
    await expect(sim.createContainerGroup(request())).rejects.toMatchObject({ kind: 'Throttled' });
    // describes have their own per-minute quota: still open
    await expect(sim.describeContainerGroupStatus({})).resolves.toHaveLength(120);
    sim.setFaults({ throttle: false });
    await expect(sim.createContainerGroup(request())).resolves.toBeDefined();
  });

  it('fails calls with ServiceUnavailable at errorRate, doing nothing', async () => {
    const { sim } = makeSimulator({ seed: 7 });
    sim.setFaults({ errorRate: 1 });
    await expect(sim.createContainerGroup(request())).rejects.toMatchObject({
      kind: 'Unavailable',
      code: 'ServiceUnavailable',
    });
    sim.setFaults({ errorRate: 0 });
    expect(await sim.describeContainerGroups({})).toHaveLength(0);
    sim.setFaults({ errorRate: 0.5 });
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () => sim.describeContainerGroupStatus({})),
    );
    const failed = results.filter((r) => r.status === 'rejected').length;
    expect(failed).toBeGreaterThan(50);
    expect(failed).toBeLessThan(150);
  });

  it('adds latency in clock time', async () => {
    const { sim, clock } = makeSimulator();
    sim.setFaults({ latencyMs: 500 });
    let done = false;
    const call = sim.describeContainerGroups({}).then(() => (done = true));
    await clock.advanceAsync(499);
    expect(done).toBe(false);
    await clock.advanceAsync(1);
    await call;
    expect(done).toBe(true);
  });

  it('times out after doing the work: the group exists although the caller saw an error', async () => {
    const { sim, clock } = makeSimulator();
    sim.setFaults({ timeoutRate: 1, timeoutMs: 2000 });
    const call = sim.createContainerGroup(request({ ClientToken: 'retry-me' })).catch((e: unknown) => e);
    await clock.advanceAsync(2000);
    expect(await call).toMatchObject({ kind: 'Unavailable', code: 'RequestTimeout' });
    sim.setFaults({ timeoutRate: 0 });
    const retry = await sim.createContainerGroup(request({ ClientToken: 'retry-me' }));
    const all = await sim.describeContainerGroups({});
    expect(all.map((g) => g.ContainerGroupId)).toEqual([retry.ContainerGroupId]);
  });
});
