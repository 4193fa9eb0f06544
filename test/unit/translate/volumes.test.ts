import type { V1PersistentVolume, V1Volume } from '@kubernetes/client-node';
import { tokenKey, translatePod, type TranslationContext } from '../../../src/translate/index.js';
import {
  b64,
  configMap,
  emptyRefs,
  kubeApiAccessVolume,
  makeCtx,
  makePod,
  secret,
  translationError,
} from './fixtures.js';

function ctxWith(extra: (ctx: TranslationContext) => void = () => {}): TranslationContext {
  const refs = emptyRefs();
  refs.configMaps.set(
    'web',
    configMap('web', { 'nginx.conf': 'server {}', 'mime.types': 'types {}' }, { 'logo.png': 'iVBORw0=' }),
  );
  refs.configMaps.set('kube-root-ca.crt', configMap('kube-root-ca.crt', { 'ca.crt': 'CA' }));
  refs.secrets.set('tls', secret('tls', { 'tls.crt': 'CERT', 'tls.key': 'KEY' }));
  const ctx = makeCtx({ refs });
  extra(ctx);
  return ctx;
}

const volumesOf = (volumes: V1Volume[], ctx = ctxWith(), mounts = true) => {
  const pod = makePod({
    volumes,
    containers: [
      {
        name: 'app',
        image: 'nginx',
        volumeMounts: mounts ? volumes.map((v) => ({ name: v.name, mountPath: `/mnt/${v.name}` })) : [],
      },
    ],
  });
  return translatePod(pod, ctx).request;
};

