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
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'reader' })).not.toContain(
      'x',
    );
  });
});
