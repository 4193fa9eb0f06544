import {
  APP_CONF_MOUNT,
  APP_CONF_VOLUME,
  container,
  execIn,
  groupOf,
  makeSimulator,
  request,
  shell,
} from './helpers.js';

describe('DescribeContainerLog and ExecContainerCommand', () => {
  it('shows only lines already written, with tail, since, start time, timestamps and byte limit', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [shell('for i in 1 2 3 4 5; do echo line $i; sleep 10; done; sleep infinity')] }),
    );
    const log = (q: object = {}) =>
      sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app', ...q });
    expect(await log()).toBe('');
    clock.advance(3000 + 25_000); // started at t=3 s; lines at +0, +10, +20
    expect(await log()).toBe('line 1\nline 2\nline 3\n');
    expect(await log({ Tail: 2 })).toBe('line 2\nline 3\n');
    expect(await log({ SinceSeconds: 15 })).toBe('line 2\nline 3\n');
    expect(await log({ SinceSeconds: 5 })).toBe('line 3\n');
    expect(await log({ StartTime: '2025-01-01T00:00:23Z' })).toBe('line 3\n');
    expect(await log({ Tail: 1, Timestamps: true })).toBe('2025-01-01T00:00:23.000000000Z line 3\n');
    expect(await log({ LimitBytes: 9 })).toBe('line 1\nli');
    await expect(log({ ContainerName: 'nope' })).rejects.toMatchObject({ kind: 'NotFound' });
  });

  it('produces an endless loop’s lines on demand, capped by Tail', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [shell('while true; do echo tick; sleep 1; done')] }),
    );
    clock.advance(3000 + 5500);
    const log = (q: object = {}) =>
      sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app', ...q });
    expect(await log()).toBe('tick\n'.repeat(6));
    clock.advance(3600_000);
    expect((await log()).split('\n').length - 1).toBe(500);
    expect((await log({ Tail: 5000 })).split('\n').length - 1).toBe(2000);
  });

  it('keeps the previous instance’s log for LastTime', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [shell('echo run $HOSTNAME; exit 1')] }),
    );
    const log = (q: object = {}) =>
      sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app', ...q });
    clock.advance(3000);
    await expect(log({ LastTime: true })).rejects.toMatchObject({
      message: expect.stringContaining('no previous instance'),
    });
    clock.advance(10_000); // back-off over: second instance runs and fails
    expect(await log({ LastTime: true })).toBe('run web-1\n');
    expect(await log()).toBe('run web-1\n');
  });

  it('execs commands against the container’s environment and ConfigFileVolume files', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Volume: [APP_CONF_VOLUME],
        Container: [
          container({
            EnvironmentVar: [
              { Key: 'GREETING', Value: 'hello' },
              { Key: 'POD_IP', FieldRef: { FieldPath: 'status.podIP' } },
            ],
            VolumeMount: [APP_CONF_MOUNT],
          }),
        ],
      }),
    );
    const exec = execIn(sim, id);
    await expect(exec('echo', 'hi')).rejects.toMatchObject({ code: 'IncorrectStatus' });
    clock.advance(3000);
    expect(await exec('cat', '/etc/app/app.conf')).toBe('mode=fast\n');
    // The same container files an interactive session sees: directories list and test as such.
    expect(await exec('ls', '/etc/app')).toBe('app.conf\n');
    expect(await exec('sh', '-c', 'test -d /etc/app && echo dir')).toBe('dir\n');
    expect(await exec('printenv', 'POD_IP')).toMatch(/^192\.168\.\d+\.\d+\n$/);
    expect(await exec('sh', '-c', 'echo $GREETING; hostname')).toBe('hello\nweb-1\n');
  });
  it('lists an empty volume and the working directory as the directories they are', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Volume: [{ Name: 'ws', Type: 'EmptyDirVolume' }],
        Container: [
          container({ WorkingDir: '/home/agent', VolumeMount: [{ Name: 'ws', MountPath: '/workspace/' }] }),
        ],
      }),
    );
    clock.advance(3000);
    const exec = (script: string) =>
      sim.execContainerCommand({ ContainerGroupId: id, ContainerName: 'app', Command: ['sh', '-c', script] });
    expect(await exec('ls /workspace && test -d /home/agent && pwd')).toBe('/home/agent\n');
    expect(await exec('ls /nowhere || echo missing')).toMatch(/No such file or directory\nmissing\n$/);
  });
  it('gives every container /etc/resolv.conf, /etc/hosts and /etc/hostname from the group’s DNS settings', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        HostName: 'web-0',
        DnsPolicy: 'None',
        DnsConfig: {
          NameServer: ['10.0.0.10'],
          Search: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
          Option: [{ Name: 'ndots', Value: '5' }, { Name: 'edns0' }],
        },
        HostAliase: [{ Ip: '10.1.2.3', Hostname: ['db.local', 'db'] }],
      }),
    );
    const { ContainerGroupId: plain } = await sim.createContainerGroup(request({ DnsPolicy: 'Default' }));
    clock.advance(3000);
    const exec = (group: string, ...Command: string[]) =>
      sim.execContainerCommand({ ContainerGroupId: group, ContainerName: 'app', Command });
    expect(await exec(id, 'cat', '/etc/resolv.conf')).toBe(
      'search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.0.0.10\noptions ndots:5 edns0\n',
    );
    const hosts = await exec(id, 'cat', '/etc/hosts');
    const ip = (await groupOf(sim, id)).IntranetIp ?? '';
    expect(ip).toMatch(/^192\.168\./);
    expect(hosts).toContain(`${ip}\tweb-0\n`);
    expect(hosts).toMatch(/^127\.0\.0\.1\tlocalhost$/m);
    expect(hosts.endsWith('# Entries added by HostAliases.\n10.1.2.3\tdb.local\tdb\n')).toBe(true);
    expect(await exec(id, 'cat', '/etc/hostname')).toBe('web-0\n');
    expect(await exec(id, 'ls', '/etc')).toBe('hostname\nhosts\nresolv.conf\n');
    // Default: the VPC's resolvers, nothing of the cluster.
    expect(await exec(plain, 'cat', '/etc/resolv.conf')).toBe(
      'nameserver 100.100.2.136\nnameserver 100.100.2.138\n',
    );
  });
});
