import type { ImageCache } from '../../../providers/eci-api/index.js';
import {
  ImageCacheMatcher,
  MATCH_REUSE_MS,
  bestImageCache,
  pinImageCache,
} from '../../../src/pods/image-cache-match.js';
import { ANNOTATION as A } from '../../../src/translate/annotations.js';
import type { ImageCacheMatch } from '../../../src/translate/index.js';
import { container, makeSimulator, request } from '../simulator/helpers.js';

const BOTH: ImageCacheMatch = {
  images: ['nginx:1.27', 'busybox:1.36'],
  atLeast: 2,
  askedBy: A.imageCachePerfectMatch,
};
const ONE: ImageCacheMatch = { ...BOTH, atLeast: 1, askedBy: A.imageCacheMatchCount };

function cache(id: string, images: string[], o: Partial<ImageCache> = {}): ImageCache {
  return { ImageCacheId: id, ImageCacheName: id, Status: 'Ready', Images: images, Events: [], ...o };
}

describe('bestImageCache', () => {
  it('takes only a Ready cache holding as many images as asked: most held, then newest', () => {
    const caches = [
      cache('imc-partial', ['nginx:1.27'], { CreationTime: '2026-12-03T00:00:00Z' }),
      cache('imc-old', ['nginx:1.27', 'busybox:1.36'], { CreationTime: '2026-12-01T00:00:00Z' }),
      cache('imc-new', ['busybox:1.36', 'nginx:1.27', 'redis:7'], { CreationTime: '2026-12-02T00:00:00Z' }),
      cache('imc-creating', ['nginx:1.27', 'busybox:1.36'], {
        Status: 'Creating',
        CreationTime: '2026-12-04T00:00:00Z',
      }),
    ];
    expect(bestImageCache(caches, BOTH)?.ImageCacheId).toBe('imc-new');
    expect(bestImageCache(caches, ONE)?.ImageCacheId).toBe('imc-new');
    expect(bestImageCache([caches[0]], ONE)?.ImageCacheId).toBe('imc-partial');
    expect(bestImageCache([caches[0], caches[3]], BOTH)).toBeUndefined();
  });
});

describe('pinImageCache', () => {
  const req = request({ AutoMatchImageCache: true, Container: [container({ Image: 'nginx:1.27' })] });

  it('pins the cache found as ImageSnapshotId, without asking ECI to match again', () => {
    const pinned = pinImageCache(req, BOTH, cache('imc-a', BOTH.images));
    expect(pinned.request.ImageSnapshotId).toBe('imc-a');
    expect(pinned.request).not.toHaveProperty('AutoMatchImageCache');
    expect(pinned).toMatchObject({
      reason: 'ImageCacheMatched',
      message: `Image cache imc-a holds all 2 images of the pod (${A.imageCachePerfectMatch}): sent as ImageSnapshotId`,
    });
  });

  it('without one, creates with no cache and automatic matching off, and says how to get one', () => {
    const pinned = pinImageCache(req, ONE, undefined);
    expect(pinned.request.AutoMatchImageCache).toBe(false);
    expect(pinned.request).not.toHaveProperty('ImageSnapshotId');
    expect(pinned.reason).toBe('ImageCacheNotMatched');
    expect(pinned.message).toBe(
      `No Ready image cache holds at least 1 of the pod's 2 images (${A.imageCacheMatchCount}): created without an image cache. ` +
        'Create one holding them (an ImageCache object, or CreateImageCache) for the next pods',
    );
  });
});

describe('ImageCacheMatcher against the simulator', () => {
  const req = request({
    Container: [container({ Image: 'nginx:1.27' }), container({ Name: 'side', Image: 'busybox:1.36' })],
  });

  it('finds a Ready cache by DescribeImageCaches, and asks once per image set while the answer is fresh', async () => {
    const { sim, clock } = makeSimulator();
    const seen: unknown[] = [];
    const backend = {
      matchImageCaches: (q: Parameters<typeof sim.matchImageCaches>[0]) => {
        seen.push(q);
        return sim.matchImageCaches(q);
      },
    };
    const matcher = new ImageCacheMatcher(backend, clock);
    expect((await matcher.pin(req, BOTH)).reason).toBe('ImageCacheNotMatched');
    const { ImageCacheId } = await sim.createImageCache({
      ImageCacheName: 'web',
      Image: ['busybox:1.36', 'nginx:1.27'],
      SecurityGroupId: 'sg-test',
      VSwitchId: 'vsw-hangzhou-b',
      ClientToken: '',
    });
    clock.advance(8_000); // Ready (see the simulator's image-cache tests)
    // The same image set within MATCH_REUSE_MS of the first answer is answered from it.
    clock.advance(MATCH_REUSE_MS - 8_001);
    expect((await matcher.pin(req, BOTH)).reason).toBe('ImageCacheNotMatched');
    clock.advance(1);
    const pinned = await matcher.pin(req, { ...BOTH, images: [...BOTH.images].reverse() });
    expect(pinned.request.ImageSnapshotId).toBe(ImageCacheId);
    expect(seen).toEqual([
      { MatchImage: BOTH.images, ImageFullMatch: true },
      { MatchImage: [...BOTH.images].reverse(), ImageFullMatch: true },
    ]);
    await matcher.pin(req, ONE);
    expect(seen.at(-1)).toEqual({ MatchImage: ONE.images, ImageMatchCountRequest: 1 });
    await sim.close();
  });
});
