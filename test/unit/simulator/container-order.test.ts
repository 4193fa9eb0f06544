import type { EnvironmentVar } from '../../../providers/eci-api/index.js';
import { container, groupOf, makeSimulator, request, shell } from './helpers.js';

const env = (vars: Record<string, string>): EnvironmentVar[] =>
  Object.entries(vars).map(([Key, Value]) => ({ Key, Value }));

const state = (g: Awaited<ReturnType<typeof groupOf>>, name: string) =>
  g.Containers.find((c) => c.Name === name)?.CurrentState;

describe('ECI_CONTAINER_LAUNCH_PRIORITY', () => {
  it('starts the lower priority only once the higher one passes its readiness probe', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          container({ Name: 'app' }),
          container({
            Name: 'proxy',
            Image: 'envoy:1.31',
            EnvironmentVar: env({ ECI_CONTAINER_LAUNCH_PRIORITY: '1000' }),
            ReadinessProbe: { InitialDelaySeconds: 10, Exec: { Command: ['true'] } },
          }),
        ],
      }),
    );
    clock.advance(5000); // scheduled (1 s), proxy pulled (2 s): running, not Ready
    let g = await groupOf(sim, id);
    expect(state(g, 'proxy')?.State).toBe('Running');
    expect(state(g, 'app')?.State).toBe('Waiting');
    expect(g.Status).toBe('Pending');
    clock.advance(10_000); // proxy Ready at 13 s: app pulled and running by 15 s
    g = await groupOf(sim, id);
    expect(state(g, 'app')?.State).toBe('Running');
    expect(g.Status).toBe('Running');
    const started = (name: string) => Date.parse(state(g, name)?.StartTime ?? '');
    expect(started('app') - started('proxy')).toBeGreaterThanOrEqual(10_000);
  });

  it('without a readiness probe, starts the lower priority once the higher one runs', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          container({ Name: 'app', EnvironmentVar: env({ ECI_CONTAINER_LAUNCH_PRIORITY: '-5' }) }),
          container({ Name: 'log', Image: 'fluent-bit:3' }),
        ],
      }),
    );
    clock.advance(3500); // log pulled and running at 3 s; app's pull begins then
    let g = await groupOf(sim, id);
    expect(state(g, 'log')?.State).toBe('Running');
    expect(state(g, 'app')?.State).toBe('Waiting');
    clock.advance(2000);
    g = await groupOf(sim, id);
    expect(state(g, 'app')?.State).toBe('Running');
  });

  it('reads a value out of range, or not a number, as 0: the containers start together', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          container({ Name: 'a', EnvironmentVar: env({ ECI_CONTAINER_LAUNCH_PRIORITY: '2000' }) }),
          container({
            Name: 'b',
            Image: 'redis:7',
            EnvironmentVar: env({ ECI_CONTAINER_LAUNCH_PRIORITY: 'x' }),
          }),
        ],
      }),
    );
    clock.advance(3500);
    const g = await groupOf(sim, id);
    expect([state(g, 'a')?.State, state(g, 'b')?.State]).toEqual(['Running', 'Running']);
  });
});

describe('ECI_CONTAINER_EXIT_PRIORITY', () => {
  it('stops the higher priority first, the lower once it has stopped', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          container({ Name: 'app', EnvironmentVar: env({ ECI_CONTAINER_EXIT_PRIORITY: '10' }) }),
          container({ Name: 'proxy', Image: 'envoy:1.31' }),
        ],
      }),
    );
    clock.advance(5000);
    await sim.deleteContainerGroup(id);
    let g = await groupOf(sim, id);
    expect(g.Status).toBe('Terminating');
    expect(g.Events.filter((e) => e.Reason === 'Killing').map((e) => e.Name)).toEqual(['app']);
    clock.advance(2000); // app stopped (2 s): proxy is stopping now
    g = await groupOf(sim, id);
    expect(state(g, 'app')).toMatchObject({ State: 'Terminated', ExitCode: 137 });
    expect(state(g, 'proxy')?.State).toBe('Running');
    expect(g.Events.filter((e) => e.Reason === 'Killing').map((e) => e.Name)).toEqual(['app', 'proxy']);
    clock.advance(2000);
    await expect(sim.describeContainerGroups({ ContainerGroupIds: [id] })).resolves.toEqual([]);
  });
});

describe('ECI_CONTAINER_TYPE=sidecar', () => {
  /** A 5 s job beside a looping agent with these variables, as it is 10 s on. */
  async function jobBeside(vars: Record<string, string>, RestartPolicy: 'Never' | 'Always' = 'Never') {
    const { sim, clock } = makeSimulator();
    const agent = shell('while true; do echo tick; sleep 1; done', {
      Name: 'agent',
      EnvironmentVar: env(vars),
    });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ RestartPolicy, Container: [shell('sleep 5', { Name: 'job' }), agent] }),
    );
    clock.advance(10_000);
    return groupOf(sim, id);
  }

  it('stops the sidecar once the other containers ended for good; its exit code ignored, the group Succeeded', async () => {
    const g = await jobBeside({ ECI_CONTAINER_TYPE: 'sidecar', ECI_CONTAINER_IGNORE_EXIT_CODE: 'true' });
    expect(g.Status).toBe('Succeeded');
    expect(state(g, 'job')).toMatchObject({ State: 'Terminated', ExitCode: 0 });
    expect(state(g, 'agent')).toMatchObject({
      State: 'Terminated',
      ExitCode: 0,
      Reason: 'Completed',
      Message: 'ExitCode: 137, Reason: Error',
    });
  });

  it('without ECI_CONTAINER_IGNORE_EXIT_CODE the stopped sidecar fails the group', async () => {
    const g = await jobBeside({ ECI_CONTAINER_TYPE: 'sidecar' });
    expect(g.Status).toBe('Failed');
    expect(state(g, 'agent')).toMatchObject({ State: 'Terminated', ExitCode: 137 });
  });

  it('a container not marked sidecar keeps the group Running after the job ends', async () => {
    const g = await jobBeside({ ECI_CONTAINER_IGNORE_EXIT_CODE: 'true' });
    expect(g.Status).toBe('Running');
    expect(state(g, 'agent')?.State).toBe('Running');
  });

  it('under Always the sidecar runs on beside containers that restart', async () => {
    const g = await jobBeside({ ECI_CONTAINER_TYPE: 'sidecar' }, 'Always');
    expect(g.Status).toBe('Running');
    expect(state(g, 'agent')?.State).toBe('Running');
  });
});
