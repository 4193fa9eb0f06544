import type * as k8s from '@kubernetes/client-node';
import {
  core,
  createNamespace,
  deleteNamespace,
  eventOn,
  events,
  kubectl,
  nodeName,
  virtualNodePod,
  waitFor,
  waitForPhase,
} from './lib/cluster.js';
import { groupsByUid, simAdmin, simGroups, tag } from './lib/simulator.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

const ns = 'e2e-translation';

beforeAll(async () => {
  await createNamespace(ns);
  await core.createNamespacedConfigMap({
    namespace: ns,
    body: { metadata: { name: 'app-config' }, data: { mode: 'fast', 'app.conf': 'listen 8080\n' } },
  });
  await core.createNamespacedSecret({
    namespace: ns,
    body: { metadata: { name: 'app-secret' }, stringData: { password: 's3cr3t' } },
  });
});
afterAll(() => deleteNamespace(ns));

describe('pod spec and annotations reach the container group', () => {
  it('env from ConfigMap/Secret/fieldRef, config volumes, an init container, probes and annotations', async () => {
    const pod = virtualNodePod('full', ns, {
      restartPolicy: 'Never',
      initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'echo init done'] }],
      containers: [
        {
          name: 'app',
          image: 'busybox',
          command: ['sh', '-c', 'env; cat /etc/app/app.conf'],
          env: [
            { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'mode' } } },
            { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'password' } } },
            { name: 'MY_POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'GREETING', value: 'hello $(MY_POD)' },
            // No divisor: the API server stores "0", which the kubelet reads as 1 (GOMAXPROCS-style).
            { name: 'CPUS', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } },
            {
              name: 'MEMORY_MI',
              valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '1Mi' } },
            },
          ],
          volumeMounts: [{ name: 'conf', mountPath: '/etc/app' }],
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 1 },
          resources: { requests: { cpu: '500m', memory: '1Gi' } },
        },
      ],
      volumes: [
        { name: 'conf', configMap: { name: 'app-config', items: [{ key: 'app.conf', path: 'app.conf' }] } },
      ],
    });
    pod.metadata = {
      ...pod.metadata,
      annotations: {
        'k8s.aliyun.com/eci-use-specs': '1-2Gi',
        'k8s.aliyun.com/eci-custom-tags': 'team:search',
      },
    };
    await core.createNamespacedPod({ namespace: ns, body: pod });
    const done = await waitForPhase(ns, 'full', 'Succeeded');
    expect(done.status?.initContainerStatuses?.[0].state?.terminated?.exitCode).toBe(0);
    const logs = await kubectl('logs', '-n', ns, 'full');
    expect(logs).toContain('MODE=fast');
    expect(logs).toContain('PASSWORD=s3cr3t');
    expect(logs).toContain('MY_POD=full');
    expect(logs).toContain('GREETING=hello full');
    expect(logs).toContain('CPUS=1');
    expect(logs).toContain('MEMORY_MI=1024');
    expect(logs).toContain('listen 8080');
    const [group] = (await groupsByUid()).get(done.metadata?.uid ?? '') ?? [];
    expect([group.Cpu, group.Memory]).toEqual([1, 2]);
    expect(tag(group, 'team')).toBe('search');
    expect(tag(group, 'NameSpace')).toBe(ns);
    expect(done.metadata?.annotations?.['k8s.aliyun.com/eci-instance-spec']).toBe('1.0-2.0Gi');
    // Secret values never reach Events.
    expect(JSON.stringify(await events(ns, 'full'))).not.toContain('s3cr3t');
  });

  it('sysctls go where ECI takes them; a capability and a probe threshold ECI refuses are named in Warnings; temporary storage beyond the free 30 GiB is added; the pod runs', async () => {
    const pod = virtualNodePod('kernel', ns, {
      securityContext: {
        sysctls: [
          { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' },
          { name: 'net.core.somaxconn', value: '1024' },
        ],
      },
      containers: [
        {
          name: 'app',
          image: 'nginx',
          ports: [{ containerPort: 80 }],
          securityContext: { capabilities: { add: ['NET_ADMIN', 'SYS_ADMIN'] } },
          readinessProbe: { tcpSocket: { port: 80 }, successThreshold: 3 },
          env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
          args: ['nginx', '-g', 'daemon off; env POD=$(POD_IP);'],
          resources: { limits: { 'ephemeral-storage': '50Gi' } },
        },
      ],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    const running = await waitForPhase(ns, 'kernel', 'Running');
    const warnings = (await events(ns, 'kernel')).filter((e) => e.type === 'Warning').map((e) => e.message);
    expect(warnings.join('\n')).toContain('ECI adds only NET_ADMIN and NET_RAW; SYS_ADMIN not added');
    expect(warnings.join('\n')).toContain(
      'readinessProbe.successThreshold: ECI probes need exactly 1 success',
    );
    expect(warnings.join('\n')).toContain('spec.containers[0].args[2]: $(POD_IP) stays as written');
    const [group] = (await groupsByUid()).get(running.metadata?.uid ?? '') ?? [];
    // ECI lists the safe sysctls it set; net.core.somaxconn went in HostSecurityContext, or ECI would have refused the group.
    expect(group.EciSecurityContext?.Sysctls).toEqual([
      { Name: 'net.ipv4.ip_unprivileged_port_start', Value: '0' },
    ]);
    expect(group.Containers[0].SecurityContext?.Capability?.Adds).toEqual(['NET_ADMIN']);
    // 50 GiB asked for (the API server made the limit a request too), 30 of them free.
    expect(group.EphemeralStorage).toBe(20);
  });

  it('a pod waiting for a ConfigMap that does not exist yet starts once it appears', async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: virtualNodePod('waits', ns, {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'late', key: 'x' } } }],
          },
        ],
      }),
    });
    await waitFor('CreateContainerConfigError', async () => {
      const p = await core.readNamespacedPod({ name: 'waits', namespace: ns });
      return p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CreateContainerConfigError'
        ? true
        : undefined;
    });
    await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'late' }, data: { x: '1' } },
    });
    await waitForPhase(ns, 'waits', 'Running', 120_000);
  });

  it.each([
    [
      'privileged',
      { containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: true } }] },
      'privileged',
    ],
    [
      'hostpath',
      {
        containers: [{ name: 'app', image: 'nginx' }],
        volumes: [{ name: 'h', hostPath: { path: '/var/run' } }],
      },
      'hostPath',
    ],
    [
      'reserved-port',
      { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 10250 }] }] },
      '10250',
    ],
  ])(
    'rejects %s with a Warning Event naming the field (kubectl describe shows it)',
    async (name, spec, word) => {
      await core.createNamespacedPod({ namespace: ns, body: virtualNodePod(name, ns, spec) });
      await waitFor(`ProviderFailed on ${name}`, async () =>
        (await events(ns, name)).find((e) => e.reason === 'ProviderFailed' && e.message?.includes(word)),
      );
      expect(await kubectl('describe', 'pod', '-n', ns, name)).toMatch(new RegExp(`ProviderFailed.*${word}`));
    },
  );

  it('rejects malformed annotations, naming each in one event, and warns about a misspelt one', async () => {
    const bad = virtualNodePod('bad-spec', ns);
    bad.metadata = {
      ...bad.metadata,
      annotations: { 'k8s.aliyun.com/eci-use-specs': '2-lots', 'k8s.aliyun.com/eci-with-eip': 'yes' },
    };
    await core.createNamespacedPod({ namespace: ns, body: bad });
    const event = await waitFor('ProviderFailed', async () =>
      (await events(ns, 'bad-spec')).find((e) => e.reason === 'ProviderFailed'),
    );
    expect(event.message).toContain('metadata.annotations[k8s.aliyun.com/eci-use-specs]: "2-lots"');
    expect(event.message).toContain(
      'metadata.annotations[k8s.aliyun.com/eci-with-eip]: "yes" is not a boolean',
    );
    const typo = virtualNodePod('typo', ns);
    typo.metadata = { ...typo.metadata, annotations: { 'k8s.aliyun.com/eci-use-spec': '2-4Gi' } };
    await core.createNamespacedPod({ namespace: ns, body: typo });
    const warning = await waitFor('warning', async () =>
      (await events(ns, 'typo')).find((e) => e.message?.includes('eci-use-specs')),
    );
    expect(warning.type).toBe('Warning');
    await waitForPhase(ns, 'typo', 'Running');
  });
});

