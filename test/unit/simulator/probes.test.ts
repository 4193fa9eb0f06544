import { APP_CONF_MOUNT, APP_CONF_VOLUME, container, makeSimulator, request, shell } from './helpers.js';

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
