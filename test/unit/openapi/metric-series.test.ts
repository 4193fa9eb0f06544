import { REGION, callV1, createParams, useSimulatorServer } from './helpers.js';

const h = useSimulatorServer();

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

test('DescribeContainerGroupMetric answers a series: the last 5 min every 15 s, or a window at a Period', async () => {
  const created = await callV1(h.server.url, 'CreateContainerGroup', createParams('metrics-1'));
  const id = String(created.body.ContainerGroupId);
  const born = h.clock.now();
  h.clock.advance(20 * 60_000);
  const metric = (extra: Record<string, string> = {}) =>
    callV1(h.server.url, 'DescribeContainerGroupMetric', {
      RegionId: REGION,
      ContainerGroupId: id,
      ...extra,
    });
  const times = (body: Record<string, unknown>) =>
    (body.Records as { Timestamp: string }[]).map((r) => Date.parse(r.Timestamp));
  const gaps = (ts: number[]) => ts.slice(1).map((t, i) => t - ts[i]);

  const recent = times((await metric()).body);
  expect(recent).toHaveLength(21);
  expect(new Set(gaps(recent))).toEqual(new Set([15_000]));
  expect([recent[0], recent.at(-1)]).toEqual([h.clock.now() - 5 * 60_000, h.clock.now()]);

  const minutely = times((await metric({ StartTime: iso(h.clock.now() - 10 * 60_000), Period: '60' })).body);
  expect(minutely).toHaveLength(11);
  expect(new Set(gaps(minutely))).toEqual(new Set([60_000]));
  // A group started seconds ago has its first record; before it existed there is nothing.
  const fresh = await callV1(h.server.url, 'CreateContainerGroup', createParams('metrics-2'));
  h.clock.advance(2000);
  const first = await metric({ ContainerGroupId: String(fresh.body.ContainerGroupId) });
  expect(times(first.body)).toEqual([h.clock.now()]);
  const before = await metric({ StartTime: iso(born - 10 * 60_000), EndTime: iso(born - 60_000) });
  expect(before.body.Records).toEqual([]);

  for (const [extra, parameter] of [
    [{ Period: '45' }, 'Period'],
    [{ StartTime: iso(h.clock.now() - 20 * 60_000), Period: '15' }, 'Period'],
    [{ StartTime: iso(h.clock.now() - 31 * 86_400_000) }, 'StartTime'],
  ] as const) {
    const res = await metric(extra);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ Code: 'InvalidParameter', Message: expect.stringContaining(parameter) });
  }
});
