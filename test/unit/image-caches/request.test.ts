import type { V1Secret } from '@kubernetes/client-node';
import { unsupportedAnnotationNotices } from '../../../src/image-caches/annotations.js';
import { eciCacheName, imageCacheRequest, secretRefs } from '../../../src/image-caches/request.js';
import type { ImageCacheObject } from '../../../src/image-caches/types.js';
import { TranslationError } from '../../../src/translate/errors.js';

const DEFAULTS = {
  vSwitchIds: ['vsw-a', 'vsw-b'],
  securityGroupId: 'sg-profile',
  resourceGroupId: 'rg-profile',
};

function sample(spec: ImageCacheObject['spec'], annotations?: Record<string, string>): ImageCacheObject {
  return { metadata: { name: 'imagecache-sample', uid: 'uid-1', annotations }, spec };
}

function dockerSecret(server: string, user: string, password: string): V1Secret {
  const config = JSON.stringify({ auths: { [server]: { username: user, password } } });
  return {
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from(config).toString('base64') },
  };
}

function refusal(run: () => unknown): TranslationError {
  try {
    run();
  } catch (err) {
    if (err instanceof TranslationError) return err;
    throw err;
  }
  throw new Error('no TranslationError');
}

describe('imageCacheRequest', () => {
  it('turns the page’s sample into CreateImageCache, keyed by the object’s UID, network from the defaults', () => {
    const secrets = new Map([
      ['default/secret1', dockerSecret('https://registry.example.com/v1/', 'alice', 's3cret')],
      ['kube-system/secret3', dockerSecret('harbor.example.com', 'bob', 'pw')],
    ]);
    const request = imageCacheRequest(
      sample({
        images: ['centos:latest', 'busybox:latest'],
        imagePullSecrets: ['default:secret1', 'kube-system:secret3'],
        imageCacheSize: 25,
        retentionDays: 7,
      }),
      secrets,
      DEFAULTS,
    );
    expect(request).toEqual({
      ImageCacheName: 'imagecache-sample',
      Image: ['centos:latest', 'busybox:latest'],
      ImageCacheSize: 25,
      RetentionDays: 7,
      SecurityGroupId: 'sg-profile',
      VSwitchId: 'vsw-a,vsw-b',
      ResourceGroupId: 'rg-profile',
      ImageRegistryCredential: [
        { Server: 'registry.example.com', UserName: 'alice', Password: 's3cret' },
        { Server: 'harbor.example.com', UserName: 'bob', Password: 'pw' },
      ],
      ClientToken: 'uid-1',
    });
  });

  it('leaves size and retention out when not given (ECI: 20 GiB, never expires)', () => {
    const request = imageCacheRequest(sample({ images: ['nginx:1.27'] }), new Map(), DEFAULTS);
    expect(request.ImageCacheSize).toBeUndefined();
    expect(request.RetentionDays).toBeUndefined();
    expect(request.ImageRegistryCredential).toBeUndefined();
  });

  it.each([
    [{ images: [] }, 'spec.images', '[]'],
    [{ images: ['nginx', ' '] }, 'spec.images[1]', '""'],
    [{ images: ['nginx'], imageCacheSize: 19 }, 'spec.imageCacheSize', '19'],
    [{ images: ['nginx'], imageCacheSize: 32769 }, 'spec.imageCacheSize', '32769'],
    [{ images: ['nginx'], imageCacheSize: 20.5 }, 'spec.imageCacheSize', '20.5'],
    [{ images: ['nginx'], retentionDays: 0 }, 'spec.retentionDays', '0'],
    [{ images: ['nginx'], retentionDays: 65537 }, 'spec.retentionDays', '65537'],
    [{ images: ['nginx'], imagePullSecrets: ['secret1'] }, 'spec.imagePullSecrets[0]', '"secret1"'],
    [{ images: ['nginx'], imagePullSecrets: ['a:b:c'] }, 'spec.imagePullSecrets[0]', '"a:b:c"'],
  ])('refuses %j for good, naming %s and its value', (spec, field, value) => {
    const err = refusal(() => imageCacheRequest(sample(spec), new Map(), DEFAULTS));
    expect({ field: err.field, value: err.value, permanent: err.permanent }).toEqual({
      field,
      value,
      permanent: true,
    });
    expect(err.fix).not.toBe('');
  });

  it('waits for a pull Secret that does not exist yet (retryable), naming it', () => {
    const err = refusal(() =>
      imageCacheRequest(
        sample({ images: ['nginx'], imagePullSecrets: ['default:later'] }),
        new Map(),
        DEFAULTS,
      ),
    );
    expect(err.permanent).toBe(false);
    expect(err.field).toBe('spec.imagePullSecrets[0]');
    expect(err.message).toContain('Secret later in namespace default');
  });

  it('refuses a Secret that is not a docker config, without showing what it holds', () => {
    const opaque: V1Secret = {
      type: 'Opaque',
      data: { password: Buffer.from('hunter2').toString('base64') },
    };
    const err = refusal(() =>
      imageCacheRequest(
        sample({ images: ['nginx'], imagePullSecrets: ['default:opaque'] }),
        new Map([['default/opaque', opaque]]),
        DEFAULTS,
      ),
    );
    expect(err.permanent).toBe(true);
    expect(err.message).not.toContain('hunter2');
  });

  it('takes the network, registries and options from the ImageCache annotations page', () => {
    const request = imageCacheRequest(
      sample(
        { images: ['nginx'] },
        {
          'k8s.aliyun.com/vswitch-ids': 'vsw-x,vsw-y',
          'k8s.aliyun.com/security-group-id': 'sg-own',
          'k8s.aliyun.com/resource-group-id': 'rg-own',
          'k8s.aliyun.com/acr-instance-ids': 'cn-beijing:cri-j36zhodptmyq',
          'k8s.aliyun.com/plain-http-registry': 'harbor.local:5000',
          'k8s.aliyun.com/insecure-registry': 'harbor.local',
          'k8s.aliyun.com/imc-enable-reuse': 'true',
          'k8s.aliyun.com/imc-enable-flash': 'false',
        },
      ),
      new Map(),
      DEFAULTS,
    );
    expect(request).toMatchObject({
      VSwitchId: 'vsw-x,vsw-y',
      SecurityGroupId: 'sg-own',
      ResourceGroupId: 'rg-own',
      AcrRegistryInfo: [{ InstanceId: 'cri-j36zhodptmyq', RegionId: 'cn-beijing' }],
      PlainHttpRegistry: 'harbor.local:5000',
      InsecureRegistry: 'harbor.local',
      AutoMatchImageCache: true,
      Flash: false,
    });
  });

  it('refuses a bad annotation value, naming the annotation', () => {
    const err = refusal(() =>
      imageCacheRequest(
        sample({ images: ['nginx'] }, { 'k8s.aliyun.com/imc-enable-reuse': 'yes' }),
        new Map(),
        DEFAULTS,
      ),
    );
    expect(err.field).toBe('metadata.annotations[k8s.aliyun.com/imc-enable-reuse]');
  });
});

