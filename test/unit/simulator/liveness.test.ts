import type { Container, Probe } from '../../../providers/eci-api/index.js';
import type { EciSimulator } from '../../../providers/simulator/index.js';
import {
  APP_CONF_MOUNT,
  APP_CONF_VOLUME,
  container,
  execIn,
  groupOf,
  makeSimulator,
  request,
  shell,
  UNSERVED_9000_SIDECAR,
} from './helpers.js';

/** The app container (the image's entrypoint: a server) with a liveness probe. */
const live = (probe: Probe, overrides: Partial<Container> = {}): Container =>
  container({ LivenessProbe: probe, ...overrides });

async function app(sim: EciSimulator, id: string) {
  const g = await groupOf(sim, id);
  const c = g.Containers.find((x) => x.Name === 'app');
  if (!c) throw new Error('no app container');
  const event = (reason: string) => g.Events.find((e) => e.Reason === reason && e.Name === 'app');
  return { g, c, unhealthy: event('Unhealthy'), killing: event('Killing') };
}

describe('liveness probes', () => {
  it('kills and restarts a container whose HttpGet probe reaches a port nothing running serves', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        // Kubernetes' defaults: a probe every 10 s, killed at the 3rd failure in a row.
        Container: [
          live({ HttpGet: { Port: 9000, Path: '/healthz' }, InitialDelaySeconds: 5 }),
          UNSERVED_9000_SIDECAR,
        ],
      }),
    );
    clock.advance(3000); // app started; probes at 8 s, 18 s, 28 s
    clock.advance(24_999);
    let s = await app(sim, id);
    expect(s.c.CurrentState.State).toBe('Running');
    expect(s.unhealthy?.Count).toBe(2);
    expect(s.killing).toBeUndefined();
    clock.advance(1);
    s = await app(sim, id);
    const ip = s.g.IntranetIp;
    // The kubelet's words: what a connection to the pod's address says, nothing from the app.
    expect(s.unhealthy).toMatchObject({
      Type: 'Warning',
      Count: 3,
      Message: `Liveness probe failed: Get "http://${ip}:9000/healthz": dial tcp ${ip}:9000: connect: connection refused`,
    });
    expect(s.killing).toMatchObject({
      Type: 'Normal',
      Message: 'Container app failed liveness probe, will be restarted',
    });
    expect(s.c).toMatchObject({
      Ready: false,
      RestartCount: 0,
      CurrentState: { State: 'Waiting', Reason: 'CrashLoopBackOff' },
      PreviousState: { State: 'Terminated', ExitCode: 137 },
    });
    clock.advance(10_000); // first back-off: it starts again at 38 s, is killed at 63 s
    expect((await app(sim, id)).c).toMatchObject({ RestartCount: 1, CurrentState: { State: 'Running' } });
    clock.advance(25_000 + 20_000); // killed again, then the second back-off
    s = await app(sim, id);
    expect(s.c).toMatchObject({ RestartCount: 2, CurrentState: { State: 'Running' } });
    expect([s.unhealthy?.Count, s.killing?.Count]).toEqual([6, 2]);
  });

  it('ends the group Failed under Never, a TcpSocket probe failing once the sidecar serving it exited', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        RestartPolicy: 'Never',
        Container: [
          live({ TcpSocket: { Port: 9000 }, InitialDelaySeconds: 5, PeriodSeconds: 5, FailureThreshold: 2 }),
          shell('exit 0', { Name: 'sidecar', Port: [{ Port: 9000 }] }),
        ],
      }),
    );
    clock.advance(3000 + 9999); // started at 3 s; probes at 8 s and 13 s
    expect((await groupOf(sim, id)).Status).toBe('Running');
    clock.advance(1);
    const s = await app(sim, id);
    expect(s.g.Status).toBe('Failed');
    expect(s.unhealthy?.Message).toBe(
      `Liveness probe failed: dial tcp ${s.g.IntranetIp}:9000: connect: connection refused`,
    );
    // Not started again: the kubelet does not say it will be.
    expect(s.killing?.Message).toBe('Container app failed liveness probe');
    expect(s.c).toMatchObject({ RestartCount: 0, CurrentState: { State: 'Terminated', ExitCode: 137 } });
  });

  it('never kills a container whose probes reach a port a running container serves', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          live({ HttpGet: { Port: 8080, Path: '/healthz' }, PeriodSeconds: 1 }, { Port: [{ Port: 8080 }] }),
          container({ Name: 'sidecar', LivenessProbe: { TcpSocket: { Port: 8080 }, PeriodSeconds: 1 } }),
        ],
      }),
    );
    clock.advance(3600_000);
    const g = await groupOf(sim, id);
    expect(g.Containers.map((c) => [c.RestartCount, c.Ready, c.CurrentState.State])).toEqual([
      [0, true, 'Running'],
      [0, true, 'Running'],
    ]);
    expect(g.Events.filter((e) => e.Type === 'Warning')).toEqual([]);
  });

  it.each([
    ['exits non-zero', ['sh', '-c', 'exit 1'], {}],
    ['cats a file its ConfigFile mount lacks', ['cat', '/etc/app/missing.conf'], {}],
    ['outlasts its timeout (1 s by default)', ['sleep', '5'], {}],
    ['never returns', ['sh', '-c', 'tail -f /dev/null'], { TimeoutSeconds: 30 }],
  ])('kills a container whose exec probe %s', async (_what, command, extra) => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Volume: [APP_CONF_VOLUME],
        Container: [
          live(
            { Exec: { Command: command }, PeriodSeconds: 5, FailureThreshold: 2, ...extra },
            { VolumeMount: [APP_CONF_MOUNT] },
          ),
        ],
      }),
    );
    clock.advance(3000 + 4999); // started at 3 s; probes at 3 s and 8 s
    let s = await app(sim, id);
    expect([s.c.CurrentState.State, s.unhealthy?.Count, s.killing]).toEqual(['Running', 1, undefined]);
    clock.advance(1);
    s = await app(sim, id);
    expect(s.killing?.Message).toBe('Container app failed liveness probe, will be restarted');
    expect(s.c.PreviousState).toMatchObject({ State: 'Terminated', ExitCode: 137 });
    // The command's output stays out of the event: it may hold secrets.
    expect(s.unhealthy?.Message).toMatch(/^Liveness probe failed: (command ".*" timed out)?$/);
  });

  // A script from the image or a file the container wrote: the simulator cannot know, ECI may pass it.
  it.each([
    ['a script from the image', ['/opt/app/health.sh']],
    ['a file outside the ConfigFile mounts', ['cat', '/tmp/healthy']],
    ['a command that returns in time', ['sh', '-c', 'sleep 0.5; true']],
  ])('never kills a container whose exec probe runs %s', async (_what, command) => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [live({ Exec: { Command: command }, PeriodSeconds: 1, FailureThreshold: 1 })] }),
    );
    clock.advance(3600_000);
    const s = await app(sim, id);
    expect(s.c).toMatchObject({ RestartCount: 0, Ready: true, CurrentState: { State: 'Running' } });
    expect(s.unhealthy).toBeUndefined();
  });

  it('does not kill when the sidecar serving the port starts before the failures reach the threshold', async () => {
    const { sim, clock } = makeSimulator();
    const { ImageCacheId } = await sim.imageCaches.create({
      ImageCacheName: 'app-image',
      Image: ['nginx:1.27'],
      SecurityGroupId: 'sg-test',
      VSwitchId: 'vsw-hangzhou-b',
    });
    clock.advance(8000);
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        ImageSnapshotId: ImageCacheId,
        Container: [
          // The cached image is only checked (0.2 s): the app starts at 1.2 s, the sidecar at 3 s.
          live(
            { TcpSocket: { Port: 9000 }, PeriodSeconds: 1, FailureThreshold: 3 },
            { ImagePullPolicy: 'Always' },
          ),
          shell('sleep infinity', { Name: 'sidecar', Port: [{ Port: 9000 }] }),
        ],
      }),
    );
    clock.advance(3600_000); // probes at 1.2 s and 2.2 s fail, the one at 3.2 s passes
    const s = await app(sim, id);
    expect(s.unhealthy?.Count).toBe(2);
    expect(s.killing).toBeUndefined();
    expect(s.c).toMatchObject({ RestartCount: 0, CurrentState: { State: 'Running' } });
  });

  it('probes again once the sidecar serving the port exits, and kills at the threshold', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          live({ TcpSocket: { Port: 9000 }, InitialDelaySeconds: 5, PeriodSeconds: 4, FailureThreshold: 2 }),
          // Serves 9000 from 3 s to 23 s, then back-off until 33 s.
          shell('sleep 20', { Name: 'sidecar', Port: [{ Port: 9000 }] }),
        ],
      }),
    );
    clock.advance(3000 + 23_000); // the probe at 8 s passed
    expect((await app(sim, id)).unhealthy).toBeUndefined();
    clock.advance(4999); // probes at 27 s and 31 s
    let s = await app(sim, id);
    expect([s.unhealthy?.Count, s.killing]).toEqual([1, undefined]);
    clock.advance(1);
    s = await app(sim, id);
    expect(s.killing?.Message).toBe('Container app failed liveness probe, will be restarted');
  });

  it('starts probing once a startup probe has passed (at its initial delay)', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          live(
            { Exec: { Command: ['false'] }, FailureThreshold: 1 },
            { StartupProbe: { HttpGet: { Port: 80 }, InitialDelaySeconds: 30 } },
          ),
        ],
      }),
    );
    clock.advance(3000 + 29_999);
    expect((await app(sim, id)).killing).toBeUndefined();
    clock.advance(1);
    expect((await app(sim, id)).killing).toBeDefined();
  });

  it('takes no time at speed 0, yet backs off between restarts', async () => {
    const { sim, clock } = makeSimulator({ speed: 0 });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [live({ Exec: { Command: ['sh', '-c', 'exit 1'] } })] }),
    );
    clock.advance(0);
    let s = await app(sim, id);
    expect([s.unhealthy?.Count, s.killing?.Count, s.c.RestartCount]).toEqual([3, 1, 0]);
    clock.advance(50);
    s = await app(sim, id);
    expect([s.unhealthy?.Count, s.killing?.Count, s.c.RestartCount]).toEqual([6, 2, 1]);
  });

  it("runs the Kubernetes documentation's exec example: the file its script removes at 30 s fails the probe", async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          shell('touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600', {
            LivenessProbe: {
              Exec: { Command: ['cat', '/tmp/healthy'] },
              InitialDelaySeconds: 5,
              PeriodSeconds: 5,
            },
          }),
        ],
      }),
    );
    // Started at 3 s; the file goes at 33 s; probes at 8, 13, ... pass until then.
    clock.advance(3000 + 30_000 - 1);
    let s = await app(sim, id);
    expect([s.unhealthy, s.killing]).toEqual([undefined, undefined]);
    const exec = execIn(sim, id);
    expect(await exec('sh', '-c', 'test -f /tmp/healthy && echo present')).toBe('present\n');
    clock.advance(1 + 15_000); // failures at 38, 43 and 48 s
    s = await app(sim, id);
    expect(s.unhealthy?.Count).toBe(3);
    expect(s.killing?.Message).toBe('Container app failed liveness probe, will be restarted');
    expect(s.c.PreviousState).toMatchObject({ State: 'Terminated', ExitCode: 137 });
    // The restarted container starts from its image again: the script touches the file anew.
    clock.advance(10_000 + 1000);
    s = await app(sim, id);
    expect(s.c).toMatchObject({ RestartCount: 1, CurrentState: { State: 'Running' } });
    expect(await exec('sh', '-c', 'test -f /tmp/healthy && echo present')).toBe('present\n');
  });

  it('kills a container once exec removed the file its probe reads', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          shell('echo ok > /tmp/healthy; exec sleep 3600', {
            LivenessProbe: {
              Exec: { Command: ['cat', '/tmp/healthy'] },
              PeriodSeconds: 2,
              FailureThreshold: 1,
            },
          }),
        ],
      }),
    );
    clock.advance(3000 + 10_000);
    expect((await app(sim, id)).killing).toBeUndefined();
    const exec = execIn(sim, id);
    expect(await exec('cat', '/tmp/healthy')).toBe('ok\n');
    await exec('rm', '/tmp/healthy');
    clock.advance(2000);
    expect((await app(sim, id)).killing).toBeDefined();
  });
});
