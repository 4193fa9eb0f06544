import type { ExecExit } from '../../../providers/backend.js';
import { ManualClock, type Clock } from '../../../providers/clock.js';
import { EciSimulator } from '../../../providers/simulator/index.js';
import { answered, askedFor, CLUSTER_FIRST, clusterDns } from './cluster-dns.js';
import {
  candidateNames,
  namesLookedUp,
  ndotsOf,
  nslookupOutput,
} from '../../../providers/simulator/name-lookup.js';
import { container, execIn, groupOf, makeSimulator, request, shell } from './helpers.js';

const WAIT_FOR_SERVICE =
  'until nslookup myservice.default.svc.cluster.local; do echo waiting for myservice; sleep 2; done';

describe('name lookups in a container script', () => {
  it("the documentation's init container waits until the Service exists, then the app starts", async () => {
    const dns = clusterDns();
    const { sim, clock } = makeSimulator({ nameResolver: dns.resolver });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        ...CLUSTER_FIRST,
        InitContainer: [shell(WAIT_FOR_SERVICE, { Name: 'init-myservice', Image: 'busybox:1.28' })],
        Container: [container()],
      }),
    );
    await askedFor(clock, 20);
    let g = await groupOf(sim, id);
    expect(g.InitContainers[0]?.CurrentState.State).toBe('Running');
    expect(g.Containers[0]?.CurrentState.State).toBe('Waiting');
    const log = () => sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'init-myservice' });
    expect(await log()).toContain(
      "** server can't find myservice.default.svc.cluster.local: NXDOMAIN\n\nwaiting for myservice\n",
    );
    expect(dns.asked.length).toBeGreaterThan(3);

    dns.records.set('myservice.default.svc.cluster.local', '10.0.0.157');
    await askedFor(clock, 10);
    g = await groupOf(sim, id);
    expect(g.InitContainers[0]?.CurrentState).toMatchObject({ State: 'Terminated', ExitCode: 0 });
    expect(g.Containers[0]?.CurrentState.State).toBe('Running');
    expect(await log()).toMatch(
      /Name:\tmyservice\.default\.svc\.cluster\.local\nAddress: 10\.0\.0\.157\n\n$/,
    );
  });

  it('on a clock that moves between two reads, as the wall clock does, the name is still asked every 2 s', async () => {
    const dns = clusterDns();
    const manual = new ManualClock();
    let reads = 0;
    // Each read is a millisecond later than the one before, whatever the manual clock says.
    const clock: Clock = {
      now: () => manual.now() + ++reads,
      setTimeout: (fn, ms) => manual.setTimeout(fn, ms),
      clearTimeout: (handle) => manual.clearTimeout(handle),
    };
    const sim = new EciSimulator({ speed: 1, jitter: 0, clock, nameResolver: dns.resolver });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        ...CLUSTER_FIRST,
        InitContainer: [shell(WAIT_FOR_SERVICE, { Name: 'init-myservice' })],
        Container: [container()],
      }),
    );
    await askedFor(manual, 20);
    const askedBefore = dns.asked.length;
    dns.records.set('myservice.default.svc.cluster.local', '10.0.0.157');
    await askedFor(manual, 10);
    expect(dns.asked.length).toBeGreaterThan(askedBefore);
    expect((await groupOf(sim, id)).Containers[0]?.CurrentState.State).toBe('Running');
    await sim.close();
  });

  it('a name that resolves from the start is found by the first lookup, through the search list', async () => {
    const dns = clusterDns();
    dns.records.set('db.default.svc.cluster.local', '10.0.0.20');
    const { sim, clock } = makeSimulator({ nameResolver: dns.resolver });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        ...CLUSTER_FIRST,
        RestartPolicy: 'Never',
        Container: [shell('getent hosts db || exit 3; nslookup db >/dev/null && echo found')],
      }),
    );
    await askedFor(clock, 10);
    const g = await groupOf(sim, id);
    expect(g.Containers[0]?.CurrentState).toMatchObject({ State: 'Terminated', ExitCode: 0 });
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toBe(
      '10.0.0.20       db.default.svc.cluster.local\nfound\n',
    );
  });

  it('a name that does not resolve fails the command, and the script goes on as it says', async () => {
    const { sim, clock } = makeSimulator({ nameResolver: clusterDns().resolver });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ...CLUSTER_FIRST, RestartPolicy: 'Never', Container: [shell('nslookup nope || exit 3')] }),
    );
    await askedFor(clock, 10);
    const g = await groupOf(sim, id);
    expect(g.Containers[0]?.CurrentState).toMatchObject({ State: 'Terminated', ExitCode: 3 });
  });

  it('without a cluster DNS to ask (none configured, or the pod resolves through the VPC), the lookup is not interpreted', async () => {
    for (const [options, dnsFields] of [
      [{}, CLUSTER_FIRST],
      [{ nameResolver: clusterDns().resolver }, { DnsPolicy: 'Default' }],
    ] as const) {
      const { sim, clock } = makeSimulator(options);
      const { ContainerGroupId: id } = await sim.createContainerGroup(
        request({ ...dnsFields, Container: [shell('nslookup db')] }),
      );
      clock.advance(10_000);
      await answered();
      expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toMatch(
        /^\[simulator\] started "nslookup db"/,
      );
    }
  });
});