describe('secretRefs', () => {
  it('reads namespace:name references in order', () => {
    expect(secretRefs(sample({ images: ['x'], imagePullSecrets: ['default:a', 'kube-system:b.c'] }))).toEqual(
      [
        { namespace: 'default', name: 'a' },
        { namespace: 'kube-system', name: 'b.c' },
      ],
    );
  });
});

describe('eciCacheName', () => {
  it.each([
    ['imagecache-sample', 'imagecache-sample'],
    ['web.v2', 'web-v2'],
    ['a', 'imagecache-a'],
    ['x'.repeat(200), 'x'.repeat(128)],
  ])('%s → %s (2-128 lower-case letters, digits and "-")', (name, expected) => {
    expect(eciCacheName(name)).toBe(expected);
  });
});

describe('unsupportedAnnotationNotices', () => {
  it('names the recognised annotations with no CreateImageCache parameter, and nothing else', () => {
    const notices = unsupportedAnnotationNotices({
      'k8s.aliyun.com/imc-os-type': 'windows',
      'k8s.aliyun.com/imc-cpu-arch': 'arm64',
      'k8s.aliyun.com/imc-enable-reuse': 'true',
      'example.com/other': 'x',
    });
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(
      /^metadata\.annotations\[k8s\.aliyun\.com\/imc-cpu-arch\]: recognised, not supported/,
    );
    expect(notices[1]).toMatch(/imc-os-type/);
  });
});
