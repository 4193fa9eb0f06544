import { isBackendError } from '../../../providers/backend.js';
import { container, groupOf, makeSimulator, request, shell, statusOf } from './helpers.js';

describe('container group lifecycle', () => {
  it('goes Scheduling → Pending → Running with the kubelet-like events, and records where it landed', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id, RequestId } = await sim.createContainerGroup(request());
    expect(id).toMatch(/^eci-[a-z0-9]{20}$/);
    expect(RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(await statusOf(sim, id)).toBe('Scheduling');
    clock.advance(1000);
    expect(await statusOf(sim, id)).toBe('Pending');
    clock.advance(2000);
    const g = await groupOf(sim, id);
    expect(g.Status).toBe('Running');
    expect(g.ZoneId).toBe('cn-hangzhou-b');
    expect(g.VSwitchId).toBe('vsw-hangzhou-b');
    expect(g.IntranetIp).toMatch(/^192\.168\.\d+\.\d+$/);
    expect(g.CreationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(g.Cpu).toBe(2);
    expect(g.Memory).toBe(4);
    expect(g.Events.map((e) => e.Reason)).toEqual(['Pulling', 'Pulled', 'Created', 'Started']);
    expect(g.Containers[0]).toMatchObject({
      Name: 'app',
      Ready: true,
      RestartCount: 0,
      CurrentState: { State: 'Running' },
    });
    await sim.close();
  });

  it('fails with the exit code of `sh -c "exit 3"` under Never', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ RestartPolicy: 'Never', Container: [shell('exit 3')] }),
    );
    clock.advance(5000);
    const g = await groupOf(sim, id);
    expect(g.Status).toBe('Failed');
    expect(g.FailedTime).toBeDefined();
    expect(g.Containers[0].CurrentState).toMatchObject({ State: 'Terminated', ExitCode: 3, Reason: 'Error' });
    const [record] = await sim.describeContainerGroupStatus({ ContainerGroupIds: [id] });
    expect(record.PodStatus.Phase).toBe('Failed');
    expect(record.PodStatus.ContainerStatuses[0].State.Terminated?.ExitCode).toBe(3);
  });

  it('succeeds after `echo done` and keeps its log', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ RestartPolicy: 'Never', Container: [container({ Command: ['echo', 'done'] })] }),
    );
    clock.advance(5000);
    expect(await statusOf(sim, id)).toBe('Succeeded');
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toBe('done\n');
  });

  it('runs a script in time: sleep delays the exit, and OnFailure does not restart a clean exit', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ RestartPolicy: 'OnFailure', Container: [shell('echo start; sleep 10; echo end')] }),
    );
    clock.advance(3000 + 5000);
    expect(await statusOf(sim, id)).toBe('Running');
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toBe('start\n');
    clock.advance(5000);
    expect(await statusOf(sim, id)).toBe('Succeeded');
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toBe(
      'start\nend\n',
    );
  });

  it('restarts exited containers under Always with growing back-off, RestartCount and BackOff events', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [shell('exit 1')] }),
    );
    clock.advance(3000);
    let g = await groupOf(sim, id);
    expect(g.Status).toBe('Running');
    expect(g.Containers[0].CurrentState).toMatchObject({ State: 'Waiting', Reason: 'CrashLoopBackOff' });
    expect(g.Containers[0].PreviousState).toMatchObject({ State: 'Terminated', ExitCode: 1 });
    expect(g.Containers[0].RestartCount).toBe(0);
    clock.advance(10_000); // first back-off: 10 s
    expect((await groupOf(sim, id)).Containers[0].RestartCount).toBe(1);
    clock.advance(10_000); // second back-off is 20 s: not yet
    expect((await groupOf(sim, id)).Containers[0].RestartCount).toBe(1);
    clock.advance(10_000);
    g = await groupOf(sim, id);
    expect(g.Containers[0].RestartCount).toBe(2);
    expect(g.Events.find((e) => e.Reason === 'BackOff')).toMatchObject({ Type: 'Warning', Count: 3 });
  });

  it('restarts only failures under OnFailure and never under Never', async () => {
    const { sim, clock } = makeSimulator();
    const onFailure = await sim.createContainerGroup(
      request({ RestartPolicy: 'OnFailure', Container: [shell('false')] }),
    );
    clock.advance(20_000);
    expect((await groupOf(sim, onFailure.ContainerGroupId)).Containers[0].RestartCount).toBe(1);
    const never = await sim.createContainerGroup(
      request({ RestartPolicy: 'Never', Container: [shell('false')] }),
    );
    clock.advance(20_000);
    const g = await groupOf(sim, never.ContainerGroupId);
    expect(g.Status).toBe('Failed');
    expect(g.Containers[0].RestartCount).toBe(0);
  });

  it('completes an init container whose work it cannot judge (an entrypoint, an unknown command), not one known to run on', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        InitContainer: [
          container({ Name: 'migrate', Image: 'flyway/flyway:10' }),
          container({
            Name: 'iptables',
            Image: 'istio/proxyv2:1.24.0',
            Arg: ['istio-iptables', '-p', '15001'],
          }),
        ],
        Container: [container()],
      }),
    );
    clock.advance(10_000);
    const group = await groupOf(sim, id);
    expect(group.InitContainers.map((c) => [c.CurrentState.State, c.CurrentState.ExitCode])).toEqual([
      ['Terminated', 0],
      ['Terminated', 0],
    ]);
    expect(group.Status).toBe('Running');

    const { ContainerGroupId: stuck } = await sim.createContainerGroup(
      request({ ContainerGroupName: 'stuck', InitContainer: [shell('sleep infinity', { Name: 'wait' })] }),
    );
    clock.advance(60_000);
    expect((await groupOf(sim, stuck)).InitContainers[0].CurrentState.State).toBe('Running');
  });

  it('runs init containers one by one before the app containers', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        InitContainer: [shell('sleep 5', { Name: 'init-a' }), shell('echo b', { Name: 'init-b' })],
        Container: [container()],
      }),
    );
    clock.advance(3000);
    let [record] = await sim.describeContainerGroupStatus({ ContainerGroupIds: [id] });
    // Init containers' states are in DescribeContainerGroups only, as on ECI.
    let group = await groupOf(sim, id);
    expect(group.InitContainers[0].CurrentState.State).toBe('Running');
    expect(group.InitContainers[1].CurrentState.Reason).toBe('PodInitializing');
    expect(record.PodStatus.ContainerStatuses[0].State.Waiting?.Reason).toBe('PodInitializing');
    expect(record.PodStatus.Conditions.find((c) => c.Type === 'Initialized')?.Status).toBe('False');
    clock.advance(5000); // init-a exits; init-b's image is already present, so it runs and exits at once
    group = await groupOf(sim, id);
    expect(group.InitContainers.map((c) => c.CurrentState.ExitCode)).toEqual([0, 0]);
    expect(group.Status).toBe('Pending');
    clock.advance(2000);
    [record] = await sim.describeContainerGroupStatus({ ContainerGroupIds: [id] });
    expect(record.Status).toBe('Running');
    expect(record.PodStatus.Conditions.find((c) => c.Type === 'Initialized')?.Status).toBe('True');
    const [{ Events }] = await sim.describeContainerGroupEvents({ ContainerGroupIds: [id] });
    const started = Events.filter((e) => e.Reason === 'Started').map((e) => e.Name);
    expect(started).toEqual(['init-a', 'init-b', 'app']);
  });

  it('makes a container Ready only after its readiness probe initial delay', async () => {
    const { sim, clock } = makeSimulator();
    const probe = { HttpGet: { Port: 80 }, InitialDelaySeconds: 10 };
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [container({ ReadinessProbe: probe })] }),
    );
    clock.advance(3000);
    let [record] = await sim.describeContainerGroupStatus({ ContainerGroupIds: [id] });
    expect(record.PodStatus.ContainerStatuses[0]).toMatchObject({ Ready: false, Started: true });
    expect(record.PodStatus.Conditions.find((c) => c.Type === 'Ready')?.Status).toBe('False');
    clock.advance(10_000);
    [record] = await sim.describeContainerGroupStatus({ ContainerGroupIds: [id] });
    expect(record.PodStatus.ContainerStatuses[0].Ready).toBe(true);
    expect(record.PodStatus.Conditions.find((c) => c.Type === 'Ready')?.Status).toBe('True');
  });

  it('reports ErrImagePull then ImagePullBackOff for an image that does not exist', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [container({ Image: 'registry.example.com/does-not-exist:1' })] }),
    );
    clock.advance(3000);
    let g = await groupOf(sim, id);
    expect(g.Containers[0].CurrentState).toMatchObject({ State: 'Waiting', Reason: 'ErrImagePull' });
    expect(g.Events.some((e) => e.Reason === 'Failed' && e.Type === 'Warning')).toBe(true);
    clock.advance(1000);
    g = await groupOf(sim, id);
    expect(g.Status).toBe('Pending');
    expect(g.Containers[0].CurrentState).toMatchObject({ State: 'Waiting', Reason: 'ImagePullBackOff' });
  });

  it('deletes: unknown ID is NotFound; a running group goes through Terminating, then is gone', async () => {
    const { sim, clock } = makeSimulator();
    await expect(sim.deleteContainerGroup('eci-00000000000000000000')).rejects.toMatchObject({
      kind: 'NotFound',
      code: 'InvalidParameter.NotFound',
    });
    const { ContainerGroupId: id } = await sim.createContainerGroup(request());
    clock.advance(3000);
    await sim.deleteContainerGroup(id);
    expect(await statusOf(sim, id)).toBe('Terminating');
    clock.advance(2000);
    expect(await statusOf(sim, id)).toBeUndefined();
    const err = await sim.deleteContainerGroup(id).catch((e: unknown) => e);
    expect(isBackendError(err, 'NotFound')).toBe(true);
  });

  it('deletes a group that has not started at once', async () => {
    const { sim } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(request());
    await sim.deleteContainerGroup(id);
    expect(await statusOf(sim, id)).toBeUndefined();
  });

  it('keeps terminal groups for the retention time, then only the newest past it', async () => {
    const { sim, clock } = makeSimulator({ keepTerminal: 1 });
    const done = (name: string) =>
      sim.createContainerGroup(
        request({ ContainerGroupName: name, RestartPolicy: 'Never', Container: [shell('true')] }),
      );
    const first = await done('job-1');
    clock.advance(60_000);
    const second = await done('job-2');
    clock.advance(3600_000 - 60_000);
    expect(await statusOf(sim, first.ContainerGroupId)).toBe('Succeeded');
    clock.advance(10_000); // first is past 1 h and the only one: kept (newest 1)
    expect(await statusOf(sim, first.ContainerGroupId)).toBe('Succeeded');
    clock.advance(60_000); // second passes 1 h: only the newest one remains
    expect(await statusOf(sim, first.ContainerGroupId)).toBeUndefined();
    expect(await statusOf(sim, second.ContainerGroupId)).toBe('Succeeded');
  });

  it('close() clears every timer', async () => {
    const { sim, clock } = makeSimulator();
    await sim.createContainerGroup(request());
    expect(clock.pendingTimers).toBeGreaterThan(0);
    await sim.close();
    expect(clock.pendingTimers).toBe(0);
  });
});
