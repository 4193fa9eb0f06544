import {
  APP_CONF_MOUNT,
  APP_CONF_VOLUME,
  container,
  groupOf,
  makeSimulator,
  request,
  shell,
  UNSERVED_9000_SIDECAR,
} from './helpers.js';

/** The pod Knative v0.42 makes for a revision, as the controller translates it for ECI. */
function knativePod(userImage: string, userCommand?: string) {
  const user = userCommand
    ? shell(userCommand, { Name: 'user-container', Port: [{ Port: 8080 }] })
    : container({ Name: 'user-container', Image: userImage, Port: [{ Port: 8080 }] });
  const queue = container({
    Name: 'queue-proxy',
    Image: 'gcr.io/knative-releases/knative.dev/serving/cmd/queue:v0.42.2',
    Port: [{ Port: 8022 }, { Port: 9090 }, { Port: 9091 }, { Port: 8012 }, { Port: 8112 }],
    EnvironmentVar: [
      {
        Key: 'SERVING_READINESS_PROBE',
        Value: '{"tcpSocket":{"port":8080,"host":"127.0.0.1"},"successThreshold":1}',
      },
    ],
    ReadinessProbe: { HttpGet: { Port: 8012, Scheme: 'HTTP' }, PeriodSeconds: 1, SuccessThreshold: 1 },
  });
  return request({ Container: [user, queue] });
}

async function readiness(sim: ReturnType<typeof makeSimulator>['sim'], id: string) {
  const [record] = await sim.describeContainerGroupStatus({ ContainerGroupIds: [id] });
  return Object.fromEntries(record.PodStatus.ContainerStatuses.map((c) => [c.Name, c.Ready]));
}

describe("readiness probes answered by what runs: Knative's queue-proxy", () => {
  it('is Ready once the user container it probes runs: the pod is 2/2', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      knativePod('registry.cn-hangzhou.aliyuncs.com/knative-sample/helloworld-go:73fbdd56'),
    );
    clock.advance(3000);
    expect(await readiness(sim, id)).toEqual({ 'user-container': true, 'queue-proxy': true });
  });

  it('stays unready while the user container cannot start (its image cannot be pulled)', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      knativePod('registry.cn-hangzhou.aliyuncs.com/knative-sample/does-not-exist:1'),
    );
    clock.advance(30_000);
    const [g] = await sim.describeContainerGroups({ ContainerGroupIds: [id] });
    expect(g.Containers.find((c) => c.Name === 'queue-proxy')?.CurrentState.State).toBe('Running');
    expect(await readiness(sim, id)).toEqual({ 'user-container': false, 'queue-proxy': false });
    // queue-proxy listens and answers 503, as the kubelet reports it: not a refused connection.
    const unhealthy = g.Events.find((e) => e.Reason === 'Unhealthy' && e.Name === 'queue-proxy');
    expect(unhealthy?.Message).toBe('Readiness probe failed: HTTP probe failed with statuscode: 503');
  });

  it('passes a TCP probe of its port while it listens, unready or not: a TCP probe only connects', async () => {
    const { sim, clock } = makeSimulator();
    const pod = knativePod('registry.cn-hangzhou.aliyuncs.com/knative-sample/does-not-exist:1');
    const watcher = container({ Name: 'watcher', ReadinessProbe: { TcpSocket: { Port: 8012 } } });
    const { ContainerGroupId: id } = await sim.createContainerGroup({
      ...pod,
      Container: [...pod.Container, watcher],
    });
    clock.advance(30_000);
    expect(await readiness(sim, id)).toEqual({
      'user-container': false,
      'queue-proxy': false,
      watcher: true,
    });
  });

  it('turns unready when the user container exits, as its probe of port 8080 then fails', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(knativePod('', 'sleep 5; exit 1'));
    clock.advance(3000);
    expect(await readiness(sim, id)).toEqual({ 'user-container': true, 'queue-proxy': true });
    clock.advance(5000);
    expect(await readiness(sim, id)).toEqual({ 'user-container': false, 'queue-proxy': false });
  });
});

