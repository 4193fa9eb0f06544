import { REGION } from '../helpers.js';
import type { Harness } from './harness.js';
import { group } from './shapes.js';

const region = { RegionId: REGION };
const network = { SecurityGroupId: 'sg-walk', VSwitchId: 'vsw-hangzhou-b' };

/**
 * Image caches through their whole life: every field a cache can carry (Flash, retention, LRU,
 * tags, resource group), Preparing and Ready and Failed answers, a group pinning one (so it shows
 * LastMatchedTime) and a group matching automatically, an update and a delete.
 */
export async function runImageCacheCorpus(h: Harness): Promise<void> {
  const full = String(
    (
      await h.ok('CreateImageCache', {
        ...region,
        ...network,
        ImageCacheName: 'walk-full',
        'Image.1': 'nginx:1.27',
        'Image.2': 'busybox:1.36',
        ImageCacheSize: '40',
        RetentionDays: '7',
        EliminationStrategy: 'LRU',
        Flash: 'true',
        ResourceGroupId: 'rg-walk',
        'Tag.1.Key': 'team',
        'Tag.1.Value': 'walk',
      })
    ).ImageCacheId,
  );
  await h.ok('CreateImageCache', {
    ...region,
    ...network,
    ImageCacheName: 'walk-bad',
    'Image.1': 'example.com/nonexistent:1',
  });
  await h.ok('DescribeImageCaches', region); // Preparing
  h.clock.advance(10_000);
  await h.ok('CreateContainerGroup', group('walk-pinned', { ImageSnapshotId: full }));
  await h.ok('CreateContainerGroup', group('walk-auto', { AutoMatchImageCache: true }));
  await h.ok('DescribeImageCaches', region); // Ready, Failed, an automatic one Preparing
  await h.ok('ListUsage', region); // groups running, caches of both kinds
  await h.ok('DescribeImageCaches', {
    ...region,
    'MatchImage.1': 'nginx:1.27',
    ImageFullMatch: 'true',
    Limit: '1',
  });
  await h.ok('UpdateImageCache', {
    ...region,
    ImageCacheId: full,
    'Image.1': 'redis:7',
    ImageCacheName: 'walk-renamed',
  });
  await h.ok('DescribeImageCaches', { ...region, ImageCacheId: full }); // Updating
  await h.ok('DeleteImageCache', { ...region, ImageCacheId: full });
}
