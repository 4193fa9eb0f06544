import {
  acquire,
  eciQuotas,
  SlidingWindow,
  TokenBucket,
  MAX_QUOTA_WAIT_MS,
} from '../../../providers/alibaba/rate-limit.js';

test('create/delete bucket: a burst of 100 goes at once, then one every 50 ms (20/s)', () => {
  const bucket = new TokenBucket(100, 20);
  const waits = Array.from({ length: 103 }, () => bucket.reserve(0, MAX_QUOTA_WAIT_MS));
  expect(waits.slice(0, 100).every((w) => w === 0)).toBe(true);
  expect(waits.slice(100)).toEqual([50, 100, 150]);
  expect(bucket.reserve(1000, MAX_QUOTA_WAIT_MS)).toBe(0);
});

test('per-minute window: never more than the quota in any 60 s', () => {
  const window = new SlidingWindow(3);
  expect([0, 10, 20].map((t) => window.reserve(t, MAX_QUOTA_WAIT_MS))).toEqual([0, 0, 0]);
  expect(window.reserve(30, 60_000)).toBe(59_970);
  expect(window.reserve(60_011, 60_000)).toBe(0);
});

test('a wait beyond the limit reserves nothing and fails as client-side throttling', async () => {
  const window = new SlidingWindow(1);
  window.reserve(0, MAX_QUOTA_WAIT_MS);
  const sleep = async () => {};
  await expect(acquire(window, 'DescribeContainerLog', () => 1, sleep)).rejects.toMatchObject({
    kind: 'Throttled',
    code: 'Throttling.Client',
  });
  expect(window.reserve(60_000, MAX_QUOTA_WAIT_MS)).toBe(0);
});

test('a raised account quota: 300 creates at once, then 200/s', () => {
  const create = eciQuotas({ qps: 200, burst: 300 }).CreateContainerGroup;
  const waits = Array.from({ length: 302 }, () => create?.reserve(0, MAX_QUOTA_WAIT_MS));
  expect(waits.slice(0, 300).every((w) => w === 0)).toBe(true);
  expect(waits.slice(300)).toEqual([5, 10]);
});