describe('name lookups in kubectl exec', () => {
  it('kubectl exec <pod> -- nslookup kubernetes.default answers at once; a computed name is not interpreted', async () => {
    const dns = clusterDns();
    dns.records.set('kubernetes.default.svc.cluster.local', '10.0.0.1');
    const { sim, clock } = makeSimulator({ nameResolver: dns.resolver });
    const { ContainerGroupId: id } = await sim.createContainerGroup(request(CLUSTER_FIRST));
    clock.advance(10_000);
    const exec = execIn(sim, id);
    expect(await exec('nslookup', 'kubernetes.default')).toBe(
      'Server:\t\t10.0.0.10\nAddress:\t10.0.0.10:53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.0.0.1\n\n',
    );
    expect(await exec('sh', '-c', 'getent hosts nope || echo missing')).toBe('missing\n');
    expect(await exec('sh', '-c', 'nslookup $(hostname)')).toContain('not interpreted by the ECI simulator');
  });

  it('in an interactive shell, the lines after a lookup wait for it and keep their order', async () => {
    const dns = clusterDns();
    dns.records.set('kubernetes.default.svc.cluster.local', '10.0.0.1');
    const { sim, clock } = makeSimulator({ nameResolver: dns.resolver });
    const { ContainerGroupId: id } = await sim.createContainerGroup(request(CLUSTER_FIRST));
    clock.advance(10_000);
    const out: Buffer[] = [];
    const exit = new Promise<ExecExit>((resolve) =>
      sim
        .openExec(
          { ContainerGroupId: id, ContainerName: 'app', Command: ['sh'], TTY: false, Stdin: true },
          { stdout: (d) => out.push(d), stderr: (d) => out.push(d), exit: resolve },
        )
        .then((channel) => {
          channel.stdin(Buffer.from('getent hosts kubernetes.default\necho after\n'));
          channel.endStdin();
        }),
    );
    expect(await exit).toEqual({ code: 0 });
    expect(Buffer.concat(out).toString()).toBe(
      '10.0.0.1        kubernetes.default.svc.cluster.local\nafter\n',
    );
  });
});

describe('resolv.conf rules and BusyBox output', () => {
  it('finds the literal names a command line looks up', () => {
    expect(namesLookedUp('nslookup kubernetes.default')).toEqual(['kubernetes.default']);
    expect(namesLookedUp('sh -c getent hosts db || (nslookup db.ns; nslookup $(hostname))')).toEqual([
      'db',
      'db.ns',
    ]);
    expect(namesLookedUp('echo nslookup')).toEqual([]);
  });

  it('tries the search list first for names with fewer dots than ndots', () => {
    const search = ['default.svc.cluster.local', 'svc.cluster.local'];
    expect(candidateNames('db', search, 5)).toEqual([
      'db.default.svc.cluster.local',
      'db.svc.cluster.local',
      'db',
    ]);
    expect(candidateNames('example.com', search, 1)[0]).toBe('example.com');
    expect(candidateNames('db.default.svc.cluster.local.', search, 5)).toEqual([
      'db.default.svc.cluster.local',
    ]);
    expect(ndotsOf([{ Name: 'ndots', Value: '5' }])).toBe(5);
    expect(ndotsOf(undefined)).toBe(1);
    expect(ndotsOf([{ Name: 'ndots', Value: 'x' }])).toBe(1);
  });

  it('prints the server, then the answer or NXDOMAIN', () => {
    expect(nslookupOutput('db', { server: '10.0.0.10' })).toEqual({
      lines: ['Server:\t\t10.0.0.10', 'Address:\t10.0.0.10:53', '', "** server can't find db: NXDOMAIN", ''],
      status: 1,
    });
    expect(
      nslookupOutput('db', {
        server: '10.0.0.10',
        found: { name: 'db.ns.svc.cluster.local', addresses: ['10.0.0.5'] },
      }).lines,
    ).toContain('Address: 10.0.0.5');
  });
});
