import { REGION } from '../helpers.js';
import type { Harness } from './harness.js';
import { group } from './shapes.js';

const region = { RegionId: REGION };

/**
 * Data caches through their whole life: every field a cache can carry (retention, tags, resource
 * group), Creating and Loading and Available and Failed answers, a group mounting one (so it shows
 * LastMatchedTime), an update, a copy and deletes by ID and by Bucket + Path.
 */
export async function runDataCacheCorpus(h: Harness): Promise<void> {
  const full = String(
    (
      await h.ok('CreateDataCache', {
        ...region,
        Bucket: 'walk',
        Path: '/walk/full',
        Name: 'walk-full',
        Size: '30',
        RetentionDays: '7',
        'DataSource.Type': 'URL',
        'DataSource.Options.url': 'https://example.com/model.bin',
        ResourceGroupId: 'rg-walk',
        'Tag.1.Key': 'team',
        'Tag.1.Value': 'walk',
        SecurityGroupId: 'sg-walk',
        VSwitchId: 'vsw-hangzhou-b',
      })
    ).DataCacheId,
  );
  await h.ok('CreateDataCache', {
    ...region,
    Path: '/walk/bad',
    Name: 'walk-bad',
    'DataSource.Type': 'OSS',
    'DataSource.Options.bucket': 'nonexistent-bucket',
  });
  await h.ok('DescribeDataCaches', region); // Creating
  h.clock.advance(3_000);
  await h.ok('DescribeDataCaches', region); // Loading
  h.clock.advance(10_000);
  await h.ok(
    'CreateContainerGroup',
    group('walk-data-cache', {
      DataCacheBucket: 'walk',
      Volume: [{ Name: 'm', Type: 'HostPathVolume', HostPathVolume: { Path: '/walk/full' } }],
    }),
  );
  await h.ok('DescribeDataCaches', region); // Available (matched), Failed
  await h.ok('ListUsage', region);
  await h.ok('DescribeDataCaches', { ...region, Bucket: 'walk', Limit: '1' });
  const copy = await h.ok('CopyDataCache', {
    ...region,
    DataCacheId: full,
    DestinationRegionId: REGION,
    Path: '/walk/copy',
  });
  await h.ok('UpdateDataCache', {
    ...region,
    DataCacheId: full,
    Name: 'walk-renamed',
    'DataSource.Type': 'NAS',
    'DataSource.Options.server': 'nas.example.com',
  });
  await h.ok('DescribeDataCaches', { ...region, 'DataCacheId.1': full }); // Updating
  await h.ok('DeleteDataCache', { ...region, DataCacheId: String(copy.DataCacheId) });
  await h.ok('DeleteDataCache', { ...region, Bucket: 'walk', Path: '/walk/full' });
}
