import { isBackendError, type Backend } from '../../../providers/backend.js';
import type { CreateContainerGroupRequest } from '../../../providers/eci-api/index.js';
import type { EciSimulator, ManualClock, SimulatorOptions } from '../../../providers/simulator/index.js';

/** One backend under test, with the engine behind it (directly or over HTTP) for stock and time. */
export interface ContractHarness {
  backend: Backend;
  engine: EciSimulator;
  clock: ManualClock;
  close(): Promise<void>;
}

export const REGION = 'cn-hangzhou';

/** The engine behind both harnesses: a VPC with two vSwitches, as a real one has a fixed set. */
export const ENGINE_OPTIONS: SimulatorOptions = {
  regionId: REGION,
  speed: 1,
  vSwitchZones: { 'vsw-contract-b': `${REGION}-b`, 'vsw-contract-c': `${REGION}-c` },
  unlistedVSwitches: 'missing',
};

export function request(
  name: string,
  extra: Partial<CreateContainerGroupRequest> = {},
): CreateContainerGroupRequest {
  return {
    RegionId: REGION,
    SecurityGroupId: 'sg-contract',
    VSwitchId: 'vsw-contract-b',
    ContainerGroupName: name,
    RestartPolicy: 'Always',
    Cpu: 1,
    Memory: 2,
    Tag: [
      { Key: 'suite', Value: 'contract' },
      { Key: 'pod', Value: name },
    ],
    Container: [
      {
        Name: 'app',
        Image: 'busybox:1.36',
        Command: ['sh', '-c', 'echo hello from $NAME; sleep infinity'],
        EnvironmentVar: [{ Key: 'NAME', Value: name }],
        Port: [{ Port: 8080, Protocol: 'TCP' }],
      },
    ],
    ...extra,
  };
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: unknown) => err,
  );
}

/**
 * The Backend contract: what the controller may rely on from any backend. Run against the engine
 * directly and against AlibabaBackend → HTTP → OpenAPI server → engine; both must pass unchanged.
 */