describe('readiness exec probes', () => {
  /** The app reads its config from a ConfigFile volume mounted at /etc/app, holding app.conf only. */
  function configured(probe: string[]) {
    return request({
      Volume: [APP_CONF_VOLUME],
      Container: [
        container({
          VolumeMount: [APP_CONF_MOUNT],
          ReadinessProbe: { Exec: { Command: probe }, PeriodSeconds: 1 },
        }),
      ],
    });
  }

  it.each([
    ['cats a file its ConfigFile mount lacks', ['cat', '/etc/app/missing'], false],
    ['exits non-zero', ['sh', '-c', 'test -f /etc/app/app.conf && exit 1'], false],
    ['outlasts its timeout (1 s by default)', ['sleep', '2'], false],
    ['cats a file the mount holds', ['cat', '/etc/app/app.conf'], true],
    ['runs a script from the image', ['/opt/app/ready.sh'], true],
  ])('keeps the container Ready only as the kubelet would: a probe that %s', async (_what, probe, ready) => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(configured(probe));
    clock.advance(60_000);
    expect(await readiness(sim, id)).toEqual({ app: ready });
  });
});

describe('readiness probe reports', () => {
  async function unhealthy(sim: ReturnType<typeof makeSimulator>['sim'], id: string) {
    const g = await groupOf(sim, id);
    const event = g.Events.find((e) => e.Reason === 'Unhealthy' && e.Name === 'app');
    return { ip: g.IntranetIp, ready: g.Containers.find((c) => c.Name === 'app')?.Ready, event };
  }

  it('reports a failing HttpGet probe every period, as the kubelet says it, while the container is not Ready', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          container({ ReadinessProbe: { HttpGet: { Port: 9000, Path: '/ready' }, PeriodSeconds: 5 } }),
          UNSERVED_9000_SIDECAR,
        ],
      }),
    );
    clock.advance(3000 + 9999); // started at 3 s; reports at 3 s and 8 s
    let s = await unhealthy(sim, id);
    expect([s.ready, s.event?.Count]).toEqual([false, 2]);
    expect(s.event).toMatchObject({
      Type: 'Warning',
      Message: `Readiness probe failed: Get "http://${s.ip}:9000/ready": dial tcp ${s.ip}:9000: connect: connection refused`,
    });
    clock.advance(1);
    s = await unhealthy(sim, id);
    expect(s.event?.Count).toBe(3);
  });

  it('reports a known-failing exec probe without its output, and nothing for a passing probe', async () => {
    const { sim, clock } = makeSimulator();
    const failing = await sim.createContainerGroup(
      request({
        Volume: [APP_CONF_VOLUME],
        Container: [
          container({
            VolumeMount: [APP_CONF_MOUNT],
            ReadinessProbe: { Exec: { Command: ['cat', '/etc/app/missing'] } },
          }),
        ],
      }),
    );
    const passing = await sim.createContainerGroup(
      request({
        ContainerGroupName: 'web-2',
        Volume: [APP_CONF_VOLUME],
        Container: [
          container({
            VolumeMount: [APP_CONF_MOUNT],
            ReadinessProbe: { Exec: { Command: ['cat', '/etc/app/app.conf'] } },
          }),
        ],
      }),
    );
    clock.advance(60_000);
    const s = await unhealthy(sim, failing.ContainerGroupId);
    expect([s.ready, s.event?.Message]).toEqual([false, 'Readiness probe failed: ']);
    expect(await unhealthy(sim, passing.ContainerGroupId)).toMatchObject({ ready: true, event: undefined });
  });

  it('turns Ready when the script creates the file its exec probe reads, not before', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          shell('echo warming up; sleep 5; echo ok > /tmp/ready; exec sleep 3600', {
            ReadinessProbe: { Exec: { Command: ['cat', '/tmp/ready'] }, PeriodSeconds: 1 },
          }),
        ],
      }),
    );
    clock.advance(3000 + 4999); // started at 3 s
    expect((await unhealthy(sim, id)).ready).toBe(false);
    clock.advance(1);
    expect((await unhealthy(sim, id)).ready).toBe(true);
  });

  it('starts reporting once the sidecar serving the probed port exits', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          container({ ReadinessProbe: { TcpSocket: { Port: 9000 }, PeriodSeconds: 4 } }),
          // Serves 9000 from 3 s to 23 s, then back-off until 33 s.
          shell('sleep 20', { Name: 'sidecar', Port: [{ Port: 9000 }] }),
        ],
      }),
    );
    clock.advance(3000 + 19_999);
    expect(await unhealthy(sim, id)).toMatchObject({ ready: true, event: undefined });
    clock.advance(4000); // the sidecar exits at 23 s: reports from 27 s
    expect((await unhealthy(sim, id)).event).toBeUndefined();
    clock.advance(1);
    expect(await unhealthy(sim, id)).toMatchObject({ ready: false, event: { Count: 1 } });
  });
});
