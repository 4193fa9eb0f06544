import type { Volume } from '../../../providers/eci-api/index.js';
import { container, groupOf, makeSimulator, request, shell } from './helpers.js';

const WORK: Volume = { Name: 'work', Type: 'EmptyDirVolume', EmptyDirVolume: {} };
const mount = (MountPath = '/work', ReadOnly?: boolean) => ({
  VolumeMount: [{ Name: 'work', MountPath, ReadOnly }],
});

describe('emptyDir volumes the containers of a group share', () => {
  it("an init container's rendered file is the app's to read", async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Volume: [WORK],
        InitContainer: [
          shell("echo 'listen 8080' > /work/app.conf; echo 'workers 4' >> /work/app.conf", {
            Name: 'render',
            ...mount(),
          }),
        ],
        Container: [shell('cat /etc/app/app.conf && sleep infinity', { ...mount('/etc/app') })],
      }),
    );
    clock.advance(10_000);
    const g = await groupOf(sim, id);
    expect(g.Status).toBe('Running');
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toBe(
      'listen 8080\nworkers 4\n',
    );
  });

  it("what kubectl cp puts into one container's emptyDir, another container mounting it sees", async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Volume: [WORK],
        Container: [
          container({ Name: 'a', ...mount() }),
          container({ Name: 'b', Image: 'redis:7', ...mount('/data') }),
        ],
      }),
    );
    clock.advance(5000);
    const exec = (name: string, ...Command: string[]) =>
      sim.execContainerCommand({ ContainerGroupId: id, ContainerName: name, Command });
    await exec('a', 'sh', '-c', 'echo seeded > /work/seed.txt; echo private > /tmp/own.txt');
    expect(await exec('b', 'cat', '/data/seed.txt')).toBe('seeded\n');
    expect(await exec('b', 'ls', '/data')).toBe('seed.txt\n');
    // The container's own files stay its own.
    expect(await exec('b', 'sh', '-c', 'test -f /tmp/own.txt || echo absent')).toBe('absent\n');
  });

  it('a read-only mount writes nothing', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Volume: [WORK],
        Container: [
          shell('echo x > /work/f; sleep infinity', { Name: 'ro', ...mount('/work', true) }),
          shell('cat /work/f; sleep infinity', { Name: 'reader', Image: 'alpine:3', ...mount() }),
        ],
      }),
    );
    clock.advance(10_000);
    const log = await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'reader' });
    expect(log.split('\n')).not.toContain('x');
  });

  it('a file no process it interprets wrote is unknown, not missing: the reader runs on; under a ConfigFile mount it is missing', async () => {
    const { sim, clock } = makeSimulator();
    const conf: Volume = {
      Name: 'conf',
      Type: 'ConfigFileVolume',
      ConfigFileVolume: {
        ConfigFileToPath: [{ Path: 'a.conf', Content: Buffer.from('a').toString('base64') }],
      },
    };
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Volume: [WORK, conf],
        // What the agent writes (vault agent, envsubst), the simulator does not know.
        InitContainer: [
          container({
            Name: 'agent',
            Image: 'vault:1.17',
            Arg: ['agent', '-config=/etc/agent.hcl'],
            ...mount(),
          }),
        ],
        Container: [
          shell('cat /work/secrets.env && sleep infinity', { Name: 'app', ...mount() }),
          shell('cat /etc/conf/b.conf', {
            Name: 'strict',
            Image: 'alpine:3',
            VolumeMount: [{ Name: 'conf', MountPath: '/etc/conf' }],
          }),
        ],
      }),
    );
    clock.advance(15_000);
    const g = await groupOf(sim, id);
    expect(g.Containers.find((c) => c.Name === 'app')?.CurrentState.State).toBe('Running');
    expect(g.Containers.find((c) => c.Name === 'strict')?.PreviousState).toMatchObject({ ExitCode: 1 });
  });

  it('a container waiting for a file another writes goes on when it appears (a Job whose sidecar stops on a done file)', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        RestartPolicy: 'Never',
        Volume: [WORK],
        Container: [
          shell('echo working; sleep 3; echo done; touch /work/done', { Name: 'main', ...mount() }),
          shell('echo proxy up; until [ -f /work/done ]; do sleep 1; done; echo proxy exiting', {
            Name: 'proxy',
            ...mount(),
          }),
        ],
      }),
    );
    clock.advance(3000 + 2000); // both started at 3 s; main writes the file at 6 s
    expect((await groupOf(sim, id)).Status).toBe('Running');
    clock.advance(5000);
    const g = await groupOf(sim, id);
    expect(g.Status).toBe('Succeeded');
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'proxy' })).toBe(
      'proxy up\nproxy exiting\n',
    );
    // It stopped within its 1 s poll of the file's appearance, not at once and not never.
    const proxy = g.Containers.find((c) => c.Name === 'proxy');
    const main = g.Containers.find((c) => c.Name === 'main');
    const finished = (c: typeof proxy) => Date.parse(c?.CurrentState.FinishTime ?? '');
    expect(finished(proxy) - finished(main)).toBeGreaterThanOrEqual(0);
    expect(finished(proxy) - finished(main)).toBeLessThanOrEqual(1000);
  });

  it('a script waiting on `[ ! -f FILE ]` goes on once kubectl exec creates it', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Volume: [WORK],
        Container: [
          shell('while [ ! -f /work/go ]; do sleep 2; done; echo started; exec sleep 3600', { ...mount() }),
        ],
      }),
    );
    clock.advance(10_000);
    const log = () => sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' });
    expect(await log()).toBe('');
    await sim.execContainerCommand({
      ContainerGroupId: id,
      ContainerName: 'app',
      Command: ['touch', '/work/go'],
    });
    clock.advance(2000);
    expect(await log()).toBe('started\n');
  });
});