describe('volumes', () => {
  test('emptyDir with medium and size limit', () => {
    expect(
      volumesOf([
        { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
        { name: 'tmp', emptyDir: {} },
      ]).Volume,
    ).toEqual([
      { Name: 'cache', Type: 'EmptyDirVolume', EmptyDirVolume: { Medium: 'Memory', SizeLimit: '1Gi' } },
      { Name: 'tmp', Type: 'EmptyDirVolume', EmptyDirVolume: {} },
    ]);
  });

  test('configMap: every key (data and binaryData) as base64 files', () => {
    expect(volumesOf([{ name: 'conf', configMap: { name: 'web', defaultMode: 0o644 } }]).Volume).toEqual([
      {
        Name: 'conf',
        Type: 'ConfigFileVolume',
        ConfigFileVolume: {
          DefaultMode: 420,
          ConfigFileToPath: [
            { Path: 'logo.png', Content: 'iVBORw0=' },
            { Path: 'mime.types', Content: b64('types {}') },
            { Path: 'nginx.conf', Content: b64('server {}') },
          ],
        },
      },
    ]);
  });

  test('configMap items choose keys, paths and modes', () => {
    const v = volumesOf([
      {
        name: 'conf',
        configMap: { name: 'web', items: [{ key: 'nginx.conf', path: 'conf.d/default.conf', mode: 0o600 }] },
      },
    ]);
    expect(v.Volume?.[0].ConfigFileVolume?.ConfigFileToPath).toEqual([
      { Path: 'conf.d/default.conf', Content: b64('server {}'), Mode: 384 },
    ]);
  });

  test('config volumes are mounted read-only, as in Kubernetes', () => {
    const req = volumesOf([{ name: 'conf', configMap: { name: 'web' } }]);
    expect(req.Container[0].VolumeMount).toEqual([{ Name: 'conf', MountPath: '/mnt/conf', ReadOnly: true }]);
  });

  test('secret: data is already base64', () => {
    const v = volumesOf([{ name: 'certs', secret: { secretName: 'tls' } }]);
    expect(v.Volume?.[0].ConfigFileVolume?.ConfigFileToPath).toEqual([
      { Path: 'tls.crt', Content: b64('CERT') },
      { Path: 'tls.key', Content: b64('KEY') },
    ]);
  });

  test('an optional missing configMap/secret is an empty directory', () => {
    expect(volumesOf([{ name: 'opt', secret: { secretName: 'nope', optional: true } }]).Volume).toEqual([
      { Name: 'opt', Type: 'EmptyDirVolume', EmptyDirVolume: {} },
    ]);
  });

  test.each<[string, V1Volume, string]>([
    ['configMap', { name: 'conf', configMap: { name: 'nope' } }, 'spec.volumes[0].configMap.name'],
    ['secret', { name: 'conf', secret: { secretName: 'nope' } }, 'spec.volumes[0].secret.secretName'],
    [
      'configMap key',
      { name: 'conf', configMap: { name: 'web', items: [{ key: 'nope', path: 'x' }] } },
      'spec.volumes[0].configMap.items[0].key',
    ],
  ])('a missing mandatory %s waits (CreateContainerConfigError)', (_name, volume, field) => {
    const err = translationError(makePod({ volumes: [volume] }), ctxWith());
    expect(err.field).toBe(field);
    expect(err.reason).toBe('CreateContainerConfigError');
    expect(err.permanent).toBe(false);
  });

  test('the projected service account volume (kube-api-access) with token, CA and namespace', () => {
    const ctx = ctxWith((c) => (c.refs.serviceAccountTokens = new Map([['3607/', 'eyJtoken']])));
    const v = volumesOf([kubeApiAccessVolume('kube-api-access-abcde')], ctx);
    expect(v.Volume?.[0]).toEqual({
      Name: 'kube-api-access-abcde',
      Type: 'ConfigFileVolume',
      ConfigFileVolume: {
        DefaultMode: 420,
        ConfigFileToPath: [
          { Path: 'token', Content: b64('eyJtoken') },
          { Path: 'ca.crt', Content: b64('CA') },
          { Path: 'namespace', Content: b64('default') },
        ],
      },
    });
  });

  test('each projected token is the one issued for its own audience and lifetime (kube-api-access beside an RRSA token)', () => {
    const rrsa: V1Volume = {
      name: 'rrsa-oidc-token',
      projected: {
        sources: [
          { serviceAccountToken: { path: 'token', audience: 'sts.aliyuncs.com', expirationSeconds: 3600 } },
        ],
      },
    };
    const tokens = new Map([
      [tokenKey({ audience: '', expirationSeconds: 3607 }), 'eyJkube'],
      [tokenKey({ audience: 'sts.aliyuncs.com', expirationSeconds: 3600 }), 'eyJsts'],
    ]);
    const v = volumesOf(
      [kubeApiAccessVolume('kube-api-access-abcde'), rrsa],
      ctxWith((c) => (c.refs.serviceAccountTokens = tokens)),
    );
    const files = (name: string) =>
      v.Volume?.find((x) => x.Name === name)?.ConfigFileVolume?.ConfigFileToPath?.find(
        (f) => f.Path === 'token',
      );
    expect(files('kube-api-access-abcde')?.Content).toBe(b64('eyJkube'));
    expect(files('rrsa-oidc-token')?.Content).toBe(b64('eyJsts'));
  });

  test('a projected token that has not been issued yet waits', () => {
    const err = translationError(
      makePod({
        volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }],
      }),
      ctxWith(),
    );
    expect(err.reason).toBe('CreateContainerConfigError');
    expect(err.field).toBe('spec.volumes[0].projected.sources[0].serviceAccountToken');
  });

  test('downwardAPI volume renders labels like the kubelet', () => {
    const pod = makePod({
      volumes: [
        {
          name: 'info',
          downwardAPI: {
            items: [
              { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
              { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
              {
                path: 'mem',
                resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' },
              },
            ],
          },
        },
      ],
      containers: [{ name: 'app', image: 'x', resources: { limits: { memory: '64Mi' } } }],
    });
    pod.metadata!.labels = { tier: 'web', app: 'shop' };
    const files = translatePod(pod, ctxWith()).request.Volume?.[0].ConfigFileVolume?.ConfigFileToPath;
    expect(files).toEqual([
      { Path: 'labels', Content: b64('app="shop"\ntier="web"') },
      { Path: 'name', Content: b64('web') },
      { Path: 'mem', Content: b64('64') },
    ]);
  });

  test('NFS volume', () => {
    expect(
      volumesOf([{ name: 'share', nfs: { server: 'nas.example.com', path: '/exports', readOnly: true } }])
        .Volume,
    ).toEqual([
      {
        Name: 'share',
        Type: 'NFSVolume',
        NFSVolume: { Server: 'nas.example.com', Path: '/exports', ReadOnly: true },
      },
    ]);
  });

  describe('persistentVolumeClaim', () => {
    const claimCtx = (pv: V1PersistentVolume | undefined, bound = true) =>
      ctxWith((c) => {
        c.refs.persistentVolumeClaims.set('data', {
          metadata: { name: 'data' },
          spec: { volumeName: bound ? 'pv-1' : undefined },
          status: { phase: bound ? 'Bound' : 'Pending' },
        });
        if (pv) c.refs.persistentVolumes.set('pv-1', pv);
      });
    const claim: V1Volume = { name: 'data', persistentVolumeClaim: { claimName: 'data' } };

    test('bound to an NFS PV → NFSVolume', () => {
      const ctx = claimCtx({
        metadata: { name: 'pv-1' },
        spec: { nfs: { server: '10.0.0.5', path: '/vol' } },
      });
      expect(volumesOf([claim], ctx).Volume).toEqual([
        { Name: 'data', Type: 'NFSVolume', NFSVolume: { Server: '10.0.0.5', Path: '/vol' } },
      ]);
    });

    test('bound to an ACK NAS CSI PV → NFSVolume', () => {
      const ctx = claimCtx({
        metadata: { name: 'pv-1' },
        spec: {
          csi: {
            driver: 'nasplugin.csi.alibabacloud.com',
            volumeHandle: 'pv-1',
            volumeAttributes: { server: 'x.nas.aliyuncs.com', path: '/k8s' },
          },
        },
      });
      expect(volumesOf([claim], ctx).Volume?.[0].NFSVolume).toEqual({
        Server: 'x.nas.aliyuncs.com',
        Path: '/k8s',
      });
    });

    const diskPv = (zone = 'cn-hangzhou-k'): V1PersistentVolume => ({
      metadata: { name: 'pv-1' },
      spec: {
        csi: { driver: 'diskplugin.csi.alibabacloud.com', volumeHandle: 'd-bp1disk', fsType: 'xfs' },
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
    const zonesOf = (c: TranslationContext) => {
      c.vSwitchIds = ['vsw-b1', 'vsw-k1', 'vsw-k2'];
      c.vSwitchOrder = 'VSwitchOrdered';
      c.vSwitchZones = new Map([
        ['vsw-b1', 'cn-hangzhou-b'],
        ['vsw-k1', 'cn-hangzhou-k'],
        ['vsw-k2', 'cn-hangzhou-k'],
      ]);
    };

    test('bound to an ACK cloud disk PV → an alicloud/disk FlexVolume, created in the disk zone only', () => {
      const ctx = claimCtx(diskPv());
      zonesOf(ctx);
      const pod = makePod({
        volumes: [{ ...claim, persistentVolumeClaim: { claimName: 'data', readOnly: true } }],
        containers: [
          { name: 'db', image: 'mysql:8', volumeMounts: [{ name: 'data', mountPath: '/var/lib/mysql' }] },
        ],
      });
      const { request } = translatePod(pod, ctx);
      expect(request.Volume).toEqual([
        {
          Name: 'data',
          Type: 'FlexVolume',
          FlexVolume: { Driver: 'alicloud/disk', FsType: 'xfs', Options: '{"volumeId":"d-bp1disk"}' },
        },
      ]);
      expect(request.Container[0].VolumeMount?.[0]).toMatchObject({ Name: 'data', ReadOnly: true });
      expect(request.VSwitchId).toBe('vsw-k1,vsw-k2');
    });

    test('a disk PV whose fsType ECI cannot format is rejected, naming the PV and the fix', () => {
      const pv = diskPv();
      pv.spec!.csi!.fsType = 'btrfs';
      const ctx = claimCtx(pv);
      zonesOf(ctx);
      const err = translationError(makePod({ volumes: [claim] }), ctx);
      expect(err).toMatchObject({
        field: 'PersistentVolume pv-1: spec.csi.fsType',
        value: '"btrfs"',
        fix: 'use one of those, or leave fsType out for ext4',
      });
      expect(err.message).toContain('is not a file system ECI formats a disk with (ext4, ext3, xfs, vfat)');
    });

    test('a disk in a zone none of the vSwitches is in is rejected, naming the zone and the fix', () => {
      const ctx = claimCtx(diskPv('cn-hangzhou-j'));
      zonesOf(ctx);
      const err = translationError(makePod({ volumes: [claim] }), ctx);
      expect(err.message).toBe(
        `the node's vSwitches: "vsw-b1,vsw-k1,vsw-k2" has no vSwitch in cn-hangzhou-j, the zone of the cloud disk of data; add a vSwitch of cn-hangzhou-j to ECI_VSWITCH or the eci-profile vSwitchIds, or use a disk in the zone of these vSwitches`,
      );
      expect(err.permanent).toBe(true);
    });

    test('more than six disks are rejected before ECI is asked', () => {
      const ctx = ctxWith();
      const volumes: V1Volume[] = [];
      for (let i = 0; i < 7; i++) {
        ctx.refs.persistentVolumeClaims.set(`c${i}`, {
          metadata: { name: `c${i}` },
          spec: { volumeName: `pv-${i}` },
          status: { phase: 'Bound' },
        });
        ctx.refs.persistentVolumes.set(`pv-${i}`, {
          metadata: { name: `pv-${i}` },
          spec: { csi: { driver: 'diskplugin.csi.alibabacloud.com', volumeHandle: `d-${i}` } },
        });
        volumes.push({ name: `d${i}`, persistentVolumeClaim: { claimName: `c${i}` } });
      }
      const err = translationError(makePod({ volumes }), ctx);
      expect(err.message).toContain('are 7 cloud disks; ECI attaches at most 6 to one instance');
    });

    test('bound to another kind of PV is rejected, naming the volume type', () => {
      const ctx = claimCtx({
        metadata: { name: 'pv-1' },
        spec: { csi: { driver: 'ossplugin.csi.alibabacloud.com', volumeHandle: 'oss-1' } },
      });
      const err = translationError(makePod({ volumes: [claim] }), ctx);
      expect(err.message).toContain(
        'spec.volumes[0].persistentVolumeClaim.claimName: "data" is bound to PersistentVolume pv-1 of type csi ossplugin.csi.alibabacloud.com',
      );
      expect(err.permanent).toBe(true);
    });

    test('unbound or missing claims wait', () => {
      expect(translationError(makePod({ volumes: [claim] }), claimCtx(undefined, false)).reason).toBe(
        'CreateContainerConfigError',
      );
      expect(translationError(makePod({ volumes: [claim] }), ctxWith()).message).toContain(
        'PersistentVolumeClaim not found',
      );
    });
  });

  test('hostPath without a data-cache bucket is rejected, naming the volume, the path and the data-cache way', () => {
    const err = translationError(
      makePod({ volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }] }),
    );
    expect(err.message).toBe(
      'spec.volumes[0].hostPath: "/var/run/docker.sock" (volume docker) is a hostPath volume; an ECI instance has no host to share; to mount a data cache, set k8s.aliyun.com/eci-data-cache-bucket to its bucket and this path to its Path; otherwise use emptyDir, or a PVC on NFS/NAS for shared data',
    );
  });

  test('other volume types are rejected, naming the volume', () => {
    const err = translationError(
      makePod({ volumes: [{ name: 'repo', gitRepo: { repository: 'https://example.com/x.git' } }] }),
    );
    expect(err.field).toBe('spec.volumes[0].gitRepo');
    expect(err.value).toBe('repo');
  });

  test('mounts: subPath, subPathExpr expansion, propagation; unknown volume rejected', () => {
    const pod = makePod({
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [
        {
          name: 'app',
          image: 'x',
          env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          volumeMounts: [
            { name: 'data', mountPath: '/a', subPath: 'sub' },
            {
              name: 'data',
              mountPath: '/b',
              subPathExpr: 'logs/$(POD)',
              mountPropagation: 'HostToContainer',
              readOnly: true,
            },
          ],
        },
      ],
    });
    expect(translatePod(pod, ctxWith()).request.Container[0].VolumeMount).toEqual([
      { Name: 'data', MountPath: '/a', SubPath: 'sub' },
      {
        Name: 'data',
        MountPath: '/b',
        SubPath: 'logs/web',
        MountPropagation: 'HostToContainer',
        ReadOnly: true,
      },
    ]);
    pod.spec!.containers[0].volumeMounts!.push({ name: 'ghost', mountPath: '/c' });
    expect(translationError(pod, ctxWith()).field).toBe('spec.containers[0].volumeMounts[2].name');
  });

  describe("ECI's ConfigFile limits (32 KiB a file, 60 KiB a volume)", () => {
    const big = (bytes: number) => 'x'.repeat(bytes);
    const withConfig = (data: Record<string, string>) =>
      ctxWith((c) => c.refs.configMaps.set('big', configMap('big', data)));

    test('a key over 32 KiB: the pod waits, and the message names the field, the file, its size and the fix', () => {
      const err = translationError(
        makePod({ volumes: [{ name: 'cfg', configMap: { name: 'big' } }] }),
        withConfig({ 'small.txt': 'ok', 'data.json': big(40_000) }),
      );
      expect(err.field).toBe('spec.volumes[0].configMap (ConfigMap big)');
      expect(err.value).toBe('file "data.json" (40000 bytes)');
      expect(err.message).toContain('32768 bytes');
      expect(err.fix).toMatch(/split the object, or mount only the keys needed with items/);
      expect(err.reason).toBe('CreateContainerConfigError');
      expect(err.permanent).toBe(false);
    });

    test('keys each under 32 KiB but over 60 KiB together are refused for the volume', () => {
      const err = translationError(
        makePod({ volumes: [{ name: 'cfg', configMap: { name: 'big' } }] }),
        withConfig({ a: big(30_000), b: big(30_000), c: big(2_000) }),
      );
      expect(err.value).toBe('3 files of 62000 bytes');
      expect(err.message).toContain('61440 bytes');
    });

    test('mounting only the keys needed (items) is the fix', () => {
      const volumes: V1Volume[] = [
        { name: 'cfg', configMap: { name: 'big', items: [{ key: 'small.txt', path: 'small.txt' }] } },
      ];
      expect(() =>
        volumesOf(volumes, withConfig({ 'small.txt': 'ok', 'data.json': big(40_000) })),
      ).not.toThrow();
    });
  });
});
