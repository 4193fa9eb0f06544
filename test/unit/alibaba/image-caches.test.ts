import nock from 'nock';
import { isBackendError } from '../../../providers/backend.js';
import { ENDPOINT, nockBackend, useNock } from './helpers.js';

useNock();

interface Captured {
  action: string;
  query: Record<string, string>;
}

/** Answers each call with the next reply, recording the action and its parameters. */
function answer(into: Captured[], ...replies: [number, object][]): void {
  for (const [status, body] of replies) {
    nock(ENDPOINT)
      .post('/')
      .query(true)
      .reply((request: Request) => {
        const url = new URL(request.url);
        into.push({
          action: request.headers.get('x-acs-action') ?? '',
          query: Object.fromEntries(url.searchParams),
        });
        return [status, body];
      });
  }
}

const WIRE_CACHE = {
  ImageCacheId: 'imc-1',
  ImageCacheName: 'imagecache-sample',
  Status: 'Ready',
  Progress: '100%',
  Images: ['centos:latest', 'busybox:latest'],
  ImageCacheSize: 25,
  CreationTime: '2024-06-01T00:00:00Z',
  ExpireDateTime: '2024-06-08T00:00:00Z',
  ContainerGroupId: 'eci-x',
  Events: [
    {
      Type: 'Normal',
      Reason: 'Pulled',
      Message: 'Successfully pulled image "centos:latest"',
      Count: 1,
      FirstTimestamp: '2024-06-01T00:00:05Z',
      LastTimestamp: '2024-06-01T00:00:05Z',
      Name: 'imagecache-sample',
    },
  ],
};

test('CreateImageCache sends the images, size, retention, network, credentials and ClientToken under the model names', async () => {
  const calls: Captured[] = [];
  answer(calls, [200, { RequestId: 'R1', ImageCacheId: 'imc-1', ContainerGroupId: 'eci-x' }]);
  const backend = await nockBackend();
  await expect(
    backend.createImageCache({
      ImageCacheName: 'imagecache-sample',
      Image: ['centos:latest', 'busybox:latest'],
      ImageCacheSize: 25,
      RetentionDays: 7,
      SecurityGroupId: 'sg-1',
      VSwitchId: 'vsw-a,vsw-b',
      ImageRegistryCredential: [{ Server: 'registry.example.com', UserName: 'u', Password: 'p' }],
      AcrRegistryInfo: [{ InstanceId: 'cri-a', RegionId: 'cn-beijing' }],
      AutoMatchImageCache: true,
      Flash: true,
      ClientToken: 'uid-1',
    }),
  ).resolves.toEqual({ ImageCacheId: 'imc-1', RequestId: 'R1' });
  expect(calls[0]?.action).toBe('CreateImageCache');
  expect(calls[0]?.query).toMatchObject({
    RegionId: 'cn-hangzhou',
    ImageCacheName: 'imagecache-sample',
    'Image.1': 'centos:latest',
    'Image.2': 'busybox:latest',
    ImageCacheSize: '25',
    RetentionDays: '7',
    SecurityGroupId: 'sg-1',
    VSwitchId: 'vsw-a,vsw-b',
    'ImageRegistryCredential.1.Server': 'registry.example.com',
    'ImageRegistryCredential.1.UserName': 'u',
    'AcrRegistryInfo.1.InstanceId': 'cri-a',
    'AcrRegistryInfo.1.RegionId': 'cn-beijing',
    AutoMatchImageCache: 'true',
    Flash: 'true',
    ClientToken: 'uid-1',
  });
});

test('DescribeImageCaches asks by comma-separated IDs, follows NextToken, and reads each cache', async () => {
  const calls: Captured[] = [];
  answer(
    calls,
    [200, { RequestId: 'R1', ImageCaches: [WIRE_CACHE], NextToken: 't2', TotalCount: 2 }],
    [200, { RequestId: 'R2', ImageCaches: [{ ImageCacheId: 'imc-2', Status: 'Creating' }], TotalCount: 2 }],
  );
  const backend = await nockBackend();
  const caches = await backend.describeImageCaches(['imc-1', 'imc-2']);
  expect(calls.map((c) => [c.action, c.query.ImageCacheId, c.query.NextToken])).toEqual([
    ['DescribeImageCaches', 'imc-1,imc-2', undefined],
    ['DescribeImageCaches', 'imc-1,imc-2', 't2'],
  ]);
  expect(caches).toEqual([
    {
      ImageCacheId: 'imc-1',
      ImageCacheName: 'imagecache-sample',
      Status: 'Ready',
      Progress: '100%',
      Images: ['centos:latest', 'busybox:latest'],
      ImageCacheSize: 25,
      CreationTime: '2024-06-01T00:00:00Z',
      ExpireDateTime: '2024-06-08T00:00:00Z',
      Events: [
        {
          Type: 'Normal',
          Reason: 'Pulled',
          Message: 'Successfully pulled image "centos:latest"',
          Count: 1,
          FirstTimestamp: '2024-06-01T00:00:05Z',
          LastTimestamp: '2024-06-01T00:00:05Z',
          Name: 'imagecache-sample',
        },
      ],
    },
    { ImageCacheId: 'imc-2', ImageCacheName: '', Status: 'Creating', Images: [], Events: [] },
  ]);
});

test('DescribeImageCaches with no IDs makes no call (it would list every cache of the account)', async () => {
  const backend = await nockBackend();
  await expect(backend.describeImageCaches([])).resolves.toEqual([]);
});

test('matching caches sends MatchImage.N with ImageFullMatch or ImageMatchCountRequest, and follows NextToken', async () => {
  const calls: Captured[] = [];
  answer(
    calls,
    [200, { RequestId: 'R1', ImageCaches: [WIRE_CACHE], NextToken: 't2' }],
    [200, { RequestId: 'R2', ImageCaches: [] }],
    [200, { RequestId: 'R3', ImageCaches: [] }],
  );
  const backend = await nockBackend();
  const caches = await backend.matchImageCaches({
    MatchImage: ['centos:latest', 'busybox:latest'],
    ImageFullMatch: true,
  });
  expect(caches.map((c) => c.ImageCacheId)).toEqual(['imc-1']);
  await backend.matchImageCaches({ MatchImage: ['centos:latest'], ImageMatchCountRequest: 1 });
  expect(calls.map((c) => c.query)).toEqual([
    expect.objectContaining({
      RegionId: 'cn-hangzhou',
      'MatchImage.1': 'centos:latest',
      'MatchImage.2': 'busybox:latest',
      ImageFullMatch: 'true',
    }),
    expect.objectContaining({ 'MatchImage.1': 'centos:latest', NextToken: 't2' }),
    expect.objectContaining({ 'MatchImage.1': 'centos:latest', ImageMatchCountRequest: '1' }),
  ]);
  expect(calls[0]?.query).not.toHaveProperty('ImageCacheId');
  expect(calls[2]?.query).not.toHaveProperty('ImageFullMatch');
});

test('DeleteImageCache of a cache ECI does not have is a NotFound with its code', async () => {
  const calls: Captured[] = [];
  answer(calls, [404, { Code: 'ImageSnapshot.NotFound', Message: 'not found', RequestId: 'R9' }]);
  const backend = await nockBackend();
  const err: unknown = await backend.deleteImageCache('imc-gone').catch((e: unknown) => e);
  expect(isBackendError(err, 'NotFound')).toBe(true);
  expect(isBackendError(err) && err.code).toBe('ImageSnapshot.NotFound');
  expect(calls[0]?.query).toMatchObject({ ImageCacheId: 'imc-gone', RegionId: 'cn-hangzhou' });
});
