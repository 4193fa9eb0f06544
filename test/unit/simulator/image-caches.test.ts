import type { EciSimulator } from '../../../providers/simulator/index.js';
import type { ImageCacheInput } from '../../../providers/simulator/image-caches/create.js';
import { container, groupOf, makeSimulator, request } from './helpers.js';

const CACHE: ImageCacheInput = {
  ImageCacheName: 'web-images',
  Image: ['nginx:1.27', 'busybox:1.36'],
  SecurityGroupId: 'sg-test',
  VSwitchId: 'vsw-hangzhou-b',
};

async function cacheOf(sim: EciSimulator, id: string) {
  const [cache] = await sim.imageCaches.describe({ ImageCacheIds: [id] });
  return cache;
}

/** Preparing 1 s, two pulls of 2 s, a 3 s snapshot: Ready after 8 s. */
async function readyCache(sim: EciSimulator, advance: (ms: number) => void, input = CACHE) {
  const { ImageCacheId } = await sim.imageCaches.create(input);
  advance(8_000);
  return ImageCacheId;
}

describe('CreateImageCache and its lifecycle', () => {
  it('goes Preparing → Creating → Ready, pulling each image, then has a snapshot', async () => {
    const { sim, clock } = makeSimulator();
    const { ImageCacheId, ContainerGroupId } = await sim.imageCaches.create(CACHE);
    expect(ImageCacheId).toMatch(/^imc-[a-z0-9]{20}$/);
    expect(ContainerGroupId).toMatch(/^eci-/);
    const preparing = await cacheOf(sim, ImageCacheId);
    expect([preparing.status, preparing.snapshotId]).toEqual(['Preparing', undefined]);
    clock.advance(1_000);
    expect((await cacheOf(sim, ImageCacheId)).status).toBe('Creating');
    clock.advance(7_000);
    const cache = await cacheOf(sim, ImageCacheId);
    expect(cache).toMatchObject({ status: 'Ready', size: 20, snapshotId: expect.stringMatching(/^s-/) });
    expect(cache.events.map((e) => e.Reason)).toEqual(['Pulling', 'Pulling', 'Pulled', 'Pulled']);
  });

  it('fails when an image cannot be pulled, and is deleted a day later', async () => {
    const { sim, clock } = makeSimulator();
    const id = await readyCache(sim, (ms) => clock.advance(ms), {
      ...CACHE,
      Image: ['example.com/nonexistent:1'],
    });
    const cache = await cacheOf(sim, id);
    expect(cache.status).toBe('Failed');
    expect(cache.events.at(-1)).toMatchObject({ Type: 'Warning', Reason: 'Failed' });
    clock.advance(24 * 3600_000);
    expect(await cacheOf(sim, id)).toBeUndefined();
  });

  it('RetentionDays deletes it that many days after creation; ClientToken makes create idempotent', async () => {
    const { sim, clock } = makeSimulator();
    const first = await sim.imageCaches.create({ ...CACHE, RetentionDays: 2, ClientToken: 'once' });
    const again = await sim.imageCaches.create({ ...CACHE, RetentionDays: 2, ClientToken: 'once' });
    expect(again).toEqual(first);
    clock.advance(2 * 24 * 3600_000 - 1);
    expect(await cacheOf(sim, first.ImageCacheId)).toBeDefined();
    clock.advance(1);
    expect(await cacheOf(sim, first.ImageCacheId)).toBeUndefined();
  });

  it.each([
    [{ ImageCacheName: undefined }, /"ImageCacheName"/],
    [{ Image: [] }, /"Image.1"/],
    [{ VSwitchId: undefined }, /"VSwitchId"/],
    [{ ImageCacheName: 'Web_Images' }, /ImageCacheName: "Web_Images" is invalid: use 2-128 lower-case/],
    [{ EliminationStrategy: 'FIFO' }, /EliminationStrategy: "FIFO" is not LRU/],
    [{ RetentionDays: 0 }, /RetentionDays: 0 is not a number of days from 1 to 65536/],
  ])('%j is refused naming the field and the fix', async (change, message) => {
    const { sim } = makeSimulator();
    await expect(sim.imageCaches.create({ ...CACHE, ...change })).rejects.toThrow(message);
  });
});