describe('a pod whose environment is too long for a URL', () => {
  const linked = 'e2e-service-links';
  beforeAll(() => createNamespace(linked));
  afterAll(() => deleteNamespace(linked));

  it('runs in a namespace of 100 Services, with every service link the kubelet would give it', async () => {
    // Seven variables per Service port: ~75 KB of CreateContainerGroup query, past what a URL may hold.
    for (let i = 0; i < 100; i++) {
      await core.createNamespacedService({
        namespace: linked,
        body: { metadata: { name: `svc-${i}` }, spec: { ports: [{ port: 80 }], selector: { app: `a${i}` } } },
      });
    }
    const ip = (await core.readNamespacedService({ namespace: linked, name: 'svc-99' })).spec?.clusterIP;
    await core.createNamespacedPod({
      namespace: linked,
      body: virtualNodePod('linked', linked, {
        containers: [{ name: 'app', image: 'busybox', command: ['sleep', '3600'] }],
      }),
    });
    await waitForPhase(linked, 'linked', 'Running');
    expect(await kubectl('exec', '-n', linked, 'linked', '--', 'env')).toContain(`SVC_99_SERVICE_HOST=${ip}`);
    const count = kubectl(
      'exec',
      '-n',
      linked,
      'linked',
      '--',
      'sh',
      '-c',
      "env | grep -c '^SVC_[0-9]*_PORT_80_TCP_ADDR='",
    );
    expect((await count).trim()).toBe('100');
  });
});

