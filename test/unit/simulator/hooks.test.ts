import type { Container } from '../../../providers/eci-api/index.js';
import {
  APP_CONF_MOUNT,
  APP_CONF_VOLUME,
  container,
  groupOf,
  makeSimulator,
  request,
  statusOf,
  UNSERVED_9000_SIDECAR,
} from './helpers.js';

/** The app container runs a server (the image's entrypoint) with the given hooks. */
const hooked = (hooks: Partial<Container>): Container => container(hooks);

async function events(sim: ReturnType<typeof makeSimulator>['sim'], id: string) {
  return (await groupOf(sim, id)).Events;
}

describe('PostStart hooks', () => {
  it('reports a failing exec hook, kills the container and restarts it under Always', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [hooked({ LifecyclePostStartHandlerExec: ['sh', '-c', 'exit 3'] })] }),
    );
    clock.advance(3000); // started, and the hook fails at once
    let g = await groupOf(sim, id);
    const failed = g.Events.find((e) => e.Reason === 'FailedPostStartHook');
    // The kubelet's words: the hook's output stays out of events, as it may hold secrets.
    expect(failed).toMatchObject({ Type: 'Warning', Name: 'app', Message: 'PostStartHook failed' });
    expect(g.Events.find((e) => e.Reason === 'Killing')).toMatchObject({
      Type: 'Normal',
      Message: 'FailedPostStartHook',
    });
    expect(g.Containers[0]).toMatchObject({
      Ready: false,
      RestartCount: 0,
      CurrentState: { State: 'Waiting', Reason: 'CrashLoopBackOff' },
      PreviousState: { State: 'Terminated', ExitCode: 137 },
    });
    clock.advance(10_000); // first back-off: it starts again, and fails again
    expect((await groupOf(sim, id)).Containers[0].RestartCount).toBe(1);
    clock.advance(20_000);
    g = await groupOf(sim, id);
    expect(g.Containers[0].RestartCount).toBe(2);
    expect(g.Events.find((e) => e.Reason === 'FailedPostStartHook')?.Count).toBe(3);
  });

  it('ends the group Failed under Never', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        RestartPolicy: 'Never',
        Container: [hooked({ LifecyclePostStartHandlerExec: ['sh', '-c', 'exit 3'] })],
      }),
    );
    clock.advance(3000);
    const g = await groupOf(sim, id);
    expect(g.Status).toBe('Failed');
    expect(g.Containers[0]).toMatchObject({
      RestartCount: 0,
      CurrentState: { State: 'Terminated', ExitCode: 137 },
    });
    expect(g.Events.some((e) => e.Reason === 'FailedPostStartHook')).toBe(true);
  });

  it('keeps the container unready while a hook runs, then Ready with no warning when it succeeds', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Volume: [APP_CONF_VOLUME],
        Container: [
          hooked({
            VolumeMount: [APP_CONF_MOUNT],
            LifecyclePostStartHandlerExec: ['sh', '-c', 'sleep 2; test -f /etc/app/app.conf'],
          }),
        ],
      }),
    );
    clock.advance(3000);
    let g = await groupOf(sim, id);
    expect(g.Status).toBe('Running');
    expect(g.Containers[0]).toMatchObject({ Ready: false, CurrentState: { State: 'Running' } });
    clock.advance(2000);
    g = await groupOf(sim, id);
    expect(g.Containers[0]).toMatchObject({
      Ready: true,
      RestartCount: 0,
      CurrentState: { State: 'Running' },
    });
    const [record] = await sim.describeContainerGroupStatus({ ContainerGroupIds: [id] });
    expect(record.PodStatus.Conditions.find((c) => c.Type === 'Ready')?.Status).toBe('True');
    expect(g.Events.filter((e) => e.Type === 'Warning')).toEqual([]);
  });

  it('fails an exec hook reading a file its ConfigFile mount lacks', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        RestartPolicy: 'Never',
        Volume: [APP_CONF_VOLUME],
        Container: [
          hooked({
            VolumeMount: [APP_CONF_MOUNT],
            LifecyclePostStartHandlerExec: ['cat', '/etc/app/missing.conf'],
          }),
        ],
      }),
    );
    clock.advance(3000);
    expect(await statusOf(sim, id)).toBe('Failed');
    expect((await events(sim, id)).some((e) => e.Reason === 'FailedPostStartHook')).toBe(true);
  });

  // A script from the image or a file the container wrote: the simulator cannot know, ECI may run it.
  it.each([
    ['a command it does not interpret', ['/opt/app/post-start.sh']],
    ['a file outside the ConfigFile mounts', ['sh', '-c', 'test -f /tmp/ready']],
    ['a script from the image after a sleep', ['sh', '-c', 'sleep 1; /opt/app/warm-up --wait']],
  ])('lets %s pass at once', async (_what, command) => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ RestartPolicy: 'Never', Container: [hooked({ LifecyclePostStartHandlerExec: command })] }),
    );
    clock.advance(3000);
    const g = await groupOf(sim, id);
    expect(g.Containers[0]).toMatchObject({ Ready: true, CurrentState: { State: 'Running' } });
    expect(g.Events.filter((e) => e.Type === 'Warning')).toEqual([]);
  });

  it('fails an HttpGet hook to a port that nothing running in the group serves', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          hooked({
            LifecyclePostStartHandlerHttpGetPort: 9000,
            LifecyclePostStartHandlerHttpGetPath: '/ready',
          }),
          UNSERVED_9000_SIDECAR,
        ],
      }),
    );
    clock.advance(3000);
    const g = await groupOf(sim, id);
    const failed = g.Events.find((e) => e.Reason === 'FailedPostStartHook');
    expect(failed).toMatchObject({ Type: 'Warning', Name: 'app', Message: 'PostStartHook failed' });
    expect(g.Containers.find((c) => c.Name === 'app')?.CurrentState.Reason).toBe('CrashLoopBackOff');
  });

  it('passes HttpGet and TcpSocket hooks to a port a running container of the group serves', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          hooked({ Port: [{ Port: 8080 }], LifecyclePostStartHandlerHttpGetPort: 8080 }),
          container({ Name: 'sidecar', LifecyclePostStartHandlerTcpSocketPort: 8080 }),
        ],
      }),
    );
    clock.advance(3000);
    const g = await groupOf(sim, id);
    expect(g.Containers.map((c) => c.Ready)).toEqual([true, true]);
    expect(g.Events.filter((e) => e.Type === 'Warning')).toEqual([]);
  });
});