describe('CreateContainerGroup with an image cache', () => {
  it('a pinned Ready cache skips the pull: Running as soon as scheduled', async () => {
    const { sim, clock } = makeSimulator();
    const id = await readyCache(sim, (ms) => clock.advance(ms));
    const cached = await sim.createContainerGroup(
      request({ ImageSnapshotId: id, ContainerGroupName: 'cached' }),
    );
    const plain = await sim.createContainerGroup(request({ ContainerGroupName: 'plain' }));
    clock.advance(1_000);
    expect((await groupOf(sim, cached.ContainerGroupId)).Status).toBe('Running');
    expect((await groupOf(sim, plain.ContainerGroupId)).Status).toBe('Pending');
    const events = (await groupOf(sim, cached.ContainerGroupId)).Events.map(
      (e) => `${e.Reason}: ${e.Message}`,
    );
    expect(events).toContain(
      `SuccessfulHitImageCache: Successfully hit image cache ${id}, eci will be scheduled with this image cache.`,
    );
    expect(events).toContain('Pulled: Container image "nginx:1.27" already present on machine');
    expect((await cacheOf(sim, id)).lastMatchedAt).toBeDefined();
  });

  it('with ImagePullPolicy Always a cached image is still checked, in a fraction of a pull', async () => {
    const { sim, clock } = makeSimulator();
    const id = await readyCache(sim, (ms) => clock.advance(ms));
    const always = container({ ImagePullPolicy: 'Always' });
    const g = await sim.createContainerGroup(request({ ImageSnapshotId: id, Container: [always] }));
    clock.advance(1_200);
    expect((await groupOf(sim, g.ContainerGroupId)).Status).toBe('Running');
  });

  it('a pinned cache that does not exist is ImageSnapshot.NotFound naming the annotation; one not Ready is refused until it is', async () => {
    const { sim } = makeSimulator();
    await expect(sim.createContainerGroup(request({ ImageSnapshotId: 'imc-missing' }))).rejects.toMatchObject(
      {
        kind: 'NotFound',
        code: 'ImageSnapshot.NotFound',
        message: expect.stringMatching(/ImageSnapshotId: "imc-missing" .* k8s\.aliyun\.com\/eci-imc-id/),
      },
    );
    const { ImageCacheId } = await sim.imageCaches.create(CACHE);
    await expect(sim.createContainerGroup(request({ ImageSnapshotId: ImageCacheId }))).rejects.toMatchObject({
      kind: 'Unavailable',
      code: 'ImageSnapshot.IncorrectStatus',
      message: expect.stringContaining('is Preparing; only a Ready cache can be used'),
    });
    expect(await sim.describeContainerGroups({})).toHaveLength(0);
  });

  it('AutoMatchImageCache: a miss makes a cache for the next groups, which then hit it', async () => {
    const { sim, clock } = makeSimulator();
    const first = await sim.createContainerGroup(
      request({ AutoMatchImageCache: true, ContainerGroupName: 'web-a' }),
    );
    const reasons = (await groupOf(sim, first.ContainerGroupId)).Events.map((e) => e.Reason);
    expect(reasons).toEqual(['ImageCacheMissed', 'ImageCacheAutoCreated']);
    const [auto] = await sim.imageCaches.describe({});
    expect(auto).toMatchObject({
      auto: true,
      images: ['nginx:1.27'],
      eliminationStrategy: 'LRU',
      name: 'auto-web-a',
    });
    clock.advance(6_000);
    const second = await sim.createContainerGroup(
      request({ AutoMatchImageCache: true, ContainerGroupName: 'web-b' }),
    );
    expect((await groupOf(sim, second.ContainerGroupId)).Events[0].Reason).toBe('SuccessfulHitImageCache');
    expect(await sim.imageCaches.describe({})).toHaveLength(1);
  });

  it('a DryRun checks the cache and uses nothing', async () => {
    const { sim } = makeSimulator();
    await expect(
      sim.createContainerGroup(request({ AutoMatchImageCache: true, DryRun: true })),
    ).rejects.toMatchObject({ code: 'DryRunOperation' });
    expect(await sim.imageCaches.describe({})).toHaveLength(0);
  });
});

