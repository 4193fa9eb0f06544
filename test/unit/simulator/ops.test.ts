import { Harness } from '../openapi/model-walk/harness.js';
import { group } from '../openapi/model-walk/shapes.js';
import { REGION } from '../openapi/helpers.js';

const region = { RegionId: REGION };
const disk = {
  Volume: [
    {
      Name: 'data',
      Type: 'DiskVolume' as const,
      DiskVolume: { DiskId: 'd-walk', DiskSize: 40, FsType: 'ext4' },
    },
    { Name: 'scratch', Type: 'EmptyDirVolume' as const },
  ],
};
const REPO = 'registry-vpc.cn-hangzhou.aliyuncs.com/team/app';

let h: Harness;
beforeEach(async () => {
  h = await new Harness().start();
});
afterEach(() => h.close());

async function runningGroup(name: string, extra = {}): Promise<string> {
  const id = String((await h.ok('CreateContainerGroup', group(name, extra))).ContainerGroupId);
  h.clock.advance(60_000);
  return id;
}

function diskSize(id: string): number | undefined {
  const g = h.sim.listContainerGroups().find((x) => x.ContainerGroupId === id);
  expect(g).toBeDefined();
  // The engine keeps the size in the group's create request (DescribeContainerGroups has no size field).
  return (h.sim as unknown as { ctx: { store: { get(id: string): { request: typeof disk } } } }).ctx.store
    .get(id)
    .request.Volume.find((v) => v.Name === 'data')?.DiskVolume?.DiskSize;
}

async function error(action: string, params: Record<string, string>): Promise<[number, unknown, string]> {
  const a = await h.call(action, params);
  return [a.status, a.body.Code, String(a.body.Message)];
}

describe('ResizeContainerGroupVolume', () => {
  it('grows a DiskVolume, accepts the same size again, and refuses to shrink it', async () => {
    const id = await runningGroup('resize', disk);
    const resize = { ...region, ContainerGroupId: id, VolumeName: 'data' };
    await h.ok('ResizeContainerGroupVolume', { ...resize, NewSize: '100', ClientToken: 'r-1' });
    expect(diskSize(id)).toBe(100);
    await h.ok('ResizeContainerGroupVolume', { ...resize, NewSize: '100' });
    const [status, code, message] = await error('ResizeContainerGroupVolume', { ...resize, NewSize: '60' });
    expect([status, code]).toEqual([400, 'InvalidParameter']);
    expect(message).toMatch(/NewSize.*60.*smaller.*100/);
    expect(diskSize(id)).toBe(100);
  });

  it("grows one group's disk only: another group made from the same request keeps its size", async () => {
    const [id, other] = [await runningGroup('resize-one', disk), await runningGroup('resize-other', disk)];
    const before = diskSize(other);
    await h.ok('ResizeContainerGroupVolume', {
      ...region,
      ContainerGroupId: id,
      VolumeName: 'data',
      NewSize: '120',
    });
    expect([diskSize(id), diskSize(other)]).toEqual([120, before]);
  });

  it('answers each documented error', async () => {
    const id = await runningGroup('resize-errors', disk);
    const base = { ...region, ContainerGroupId: id, VolumeName: 'data', NewSize: '100' };
    expect(await error('ResizeContainerGroupVolume', { ...base, VolumeName: 'scratch' })).toEqual([
      403,
      'InvalidVolumeType',
      expect.stringMatching(
        /^The specified volumeName is invalid, only volume of cloud disk support capacity resize: volume "scratch" is of type EmptyDirVolume/,
      ),
    ]);
    const [, code, message] = await error('ResizeContainerGroupVolume', { ...base, VolumeName: 'nope' });
    expect([code, message]).toEqual([
      'InvalidParameter',
      expect.stringMatching(/VolumeName.*nope.*data, scratch/),
    ]);
    for (const size of ['19', '32769']) {
      expect((await error('ResizeContainerGroupVolume', { ...base, NewSize: size })).slice(0, 2)).toEqual([
        400,
        'InvalidParameter',
      ]);
    }
    const { NewSize: _n, ...noSize } = base;
    expect((await error('ResizeContainerGroupVolume', noSize))[1]).toBe('MissingParameter');
    expect(
      (await error('ResizeContainerGroupVolume', { ...base, ContainerGroupId: 'eci-doesnotexist' })).slice(
        0,
        2,
      ),
    ).toEqual([404, 'InvalidParameter.NotFound']);
  });

  it('needs the disk mounted: a group still Scheduling or already ended is IncorrectStatusDetail (403)', async () => {
    const id = String((await h.ok('CreateContainerGroup', group('resize-early', disk))).ContainerGroupId);
    const base = { ...region, ContainerGroupId: id, VolumeName: 'data', NewSize: '100' };
    expect(await error('ResizeContainerGroupVolume', base)).toEqual([
      403,
      'IncorrectStatusDetail',
      expect.stringMatching(new RegExp(`^Container group ${id} is Scheduling; ResizeContainerGroupVolume`)),
    ]);
    h.clock.advance(60_000);
    await h.ok('ResizeContainerGroupVolume', base);
  });
});

