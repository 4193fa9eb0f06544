import { namesLookedUp } from '../../../providers/simulator/name-lookup.js';
import { reachedConnection, reachedName } from '../../../providers/simulator/reach-commands.js';
import { askedFor, CLUSTER_FIRST, clusterDns, KUBE_PROXY, serviceNetwork } from './cluster-dns.js';
import { container, execIn, groupOf, makeSimulator, request, shell } from './helpers.js';

/** curl 7.88's progress meter without a terminal: its heading, then its first row (read off curl here). */
const METER_HEAD =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed';
const METER_ROW = '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';

/** A Helm chart's wait-for-the-database init container. */
const WAIT_FOR_DB = 'until nc -z -w 2 db 5432; do echo waiting for db; sleep 2; done; echo db is up';

describe('nc, wget and curl in a container script, judged by the cluster DNS', () => {
  it('an init container waiting on nc -z db 5432 holds the app until the db Service exists', async () => {
    const dns = clusterDns();
    const { sim, clock } = makeSimulator({ nameResolver: dns.resolver });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        ...CLUSTER_FIRST,
        InitContainer: [shell(WAIT_FOR_DB, { Name: 'wait-for-db', Image: 'busybox:1.36' })],
        Container: [container()],
      }),
    );
    await askedFor(clock, 20);
    const log = () => sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'wait-for-db' });
    let g = await groupOf(sim, id);
    expect(g.InitContainers[0]?.CurrentState.State).toBe('Running');
    expect(g.Containers[0]?.CurrentState.State).toBe('Waiting');
    expect(await log()).toContain("nc: bad address 'db'\nwaiting for db\nnc: bad address 'db'\n");

    dns.records.set('db.default.svc.cluster.local', '10.0.0.30');
    await askedFor(clock, 10);
    g = await groupOf(sim, id);
    expect(g.InitContainers[0]?.CurrentState).toMatchObject({ State: 'Terminated', ExitCode: 0 });
    expect(g.Containers[0]?.CurrentState.State).toBe('Running');
    expect(await log()).toMatch(/waiting for db\ndb is up\n$/);
  });

  it('wget and curl fail as they do on a name that does not resolve; curl -s says nothing', async () => {
    const { sim, clock } = makeSimulator({ nameResolver: clusterDns().resolver });
    const script =
      'wget -q --spider http://web:8080/healthz || echo "wget $?"; curl -sf http://api/ready || echo "curl $?"; curl http://api/; echo "curl $?"';
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ...CLUSTER_FIRST, RestartPolicy: 'Never', Container: [shell(script)] }),
    );
    await askedFor(clock, 10);
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toBe(
      // BusyBox names the host as the URL wrote it, port and all.
      "wget: bad address 'web:8080'\nwget 1\ncurl 6\n" +
        // Without -s, curl's progress meter comes first (no terminal), its first row ending in the error.
        `${METER_HEAD}\n${METER_ROW}curl: (6) Could not resolve host: api\ncurl 6\n`,
    );
    expect((await groupOf(sim, id)).Containers[0]?.CurrentState).toMatchObject({ State: 'Terminated' });
  });

  it('a host that resolves: nc -z connects; what a web server answers wget is not known', async () => {
    const dns = clusterDns();
    dns.records.set('web.default.svc.cluster.local', '10.0.0.40');
    const { sim, clock } = makeSimulator({ nameResolver: dns.resolver });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ...CLUSTER_FIRST, Container: [shell('nc -zv web 80 && wget -qO- http://web/')] }),
    );
    await askedFor(clock, 10);
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toMatch(
      /^web \(10\.0\.0\.40:80\) open\n\[simulator\] started "wget -qO- http:\/\/web\/"/,
    );
  });

  it('pg_isready -h db waits for the name as libpq does: no response (2), then accepting connections', async () => {
    const dns = clusterDns();
    const { sim, clock } = makeSimulator({ nameResolver: dns.resolver });
    const script = 'until pg_isready -h db -p 5433; do sleep 2; done; pg_isready -q --host=db || exit 9';
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ...CLUSTER_FIRST, RestartPolicy: 'Never', Container: [shell(script)] }),
    );
    await askedFor(clock, 6);
    expect((await groupOf(sim, id)).Containers[0]?.CurrentState.State).toBe('Running');
    dns.records.set('db.default.svc.cluster.local', '10.0.0.30');
    await askedFor(clock, 6);
    expect((await groupOf(sim, id)).Containers[0]?.CurrentState).toMatchObject({
      State: 'Terminated',
      ExitCode: 0,
    });
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toMatch(
      /^db:5433 - no response\n(db:5433 - no response\n)+db:5433 - accepting connections\n$/,
    );
  });

  it('kubectl exec -- nc -zv db 5432 asks the name first', async () => {
    const dns = clusterDns();
    dns.records.set('db.default.svc.cluster.local', '10.0.0.30');
    const { sim, clock } = makeSimulator({ nameResolver: dns.resolver });
    const { ContainerGroupId: id } = await sim.createContainerGroup(request(CLUSTER_FIRST));
    clock.advance(10_000);
    const exec = execIn(sim, id);
    expect(await exec('nc', '-zv', 'db', '5432')).toBe('db (10.0.0.30:5432) open\n');
    expect(await exec('sh', '-c', 'nc -z cache 6379 || echo down')).toBe("nc: bad address 'cache'\ndown\n");
  });

  it('a name the cluster DNS will not answer for (not its zone) is not judged: curl runs uninterpreted', async () => {
    const { sim, clock } = makeSimulator({ nameResolver: clusterDns().resolver });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ...CLUSTER_FIRST, Container: [shell('curl -sf https://example.com/ || exit 6')] }),
    );
    await askedFor(clock, 10);
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toMatch(
      /^\[simulator\] started "curl -sf https:\/\/example.com\/"/,
    );
    expect((await groupOf(sim, id)).Containers[0]?.CurrentState.State).toBe('Running');
    const exec = execIn(sim, id);
    expect(await exec('sh', '-c', 'nslookup example.com; echo $?')).toContain('not interpreted');
  });

  it('an address, localhost or no DNS to ask: not interpreted, as before', async () => {
    expect(reachedName('nc', ['-z', '10.0.0.5', '5432'])).toBeUndefined();
    expect(reachedName('nc', ['-z', 'localhost', '8080'])).toBeUndefined();
    expect(reachedName('curl', ['http://127.0.0.1:8080/'])).toBeUndefined();
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ...CLUSTER_FIRST, Container: [shell('nc -z db 5432')] }),
    );
    clock.advance(10_000);
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toMatch(
      /^\[simulator\] started "nc -z db 5432"/,
    );
  });

  it('finds the host each tool reaches, past its options and after other commands', () => {
    expect(reachedName('nc', ['-w', '2', '-zv', 'db', '5432'])).toBe('db');
    expect(reachedName('wget', ['-O', 'out', '-q', 'http://web:8080/x?y=1'])).toBe('web');
    expect(reachedName('curl', ['-H', 'Host: x', '--max-time', '3', 'api.prod.svc/ready'])).toBe(
      'api.prod.svc',
    );
    expect(
      namesLookedUp('timeout 5 nc -z db 5432 && /usr/bin/curl -s http://api:8080/; nslookup web'),
    ).toEqual(['db', 'db:5432', 'api', 'api:8080', 'web']);
    expect(namesLookedUp('sh -c "until wget -q -O- https://cache/; do sleep 1; done"')).toEqual([
      'cache',
      'cache:443',
    ]);
    expect(reachedConnection('pg_isready', ['-h', 'db'])).toBe('db:5432');
    expect(reachedConnection('nc', ['-z', 'db', 'postgresql'])).toBeUndefined();
    expect(reachedName('pg_isready', ['-U', 'app', '-hdb.prod'])).toBe('db.prod');
    expect(reachedName('pg_isready', ['-U', 'app'])).toBeUndefined();
  });
});