describe('DescribeImageCaches, UpdateImageCache, DeleteImageCache', () => {
  it('filters by matched images: any, all (ImageFullMatch), at least N', async () => {
    const { sim, clock } = makeSimulator();
    const both = await readyCache(sim, (ms) => clock.advance(ms));
    const one = await readyCache(sim, (ms) => clock.advance(ms), {
      ...CACHE,
      ImageCacheName: 'one',
      Image: ['nginx:1.27'],
    });
    const ids = async (f: Parameters<EciSimulator['imageCaches']['describe']>[0]) =>
      (await sim.imageCaches.describe(f)).map((c) => c.id).sort();
    const match = ['nginx:1.27', 'busybox:1.36'];
    expect(await ids({ MatchImage: match })).toEqual([both, one].sort());
    expect(await ids({ MatchImage: match, ImageFullMatch: true })).toEqual([both]);
    expect(await ids({ MatchImage: match, ImageMatchCountRequest: 2 })).toEqual([both]);
    expect(await ids({ Image: 'busybox:1.36' })).toEqual([both]);
    expect(await ids({ ImageCacheName: 'one' })).toEqual([one]);
  });

  it('new images pull again (Updating → Ready); a cache still being made cannot be updated', async () => {
    const { sim, clock } = makeSimulator();
    const id = await readyCache(sim, (ms) => clock.advance(ms));
    await sim.imageCaches.update({ ImageCacheId: id, Image: ['redis:7'], ImageCacheName: 'renamed' });
    expect(await cacheOf(sim, id)).toMatchObject({
      status: 'Updating',
      name: 'renamed',
      images: CACHE.Image,
    });
    clock.advance(6_000);
    expect(await cacheOf(sim, id)).toMatchObject({ status: 'Ready', images: ['redis:7'] });
    const { ImageCacheId: fresh } = await sim.imageCaches.create(CACHE);
    await expect(sim.imageCaches.update({ ImageCacheId: fresh, Image: ['redis:7'] })).rejects.toMatchObject({
      code: 'ImageSnapshot.IncorrectStatus',
    });
  });

  it('delete removes it; an unknown ID is ImageSnapshot.NotFound', async () => {
    const { sim, clock } = makeSimulator();
    const id = await readyCache(sim, (ms) => clock.advance(ms));
    await sim.imageCaches.delete(id);
    expect(await cacheOf(sim, id)).toBeUndefined();
    await expect(sim.imageCaches.delete(id)).rejects.toMatchObject({
      kind: 'NotFound',
      code: 'ImageSnapshot.NotFound',
    });
  });

  it('at the quota the least recently used LRU cache is evicted; without one, QuotaExceeded', async () => {
    const { sim } = makeSimulator();
    for (let i = 0; i < 49; i++) await sim.imageCaches.create({ ...CACHE, ImageCacheName: `keep-${i}` });
    const { ImageCacheId: lru } = await sim.imageCaches.create({
      ...CACHE,
      ImageCacheName: 'lru',
      EliminationStrategy: 'LRU',
    });
    await sim.imageCaches.create({ ...CACHE, ImageCacheName: 'newer' });
    expect(await cacheOf(sim, lru)).toBeUndefined();
    await expect(sim.imageCaches.create({ ...CACHE, ImageCacheName: 'too-many' })).rejects.toMatchObject({
      code: 'QuotaExceeded',
      message: expect.stringContaining('DeleteImageCache'),
    });
  });
});

describe('DescribeImageCaches by MatchImage', () => {
  it('answers the best match first: most images held, then the newest', async () => {
    const { sim, clock } = makeSimulator();
    const advance = (ms: number) => clock.advance(ms);
    const one = await readyCache(sim, advance, { ...CACHE, ImageCacheName: 'one', Image: ['nginx:1.27'] });
    const both = await readyCache(sim, advance, { ...CACHE, ImageCacheName: 'both' });
    const newer = await readyCache(sim, advance, {
      ...CACHE,
      ImageCacheName: 'newer',
      Image: ['busybox:1.36', 'nginx:1.27', 'redis:7'],
    });
    await readyCache(sim, advance, { ...CACHE, ImageCacheName: 'other', Image: ['redis:7'] });
    const ids = async (f: Parameters<typeof sim.imageCaches.describe>[0]) =>
      (await sim.imageCaches.describe(f)).map((c) => c.id);
    expect(await ids({ MatchImage: ['nginx:1.27', 'busybox:1.36'] })).toEqual([newer, both, one]);
    expect(await ids({ MatchImage: ['nginx:1.27', 'busybox:1.36'], ImageFullMatch: true })).toEqual([
      newer,
      both,
    ]);
    expect(await ids({ MatchImage: ['nginx:1.27', 'busybox:1.36'], ImageMatchCountRequest: 1 })).toEqual([
      newer,
      both,
      one,
    ]);
    await sim.close();
  });
});
