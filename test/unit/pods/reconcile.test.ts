// Each reconcile path of the pod loop, in process (see harness.ts): what a user would check with
import { jest } from '@jest/globals';
// kubectl (phase, reason, events) and in the ECI console (which container groups exist).
import { TAG } from '../../../src/translate/index.js';
import { NODE, PodLoop } from './harness.js';

jest.setTimeout(60_000);

const ZONES = 'bcdefghijk'.split('').map((z) => `cn-hangzhou-${z}`);

describe('the pod loop', () => {
  let loop: PodLoop;
  const phase = (name: string): string | undefined => loop.pod(name)?.status?.phase;

  beforeEach(async () => {
    loop = new PodLoop();
    await loop.open();
    await loop.startController();
  });
  afterEach(() => loop.close());

  test('a pod runs as one container group tagged with its UID, and says which', async () => {
    loop.createPod('web', { uid: 'u-web' });
    await loop.until('web Running', () => phase('web') === 'Running');
    const groups = loop.liveGroups();
    expect(groups).toEqual([expect.objectContaining({ uid: 'u-web', status: 'Running' })]);
    expect(loop.pod('web')?.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id']).toBe(groups[0].id);
    expect(loop.eventReasons('web')).toContain('MissingClusterDNS'); // no cluster DNS in this harness
  });

  test('ECI events of the group (DescribeContainerGroupEvents) become Kubernetes Events of the pod', async () => {
    loop.createPod('web', { uid: 'u-web' });
    await loop.until('web Running', () => phase('web') === 'Running');
    await loop.until('Started event', () => loop.eventReasons('web').includes('Started'));
    expect(loop.eventReasons('web')).toEqual(
      expect.arrayContaining(['Pulling', 'Pulled', 'Created', 'Started']),
    );
  });

  test('during a burst a group polled every 100 ms has its events asked for at most once a second', async () => {
    loop.createPod('web', { uid: 'u-web' });
    await loop.until('web Running', () => phase('web') === 'Running');
    const id = loop.liveGroups()[0].id;
    let polled = 0;
    let eventsAsked = 0;
    const status = loop.simulator.describeContainerGroupStatus.bind(loop.simulator);
    const events = loop.simulator.describeContainerGroupEvents.bind(loop.simulator);
    jest.spyOn(loop.simulator, 'describeContainerGroupStatus').mockImplementation(async (q) => {
      const records = await status(q);
      if (records.some((r) => r.ContainerGroupId === id)) polled++;
      return records;
    });
    jest.spyOn(loop.simulator, 'describeContainerGroupEvents').mockImplementation((q) => {
      if (q?.ContainerGroupIds?.includes(id)) eventsAsked++;
      return events(q);
    });
    // Each create nudges a poll within 100 ms; web's last change stays within the 3 s window.
    for (let i = 0; i < 15; i++) {
      loop.createPod(`burst-${i}`, { uid: `u-burst-${i}` });
      await loop.advance(100);
    }
    expect(polled).toBeGreaterThanOrEqual(8);
    expect(eventsAsked).toBeLessThanOrEqual(2); // 1.5 s of clock time
    expect(eventsAsked).toBeGreaterThanOrEqual(1); // still asked while the group is in the window
  });

  test('kubectl delete: the pod stays Terminating while its group stops, and goes once the group is gone', async () => {
    loop.createPod('web', { uid: 'u-web' });
    await loop.until('web Running', () => phase('web') === 'Running');
    loop.deletePod('web');
    await loop.until('the group stopping', () => loop.allGroups()[0]?.status === 'Terminating');
    await loop.advance(1_000);
    expect(loop.pod('web')?.metadata?.deletionTimestamp).toBeDefined(); // kubectl shows Terminating
    await loop.until('web gone', () => loop.pod('web') === undefined);
    expect(loop.allGroups()).toEqual([]);
    expect(loop.eventReasons('web')).toContain('ProviderDeleteSuccess');
  });

  test('a group still stopping when the grace period ends: the pod object goes at the deadline', async () => {
    loop.createPod('web', { uid: 'u-web' });
    await loop.until('web Running', () => phase('web') === 'Running');
    loop.deletePod('web', 1); // ECI's stop takes longer (2 s in the simulator)
    await loop.until('web gone', () => loop.pod('web') === undefined, 1_500);
    expect(loop.allGroups()).toEqual([expect.objectContaining({ status: 'Terminating' })]);
    await loop.until('the group gone', () => loop.allGroups().length === 0);
  });

  test('a pod removed with --force --grace-period=0: its group is released', async () => {
    loop.createPod('web', { uid: 'u-web' });
    await loop.until('web Running', () => phase('web') === 'Running');
    loop.forceDeletePod('web');
    await loop.until('no group left', () => loop.liveGroups().length === 0);
  });

  test('a delete while the create call is in flight waits for it, then deletes what it made', async () => {
    loop.setFaults({ latencyMs: 3_000 });
    loop.createPod('web', { uid: 'u-web' });
    await loop.advance(500);
    loop.deletePod('web');
    await loop.until('web gone', () => loop.pod('web') === undefined, 30_000);
    loop.setFaults({ latencyMs: 0 });
    await loop.advance(10_000);
    expect(loop.liveGroups()).toEqual([]);
  });

  test('a pod re-created under the same name is another pod: the old group goes, the new one gets its own', async () => {
    loop.createPod('web', { uid: 'u-old' });
    await loop.until('old Running', () => phase('web') === 'Running');
    loop.forceDeletePod('web');
    loop.createPod('web', { uid: 'u-new' });
    await loop.until('new Running', () => phase('web') === 'Running' && loop.liveGroups().length === 1);
    expect(loop.liveGroups()).toEqual([expect.objectContaining({ uid: 'u-new' })]);
  });

  test('a restarted controller adopts the existing groups instead of creating them again', async () => {
    for (const name of ['a', 'b', 'c']) loop.createPod(name, { uid: `u-${name}` });
    await loop.until('all Running', () => ['a', 'b', 'c'].every((n) => phase(n) === 'Running'));
    const before = loop
      .liveGroups()
      .map((g) => g.id)
      .sort();
    await loop.stopController();
    await loop.startController();
    loop.createPod('d', { uid: 'u-d' });
    await loop.until('d Running', () => phase('d') === 'Running');
    await loop.advance(10_000);
    const after = loop.liveGroups();
    expect(after).toHaveLength(4);
    expect(
      after
        .map((g) => g.id)
        .filter((id) => before.includes(id))
        .sort(),
    ).toEqual(before);
    expect(loop.controller?.registry.size).toBe(4);
  });

  test('a pod deleted while the controller was down: its group is deleted at start-up', async () => {
    loop.createPod('web', { uid: 'u-web' });
    await loop.until('web Running', () => phase('web') === 'Running');
    await loop.stopController();
    loop.forceDeletePod('web');
    await loop.startController();
    expect(loop.liveGroups()).toEqual([]);
  });

  test('a group of this node that no pod claims is deleted once older than the listing grace', async () => {
    await loop.simulator.createContainerGroup({
      RegionId: 'cn-hangzhou',
      ContainerGroupName: 'stray',
      SecurityGroupId: 'sg-1',
      VSwitchId: 'vsw-b',
      Cpu: 1,
      Memory: 2,
      RestartPolicy: 'Always',
      Container: [{ Name: 'app', Image: 'nginx' }],
      Tag: [
        { Key: TAG.cluster, Value: 'default' },
        { Key: TAG.node, Value: NODE },
        { Key: TAG.uid, Value: 'no-such-pod' },
      ],
    });
    await loop.advance(10_000);
    expect(loop.liveGroups()).toHaveLength(1); // younger than the grace: maybe a create in flight
    await loop.until('the orphan deleted', () => loop.liveGroups().length === 0, 60_000);
  });

  test('a pod ECI cannot run gets ProviderFailed, no group, and no retries', async () => {
    loop.createPod('host', { uid: 'u-host', restartPolicy: 'Never', spec: { hostNetwork: true } });
    await loop.until('host Failed', () => phase('host') === 'Failed');
    expect(loop.pod('host')?.status?.reason).toBe('ProviderFailed');
    expect(loop.pod('host')?.status?.message).toMatch(/hostNetwork/);
    // Ended, so that what waits for the container to run or end (kubectl debug node/…) stops waiting.
    expect(loop.pod('host')?.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 128,
      reason: 'ProviderFailed',
      message: expect.stringMatching(/hostNetwork/),
    });
    await loop.advance(30_000);
    expect(loop.liveGroups()).toEqual([]);
    expect(loop.eventReasons('host').filter((r) => r === 'ProviderFailed')).toHaveLength(1);
  });

  test('a restartable pod ECI cannot run stays Pending, its containers waiting with the reason', async () => {
    loop.createPod('host', { uid: 'u-host', spec: { hostNetwork: true } });
    await loop.until('host ProviderFailed', () => loop.pod('host')?.status?.reason === 'ProviderFailed');
    expect(phase('host')).toBe('Pending');
    expect(loop.pod('host')?.status?.containerStatuses?.[0]?.state?.waiting).toMatchObject({
      reason: 'ProviderFailed',
      message: expect.stringMatching(/hostNetwork/),
    });
  });

  test('no stock in any zone: the pod waits with reason NoStock and starts when stock returns', async () => {
    for (const zone of ZONES) loop.simulator.setStock(zone, 0);
    loop.createPod('web', { uid: 'u-web' });
    const waiting = (): string | undefined =>
      loop.pod('web')?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
    await loop.until('waiting for stock', () => waiting() === 'NoStock');
    expect(loop.eventReasons('web')).toContain('NoStock');
    expect(loop.liveGroups()).toEqual([]);
    for (const zone of ZONES) loop.simulator.setStock(zone, 'unlimited');
    await loop.until('web Running', () => phase('web') === 'Running', 120_000);
    expect(loop.liveGroups()).toHaveLength(1);
  });

  describe('a pod waiting for what it references starts within seconds of it appearing', () => {
    const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
    const waiting = (): string | undefined =>
      loop.pod('web')?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
    const createWaitingPod = async (): Promise<void> => {
      const env = [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } }];
      loop.createPod('web', { uid: 'u-web', env });
      await loop.until('waiting', () => waiting() === 'CreateContainerConfigError');
      // Three minutes of retries: the back-off is now up to a minute between attempts.
      await loop.advance(180_000, 1_000);
      expect(phase('web')).toBe('Pending');
    };

    test('the ConfigMap is created', async () => {
      await createWaitingPod();
      expect(loop.eventReasons('web')).toContain('MandatoryConfigMapNotFound');
      loop.api.put(CONFIGMAPS, {
        metadata: { name: 'settings', namespace: 'default' },
        data: { mode: 'fast' },
      });
      // Its container group is created within seconds, not at the next retry up to a minute away.
      await loop.until('its container group created', () => loop.liveGroups().length === 1, 3_000);
      await loop.until('web Running', () => phase('web') === 'Running');
    });

    test('the missing key is added to the ConfigMap', async () => {
      loop.api.put(CONFIGMAPS, {
        metadata: { name: 'settings', namespace: 'default' },
        data: { other: 'x' },
      });
      await createWaitingPod();
      loop.api.put(CONFIGMAPS, {
        metadata: { name: 'settings', namespace: 'default' },
        data: { mode: 'fast' },
      });
      // Its container group is created within seconds, not at the next retry up to a minute away.
      await loop.until('its container group created', () => loop.liveGroups().length === 1, 3_000);
      await loop.until('web Running', () => phase('web') === 'Running');
    });
  });

  test('kubectl set image: the group is updated in place and the pod reports the new image, restarted', async () => {
    loop.createPod('web', { uid: 'u-web' });
    await loop.until('web Running', () => phase('web') === 'Running');
    const groupId = loop.liveGroups()[0].id;
    loop.setImage('web', 'nginx:1.28');
    const app = () => loop.pod('web')?.status?.containerStatuses?.[0];
    await loop.until('the new image running', () => app()?.image === 'nginx:1.28' && app()?.ready === true);
    expect(loop.liveGroups()).toEqual([expect.objectContaining({ id: groupId })]);
    expect(app()?.restartCount).toBe(1);
    expect(loop.eventReasons('web')).toContain('Killing');
  });

  test('activeDeadlineSeconds: the pod fails with reason DeadlineExceeded once its deadline passes', async () => {
    loop.createPod('job', { uid: 'u-job', restartPolicy: 'Never', spec: { activeDeadlineSeconds: 30 } });
    await loop.until('job Running', () => phase('job') === 'Running');
    await loop.until('job Failed', () => phase('job') === 'Failed', 60_000);
    await loop.until('the event', () => loop.eventReasons('job').includes('DeadlineExceeded'));
    expect(loop.pod('job')?.status).toMatchObject({
      reason: 'DeadlineExceeded',
      message: 'Pod was active on the node longer than the specified deadline',
    });
  });

  test('a group deleted behind our back: the pod fails with NotFound at the next full listing', async () => {
    loop.createPod('web', { uid: 'u-web' });
    await loop.until('web Running', () => phase('web') === 'Running');
    await loop.simulator.deleteContainerGroup(loop.liveGroups()[0].id);
    await loop.until('web Failed', () => phase('web') === 'Failed');
    expect(loop.eventReasons('web')).toContain('NotFound');
  });
});