describe("a Service's endpoints, as the group's kube-proxy sees them", () => {
  /** A cluster whose `db` Service exists (10.0.0.30) and whose kube-proxy refuses port 5432 for now. */
  function cluster() {
    const dns = clusterDns();
    dns.records.set('db.default.svc.cluster.local', '10.0.0.30');
    const services = serviceNetwork();
    services.ports.set('10.0.0.30:5432', 'refused');
    const { sim, clock } = makeSimulator({ nameResolver: dns.resolver, serviceNetwork: services.network });
    return { sim, clock, services };
  }

  it('nc -z waits while the db Service has no ready endpoint, and passes once it has', async () => {
    const { sim, clock, services } = cluster();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        ...CLUSTER_FIRST,
        ...KUBE_PROXY,
        InitContainer: [shell(WAIT_FOR_DB, { Name: 'wait-for-db', Image: 'busybox:1.36' })],
        Container: [container()],
      }),
    );
    await askedFor(clock, 20);
    const log = () => sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'wait-for-db' });
    expect((await groupOf(sim, id)).Containers[0]?.CurrentState.State).toBe('Waiting');
    // BusyBox's nc says nothing of a refusal below -vv.
    expect(await log()).toMatch(/^(waiting for db\n){3,}$/);

    services.ports.set('10.0.0.30:5432', 'open');
    await askedFor(clock, 10);
    const g = await groupOf(sim, id);
    expect(g.InitContainers[0]?.CurrentState).toMatchObject({ State: 'Terminated', ExitCode: 0 });
    expect(g.Containers[0]?.CurrentState.State).toBe('Running');
    expect(await log()).toMatch(/waiting for db\ndb is up\n$/);
  });

  it('a refused connection: each tool says it as it does, with its status', async () => {
    const { sim, clock } = cluster();
    const script = [
      'nc -zvv db 5432; echo "nc $?"',
      'pg_isready -h db; echo "pg_isready $?"',
      'wget -O- http://db:5432/; echo "wget $?"',
      'curl http://db:5432/; echo "curl $?"',
      'curl -s http://db:5432/; echo "curl -s $?"',
    ].join('; ');
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ...CLUSTER_FIRST, ...KUBE_PROXY, RestartPolicy: 'Never', Container: [shell(script)] }),
    );
    await askedFor(clock, 10);
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toBe(
      [
        'nc: db (10.0.0.30:5432): Connection refused',
        'nc 1',
        'db:5432 - no response',
        'pg_isready 2',
        'Connecting to db:5432 (10.0.0.30:5432)',
        "wget: can't connect to remote host (10.0.0.30): Connection refused",
        'wget 1',
        METER_HEAD,
        `${METER_ROW}${METER_ROW}`,
        "curl: (7) Failed to connect to db port 5432 after 0 ms: Couldn't connect to server",
        'curl 7',
        'curl -s 7',
        '',
      ].join('\n'),
    );
  });

  it('kubectl exec asks the connection with the name', async () => {
    const { sim, clock, services } = cluster();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ...CLUSTER_FIRST, ...KUBE_PROXY }),
    );
    clock.advance(10_000);
    const exec = execIn(sim, id);
    expect(await exec('sh', '-c', 'nc -z db 5432 || echo refused')).toBe('refused\n');
    services.ports.set('10.0.0.30:5432', 'open');
    expect(await exec('nc', '-zv', 'db', '5432')).toBe('db (10.0.0.30:5432) open\n');
  });

  it('a port the Service does not have, or no kube-proxy in the group: nothing answers, so nc and pg_isready wait out their timeout', async () => {
    const { sim, clock } = cluster();
    const create = (script: string, tags: Partial<typeof KUBE_PROXY>) =>
      sim.createContainerGroup(
        request({ ...CLUSTER_FIRST, ...tags, RestartPolicy: 'Never', Container: [shell(script)] }),
      );
    const log = (id: string) => sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' });
    const otherPort = await create(
      'nc -zv -w 2 db 6379; echo "nc $?"; pg_isready -h db -p 6379; echo "pg_isready $?"; timeout 1 nc -z db 6379; echo "timeout $?"; wget -q http://db:6379/',
      KUBE_PROXY,
    );
    // No kube-proxy: a ClusterIP goes nowhere, and nc without -w waits for the kernel (127 s).
    const unproxied = await create('nc -z db 5432; echo "nc $?"', {
      Tag: [{ Key: 'KubeProxy', Value: 'false' }],
    });
    await askedFor(clock, 30);
    expect(await log(otherPort.ContainerGroupId)).toMatch(
      /^nc: db \(10\.0\.0\.30:6379\): Connection timed out\nnc 1\ndb:6379 - no response\npg_isready 2\ntimeout 143\n\[simulator\] started "wget -q http:\/\/db:6379\/"/,
    );
    expect(await log(unproxied.ContainerGroupId)).toBe('');
    await askedFor(clock, 120);
    expect(await log(unproxied.ContainerGroupId)).toBe('nc 1\n');
    expect((await groupOf(sim, unproxied.ContainerGroupId)).Containers[0]?.CurrentState).toMatchObject({
      State: 'Terminated',
      ExitCode: 0,
    });
  });
});
