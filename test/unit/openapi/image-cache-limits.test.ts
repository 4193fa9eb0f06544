import { REGION, callV1, useSimulatorServer } from './helpers.js';

const h = useSimulatorServer();

const CACHE = {
  RegionId: REGION,
  ImageCacheName: 'limits',
  SecurityGroupId: 'sg-1',
  VSwitchId: 'vsw-hangzhou-b',
  'Image.1': 'nginx:1.27',
};

async function answer(action: string, params: Record<string, string>) {
  const res = await callV1(h.server.url, action, params);
  return { status: res.status, code: res.body.Code, message: String(res.body.Message ?? '') };
}

describe('CreateImageCache and UpdateImageCache: ImageCacheSize 20-32768 GiB, RetentionDays 1-65536', () => {
  test.each([
    ['ImageCacheSize', '19', /ImageCacheSize: 19 .*from 20 to 32768 \(default 20\)/],
    ['ImageCacheSize', '32769', /ImageCacheSize: 32769 .*from 20 to 32768/],
    ['RetentionDays', '0', /RetentionDays: 0 .*from 1 to 65536/],
    ['RetentionDays', '65537', /RetentionDays: 65537 .*from 1 to 65536/],
  ])('%s=%s is InvalidParameter, on create and on update', async (name, value, message) => {
    expect(await answer('CreateImageCache', { ...CACHE, [name]: value })).toEqual({
      status: 400,
      code: 'InvalidParameter',
      message: expect.stringMatching(message),
    });
    const made = await callV1(h.server.url, 'CreateImageCache', CACHE);
    h.clock.advance(60_000);
    const id = String(made.body.ImageCacheId);
    expect(
      await answer('UpdateImageCache', { RegionId: REGION, ImageCacheId: id, [name]: value }),
    ).toMatchObject({ status: 400, code: 'InvalidParameter' });
  });

  test('the bounds themselves are taken', async () => {
    const made = await callV1(h.server.url, 'CreateImageCache', {
      ...CACHE,
      ImageCacheSize: '20',
      RetentionDays: '65536',
    });
    expect(made.status).toBe(200);
    h.clock.advance(60_000);
    const update = { RegionId: REGION, ImageCacheId: String(made.body.ImageCacheId) };
    expect(
      (await answer('UpdateImageCache', { ...update, ImageCacheSize: '32768', RetentionDays: '1' })).status,
    ).toBe(200);
  });
});

describe('DescribeImageCaches MatchImage: at most 100 images', () => {
  const images = (n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`MatchImage.${i + 1}`, `app-${i}:1`]));

  test('100 images are matched; 101 are InvalidParameter naming the count and the limit', async () => {
    expect((await answer('DescribeImageCaches', { RegionId: REGION, ...images(100) })).status).toBe(200);
    expect(await answer('DescribeImageCaches', { RegionId: REGION, ...images(101) })).toEqual({
      status: 400,
      code: 'InvalidParameter',
      message: expect.stringMatching(/^MatchImage: lists 101 images; at most 100/),
    });
  });
});