describe('CommitContainer and DescribeCommitContainerTask', () => {
  const commit = (id: string, extra: Record<string, string> = {}) => ({
    ...region,
    ContainerGroupId: id,
    ContainerName: 'app',
    'Image.Repository': REPO,
    'Image.Tag': 'v1',
    ...extra,
  });

  it('goes Running through its phases on the engine clock, then Succeeded at 100%', async () => {
    const id = await runningGroup('commit');
    const { TaskId } = await h.ok('CommitContainer', commit(id, { 'Image.Author': 'alice' }));
    expect(TaskId).toMatch(/^t-[a-z0-9]{20}$/);
    const task = async () =>
      (
        (await h.ok('DescribeCommitContainerTask', { ...region, 'TaskId.1': String(TaskId) }))
          .CommitTasks as Record<string, unknown>[]
      )[0];
    expect(await task()).toMatchObject({ TaskStatus: 'Running', TaskProgress: '0%', CommitPhaseInfos: [] });
    h.clock.advance(2_000);
    expect(await task()).toMatchObject({
      TaskStatus: 'Running',
      TaskProgress: '33%',
      CommitPhaseInfos: [{ Phase: 'PullBaseImage', Status: 'Success' }],
    });
    h.clock.advance(8_000);
    const done = await task();
    expect(done).toMatchObject({ TaskStatus: 'Succeeded', TaskProgress: '100%', ContainerName: 'app' });
    expect((done.CommitPhaseInfos as { Phase: string }[]).map((p) => p.Phase)).toEqual([
      'PullBaseImage',
      'CommitContainer',
      'PushImage',
    ]);
    expect(done.TaskFinishedTime).toBeDefined();
  });

  it('fails in the push phase for a repository that cannot be pushed to', async () => {
    const id = await runningGroup('commit-fail');
    const { TaskId } = await h.ok(
      'CommitContainer',
      commit(id, { 'Image.Repository': 'registry.cn-hangzhou.aliyuncs.com/team/nonexistent' }),
    );
    h.clock.advance(10_000);
    const body = await h.ok('DescribeCommitContainerTask', { ...region, 'TaskId.1': String(TaskId) });
    const [t] = body.CommitTasks as Record<string, unknown>[];
    expect(t).toMatchObject({ TaskStatus: 'Failed', TaskProgress: '67%' });
    expect((t.CommitPhaseInfos as { Status: string }[]).at(-1)?.Status).toBe('Failed');
  });

  it('filters by group and status and pages with MaxResults / NextToken', async () => {
    const id = await runningGroup('commit-page');
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(String((await h.ok('CommitContainer', commit(id))).TaskId));
    h.clock.advance(10_000);
    await h.ok('CommitContainer', commit(id));
    const first = await h.ok('DescribeCommitContainerTask', {
      ...region,
      ContainerGroupId: id,
      MaxResults: '2',
    });
    expect([first.TotalCount, first.MaxResults, (first.CommitTasks as unknown[]).length]).toEqual([
      4,
      '2',
      2,
    ]);
    const second = await h.ok('DescribeCommitContainerTask', {
      ...region,
      ContainerGroupId: id,
      MaxResults: '2',
      NextToken: String(first.NextToken),
    });
    expect([(second.CommitTasks as unknown[]).length, second.NextToken]).toEqual([2, '']);
    const ok = await h.ok('DescribeCommitContainerTask', {
      ...region,
      ContainerGroupId: id,
      TaskStatus: 'Succeeded',
    });
    expect((ok.CommitTasks as { TaskId: string }[]).map((t) => t.TaskId).sort()).toEqual(ids.sort());
    const running = await h.ok('DescribeCommitContainerTask', {
      ...region,
      ContainerGroupId: id,
      TaskStatus: 'Running',
    });
    expect(running.TotalCount).toBe(1);
    const other = await h.ok('DescribeCommitContainerTask', { ...region, ContainerGroupId: 'eci-other' });
    expect(other.TotalCount).toBe(0);
  });

  it('answers each error with the parameter named', async () => {
    const id = await runningGroup('commit-errors');
    const cases: [Record<string, string>, string, RegExp][] = [
      [commit(id, { ContainerName: 'nope' }), 'InvalidParameter.NotFound', /ContainerName "nope"/],
      [commit(id, { 'Image.Repository': 'docker.io/team/app' }), 'InvalidParameter', /Image.Repository.*ACR/],
      [commit(id, { 'Image.Repository': `${REPO}:v1` }), 'InvalidParameter', /Image.Tag/],
      [commit(id, { 'Image.Tag': '-bad' }), 'InvalidParameter', /Image.Tag/],
      [
        commit(id, { 'Image.Repository': 'walk-registry-vpc.cn-hangzhou.cr.aliyuncs.com/team/app' }),
        'MissingParameter',
        /AcrRegistryInfo.InstanceId/,
      ],
      [{ ...commit(id), 'Image.Tag': '' }, 'MissingParameter', /Image.Tag/],
      [commit('eci-doesnotexist'), 'InvalidParameter.NotFound', /eci-doesnotexist/],
    ];
    for (const [params, code, message] of cases) {
      const [, got, text] = await error('CommitContainer', params);
      expect([got, text]).toEqual([code, expect.stringMatching(message)]);
    }
    await h.ok(
      'CommitContainer',
      commit(id, {
        'Image.Repository': 'walk-registry-vpc.cn-hangzhou.cr.aliyuncs.com/team/app',
        'AcrRegistryInfo.InstanceId': 'cri-walk',
      }),
    );
    const describe = await error('DescribeCommitContainerTask', region);
    expect(describe.slice(0, 2)).toEqual([400, 'MissingParameter']);
    const status = await error('DescribeCommitContainerTask', {
      ...region,
      ContainerGroupId: id,
      TaskStatus: 'Done',
    });
    expect(status.slice(0, 2)).toEqual([400, 'InvalidParameter']);
    const max = await error('DescribeCommitContainerTask', {
      ...region,
      ContainerGroupId: id,
      MaxResults: '51',
    });
    expect(max.slice(0, 2)).toEqual([400, 'InvalidParameter']);
  });

  it('needs the group Running', async () => {
    const id = String((await h.ok('CreateContainerGroup', group('commit-early'))).ContainerGroupId);
    expect((await error('CommitContainer', commit(id))).slice(0, 2)).toEqual([400, 'IncorrectStatus']);
  });
});

