/**
 * Data caches (ECI "Use a DataCache to create a pod"): the bucket annotation and a hostPath volume of
 * the cache's path become DataCacheBucket and a HostPathVolume; the disk annotations their fields.
 */
import type { V1Volume } from '@kubernetes/client-node';
import { translatePod } from '../../../src/translate/index.js';
import { makeCtx, makePod, translationError } from './fixtures.js';

const BUCKET = 'k8s.aliyun.com/eci-data-cache-bucket';
const model: V1Volume = { name: 'model', hostPath: { path: '/model/qwen-7b' } };
const mounted = { name: 'app', image: 'modelscope', volumeMounts: [{ name: 'model', mountPath: '/data' }] };

function translate(annotations: Record<string, string>, volumes: V1Volume[] = [model]) {
  return translatePod(makePod({ containers: [mounted], volumes }, { annotations }), makeCtx());
}

test('the bucket and a hostPath of the cache path: DataCacheBucket and a HostPathVolume the container mounts', () => {
  const { request, warnings } = translate({ [BUCKET]: 'default' });
  expect(request.DataCacheBucket).toBe('default');
  expect(request.Volume).toEqual([
    { Name: 'model', Type: 'HostPathVolume', HostPathVolume: { Path: '/model/qwen-7b' } },
  ]);
  expect(request.Container[0].VolumeMount).toEqual([{ Name: 'model', MountPath: '/data' }]);
  expect(warnings.filter((w) => w.includes('data-cache'))).toEqual([]);
});

test('the disk annotations: performance level, provisioned IOPS (an AutoPL disk) and bursting', () => {
  const { request } = translate({
    [BUCKET]: 'models',
    'k8s.aliyun.com/eci-data-cache-pl': 'PL2',
    'k8s.aliyun.com/eci-data-cache-provisionedIops': '40000',
    'k8s.aliyun.com/eci-data-cache-burstingEnabled': 'true',
  });
  expect(request).toMatchObject({
    DataCacheBucket: 'models',
    DataCachePL: 'PL2',
    DataCacheProvisionedIops: 40000,
    DataCacheBurstingEnabled: true,
  });
});

test.each([
  ['Directory', 'Directory'],
  ['DirectoryOrCreate', 'Directory'],
  ['File', 'File'],
  ['FileOrCreate', 'File'],
])('a hostPath type %s is sent as ECI type %s', (type, eciType) => {
  const { request } = translate({ [BUCKET]: 'default' }, [
    { name: 'model', hostPath: { path: '/model/qwen-7b', type } },
  ]);
  expect(request.Volume?.[0].HostPathVolume).toEqual({ Path: '/model/qwen-7b', Type: eciType });
});

test('a hostPath type ECI does not mount (a socket) is refused with the types it does', () => {
  const err = translationError(
    makePod(
      {
        containers: [mounted],
        volumes: [{ name: 'model', hostPath: { path: '/run/x.sock', type: 'Socket' } }],
      },
      { annotations: { [BUCKET]: 'default' } },
    ),
  );
  expect(err.message).toBe(
    'spec.volumes[0].hostPath.type: "Socket" is not a type ECI mounts (Directory or File); use Directory for a data cache, or leave type out',
  );
});

test('disk annotations without a bucket are warned about and not sent', () => {
  const pod = makePod({}, { annotations: { 'k8s.aliyun.com/eci-data-cache-pl': 'PL2' } });
  const { request, warnings } = translatePod(pod, makeCtx());
  expect(request.DataCachePL).toBeUndefined();
  expect(warnings.filter((w) => w.includes('data-cache'))).toEqual([
    'metadata.annotations[k8s.aliyun.com/eci-data-cache-pl]: has no effect without k8s.aliyun.com/eci-data-cache-bucket; ignored',
  ]);
});

test.each<[string, Record<string, string>, V1Volume[], string]>([
  [
    'the reserved bucket',
    { [BUCKET]: 'eci-system' },
    [model],
    'metadata.annotations[k8s.aliyun.com/eci-data-cache-bucket]: "eci-system" is reserved for ECI; name the bucket of your data cache',
  ],
  [
    'an empty bucket',
    { [BUCKET]: ' ' },
    [model],
    'metadata.annotations[k8s.aliyun.com/eci-data-cache-bucket]: " " is empty',
  ],
  [
    'a performance level ECI does not sell',
    { [BUCKET]: 'default', 'k8s.aliyun.com/eci-data-cache-pl': 'PL9' },
    [model],
    'metadata.annotations[k8s.aliyun.com/eci-data-cache-pl]: "PL9" is not a valid value; use one of PL0, PL1, PL2, PL3',
  ],
  [
    'IOPS above the AutoPL ceiling',
    { [BUCKET]: 'default', 'k8s.aliyun.com/eci-data-cache-provisionedIops': '60000' },
    [model],
    'metadata.annotations[k8s.aliyun.com/eci-data-cache-provisionedIops]: "60000" is not a whole number from 0 to 50000',
  ],
  [
    'bursting that is not a boolean',
    { [BUCKET]: 'default', 'k8s.aliyun.com/eci-data-cache-burstingEnabled': 'yes' },
    [model],
    'metadata.annotations[k8s.aliyun.com/eci-data-cache-burstingEnabled]: "yes" is not a boolean',
  ],
  [
    'a relative cache path',
    { [BUCKET]: 'default' },
    [{ name: 'model', hostPath: { path: 'model/qwen-7b' } }],
    'spec.volumes[0].hostPath.path: "model/qwen-7b" is not an absolute path; use the data cache\'s Path',
  ],
])('%s is refused, naming the field, the value and the fix', (_name, annotations, volumes, message) => {
  const pod = makePod({ containers: [{ name: 'app', image: 'modelscope' }], volumes }, { annotations });
  expect(translationError(pod, makeCtx()).message).toContain(message);
});