describe('service account tokens', () => {
  /** A JWT's claims, as whoever the token is shown to reads them. */
  const claims = (jwt: string) =>
    JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      aud: string[];
      exp: number;
      iat: number;
    };

  it('beside an RRSA token (audience sts.aliyuncs.com), the pod still reaches the API server with its own token', async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: virtualNodePod('tokens', ns, {
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sleep', '3600'],
            volumeMounts: [
              { name: 'rrsa-oidc-token', mountPath: '/var/run/secrets/ack.alibabacloud.com/rrsa-tokens' },
            ],
          },
        ],
        // What ACK's pod identity webhook adds for RRSA: a token for Alibaba Cloud STS, not for the API server.
        volumes: [
          {
            name: 'rrsa-oidc-token',
            projected: {
              sources: [
                {
                  serviceAccountToken: {
                    path: 'token',
                    audience: 'sts.aliyuncs.com',
                    expirationSeconds: 3600,
                  },
                },
              ],
            },
          },
        ],
      }),
    });
    await waitForPhase(ns, 'tokens', 'Running');
    const read = async (file: string) =>
      (await kubectl('exec', '-n', ns, 'tokens', '--', 'cat', file)).trim();
    const apiToken = await read('/var/run/secrets/kubernetes.io/serviceaccount/token');
    const stsToken = await read('/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token');
    expect(claims(stsToken).aud).toEqual(['sts.aliyuncs.com']);
    expect(claims(stsToken).exp - claims(stsToken).iat).toBe(3600);
    expect(claims(apiToken).aud).not.toContain('sts.aliyuncs.com');

    // The token alone, as a client in the pod sends it: no client certificate of ours.
    const server = await kubectl(
      'config',
      'view',
      '--minify',
      '-o',
      'jsonpath={.clusters[0].cluster.server}',
    );
    const whoami = await run('kubectl', [
      '--kubeconfig=/dev/null',
      `--server=${server}`,
      '--insecure-skip-tls-verify',
      `--token=${apiToken}`,
      'auth',
      'whoami',
      '-o',
      'jsonpath={.status.userInfo.username}',
    ]);
    expect(whoami.stdout).toBe(`system:serviceaccount:${ns}:default`);
  });
});

describe('a cloud disk claim', () => {
  // A statically provisioned disk as ACK's pages show one: the disk CSI driver's PV, zone in its node affinity.
  const diskPv = (name: string, zone: string): k8s.V1PersistentVolume => ({
    metadata: { name },
    spec: {
      capacity: { storage: '20Gi' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: '',
      csi: { driver: 'diskplugin.csi.alibabacloud.com', volumeHandle: `d-${name}`, fsType: 'ext4' },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'topology.diskplugin.csi.alibabacloud.com/zone', operator: 'In', values: [zone] },
              ],
            },
          ],
        },
      },
    },
  });
  const claim = (name: string): k8s.V1PersistentVolumeClaim => ({
    metadata: { name },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: '',
      volumeName: `${ns}-${name}`,
      resources: { requests: { storage: '20Gi' } },
    },
  });
  afterAll(() => core.deletePersistentVolume({ name: `${ns}-mysql-data` }).catch(() => undefined));

  it("schedules to the virtual node of the disk's zone and is created there alone, the disk attached by its ID", async () => {
    const zone =
      (await core.readNode({ name: nodeName })).metadata?.labels?.['topology.kubernetes.io/zone'] ?? '';
    await core.createPersistentVolume({ body: diskPv(`${ns}-mysql-data`, zone) });
    await core.createNamespacedPersistentVolumeClaim({ namespace: ns, body: claim('mysql-data') });
    // No stock in the disk's zone: the pod waits rather than run in the other zone, where the disk
    // cannot be attached. Taken before the pod exists, or its group may be created first.
    await simAdmin('stock', { zoneId: zone, available: 0 });
    try {
      await core.createNamespacedPod({
        namespace: ns,
        body: virtualNodePod('mysql', ns, {
          containers: [
            {
              name: 'db',
              image: 'busybox',
              command: ['sleep', '3600'],
              volumeMounts: [{ name: 'data', mountPath: '/var/lib/mysql' }],
            },
          ],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'mysql-data' } }],
        }),
      });
      await eventOn(ns, 'mysql', 'NoStock');
      expect((await simGroups()).filter((g) => tag(g, 'PodName') === 'mysql')).toEqual([]);
    } finally {
      await simAdmin('stock', { zoneId: zone, available: 'unlimited' });
    }
    const running = await waitForPhase(ns, 'mysql', 'Running', 120_000);
    const [group] = (await groupsByUid()).get(running.metadata?.uid ?? '') ?? [];
    expect(group.ZoneId).toBe(zone);
    expect(group.Volumes).toContainEqual(
      expect.objectContaining({
        Name: 'data',
        Type: 'FlexVolume',
        FlexVolumeDriver: 'alicloud/disk',
        FlexVolumeOptions: `{"volumeId":"d-${ns}-mysql-data"}`,
      }),
    );
  });
});
