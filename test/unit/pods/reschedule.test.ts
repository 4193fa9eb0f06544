// A group ECI accepted but could not schedule (ScheduleFailed), in process (see harness.ts): under
// fail-back the pod stays Pending and gets a new group until one runs; under fail-fast it fails.
import { jest } from '@jest/globals';
import { RescheduleBackoff, successorToken } from '../../../src/pods/reschedule.js';
import { PodLoop } from './harness.js';

jest.setTimeout(60_000);

const ZONES = 'bcdefghijk'.split('').map((z) => `cn-hangzhou-${z}`);

describe('RescheduleBackoff', () => {
  it('lets the first new group go at once, then spaces them 5 s doubling', () => {
    const backoff = new RescheduleBackoff(() => 1);
    expect(backoff.take('u', 0)).toBe(0);
    expect(backoff.take('u', 1_000)).toBe(4_000);
    expect(backoff.take('u', 5_000)).toBe(0);
    expect(backoff.take('u', 5_000)).toBe(10_000);
    backoff.forget('u');
    expect(backoff.take('u', 5_000)).toBe(0);
  });
});

test('a successor token differs from the pod UID and from other successors, within 64 characters', () => {
  const uid = '0f3c6b1e-6a0b-4f3b-9a55-2b9c1d4e5f60';
  const a = successorToken(uid, 'eci-bp1aaaaaaaaaaaaaaaaa');
  expect(a).toMatch(new RegExp(`^${uid}-[0-9a-f]{16}$`));
  expect(a.length).toBeLessThanOrEqual(64);
  expect(successorToken(uid, 'eci-bp1aaaaaaaaaaaaaaaaa')).toBe(a);
  expect(successorToken(uid, 'eci-bp1bbbbbbbbbbbbbbbbb')).not.toBe(a);
});

describe('a group that ends ScheduleFailed', () => {
  let loop: PodLoop;
  const phase = (name: string): string | undefined => loop.pod(name)?.status?.phase;
  const replacedMessages = (name: string) =>
    [
      ...new Set(loop.eventMessages(name, 'NoStock').concat(loop.eventMessages(name, 'ScheduleFailed'))),
    ].filter((m) => m.includes('ended ScheduleFailed'));

  beforeEach(async () => {
    loop = new PodLoop({ noStock: 'scheduleFailed' });
    await loop.open();
    await loop.startController();
    for (const zone of ZONES) loop.simulator.setStock(zone, 0);
  });
  afterEach(() => loop.close());

  test('fail-back: the pod stays Pending, gets new groups while ECI has no stock, and runs on one once it has', async () => {
    loop.createPod('web', { uid: 'u-web' });
    const phases = new Set<string>();
    await loop.until('two groups replaced', () => {
      phases.add(phase('web') ?? '');
      return replacedMessages('web').length >= 2;
    });
    expect(phases).not.toContain('Failed');
    expect(replacedMessages('web')[0]).toMatch(
      /^container group eci-\w+ ended ScheduleFailed \(.+\); creating another \(k8s\.aliyun\.com\/eci-fail-strategy fail-back/,
    );
    for (const zone of ZONES) loop.simulator.setStock(zone, 'unlimited');
    await loop.until('web Running', () => {
      phases.add(phase('web') ?? '');
      return phase('web') === 'Running';
    });
    expect(phases).not.toContain('Failed');
    await loop.until('the unscheduled groups deleted', () => loop.allGroups().length === 1);
    const [group] = loop.liveGroups();
    expect(group).toMatchObject({ uid: 'u-web', status: 'Running' });
    expect(loop.pod('web')?.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id']).toBe(group.id);
  });

  test('fail-fast: the pod fails, and keeps its one group', async () => {
    loop.createPod('job', { uid: 'u-job', restartPolicy: 'Never' });
    const pod = loop.pod('job');
    if (pod?.metadata) pod.metadata.annotations = { 'k8s.aliyun.com/eci-fail-strategy': 'fail-fast' };
    loop.api.put('/api/v1/namespaces/default/pods', pod as never);
    await loop.until('job Failed', () => phase('job') === 'Failed');
    expect(replacedMessages('job')).toEqual([]);
    expect(loop.allGroups()).toEqual([expect.objectContaining({ status: 'ScheduleFailed' })]);
  });

  test('a replaced group still listed (its delete failed, or a restart came first) is deleted, not adopted back', async () => {
    for (const zone of ZONES) loop.simulator.setStock(zone, 'unlimited');
    loop.createPod('web', { uid: 'u-web' });
    await loop.until('web Running', () => phase('web') === 'Running');
    const [running] = loop.liveGroups();
    // What a failed delete leaves: an unscheduled group tagged with the pod's UID beside its successor.
    const [described] = await loop.simulator.describeContainerGroups({ ContainerGroupIds: [running.id] });
    for (const zone of ZONES) loop.simulator.setStock(zone, 0);
    const stale = await loop.simulator.createContainerGroup({
      RegionId: 'cn-hangzhou',
      SecurityGroupId: 'sg-1',
      VSwitchId: 'vsw-b',
      ContainerGroupName: 'default-web',
      RestartPolicy: 'Always',
      Container: [{ Name: 'app', Image: 'nginx:1.27' }],
      Tag: described.Tags,
    });
    await loop.until('the stale group deleted', () =>
      loop.allGroups().every((g) => g.id !== stale.ContainerGroupId),
    );
    await loop.advance(10_000); // two more full listings
    expect(phase('web')).toBe('Running');
    expect(loop.liveGroups()).toEqual([running]);
    expect(loop.pod('web')?.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id']).toBe(running.id);
    expect(replacedMessages('web')).toEqual([]);
  });
});
