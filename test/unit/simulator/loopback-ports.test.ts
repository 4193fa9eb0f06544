import { namesLookedUp } from '../../../providers/simulator/name-lookup.js';
import { askedFor } from './cluster-dns.js';
import {
  container,
  execIn,
  groupOf,
  makeSimulator,
  request,
  shell,
  UNSERVED_9000_SIDECAR,
} from './helpers.js';

/** A database proxy sidecar on 5432. */
const PROXY = container({
  Name: 'proxy',
  Image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2',
  Port: [{ Port: 5432 }],
});

/**
 * The app is launched first and holds the sidecar until it is Ready, 10 s on (ECI's launch priority
 * with a readiness probe): for those 10 s nothing listens on 5432.
 */
const FIRST_READY_AT_10S = {
  EnvironmentVar: [{ Key: 'ECI_CONTAINER_LAUNCH_PRIORITY', Value: '1' }],
  ReadinessProbe: { Exec: { Command: ['true'] }, InitialDelaySeconds: 10 },
};

/** The app's wait for its sidecar, as such apps write it: the loopback, not a Service. */
const WAIT_FOR_PROXY =
  'until nc -z localhost 5432; do echo waiting for proxy; sleep 2; done; nc -zv 127.0.0.1 5432';

describe("a container's connections to its group's own ports (localhost)", () => {
  it('an app waiting on its sidecar with nc -z localhost goes on once the sidecar serves, without a DNS', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ RestartPolicy: 'Never', Container: [PROXY, shell(WAIT_FOR_PROXY, FIRST_READY_AT_10S)] }),
    );
    const log = () => sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' });
    await askedFor(clock, 8);
    expect(await log()).toMatch(/^(waiting for proxy\n){2,}$/);
    expect((await groupOf(sim, id)).Containers[1]?.CurrentState.State).toBe('Running');
    await askedFor(clock, 12);
    // BusyBox's nc -zv says the connection is open (on stderr), and the script ends with its status.
    expect(await log()).toMatch(/waiting for proxy\n127\.0\.0\.1 \(127\.0\.0\.1:5432\) open\n$/);
    expect((await groupOf(sim, id)).Containers[1]?.CurrentState).toMatchObject({
      State: 'Terminated',
      ExitCode: 0,
    });
  });

  it('a port a container declares but nothing serves is refused, as each tool says it; one no container declares is not judged', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [container({ Image: 'debian:12' }), UNSERVED_9000_SIDECAR] }),
    );
    clock.advance(10_000);
    const exec = execIn(sim, id);
    expect(await exec('sh', '-c', 'nc -zvv localhost 9000; echo "nc $?"')).toBe(
      'nc: localhost (127.0.0.1:9000): Connection refused\nnc 1\n',
    );
    expect(await exec('sh', '-c', 'pg_isready -h localhost -p 9000; echo "pg_isready $?"')).toBe(
      'localhost:9000 - no response\npg_isready 2\n',
    );
    expect(await exec('bash', '-c', '</dev/tcp/127.0.0.1/9000 || echo "bash $?"')).toBe(
      'bash: connect: Connection refused\nbash: line 1: /dev/tcp/127.0.0.1/9000: Connection refused\nbash 1\n',
    );
    expect(await exec('sh', '-c', 'wget -O- http://localhost:9000/; echo "wget $?"')).toBe(
      "Connecting to localhost:9000 (127.0.0.1:9000)\nwget: can't connect to remote host (127.0.0.1): Connection refused\nwget 1\n",
    );
    expect(await exec('sh', '-c', 'curl -sS http://localhost:9000/; echo "curl $?"')).toBe(
      "curl: (7) Failed to connect to localhost port 9000 after 0 ms: Couldn't connect to server\ncurl 7\n",
    );
    // A port no container declares: what an image listens on is not known.
    expect(await exec('nc', '-z', 'localhost', '80')).toContain('not interpreted');
    expect(namesLookedUp('nc -z localhost 9000 && echo > /dev/tcp/127.0.0.1/9000')).toEqual([
      'localhost:9000',
      '127.0.0.1:9000',
    ]);
  });

  it('a container waiting on a port it declares itself waits for ever: its script is all that runs in it; kubectl exec finds its server', async () => {
    const { sim, clock } = makeSimulator();
    const self = shell('until nc -z localhost 8080; do sleep 1; done; echo never', {
      Port: [{ Port: 8080 }],
    });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [self, container({ Name: 'web', Image: 'nginx:1.27', Port: [{ Port: 80 }] })] }),
    );
    await askedFor(clock, 30);
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toBe('');
    // nginx runs as its container's process: an exec into it reaches its port.
    expect(await execIn(sim, id, 'web')('nc', '-zv', 'localhost', '80')).toBe(
      'localhost (127.0.0.1:80) open\n',
    );
  });

  it("an exec readiness probe on the loopback passes once the port's container serves, and never while nothing does", async () => {
    const { sim, clock } = makeSimulator();
    const probe = (command: string) => ({
      ReadinessProbe: { Exec: { Command: ['sh', '-c', command] }, PeriodSeconds: 2 },
    });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [
          container({ Image: 'postgres:16', ...probe('pg_isready -h 127.0.0.1 -p 5432') }),
          container({ Name: 'proxy', Image: 'cloud-sql-proxy:2', Port: [{ Port: 5432 }] }),
          container({ Name: 'meshed', Image: 'nginx:1.27', ...probe('nc -z localhost 9000') }),
          UNSERVED_9000_SIDECAR,
        ],
      }),
    );
    await askedFor(clock, 30);
    const ready = Object.fromEntries((await groupOf(sim, id)).Containers.map((c) => [c.Name, c.Ready]));
    expect(ready).toEqual({ app: true, proxy: true, meshed: false, sidecar: false });
  });

  it('an init container waiting on an app container’s port waits for ever, as on ECI (app containers start after it)', async () => {
    const { sim, clock } = makeSimulator();
    const wait = shell('until nc -z localhost 80; do sleep 1; done', { Name: 'wait-for-app' });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ InitContainer: [wait], Container: [container({ Port: [{ Port: 80 }] })] }),
    );
    await askedFor(clock, 60);
    const g = await groupOf(sim, id);
    expect(g.InitContainers[0]?.CurrentState.State).toBe('Running');
    expect(g.Containers[0]?.CurrentState.State).toBe('Waiting');
  });
});