export function runBackendContract(name: string, makeHarness: () => Promise<ContractHarness>): void {
  describe(`Backend contract: ${name}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(() => h.close());

    const running = async (id: string) => {
      h.clock.advance(60_000);
      const [record] = await h.backend.describeContainerGroupStatus({ ContainerGroupIds: [id] });
      return record;
    };

    test('create, then describe by ID returns the group as requested', async () => {
      const { ContainerGroupId, RequestId } = await h.backend.createContainerGroup(request('web-1'));
      expect(ContainerGroupId).toMatch(/^eci-/);
      expect(RequestId).not.toBe('');
      const [group] = await h.backend.describeContainerGroups({ ContainerGroupIds: [ContainerGroupId] });
      expect(group).toMatchObject({
        ContainerGroupId,
        ContainerGroupName: 'web-1',
        RegionId: REGION,
        SecurityGroupId: 'sg-contract',
        RestartPolicy: 'Always',
        Cpu: 1,
        Memory: 2,
        Tags: expect.arrayContaining([{ Key: 'pod', Value: 'web-1' }]),
        Containers: [expect.objectContaining({ Name: 'app', Image: 'busybox:1.36' })],
      });
      expect(group?.ZoneId).toMatch(/^cn-hangzhou-/);
    });

    test('status: the group runs, with a Kubernetes-shaped status in providers/eci-api names', async () => {
      const { ContainerGroupId } = await h.backend.createContainerGroup(request('web-2'));
      const record = await running(ContainerGroupId);
      expect(record).toMatchObject({
        ContainerGroupId,
        Name: 'web-2',
        Status: 'Running',
        PodStatus: { Phase: 'Running' },
      });
      expect(record?.PodStatus.Conditions).toEqual(
        expect.arrayContaining([expect.objectContaining({ Type: 'Ready', Status: 'True' })]),
      );
      expect(record?.PodStatus.ContainerStatuses[0]).toMatchObject({
        Name: 'app',
        Ready: true,
        RestartCount: 0,
      });
      expect(record?.PodStatus.ContainerStatuses[0]?.State.Running?.StartedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    });

    test('update: a new image is what the running group then reports', async () => {
      const { ContainerGroupId } = await h.backend.createContainerGroup(request('web-up'));
      await running(ContainerGroupId);
      await h.backend.updateContainerGroup(ContainerGroupId, {
        Container: [{ Name: 'app', Image: 'busybox:1.37', Command: ['sleep', '3600'] }],
      });
      const record = await running(ContainerGroupId);
      expect(record).toMatchObject({ Status: 'Running' });
      expect(record?.PodStatus.ContainerStatuses[0]).toMatchObject({ Name: 'app', Image: 'busybox:1.37' });
    });

    test('status: SinceSecond returns only the groups that changed within the window', async () => {
      const old = await h.backend.createContainerGroup(request('old-1'));
      h.clock.advance(600_000);
      const fresh = await h.backend.createContainerGroup(request('fresh-1'));
      const recent = await h.backend.describeContainerGroupStatus({ SinceSecond: 60 });
      expect(recent.map((r) => r.ContainerGroupId)).toEqual([fresh.ContainerGroupId]);
      const all = await h.backend.describeContainerGroupStatus({
        Tags: [{ Key: 'suite', Value: 'contract' }],
      });
      expect(all.map((r) => r.ContainerGroupId).sort()).toEqual(
        [old.ContainerGroupId, fresh.ContainerGroupId].sort(),
      );
    });

    test('describe filters by tag, name and status on the server', async () => {
      const a = await h.backend.createContainerGroup(request('a-1'));
      await h.backend.createContainerGroup(request('b-1', { Tag: [{ Key: 'suite', Value: 'other' }] }));
      await running(a.ContainerGroupId);
      const byTag = await h.backend.describeContainerGroups({ Tags: [{ Key: 'suite', Value: 'contract' }] });
      expect(byTag.map((g) => g.ContainerGroupName)).toEqual(['a-1']);
      expect(
        (await h.backend.describeContainerGroups({ ContainerGroupName: 'b-1' })).map(
          (g) => g.ContainerGroupName,
        ),
      ).toEqual(['b-1']);
      expect((await h.backend.describeContainerGroups({ Status: 'Running' })).length).toBe(2);
    });

    test('events are reported per group', async () => {
      const { ContainerGroupId } = await h.backend.createContainerGroup(request('events-1'));
      await running(ContainerGroupId);
      const [entry] = await h.backend.describeContainerGroupEvents({ ContainerGroupIds: [ContainerGroupId] });
      expect(entry?.ContainerGroupId).toBe(ContainerGroupId);
      expect(entry?.Events.map((e) => e.Reason)).toEqual(expect.arrayContaining(['Started']));
      expect(entry?.Events.find((e) => e.Reason === 'Started')).toMatchObject({
        Type: 'Normal',
        Name: 'app',
      });
    });

    test('logs, exec and metrics of a running container', async () => {
      const { ContainerGroupId } = await h.backend.createContainerGroup(request('tools-1'));
      await running(ContainerGroupId);
      const log = await h.backend.describeContainerLog({ ContainerGroupId, ContainerName: 'app' });
      expect(log).toContain('hello from tools-1');
      await expect(
        h.backend.execContainerCommand({
          ContainerGroupId,
          ContainerName: 'app',
          Command: ['printenv', 'NAME'],
        }),
      ).resolves.toBe('tools-1\n');
      const [metrics] = await h.backend.describeMetrics([ContainerGroupId]);
      expect(metrics?.ContainerGroupId).toBe(ContainerGroupId);
      expect(metrics?.Records[0]).toMatchObject({
        Timestamp: expect.any(String),
        CPU: expect.objectContaining({ UsageNanoCores: expect.any(Number) }),
      });
      expect(metrics?.Records[0]?.Containers[0]?.Name).toBe('app');
    });

    test('delete: the group goes away; deleting it again is NotFound', async () => {
      const { ContainerGroupId } = await h.backend.createContainerGroup(request('gone-1'));
      await running(ContainerGroupId);
      await h.backend.deleteContainerGroup(ContainerGroupId);
      h.clock.advance(120_000);
      expect(await h.backend.describeContainerGroups({ ContainerGroupIds: [ContainerGroupId] })).toEqual([]);
      const err = await failure(h.backend.deleteContainerGroup(ContainerGroupId));
      expect(isBackendError(err, 'NotFound')).toBe(true);
    });

    test('an unknown group is NotFound, with the ECI code', async () => {
      const err = await failure(
        h.backend.describeContainerLog({ ContainerGroupId: 'eci-doesnotexist', ContainerName: 'app' }),
      );
      expect(isBackendError(err, 'NotFound')).toBe(true);
      expect(err).toMatchObject({ code: expect.stringMatching(/NotFound$/) });
    });

    test('a bad request is InvalidParameter naming the parameter', async () => {
      const badName = await failure(h.backend.createContainerGroup(request('Bad_Name')));
      expect(isBackendError(badName, 'InvalidParameter')).toBe(true);
      expect((badName as Error).message).toContain('ContainerGroupName');
      const reserved = await failure(
        h.backend.createContainerGroup(
          request('port-1', { Container: [{ Name: 'app', Image: 'nginx', Port: [{ Port: 10250 }] }] }),
        ),
      );
      expect((reserved as Error).message).toContain('Container.1.Port.1.Port');
      const noImage = await failure(
        h.backend.createContainerGroup(request('img-1', { Container: [{ Name: 'app', Image: '' }] })),
      );
      expect(noImage).toMatchObject({
        kind: 'InvalidParameter',
        code: 'MissingParameter',
        message: expect.stringContaining('Container.1.Image'),
      });
    });

    test('no stock in the zone is NoStock (OperationDenied.NoStock)', async () => {
      for (const zone of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'])
        h.engine.setStock(`${REGION}-${zone}`, 0);
      const err = await failure(h.backend.createContainerGroup(request('full-1')));
      expect(err).toMatchObject({ kind: 'NoStock', code: 'OperationDenied.NoStock' });
      expect(await h.backend.describeContainerGroups({})).toEqual([]);
    });

    test('the same ClientToken creates one group, whatever the number of calls', async () => {
      const first = await h.backend.createContainerGroup(request('once-1', { ClientToken: 'pod-uid-1' }));
      const again = await h.backend.createContainerGroup(request('once-1', { ClientToken: 'pod-uid-1' }));
      expect(again.ContainerGroupId).toBe(first.ContainerGroupId);
      expect(await h.backend.describeContainerGroups({ ContainerGroupName: 'once-1' })).toHaveLength(1);
    });

    test('DryRun validates without creating', async () => {
      const err = await failure(h.backend.createContainerGroup(request('dry-1', { DryRun: true })));
      expect(err).toMatchObject({ kind: 'InvalidParameter', code: 'DryRunOperation' });
      expect(await h.backend.describeContainerGroups({})).toEqual([]);
    });

    test('describeVSwitches: zone, VPC, CIDR and free addresses of each vSwitch, in the order asked', async () => {
      const { ContainerGroupId } = await h.backend.createContainerGroup(request('net-1'));
      const [group] = await h.backend.describeContainerGroups({ ContainerGroupIds: [ContainerGroupId] });
      const found = await h.backend.describeVSwitches(['vsw-contract-c', 'vsw-contract-b']);
      expect(found.map((v) => [v.VSwitchId, v.ZoneId])).toEqual([
        ['vsw-contract-c', `${REGION}-c`],
        ['vsw-contract-b', `${REGION}-b`],
      ]);
      expect(found[1]).toEqual({
        VSwitchId: 'vsw-contract-b',
        ZoneId: group?.ZoneId,
        VpcId: expect.stringMatching(/^vpc-/),
        CidrBlock: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+\/\d+$/),
        Status: 'Available',
        AvailableIpAddressCount: expect.any(Number),
      });
    });

    test('an unknown vSwitch is NotFound (InvalidVSwitchId.NotFound) naming it and the region', async () => {
      const err = await failure(h.backend.describeVSwitches(['vsw-contract-b', 'vsw-2ze0doesnotexist']));
      expect(isBackendError(err, 'NotFound')).toBe(true);
      expect(err).toMatchObject({
        code: 'InvalidVSwitchId.NotFound',
        message: expect.stringContaining(`"vsw-2ze0doesnotexist" does not exist in region ${REGION}`),
      });
    });

    test('every one of more than 20 groups is returned, by tag or by ID list', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 25; i++)
        ids.push((await h.backend.createContainerGroup(request(`many-${i}`))).ContainerGroupId);
      const byTag = await h.backend.describeContainerGroups({ Tags: [{ Key: 'suite', Value: 'contract' }] });
      expect(byTag.map((g) => g.ContainerGroupId).sort()).toEqual([...ids].sort());
      const byIds = await h.backend.describeContainerGroups({ ContainerGroupIds: ids });
      expect(new Set(byIds.map((g) => g.ContainerGroupId)).size).toBe(25);
      const statuses = await h.backend.describeContainerGroupStatus({ ContainerGroupIds: ids });
      expect(statuses).toHaveLength(25);
      expect(await h.backend.describeMetrics(ids)).toHaveLength(25);
    });
  });
}
