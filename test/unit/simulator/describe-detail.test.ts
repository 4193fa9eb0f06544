import { container, groupOf, makeSimulator, request, shell } from './helpers.js';

describe('DescribeContainerGroups echoes the create request in the response spelling', () => {
  it('shows each container spec: commands, env (FieldRef under ValueFrom), ports, mounts, probes', async () => {
    const { sim } = makeSimulator();
    const app = container({
      Command: ['nginx'],
      Arg: ['-g', 'daemon off;'],
      Cpu: 1,
      Memory: 2,
      ImagePullPolicy: 'IfNotPresent',
      EnvironmentVar: [
        { Key: 'MODE', Value: 'prod' },
        { Key: 'POD_IP', FieldRef: { FieldPath: 'status.podIP' } },
      ],
      Port: [{ Port: 80, Protocol: 'TCP' }],
      VolumeMount: [{ Name: 'data', MountPath: '/data', SubPath: 'x', ReadOnly: true }],
      ReadinessProbe: { HttpGet: { Path: '/', Port: 80 }, PeriodSeconds: 5 },
      LivenessProbe: { Exec: { Command: ['true'] } },
      SecurityContext: { Capability: { Add: ['NET_ADMIN'] }, RunAsUser: 1000 },
    });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [app],
        InitContainer: [shell('true', { Name: 'init', VolumeMount: [{ Name: 'data', MountPath: '/d' }] })],
        Volume: [{ Name: 'data', Type: 'NFSVolume', NFSVolume: { Server: 'nas.example', Path: '/x' } }],
        DnsConfig: {
          NameServer: ['10.0.0.10'],
          Search: ['svc.local'],
          Option: [{ Name: 'ndots', Value: '2' }],
        },
        HostAliase: [{ Ip: '10.0.0.1', Hostname: ['db'] }],
      }),
    );
    const g = await groupOf(sim, id);
    expect(g.Containers[0]).toMatchObject({
      Commands: ['nginx'],
      Args: ['-g', 'daemon off;'],
      Cpu: 1,
      Memory: 2,
      ImagePullPolicy: 'IfNotPresent',
      EnvironmentVars: [
        { Key: 'MODE', Value: 'prod' },
        { Key: 'POD_IP', ValueFrom: { FieldRef: { FieldPath: 'status.podIP' } } },
      ],
      Ports: [{ Port: 80, Protocol: 'TCP' }],
      VolumeMounts: [{ Name: 'data', MountPath: '/data', SubPath: 'x', ReadOnly: true }],
      ReadinessProbe: { HttpGet: { Path: '/', Port: 80 }, PeriodSeconds: 5 },
      LivenessProbe: { Execs: ['true'] },
      SecurityContext: { Capability: { Adds: ['NET_ADMIN'] }, RunAsUser: 1000 },
    });
    expect(g.InitContainers[0]).toMatchObject({ Command: ['sh', '-c', 'true'] });
    expect(g.InitContainers[0].VolumeMounts?.[0]).not.toHaveProperty('SubPath');
    expect(g).toMatchObject({
      Volumes: [{ Name: 'data', Type: 'NFSVolume', NFSVolumeServer: 'nas.example', NFSVolumePath: '/x' }],
      DnsConfig: {
        NameServers: ['10.0.0.10'],
        Searches: ['svc.local'],
        Options: [{ Name: 'ndots', Value: '2' }],
      },
      HostAliases: [{ Ip: '10.0.0.1', Hostnames: ['db'] }],
      VpcId: expect.stringMatching(/^vpc-/),
      EniInstanceId: expect.stringMatching(/^eni-/),
    });
  });

  it('hides environment values with EnvironmentVarHide, and shows EIP and IPv6 addresses when asked for', async () => {
    const { sim } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          container({ EnvironmentVar: [{ Key: 'TOKEN', Value: 's3cret' }], EnvironmentVarHide: true }),
        ],
        AutoCreateEip: true,
        Ipv6AddressCount: 1,
      }),
    );
    const g = await groupOf(sim, id);
    expect(g.Containers[0].EnvironmentVars).toEqual([{ Key: 'TOKEN' }]);
    expect(g.InternetIp).toMatch(/^47\.\d+\.\d+\.\d+$/);
    expect(g.Ipv6Address).toMatch(/^2408:/);
  });
});