describe('CreateInstanceOpsTask and DescribeInstanceOpsRecords', () => {
  const task = (id: string, OpsType: string, OpsValue: string) => ({
    ...region,
    ContainerGroupId: id,
    OpsType,
    OpsValue,
  });
  const records = async (id: string, OpsType: string) =>
    (await h.ok('DescribeInstanceOpsRecords', { ...region, ContainerGroupId: id, OpsType }))
      .Records as Record<string, unknown>[];

  it('coredump enable answers the documented Result and lists a Ready record; disable ends it', async () => {
    const id = await runningGroup('coredump');
    const body = await h.ok('CreateInstanceOpsTask', task(id, 'coredump', 'enable'));
    expect(body.Result).toBe('Coredump settings has been configured successfully.');
    expect(await records(id, 'coredump')).toEqual([
      expect.objectContaining({
        OpsType: 'coredump',
        OpsStatus: 'Ready',
        ResultType: 'OSS',
        ExpireTime: '2099-12-29T15:00:00Z',
      }),
    ]);
    expect(await records(id, 'tcpdump')).toEqual([]);
    const again = await error('CreateInstanceOpsTask', task(id, 'coredump', 'disable'));
    expect(again.slice(0, 2)).toEqual([400, 'Coredump.RefrshIntervalTooShort']);
    h.clock.advance(10_000);
    await h.ok('CreateInstanceOpsTask', task(id, 'coredump', 'disable'));
    expect(await records(id, 'coredump')).toEqual([]);
  });

  it('tcpdump runs until stopped, then its capture is Ready after the upload', async () => {
    const id = await runningGroup('tcpdump');
    await h.ok(
      'CreateInstanceOpsTask',
      task(id, 'tcpdump', '{"Enable":true,"IfDeviceName":"eth0","Protocol":"tcp"}'),
    );
    expect(await records(id, 'tcpdump')).toEqual([expect.objectContaining({ OpsStatus: 'Running' })]);
    expect((await error('CreateInstanceOpsTask', task(id, 'tcpdump', '{"Enable":true}')))[1]).toBe(
      'InvalidParameter',
    );
    h.clock.advance(30_000);
    await h.ok('CreateInstanceOpsTask', task(id, 'tcpdump', '{"Enable":false}'));
    const [uploading] = await records(id, 'tcpdump');
    expect([uploading.OpsStatus, uploading.ResultContent]).toEqual(['Running', undefined]);
    h.clock.advance(3_000);
    const [ready] = await records(id, 'tcpdump');
    expect(ready).toMatchObject({
      OpsStatus: 'Ready',
      ResultType: 'OSS',
      ResultContent: expect.stringMatching(/\.pcap$/),
    });
    h.clock.advance(7 * 24 * 3600_000);
    expect(await records(id, 'tcpdump')).toEqual([]);
  });

  it('answers each error with the parameter named', async () => {
    const id = await runningGroup('ops-errors');
    const cases: [Record<string, string>, number, string, RegExp][] = [
      [task(id, 'strace', 'x'), 400, 'Ops.TypeNotSupport', /strace/],
      [task(id, 'coredump', 'on'), 400, 'InvalidParameter', /OpsValue.*enable or disable/],
      [task(id, 'tcpdump', 'yes'), 400, 'InvalidParameter', /OpsValue.*JSON/],
      [task(id, 'tcpdump', '{"IfDeviceName":"eth0"}'), 400, 'InvalidParameter', /OpsValue.Enable/],
      [
        task(id, 'tcpdump', '{"Enable":true,"Protocol":"sctp"}'),
        400,
        'InvalidParameter',
        /OpsValue.Protocol/,
      ],
      [
        task(id, 'tcpdump', '{"Enable":true,"SourcePort":70000}'),
        400,
        'InvalidParameter',
        /OpsValue.SourcePort/,
      ],
      [task(id, 'tcpdump', '{"Enable":true,"DestIp":"1.2.3"}'), 400, 'InvalidParameter', /OpsValue.DestIp/],
      [
        task(id, 'tcpdump', '{"Enable":true,"SourceCidr":"10.0.0.0/33"}'),
        400,
        'InvalidParameter',
        /OpsValue.SourceCidr/,
      ],
      [task(id, 'tcpdump', '{"Enable":false}'), 400, 'InvalidParameter', /no tcpdump capture/],
      [task('eci-doesnotexist', 'coredump', 'enable'), 404, 'InvalidParameter.NotFound', /eci-doesnotexist/],
      [{ ...region, ContainerGroupId: id, OpsType: 'coredump' }, 400, 'MissingParameter', /OpsValue/],
    ];
    for (const [params, status, code, message] of cases) {
      const [got, gotCode, text] = await error('CreateInstanceOpsTask', params);
      expect([got, gotCode, text]).toEqual([status, code, expect.stringMatching(message)]);
    }
    const describe = await error('DescribeInstanceOpsRecords', {
      ...region,
      ContainerGroupId: id,
      OpsType: 'x',
    });
    expect(describe.slice(0, 2)).toEqual([400, 'Ops.TypeNotSupport']);
    const missing = await error('DescribeInstanceOpsRecords', { ...region, ContainerGroupId: id });
    expect(missing.slice(0, 2)).toEqual([400, 'MissingParameter']);
  });

  it('refuses an ended group (IncorrectStatus) and a tcpdump before the group runs', async () => {
    const exits = {
      RestartPolicy: 'Never' as const,
      Container: [{ Name: 'app', Image: 'busybox:1.36', Command: ['true'] }],
    };
    const ended = await runningGroup('ops-ended', exits);
    expect((await error('CreateInstanceOpsTask', task(ended, 'coredump', 'enable'))).slice(0, 2)).toEqual([
      400,
      'IncorrectStatus',
    ]);
    const early = String((await h.ok('CreateContainerGroup', group('ops-early'))).ContainerGroupId);
    expect(
      (await error('CreateInstanceOpsTask', task(early, 'tcpdump', '{"Enable":true}'))).slice(0, 2),
    ).toEqual([400, 'IncorrectStatus']);
  });
});

