import { namesLookedUp } from '../../../providers/simulator/name-lookup.js';
import { askedFor, CLUSTER_FIRST, clusterDns, KUBE_PROXY, serviceNetwork } from './cluster-dns.js';
import { container, execIn, groupOf, makeSimulator, request, shell } from './helpers.js';

/** A chart's wait written for bash: `</dev/tcp/db/5432` opens a connection, or fails. */
const BASH_WAIT = 'until </dev/tcp/db/5432; do echo waiting; sleep 2; done; echo db is up';
const bash = (script: string, name = 'app') => ({
  ...container({ Name: name, Image: 'debian:12' }),
  Command: ['bash', '-c', script],
});

/** A cluster whose DNS the test fills in, and whose kube-proxy refuses db's 5432 until it opens it. */
function cluster() {
  const dns = clusterDns();
  const services = serviceNetwork();
  services.ports.set('10.0.0.30:5432', 'refused');
  const { sim, clock } = makeSimulator({ nameResolver: dns.resolver, serviceNetwork: services.network });
  return { sim, clock, dns, services };
}

describe("bash's /dev/tcp redirections, BusyBox's missing file", () => {
  it('bash waits through a name not found, then a refusal, then connects, saying what bash 5.2 says', async () => {
    const { sim, clock, dns, services } = cluster();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        ...CLUSTER_FIRST,
        ...KUBE_PROXY,
        InitContainer: [bash(BASH_WAIT, 'wait')],
        Container: [container()],
      }),
    );
    const log = () => sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'wait' });
    await askedFor(clock, 10);
    expect(await log()).toMatch(
      /^(bash: line 1: db: Name or service not known\nbash: line 1: \/dev\/tcp\/db\/5432: Invalid argument\nwaiting\n){3,}$/,
    );
    dns.records.set('db.default.svc.cluster.local', '10.0.0.30');
    await askedFor(clock, 10);
    expect(await log()).toMatch(
      /bash: connect: Connection refused\nbash: line 1: \/dev\/tcp\/db\/5432: Connection refused\nwaiting\n$/,
    );
    expect((await groupOf(sim, id)).Containers[0]?.CurrentState.State).toBe('Waiting');
    services.ports.set('10.0.0.30:5432', 'open');
    await askedFor(clock, 10);
    expect(await log()).toMatch(/waiting\ndb is up\n$/);
    expect((await groupOf(sim, id)).Containers[0]?.CurrentState.State).toBe('Running');
  });

  it("bash names the script's line; a connection nothing answers ends after the kernel's 127 s", async () => {
    const { sim, clock, dns } = cluster();
    dns.records.set('db.default.svc.cluster.local', '10.0.0.30');
    const script = 'echo start\n\necho ping > /dev/tcp/db/6379 || echo "failed $?"';
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ...CLUSTER_FIRST, ...KUBE_PROXY, RestartPolicy: 'Never', Container: [bash(script)] }),
    );
    const log = () => sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' });
    await askedFor(clock, 60);
    expect(await log()).toBe('start\n');
    await askedFor(clock, 90);
    expect(await log()).toBe(
      'start\nbash: connect: Connection timed out\nbash: line 3: /dev/tcp/db/6379: Connection timed out\nfailed 1\n',
    );
  });

  it('the usual port check, timeout 1 bash -c "cat < /dev/null > /dev/tcp/db/5432": refused, then open', async () => {
    const { sim, clock, dns, services } = cluster();
    dns.records.set('db.default.svc.cluster.local', '10.0.0.30');
    const check = `timeout 1 bash -c 'cat < /dev/null > /dev/tcp/db/5432' 2>/dev/null && echo open || echo closed`;
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ...CLUSTER_FIRST, ...KUBE_PROXY, Container: [container({ Image: 'debian:12' })] }),
    );
    clock.advance(10_000);
    const exec = execIn(sim, id);
    expect(await exec('bash', '-c', check)).toBe('closed\n');
    services.ports.set('10.0.0.30:5432', 'open');
    expect(await exec('bash', '-c', check)).toBe('open\n');
    // cat reads the file it is given on stdin, not a stdin that never ends.
    expect(await exec('bash', '-c', 'cat < /etc/hostname')).toMatch(/^\S+\n$/);
  });

  it("a redirection's error goes where stderr goes at that point, left to right, as bash 5.2 does", async () => {
    const { sim, clock, dns } = cluster();
    dns.records.set('db.default.svc.cluster.local', '10.0.0.30');
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ...CLUSTER_FIRST, ...KUBE_PROXY, Container: [container({ Image: 'debian:12' })] }),
    );
    clock.advance(10_000);
    const exec = execIn(sim, id);
    const refused = 'bash: connect: Connection refused\nbash: line 1: /dev/tcp/db/5432: Connection refused\n';
    expect(await exec('bash', '-c', '2>/dev/null </dev/tcp/db/5432; echo st=$?')).toBe('st=1\n');
    expect(await exec('bash', '-c', '</dev/tcp/db/5432 2>/dev/null; echo st=$?')).toBe(`${refused}st=1\n`);
    // A wait written for images without nc: stderr is gone before the connection is tried.
    const printf = 'printf "" 2>>/dev/null >>/dev/tcp/db/5432 || echo closed';
    expect(await exec('bash', '-c', printf)).toBe('closed\n');
    expect(await exec('bash', '-c', 'cat >/dev/null 2>&1 </dev/tcp/db/5432 || echo closed')).toBe('closed\n');
    expect(await exec('bash', '-c', 'cat 2>&1 >/dev/null </dev/tcp/db/5432 || echo closed')).toBe(
      `${refused}closed\n`,
    );
  });

  it("BusyBox's sh has no /dev/tcp: the redirection fails as for a missing file, whatever the cluster holds", async () => {
    const { sim, clock, dns, services } = cluster();
    dns.records.set('db.default.svc.cluster.local', '10.0.0.30');
    services.ports.set('10.0.0.30:5432', 'open');
    const script = '</dev/tcp/db/5432; echo "read $?"; echo ping >/dev/tcp/db/5432; echo "wrote $?"';
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ...CLUSTER_FIRST, ...KUBE_PROXY, RestartPolicy: 'Never', Container: [shell(script)] }),
    );
    await askedFor(clock, 10);
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toBe(
      "sh: can't open /dev/tcp/db/5432: no such file\nread 1\nsh: can't create /dev/tcp/db/5432: nonexistent directory\nwrote 1\n",
    );
  });

  it('kubectl exec asks the host and the connection first; a shell whose handling is not known is not judged', async () => {
    const { sim, clock, dns, services } = cluster();
    dns.records.set('db.default.svc.cluster.local', '10.0.0.30');
    services.ports.set('10.0.0.30:5432', 'open');
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ...CLUSTER_FIRST, ...KUBE_PROXY, Container: [container({ Image: 'debian:12' })] }),
    );
    clock.advance(10_000);
    const exec = execIn(sim, id);
    expect(await exec('bash', '-c', 'echo ping > /dev/tcp/db/5432 && echo sent')).toBe('sent\n');
    // The name and the connection are asked together: the DNS once.
    expect(dns.asked).toEqual(['db.default.svc.cluster.local']);
    // Debian's sh is dash, an image's sh may be bash: not known, so not judged.
    expect(await exec('sh', '-c', '</dev/tcp/db/5432')).toContain('not interpreted');
    expect(namesLookedUp('timeout 1 bash -c "</dev/tcp/db/5432"')).toEqual(['db', 'db:5432']);
    expect(namesLookedUp('exec 3<>/dev/tcp/10.0.0.5/80')).toEqual([]);
  });
});
