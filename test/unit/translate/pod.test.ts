import type { V1Pod } from '@kubernetes/client-node';
import { ANNOTATION, TAG, podTags, referencesOf, translatePod } from '../../../src/translate/index.js';
import { b64, emptyRefs, makeCtx, makePod, secret, translationError } from './fixtures.js';

describe('pod-level fields', () => {
  test('restart policy, deadlines, process namespace, sysctls', () => {
    const { request } = translatePod(
      makePod({
        restartPolicy: 'OnFailure',
        activeDeadlineSeconds: 600,
        terminationGracePeriodSeconds: 45,
        shareProcessNamespace: true,
        securityContext: {
          sysctls: [
            { name: 'net.core.somaxconn', value: '1024' },
            { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' },
            { name: 'kernel.msgmax', value: '65536' },
          ],
        },
      }),
      makeCtx(),
    );
    expect(request).toMatchObject({
      RestartPolicy: 'OnFailure',
      ActiveDeadlineSeconds: 600,
      TerminationGracePeriodSeconds: 45,
      ShareProcessNamespace: true,
      // The safe sysctls in SecurityContext, the unsafe ones ECI allows in HostSecurityContext.
      SecurityContext: { Sysctl: [{ Name: 'net.ipv4.ip_unprivileged_port_start', Value: '0' }] },
      HostSecurityContext: {
        Sysctl: [
          { Name: 'net.core.somaxconn', Value: '1024' },
          { Name: 'kernel.msgmax', Value: '65536' },
        ],
      },
    });
  });

  test('a sysctl ECI sets in neither place is refused, naming it and the ones it sets', () => {
    for (const name of ['net.ipv4.tcp_syncookies', 'kernel.shm_rmid_forced', 'vm.swappiness']) {
      const pod = makePod({ securityContext: { sysctls: [{ name, value: '1' }] } });
      expect(() => translatePod(pod, makeCtx())).toThrow(
        `spec.securityContext.sysctls[0].name: "${name}" is a sysctl ECI does not set; use net.ipv4.ping_group_range`,
      );
    }
  });

  test('restart policy defaults to Always; hostname defaults to the pod name', () => {
    const { request } = translatePod(makePod(), makeCtx());
    expect(request.RestartPolicy).toBe('Always');
    expect(request.HostName).toBe('web');
    expect(translatePod(makePod({ hostname: 'db-0' }), makeCtx()).request.HostName).toBe('db-0');
  });

  test('hostAliases', () => {
    const { request } = translatePod(
      makePod({ hostAliases: [{ ip: '10.0.0.1', hostnames: ['a.local', 'b.local'] }] }),
      makeCtx(),
    );
    expect(request.HostAliase).toEqual([{ Ip: '10.0.0.1', Hostname: ['a.local', 'b.local'] }]);
  });

  test('fsGroup cannot be honoured: a warning says so', () => {
    const { warnings } = translatePod(makePod({ securityContext: { fsGroup: 2000 } }), makeCtx());
    expect(warnings).toContain('spec.securityContext: ECI does not support fsGroup; ignored');
  });
});

describe('DNS', () => {
  const clusterDns = { nameservers: ['10.96.0.10'], clusterDomain: 'cluster.local' };

  test('ClusterFirst uses the cluster DNS with the kubelet search path', () => {
    const { request, warnings } = translatePod(makePod({}, { namespace: 'shop' }), makeCtx({ clusterDns }));
    expect(request.DnsPolicy).toBe('None');
    expect(request.DnsConfig).toEqual({
      NameServer: ['10.96.0.10'],
      Search: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      Option: [{ Name: 'ndots', Value: '5' }],
    });
    expect(warnings).toEqual([]);
  });

  test('ClusterFirst without a cluster DNS falls back to Default, with the kubelet warning', () => {
    const { request, warnings } = translatePod(makePod(), makeCtx());
    expect(request.DnsPolicy).toBe('Default');
    expect(request.DnsConfig).toBeUndefined();
    expect(warnings.join('\n')).toContain('falling back to Default');
  });

  test('dnsConfig options override by name and searches append', () => {
    const pod = makePod({
      dnsConfig: { searches: ['corp.local'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] },
    });
    const { request } = translatePod(pod, makeCtx({ clusterDns }));
    expect(request.DnsConfig?.Search?.at(-1)).toBe('corp.local');
    expect(request.DnsConfig?.Option).toEqual([{ Name: 'ndots', Value: '2' }, { Name: 'edns0' }]);
  });

  test('dnsPolicy None takes the pod dnsConfig as is', () => {
    const { request } = translatePod(
      makePod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'] } }),
      makeCtx({ clusterDns }),
    );
    expect([request.DnsPolicy, request.DnsConfig]).toEqual(['None', { NameServer: ['1.1.1.1'] }]);
  });

  test('more than 3 nameservers are cut to 3 with a warning, as the kubelet does', () => {
    const pod = makePod({ dnsConfig: { nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9'] } });
    const { request, warnings } = translatePod(pod, makeCtx({ clusterDns }));
    expect(request.DnsConfig?.NameServer).toEqual(['10.96.0.10', '1.1.1.1', '8.8.8.8']);
    expect(warnings.join('\n')).toContain('4 nameservers, more than 3');
  });
});

describe('image pull secrets → ImageRegistryCredential', () => {
  test('dockerconfigjson (user/password and auth forms) and dockercfg', () => {
    const refs = emptyRefs();
    const json = JSON.stringify({
      auths: {
        'registry.cn-hangzhou.aliyuncs.com': { username: 'u1', password: 'p1' },
        'https://index.docker.io/v1/': { auth: b64('u2:p:2') },
      },
    });
    refs.secrets.set('acr', secret('acr', { '.dockerconfigjson': json }, 'kubernetes.io/dockerconfigjson'));
    refs.secrets.set(
      'old',
      secret(
        'old',
        { '.dockercfg': JSON.stringify({ 'quay.io': { username: 'u3', password: 'p3', email: 'x@y' } }) },
        'kubernetes.io/dockercfg',
      ),
    );
    const { request } = translatePod(
      makePod({ imagePullSecrets: [{ name: 'acr' }, { name: 'old' }] }),
      makeCtx({ refs }),
    );
    expect(request.ImageRegistryCredential).toEqual([
      { Server: 'registry.cn-hangzhou.aliyuncs.com', UserName: 'u1', Password: 'p1' },
      { Server: 'index.docker.io', UserName: 'u2', Password: 'p:2' },
      { Server: 'quay.io', UserName: 'u3', Password: 'p3' },
    ]);
  });

  test('a missing or unreadable pull secret is a warning, without credentials in it', () => {
    const refs = emptyRefs();
    refs.secrets.set('opaque', secret('opaque', { password: 'hunter2' }));
    const { request, warnings } = translatePod(
      makePod({ imagePullSecrets: [{ name: 'gone' }, { name: 'opaque' }] }),
      makeCtx({ refs, clusterDns: { nameservers: ['10.96.0.10'], clusterDomain: 'cluster.local' } }),
    );
    expect(request.ImageRegistryCredential).toBeUndefined();
    expect(warnings).toEqual([
      'spec.imagePullSecrets[0]: Secret gone not found; images are pulled without it',
      'spec.imagePullSecrets[1]: Secret opaque is not a readable kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg secret; ignored',
    ]);
    expect(warnings.join()).not.toContain('hunter2');
  });
});

describe('tags', () => {
  test('the system tags identify cluster, node and pod', () => {
    expect(podTags(makePod(), makeCtx())).toEqual([
      { Key: TAG.cluster, Value: 'c-test' },
      { Key: TAG.node, Value: 'virtual-kubelet-cn-hangzhou-b' },
      { Key: TAG.namespace, Value: 'default' },
      { Key: TAG.podName, Value: 'web' },
      { Key: TAG.uid, Value: '11111111-2222-3333-4444-555555555555' },
      { Key: TAG.created, Value: '2026-01-02T03:04:05Z' },
    ]);
  });

  test('a tag value never exceeds 128 characters', () => {
    const long = makePod({}, { name: 'p'.repeat(253) });
    expect(podTags(long, makeCtx()).find((t) => t.Key === TAG.podName)?.Value).toHaveLength(128);
  });
});

describe('rejections', () => {
  test.each<[string, Partial<V1Pod['spec']>, string, string]>([
    ['hostNetwork', { hostNetwork: true }, 'spec.hostNetwork', 'true'],
    ['hostPID', { hostPID: true }, 'spec.hostPID', 'true'],
    ['hostIPC', { hostIPC: true }, 'spec.hostIPC', 'true'],
    ['windows', { os: { name: 'windows' } }, 'spec.os.name', '"windows"'],
    [
      '21 containers',
      { containers: Array.from({ length: 21 }, (_, i) => ({ name: `c${i}`, image: 'x' })) },
      'spec.containers',
      '21 containers',
    ],
    [
      '21 volumes',
      { volumes: Array.from({ length: 21 }, (_, i) => ({ name: `v${i}`, emptyDir: {} })) },
      'spec.volumes',
      '21 volumes',
    ],
    [
      'an invalid container name',
      { containers: [{ name: 'My_App', image: 'x' }] },
      'spec.containers[0].name',
      '"My_App"',
    ],
    [
      'a duplicate container name',
      { initContainers: [{ name: 'app', image: 'x' }] },
      'spec.containers[0].name',
      '"app"',
    ],
    [
      'an invalid volume name',
      { volumes: [{ name: 'Data', emptyDir: {} }] },
      'spec.volumes[0].name',
      '"Data"',
    ],
  ])('%s', (_name, spec, field, value) => {
    const err = translationError(makePod(spec));
    expect(err.field).toBe(field);
    expect(err.value).toBe(value);
    expect(err.message.startsWith(`${field}: ${value} `)).toBe(true);
    expect(err.reason).toBe('ProviderFailed');
    expect(err.permanent).toBe(true);
  });

  test('DaemonSet pods are rejected', () => {
    const pod = makePod();
    pod.metadata!.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluentd', uid: 'u' }];
    const err = translationError(pod);
    expect(err.message).toContain(
      'metadata.ownerReferences[0].kind: DaemonSet (fluentd) cannot run on the virtual node',
    );
  });
});

describe('referencesOf', () => {
  test('lists everything the controller must fetch', () => {
    const pod = makePod({
      serviceAccountName: 'runner',
      imagePullSecrets: [{ name: 'acr' }],
      initContainers: [{ name: 'init', image: 'x', envFrom: [{ secretRef: { name: 'init-env' } }] }],
      containers: [
        {
          name: 'app',
          image: 'x',
          env: [
            { name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a' } } },
            { name: 'B', valueFrom: { secretKeyRef: { name: 'db', key: 'b' } } },
          ],
          envFrom: [{ configMapRef: { name: 'env-cfg' } }],
        },
      ],
      volumes: [
        { name: 'v1', configMap: { name: 'files' } },
        { name: 'v2', secret: { secretName: 'tls' } },
        { name: 'v3', persistentVolumeClaim: { claimName: 'data' } },
        {
          name: 'kube-api-access',
          projected: {
            sources: [
              { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
              { serviceAccountToken: { path: 'vault', audience: 'vault', expirationSeconds: 600 } },
              { configMap: { name: 'kube-root-ca.crt' } },
            ],
          },
        },
      ],
    });
    expect(referencesOf(pod)).toEqual({
      configMaps: ['cfg', 'env-cfg', 'files', 'kube-root-ca.crt'],
      secrets: ['acr', 'db', 'init-env', 'tls'],
      persistentVolumeClaims: ['data'],
      tokens: [
        { audience: '', expirationSeconds: 3607 },
        { audience: 'vault', expirationSeconds: 600 },
      ],
      serviceAccountName: 'runner',
    });
  });

  test('a plain pod references nothing', () => {
    expect(referencesOf(makePod())).toEqual({
      configMaps: [],
      secrets: [],
      persistentVolumeClaims: [],
      tokens: [],
    });
  });
});

test('the request never carries a ClientToken (the controller sets it)', () => {
  expect(translatePod(makePod(), makeCtx()).request.ClientToken).toBeUndefined();
});

test('the spec annotation values are the ones written back', () => {
  expect(ANNOTATION.instanceSpec).toBe('k8s.aliyun.com/eci-instance-spec');
});