describe("a group's commit tasks and O&M records go with the group", () => {
  const tasksOf = async (taskId: string) =>
    (await h.ok('DescribeCommitContainerTask', { ...region, 'TaskId.1': taskId })).CommitTasks;
  const recordsOf = (id: string) =>
    h.call('DescribeInstanceOpsRecords', { ...region, ContainerGroupId: id, OpsType: 'coredump' });

  /** A commit and a coredump record on a running group; answers the commit's TaskId. */
  async function leaveTasks(id: string): Promise<string> {
    const { TaskId } = await h.ok('CommitContainer', {
      ...region,
      ContainerGroupId: id,
      ContainerName: 'app',
      'Image.Repository': REPO,
      'Image.Tag': 'v1',
    });
    await h.ok('CreateInstanceOpsTask', {
      ...region,
      ContainerGroupId: id,
      OpsType: 'coredump',
      OpsValue: 'enable',
    });
    return String(TaskId);
  }

  it('DeleteContainerGroup: its tasks are no longer listed, its records answer as for an unknown group', async () => {
    const deleted = await runningGroup('ops-deleted');
    const kept = await runningGroup('ops-kept');
    const deletedTask = await leaveTasks(deleted);
    const keptTask = await leaveTasks(kept);
    await h.ok('DeleteContainerGroup', { ...region, ContainerGroupId: deleted });
    h.clock.advance(60_000);
    expect(await tasksOf(deletedTask)).toEqual([]);
    const gone = await recordsOf(deleted);
    expect([gone.status, gone.body.Code]).toEqual([404, 'InvalidParameter.NotFound']);
    // The other group's are untouched.
    expect(await tasksOf(keptTask)).toEqual([expect.objectContaining({ TaskStatus: 'Succeeded' })]);
    expect((await recordsOf(kept)).body.Records).toEqual([expect.objectContaining({ OpsStatus: 'Ready' })]);
  });

  it('a group removed at the end of its retention takes them too; until then they are listed', async () => {
    await h.close();
    h = await new Harness({ keepTerminal: 0 }).start();
    const exits = {
      RestartPolicy: 'Never' as const,
      Container: [{ Name: 'app', Image: 'busybox:1.36', Command: ['sh', '-c', 'sleep 30'] }],
    };
    const id = String((await h.ok('CreateContainerGroup', group('ops-retired', exits))).ContainerGroupId);
    h.clock.advance(10_000);
    const taskId = await leaveTasks(id);
    h.clock.advance(60_000);
    const ended = await h.ok('DescribeContainerGroups', {
      ...region,
      ContainerGroupIds: JSON.stringify([id]),
    });
    expect((ended.ContainerGroups as { Status: string }[])[0].Status).toBe('Succeeded');
    expect(await tasksOf(taskId)).toEqual([expect.objectContaining({ TaskStatus: 'Succeeded' })]);
    expect((await recordsOf(id)).body.Records).toHaveLength(1);
    h.clock.advance(3600_000);
    const after = await h.ok('DescribeContainerGroups', {
      ...region,
      ContainerGroupIds: JSON.stringify([id]),
    });
    expect(after.ContainerGroups).toEqual([]);
    expect(await tasksOf(taskId)).toEqual([]);
    expect((await recordsOf(id)).status).toBe(404);
  });
});