describe('PreStop hooks', () => {
  it('holds the stop for as long as an exec hook runs: `sleep 5` keeps the group 5 s longer', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          hooked({ LifecyclePreStopHandlerExec: ['sleep', '5'] }),
          container({ Name: 'sidecar', Image: 'busybox:1.36' }),
        ],
      }),
    );
    clock.advance(3000);
    await sim.deleteContainerGroup(id);
    expect(await statusOf(sim, id)).toBe('Terminating');
    clock.advance(2000); // a group without hooks would be gone now; the sidecar has stopped
    let g = await groupOf(sim, id);
    expect(g.Status).toBe('Terminating');
    expect(g.Containers.map((c) => [c.Name, c.CurrentState.State])).toEqual([
      ['app', 'Running'],
      ['sidecar', 'Terminated'],
    ]);
    clock.advance(4900);
    g = await groupOf(sim, id);
    expect(g.Status).toBe('Terminating');
    expect(g.Events.filter((e) => e.Reason === 'Killing').map((e) => e.Name)).toEqual(['app', 'sidecar']);
    clock.advance(100); // 5 s of hook + the usual 2 s of stopping
    expect(await statusOf(sim, id)).toBeUndefined();
  });

  it('cuts a hook longer than the grace period at the grace period', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        TerminationGracePeriodSeconds: 10,
        Container: [hooked({ LifecyclePreStopHandlerExec: ['sh', '-c', 'sleep 60'] })],
      }),
    );
    const forever = await sim.createContainerGroup(
      request({
        ContainerGroupName: 'web-2',
        Container: [hooked({ LifecyclePreStopHandlerExec: ['sleep', 'infinity'] })],
      }),
    );
    clock.advance(3000);
    await sim.deleteContainerGroup(id);
    await sim.deleteContainerGroup(forever.ContainerGroupId);
    clock.advance(11_900);
    expect(await statusOf(sim, id)).toBe('Terminating');
    clock.advance(100); // 10 s of grace + 2 s of stopping, not 60 s
    expect(await statusOf(sim, id)).toBeUndefined();
    expect(await statusOf(sim, forever.ContainerGroupId)).toBe('Terminating');
    clock.advance(20_000); // the default grace period: 30 s
    expect(await statusOf(sim, forever.ContainerGroupId)).toBeUndefined();
  });

  it('reports a failing hook as FailedPreStopHook and goes on terminating', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [hooked({ LifecyclePreStopHandlerExec: ['sh', '-c', 'echo draining; exit 1'] })],
      }),
    );
    clock.advance(3000);
    await sim.deleteContainerGroup(id);
    clock.advance(1000);
    const failed = (await events(sim, id)).find((e) => e.Reason === 'FailedPreStopHook');
    expect(failed).toMatchObject({ Type: 'Warning', Name: 'app', Message: 'PreStopHook failed' });
    clock.advance(1000);
    expect(await statusOf(sim, id)).toBeUndefined();
  });

  it('skips the hook with a zero grace period, and takes no time at speed 0', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        TerminationGracePeriodSeconds: 0,
        Container: [hooked({ LifecyclePreStopHandlerExec: ['sh', '-c', 'sleep 5; exit 1'] })],
      }),
    );
    clock.advance(3000);
    await sim.deleteContainerGroup(id);
    clock.advance(2000);
    expect(await statusOf(sim, id)).toBeUndefined();

    const fast = makeSimulator({ speed: 0 });
    const created = await fast.sim.createContainerGroup(
      request({ Container: [hooked({ LifecyclePreStopHandlerExec: ['sleep', '5'] })] }),
    );
    fast.clock.advance(0);
    expect(await statusOf(fast.sim, created.ContainerGroupId)).toBe('Running');
    await fast.sim.deleteContainerGroup(created.ContainerGroupId);
    fast.clock.advance(0);
    expect(await statusOf(fast.sim, created.ContainerGroupId)).toBeUndefined();
  });
});
