import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EciSimulator, ManualClock } from '../../../providers/simulator/index.js';
import { request, shell } from './helpers.js';

const REPO = 'registry-vpc.cn-hangzhou.aliyuncs.com/team/app';

/** A simulator on `clock` that saves to `stateFile`, with a running group `server` (after 60 s). */
async function withRunningGroup(clock: ManualClock, stateFile: string) {
  const sim = new EciSimulator({ clock, speed: 1, jitter: 0, stateFile });
  const { ContainerGroupId: id } = await sim.createContainerGroup(request({ ContainerGroupName: 'server' }));
  clock.advance(60_000);
  return { sim, id };
}

describe('state file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'eci-sim-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps groups, their progress and ClientTokens across a restart', async () => {
    const stateFile = join(dir, 'state', 'eci.json');
    const clock = new ManualClock();
    const first = new EciSimulator({ clock, speed: 1, jitter: 0, stateFile });
    const running = await first.createContainerGroup(
      request({ ClientToken: 'tok', ContainerGroupName: 'server' }),
    );
    const job = await first.createContainerGroup(
      request({
        ContainerGroupName: 'job',
        RestartPolicy: 'Never',
        Container: [shell('echo hi; sleep 30; exit 4')],
      }),
    );
    clock.advance(5000);
    await first.close();

    const second = new EciSimulator({ clock, speed: 1, jitter: 0, stateFile });
    const groups = await second.describeContainerGroups({});
    expect(groups.map((g) => [g.ContainerGroupName, g.Status])).toEqual([
      ['server', 'Running'],
      ['job', 'Running'],
    ]);
    expect(
      await second.describeContainerLog({ ContainerGroupId: job.ContainerGroupId, ContainerName: 'app' }),
    ).toBe('hi\n');
    const again = await second.createContainerGroup(request({ ClientToken: 'tok' }));
    expect(again.ContainerGroupId).toBe(running.ContainerGroupId);
    clock.advance(30_000); // the restored queue carries on: the job exits as scheduled
    const [done] = await second.describeContainerGroups({ ContainerGroupIds: [job.ContainerGroupId] });
    expect(done.Status).toBe('Failed');
    expect(done.Containers[0].CurrentState.ExitCode).toBe(4);
    await second.close();
  });

  it('saves in the background after changes (debounced)', async () => {
    const stateFile = join(dir, 'eci.json');
    const clock = new ManualClock();
    const sim = new EciSimulator({ clock, stateFile });
    await sim.createContainerGroup(request());
    await clock.advanceAsync(1000);
    await new Promise((r) => setTimeout(r, 50));
    const reloaded = new EciSimulator({ clock, stateFile });
    expect(await reloaded.describeContainerGroups({})).toHaveLength(1);
    await sim.close();
    await reloaded.close();
  });

  it('keeps commit tasks and O&M records across a restart: they carry on on the clock', async () => {
    const stateFile = join(dir, 'eci.json');
    const clock = new ManualClock();
    const { sim: first, id } = await withRunningGroup(clock, stateFile);
    const { TaskId } = await first.ops.commit({
      ContainerGroupId: id,
      ContainerName: 'app',
      Repository: REPO,
      Tag: 'v1',
    });
    const ops = (OpsType: string, OpsValue: string) => ({ ContainerGroupId: id, OpsType, OpsValue });
    await first.ops.createOpsTask(ops('coredump', 'enable'));
    await first.ops.createOpsTask(ops('tcpdump', '{"Enable":true}'));
    await first.close();

    const second = new EciSimulator({ clock, speed: 1, jitter: 0, stateFile });
    const [task] = await second.ops.describeCommitTasks({ TaskIds: [TaskId] });
    expect(task).toMatchObject({ TaskId, ContainerGroupId: id, TaskStatus: 'Running' });
    expect(await second.ops.describeOpsRecords(id, 'coredump')).toEqual([
      expect.objectContaining({ OpsStatus: 'Ready', ExpireTime: '2099-12-29T15:00:00Z' }),
    ]);
    expect(await second.ops.describeOpsRecords(id, 'tcpdump')).toEqual([
      expect.objectContaining({ OpsStatus: 'Running' }),
    ]);
    // The last coredump setting's time came back too: another one this soon is refused.
    await expect(second.ops.createOpsTask(ops('coredump', 'disable'))).rejects.toMatchObject({
      code: 'Coredump.RefrshIntervalTooShort',
    });
    // The running capture came back: it can be stopped, and its file is Ready after the upload.
    await second.ops.createOpsTask(ops('tcpdump', '{"Enable":false}'));
    clock.advance(10_000);
    expect((await second.ops.describeCommitTasks({ TaskIds: [TaskId] }))[0].TaskStatus).toBe('Succeeded');
    expect(await second.ops.describeOpsRecords(id, 'tcpdump')).toEqual([
      expect.objectContaining({ OpsStatus: 'Ready', ResultType: 'OSS' }),
    ]);
    await second.close();
  });

  it("saves nothing of a deleted group's commit tasks and O&M records", async () => {
    const stateFile = join(dir, 'eci.json');
    const clock = new ManualClock();
    const { sim, id } = await withRunningGroup(clock, stateFile);
    await sim.ops.commit({ ContainerGroupId: id, ContainerName: 'app', Repository: REPO, Tag: 'v1' });
    await sim.ops.createOpsTask({ ContainerGroupId: id, OpsType: 'coredump', OpsValue: 'enable' });
    await sim.deleteContainerGroup(id);
    clock.advance(60_000);
    await sim.close();
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    expect([saved.groups, saved.commitTasks, saved.instanceOps]).toEqual([[], [], []]);
  });

  it('loads a state file written before commit tasks and O&M records were saved', async () => {
    const stateFile = join(dir, 'eci.json');
    const clock = new ManualClock();
    const { sim, id } = await withRunningGroup(clock, stateFile);
    await sim.close();
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    delete saved.commitTasks;
    delete saved.instanceOps;
    writeFileSync(stateFile, JSON.stringify(saved));

    const reloaded = new EciSimulator({ clock, speed: 1, jitter: 0, stateFile });
    expect(await reloaded.ops.describeCommitTasks({ ContainerGroupId: id })).toEqual([]);
    expect(await reloaded.ops.describeOpsRecords(id, 'coredump')).toEqual([]);
    await reloaded.ops.createOpsTask({ ContainerGroupId: id, OpsType: 'coredump', OpsValue: 'enable' });
    expect(await reloaded.ops.describeOpsRecords(id, 'coredump')).toHaveLength(1);
    await reloaded.close();
  });
});
