import {
  apps,
  core,
  createNamespace,
  deleteNamespace,
  eventOn,
  events,
  kubectl,
  podsIn,
  virtualNodePod,
  waitFor,
  waitForPhase,
} from './lib/cluster.js';
import { groupsByUid } from './lib/simulator.js';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ns = 'e2e-lifecycle';

beforeAll(() => createNamespace(ns));
afterAll(() => deleteNamespace(ns));

describe('pod lifecycle on ECI', () => {
  it('a run-once pod whose command exits 0 ends Succeeded (a CronJob-style script: set -e, $(date), if, mkdir, id, nproc, ${VAR:-x})', async () => {
    const pod = virtualNodePod('ok', ns, {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'job',
          image: 'busybox',
          command: [
            'sh',
            '-c',
            'set -e; DAY=$(date -u +%F); if [ -n "$DAY" ]; then echo "$DAY"; fi; mkdir -p /tmp/out; echo "uid $(id -u), $(nproc) cpus"; echo ${RESULT:-done}',
          ],
          resources: { limits: { cpu: '2', memory: '4Gi' } },
        },
      ],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    const done = await waitForPhase(ns, 'ok', 'Succeeded');
    expect(done.status?.containerStatuses?.[0].state?.terminated?.exitCode).toBe(0);
    const startedAt = done.status?.containerStatuses?.[0].state?.terminated?.startedAt;
    expect(await kubectl('logs', 'ok', '-n', ns)).toBe(
      `${new Date(startedAt ?? 0).toISOString().slice(0, 10)}\nuid 0, 2 cpus\ndone\n`,
    );
  });

  it('a run-once pod whose command exits 3 ends Failed with exit code 3, its log the termination message', async () => {
    const pod = virtualNodePod('fails', ns, {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'job',
          image: 'busybox',
          command: ['sh', '-c', 'echo "boom: DATABASE_URL is not set" >&2; exit 3'],
          terminationMessagePolicy: 'FallbackToLogsOnError',
        },
      ],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    await waitForPhase(ns, 'fails', 'Failed');
    const terminated =
      '{.status.containerStatuses[0].state.terminated.exitCode} {.status.containerStatuses[0].state.terminated.message}';
    expect(await kubectl('get', 'pod', 'fails', '-n', ns, '-o', `jsonpath=${terminated}`)).toBe(
      '3 boom: DATABASE_URL is not set\n',
    );
  });

  it('kubectl delete: the pod stays Terminating while its container group stops, then goes', async () => {
    const pod = virtualNodePod('graceful', ns, { terminationGracePeriodSeconds: 300 });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    const uid = (await waitForPhase(ns, 'graceful', 'Running')).metadata?.uid ?? '';
    await kubectl('delete', 'pod', 'graceful', '-n', ns, '--wait=false');
    // The simulator keeps a stopping group Terminating for about 2 s, as ECI does while preStop
    // hooks and SIGTERM run: the pod object must outlive it, as with a kubelet.
    await waitFor('the group Terminating', async () =>
      (await groupsByUid()).get(uid)?.find((g) => g.Status === 'Terminating'),
    );
    const terminating = await core.readNamespacedPod({ name: 'graceful', namespace: ns });
    expect(terminating.metadata?.deletionTimestamp).toBeDefined();
    await waitFor('the pod object gone', async () =>
      (await podsIn(ns)).some((p) => p.metadata?.name === 'graceful') ? undefined : true,
    );
    expect((await groupsByUid()).get(uid) ?? []).toEqual([]);
  });

  it('a postStart hook that fails: FailedPostStartHook on the pod, and the container is restarted', async () => {
    const pod = virtualNodePod('post-start', ns, {
      containers: [
        {
          name: 'app',
          image: 'nginx',
          lifecycle: { postStart: { exec: { command: ['sh', '-c', 'exit 3'] } } },
        },
      ],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    await waitFor('the container restarted after its hook failed', async () => {
      const p = await core.readNamespacedPod({ name: 'post-start', namespace: ns });
      return (p.status?.containerStatuses?.[0].restartCount ?? 0) >= 1 ? p : undefined;
    });
    expect(await eventOn(ns, 'post-start', 'FailedPostStartHook')).toMatchObject({
      type: 'Warning',
      message: 'PostStartHook failed',
    });
  });

  it('a preStop hook runs when the pod is deleted: a failing one is reported, and the pod still goes', async () => {
    const pod = virtualNodePod('pre-stop', ns, {
      containers: [
        {
          name: 'app',
          image: 'nginx',
          lifecycle: { preStop: { exec: { command: ['sh', '-c', 'exit 1'] } } },
        },
      ],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    await waitForPhase(ns, 'pre-stop', 'Running');
    await kubectl('delete', 'pod', 'pre-stop', '-n', ns, '--wait=false');
    await waitFor('the pod object gone', async () =>
      (await podsIn(ns)).some((p) => p.metadata?.name === 'pre-stop') ? undefined : true,
    );
    expect(await eventOn(ns, 'pre-stop', 'FailedPreStopHook')).toMatchObject({
      type: 'Warning',
      message: 'PreStopHook failed',
    });
  });

  it('a liveness probe that fails: Unhealthy on the pod, and the container is restarted', async () => {
    const pod = virtualNodePod('liveness', ns, {
      containers: [
        {
          name: 'app',
          image: 'nginx',
          livenessProbe: { exec: { command: ['sh', '-c', 'exit 1'] }, periodSeconds: 1, failureThreshold: 2 },
        },
      ],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    await waitFor('the container restarted after failing its liveness probe', async () => {
      const p = await core.readNamespacedPod({ name: 'liveness', namespace: ns });
      return (p.status?.containerStatuses?.[0].restartCount ?? 0) >= 1 ? p : undefined;
    });
    expect(await eventOn(ns, 'liveness', 'Unhealthy')).toMatchObject({
      type: 'Warning',
      message: 'Liveness probe failed: ',
    });
    expect(await eventOn(ns, 'liveness', 'Killing')).toMatchObject({
      type: 'Normal',
      message: 'Container app failed liveness probe, will be restarted',
    });
  });

  it('a liveness probe reading a file: restarted when the script removes it, or when kubectl exec does', async () => {
    // The exec example of the Kubernetes documentation ("Configure Liveness, Readiness and Startup
    // Probes"), with shorter delays; and the same file removed by hand.
    const probe = { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 2, failureThreshold: 1 };
    const withScript = (name: string, script: string) =>
      virtualNodePod(name, ns, {
        containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', script], livenessProbe: probe }],
      });
    await core.createNamespacedPod({
      namespace: ns,
      body: withScript('exec-liveness', 'touch /tmp/healthy; sleep 8; rm -f /tmp/healthy; sleep 600'),
    });
    await core.createNamespacedPod({
      namespace: ns,
      body: withScript('rm-liveness', 'touch /tmp/healthy; sleep 3600'),
    });
    await waitForPhase(ns, 'exec-liveness', 'Running');
    await waitForPhase(ns, 'rm-liveness', 'Running');
    const restarts = async (name: string) =>
      (await core.readNamespacedPod({ name, namespace: ns })).status?.containerStatuses?.[0].restartCount ??
      0;
    // The script's file is there until it removes it; the probes pass meanwhile.
    await kubectl('exec', 'rm-liveness', '-n', ns, '--', 'cat', '/tmp/healthy');
    expect(await restarts('rm-liveness')).toBe(0);
    await kubectl('exec', 'rm-liveness', '-n', ns, '--', 'rm', '/tmp/healthy');
    for (const name of ['exec-liveness', 'rm-liveness'])
      await waitFor(`${name} restarted after its liveness probe failed`, async () =>
        (await restarts(name)) >= 1 ? true : undefined,
      );
    expect(await eventOn(ns, 'exec-liveness', 'Killing')).toMatchObject({
      message: 'Container app failed liveness probe, will be restarted',
    });
  });

  it('a readiness probe that fails: the pod is not Ready, and Unhealthy says why', async () => {
    const pod = virtualNodePod('readiness', ns, {
      containers: [
        {
          name: 'app',
          image: 'nginx',
          readinessProbe: { exec: { command: ['sh', '-c', 'exit 1'] }, periodSeconds: 1 },
        },
      ],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    const unhealthy = await waitFor('an Unhealthy event on the pod', async () =>
      (await events(ns, 'readiness')).find((e) => e.reason === 'Unhealthy'),
    );
    expect(unhealthy).toMatchObject({ type: 'Warning', message: 'Readiness probe failed: ' });
    const running = await waitForPhase(ns, 'readiness', 'Running');
    expect(running.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
  });

  it('an init container that fails: kubectl shows Init:Error or Init:CrashLoopBackOff, its restarts and its log', async () => {
    const pod = virtualNodePod('migrate', ns, {
      initContainers: [
        { name: 'migrate', image: 'busybox', command: ['sh', '-c', 'echo schema v2 refused; exit 3'] },
      ],
      containers: [{ name: 'app', image: 'busybox', command: ['sleep', '3600'] }],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    const failing = await waitFor('the init container restarted after exiting 3', async () => {
      const p = await core.readNamespacedPod({ name: 'migrate', namespace: ns });
      const init = p.status?.initContainerStatuses?.[0];
      return (init?.restartCount ?? 0) >= 1 && init?.lastState?.terminated ? init : undefined;
    });
    expect(failing.lastState?.terminated).toMatchObject({ exitCode: 3 });
    // Between back-offs the container is pulled again (busybox is :latest): Init:ContainerCreating.
    await waitFor('kubectl to show the init container failing', async () => {
      const status = (await kubectl('get', 'pod', 'migrate', '-n', ns, '--no-headers')).split(/\s+/)[2];
      return status === 'Init:Error' || status === 'Init:CrashLoopBackOff' ? status : undefined;
    });
    expect(await kubectl('logs', 'migrate', '-n', ns, '-c', 'migrate')).toContain('schema v2 refused');
  });

  it("the documentation's myapp-pod: Init:0/2 while its init containers nslookup Services that do not exist, Running once they do", async () => {
    const initFor = (service: string) => ({
      name: `init-${service}`,
      image: 'busybox:1.28',
      command: [
        'sh',
        '-c',
        `until nslookup ${service}.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for ${service}; sleep 2; done`,
      ],
    });
    const pod = virtualNodePod('myapp-pod', ns, {
      initContainers: [initFor('myservice'), initFor('mydb')],
      containers: [
        {
          name: 'myapp-container',
          image: 'busybox:1.28',
          command: ['sh', '-c', 'echo The app is running! && sleep 3600'],
        },
      ],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    const initLog = (c: string) => kubectl('logs', 'myapp-pod', '-n', ns, '-c', c);
    const kubectlStatus = (status: string) =>
      waitFor(`kubectl get pod to show ${status}`, async () =>
        (await kubectl('get', 'pod', 'myapp-pod', '-n', ns, '--no-headers')).split(/\s+/)[2] === status
          ? true
          : undefined,
      );
    // Still waiting after several of its 2 s loops: the name does not resolve.
    await waitFor('the first init container to loop', async () => {
      const log = await initLog('init-myservice');
      return (log.match(/waiting for myservice/g) ?? []).length >= 3 ? log : undefined;
    });
    await kubectlStatus('Init:0/2');
    expect(await initLog('init-myservice')).toContain(
      `** server can't find myservice.${ns}.svc.cluster.local: NXDOMAIN`,
    );

    await kubectl('create', 'service', 'clusterip', 'myservice', '--tcp=80:9376', '-n', ns);
    await waitFor('the second init container to wait for mydb', async () =>
      (await initLog('init-mydb').catch(() => '')).includes('waiting for mydb') ? true : undefined,
    );
    await kubectlStatus('Init:1/2');
    const clusterIp = (await core.readNamespacedService({ name: 'myservice', namespace: ns })).spec
      ?.clusterIP;
    expect(await initLog('init-myservice')).toContain(
      `Name:\tmyservice.${ns}.svc.cluster.local\nAddress: ${clusterIp}`,
    );

    await kubectl('create', 'service', 'clusterip', 'mydb', '--tcp=80:9377', '-n', ns);
    await waitForPhase(ns, 'myapp-pod', 'Running');
    expect(await kubectl('logs', 'myapp-pod', '-n', ns, '-c', 'myapp-container')).toContain(
      'The app is running!',
    );
    // The DNS debugging page's first step, through the search list.
    expect(await kubectl('exec', 'myapp-pod', '-n', ns, '--', 'nslookup', 'myservice')).toContain(
      `Name:\tmyservice.${ns}.svc.cluster.local\nAddress: ${clusterIp}`,
    );
  });

  it("a chart's wait-for-db init container (until nc -z db 5432) holds the pod in Init:0/2 until the db Service exists and has a ready pod; bash's </dev/tcp wait then connects", async () => {
    const pod = virtualNodePod('waits-for-db', ns, {
      initContainers: [
        {
          name: 'wait-for-db',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'until nc -z -w 2 db 5432; do echo waiting for db; sleep 2; done'],
        },
        // The same wait written for bash: it connects through the same kube-proxy.
        {
          name: 'wait-in-bash',
          image: 'debian:12',
          command: ['bash', '-c', 'until </dev/tcp/db/5432; do sleep 2; done; echo connected'],
        },
      ],
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    const log = () => kubectl('logs', 'waits-for-db', '-n', ns, '-c', 'wait-for-db');
    const status = async () =>
      (await kubectl('get', 'pod', 'waits-for-db', '-n', ns, '--no-headers')).split(/\s+/)[2];
    await waitFor('the init container to loop', async () => {
      const text = await log();
      return (text.match(/nc: bad address 'db'\nwaiting for db/g) ?? []).length >= 3 ? text : undefined;
    });
    expect(await status()).toBe('Init:0/2');
    // The Service selects app=db, which no pod has yet: kube-proxy refuses the port (nc says nothing).
    await kubectl('create', 'service', 'clusterip', 'db', '--tcp=5432:5432', '-n', ns);
    await waitFor('the init container to be refused', async () => {
      const text = await log();
      return /waiting for db\nwaiting for db\nwaiting for db\n$/.test(text) ? text : undefined;
    });
    expect(await status()).toBe('Init:0/2');
    const db = virtualNodePod('db', ns, { containers: [{ name: 'db', image: 'postgres:16' }] });
    await core.createNamespacedPod({
      namespace: ns,
      body: { ...db, metadata: { ...db.metadata, labels: { app: 'db' } } },
    });
    await waitForPhase(ns, 'waits-for-db', 'Running');
    expect(await kubectl('logs', 'waits-for-db', '-n', ns, '-c', 'wait-in-bash')).toBe('connected\n');
  });

  it('an app waiting for its sidecar on localhost (until nc -z localhost 5432) goes on once the sidecar declaring 5432 has started', async () => {
    const wait =
      'until nc -z localhost 5432; do echo waiting for proxy; sleep 1; done; echo proxy is up; sleep 3600';
    const pod = virtualNodePod('waits-for-proxy', ns, {
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sh', '-c', wait],
          // ECI launches the app first and holds the sidecar until the app is Ready, 5 s on.
          env: [{ name: 'ECI_CONTAINER_LAUNCH_PRIORITY', value: '1' }],
          readinessProbe: { exec: { command: ['true'] }, initialDelaySeconds: 5 },
        },
        {
          name: 'proxy',
          image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2',
          ports: [{ containerPort: 5432 }],
        },
      ],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    const log = () => kubectl('logs', 'waits-for-proxy', '-n', ns, '-c', 'app');
    const text = await waitFor('the app to see its sidecar', async () => {
      const got = await log().catch(() => '');
      return got.includes('proxy is up') ? got : undefined;
    });
    expect(text).toMatch(/^(waiting for proxy\n){2,}proxy is up\n$/);
    const ready = await kubectl('get', 'pod', 'waits-for-proxy', '-n', ns, '--no-headers');
    expect(ready.split(/\s+/).slice(1, 3)).toEqual(['2/2', 'Running']);
  });

  it('an exec readiness probe on the loopback (pg_isready -h 127.0.0.1) keeps the app unready while its sidecar cannot start', async () => {
    const pod = virtualNodePod('probes-proxy', ns, {
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          readinessProbe: {
            exec: { command: ['pg_isready', '-h', '127.0.0.1', '-p', '5432'] },
            periodSeconds: 2,
          },
        },
        // Its image cannot be pulled: nothing ever listens on 5432.
        {
          name: 'proxy',
          image: 'registry.example.com/nonexistent/proxy:1',
          ports: [{ containerPort: 5432 }],
        },
      ],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    const statuses = async () =>
      (await core.readNamespacedPod({ name: 'probes-proxy', namespace: ns })).status?.containerStatuses ?? [];
    await waitFor('the proxy to fail its pull', async () =>
      (await statuses()).some(
        (c) => c.name === 'proxy' && /ImagePull|ErrImage/.test(c.state?.waiting?.reason ?? ''),
      )
        ? true
        : undefined,
    );
    // The probe has run and failed: nothing serves 5432 (uninterpreted, it passed).
    await waitFor('an Unhealthy event on the pod', async () =>
      (await events(ns, 'probes-proxy')).find((e) => e.reason === 'Unhealthy'),
    );
    // The Event and the status that shows the app running come from different ECI calls and
    // writes: the Event can be on the pod first.
    const app = await waitFor('the app running', async () =>
      (await statuses()).find((c) => c.name === 'app' && c.state?.running !== undefined),
    );
    expect([app.state?.running !== undefined, app.ready]).toEqual([true, false]);
  });

  it("timeout stops a child shell's endless loop: the script goes on with BusyBox's status 143 and the pod completes", async () => {
    const pod = virtualNodePod('bounded', ns, {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: [
            'sh',
            '-c',
            `timeout 2.5 sh -c 'while true; do echo tick; sleep 1; done'; echo "timeout ended it: $?"`,
          ],
        },
      ],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    await waitForPhase(ns, 'bounded', 'Succeeded');
    expect(await kubectl('logs', 'bounded', '-n', ns)).toBe('tick\ntick\ntick\ntimeout ended it: 143\n');
  });

  it("an emptyDir is shared: the init container's rendered config is the app's, an unknown agent's file is no crash, a file copied into one container is the other's", async () => {
    const pod = virtualNodePod('render', ns, {
      initContainers: [
        {
          name: 'render',
          image: 'busybox',
          command: ['sh', '-c', "echo 'listen 8080' > /work/app.conf"],
          volumeMounts: [{ name: 'work', mountPath: '/work' }],
        },
        // An agent the simulator does not run (vault agent): what it writes is unknown, not missing.
        {
          name: 'agent',
          image: 'hashicorp/vault:1.17',
          args: ['agent', '-config=/vault/config/agent.hcl', '-exit-after-auth'],
          volumeMounts: [{ name: 'work', mountPath: '/work' }],
        },
      ],
      containers: [
        {
          name: 'app',
          image: 'busybox',
          command: ['sh', '-c', 'cat /etc/app/app.conf && sleep 3600'],
          volumeMounts: [{ name: 'work', mountPath: '/etc/app' }],
        },
        {
          name: 'helper',
          image: 'busybox',
          command: ['sh', '-c', 'cat /work/secrets.env > /dev/null && sleep 3600'],
          volumeMounts: [{ name: 'work', mountPath: '/work' }],
        },
      ],
      volumes: [{ name: 'work', emptyDir: {} }],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    await waitForPhase(ns, 'render', 'Running');
    expect(await kubectl('logs', 'render', '-n', ns, '-c', 'app')).toBe('listen 8080\n');
    const helper = (
      await core.readNamespacedPod({ name: 'render', namespace: ns })
    ).status?.containerStatuses?.find((s) => s.name === 'helper');
    expect(helper).toMatchObject({ restartCount: 0, state: { running: expect.anything() } });
    const dir = await mkdtemp(join(tmpdir(), 'e2e-cp-'));
    await writeFile(join(dir, 'seed.txt'), 'seeded\n');
    await kubectl('cp', join(dir, 'seed.txt'), `${ns}/render:/work/seed.txt`, '-c', 'helper');
    expect(await kubectl('exec', 'render', '-n', ns, '-c', 'app', '--', 'cat', '/etc/app/seed.txt')).toBe(
      'seeded\n',
    );
  });

  it('kubectl set image restarts the container with the new image in the same container group', async () => {
    await core.createNamespacedPod({ namespace: ns, body: virtualNodePod('set-image', ns) });
    const before = await waitForPhase(ns, 'set-image', 'Running');
    const groupId = before.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id'];
    await kubectl('set', 'image', 'pod/set-image', 'app=nginx:1.28', '-n', ns);
    const after = await waitFor('the new image running', async () => {
      const pod = await core.readNamespacedPod({ name: 'set-image', namespace: ns });
      const app = pod.status?.containerStatuses?.[0];
      return app?.image === 'nginx:1.28' && app.ready ? pod : undefined;
    });
    expect(after.status?.containerStatuses?.[0].restartCount).toBe(1);
    expect(after.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id']).toBe(groupId);
    expect((await eventOn(ns, 'set-image', 'Killing')).type).toBe('Normal');
  });

  it('a pod ECI cannot run gets a Warning Event naming the field, and others keep running', async () => {
    const bad = virtualNodePod('host-net', ns, { hostNetwork: true });
    await core.createNamespacedPod({ namespace: ns, body: bad });
    const warning = await waitFor('ProviderFailed event', async () =>
      (await events(ns, 'host-net')).find((e) => e.reason === 'ProviderFailed'),
    );
    expect(warning.type).toBe('Warning');
    expect(warning.message).toContain('hostNetwork');
    const pod = await waitFor('the pod status written', async () => {
      const p = await core.readNamespacedPod({ name: 'host-net', namespace: ns });
      return p.status?.containerStatuses?.[0]?.state?.waiting ? p : undefined;
    });
    expect(pod.status?.reason).toBe('ProviderFailed');
    // kubectl logs says why the container never starts, not only that it waits.
    await expect(kubectl('logs', '-n', ns, 'host-net')).rejects.toThrow(
      `is waiting to start: ProviderFailed: ${pod.status?.message ?? ''}`,
    );
    await core.createNamespacedPod({ namespace: ns, body: virtualNodePod('after-bad', ns) });
    await waitForPhase(ns, 'after-bad', 'Running');
  });

  it('a Deployment scaled 0 → 20 → 0 converges and leaves no container group behind', async () => {
    const labels = { app: 'scale' };
    await apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: 'scale' },
        spec: {
          replicas: 0,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: virtualNodePod('x', ns).spec },
        },
      },
    });
    await apps.patchNamespacedDeploymentScale({
      name: 'scale',
      namespace: ns,
      body: [{ op: 'replace', path: '/spec/replicas', value: 20 }],
    });
    await waitFor(
      '20 pods Running',
      async () => {
        const pods = await podsIn(ns, 'app=scale');
        return pods.length === 20 && pods.every((p) => p.status?.phase === 'Running') ? pods : undefined;
      },
      180_000,
    );
    const uids = (await podsIn(ns, 'app=scale')).map((p) => p.metadata?.uid ?? '');
    const byUid = await groupsByUid();
    expect(uids.map((u) => byUid.get(u)?.length)).toEqual(uids.map(() => 1));
    await apps.patchNamespacedDeploymentScale({
      name: 'scale',
      namespace: ns,
      body: [{ op: 'replace', path: '/spec/replicas', value: 0 }],
    });
    await waitFor(
      'no pods',
      async () => ((await podsIn(ns, 'app=scale')).length === 0 ? true : undefined),
      180_000,
    );
    await waitFor('no container groups', async () => {
      const left = await groupsByUid();
      return uids.every((u) => !left.has(u)) ? true : undefined;
    });
  });
});
