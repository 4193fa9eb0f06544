import type { ImageCache } from '../../../providers/eci-api/index.js';
import {
  goneStatus,
  imageCacheStatus,
  isSettled,
  refusedStatus,
  sameStatus,
  specDrift,
} from '../../../src/image-caches/status.js';

const T0 = new Date(Date.UTC(2024, 5, 1));
const T1 = new Date(Date.UTC(2024, 5, 1, 0, 1));

const CACHE: ImageCache = {
  ImageCacheId: 'imc-1',
  ImageCacheName: 'imagecache-sample',
  Status: 'Creating',
  Progress: '0%',
  Images: ['centos:latest', 'busybox:latest'],
  ImageCacheSize: 25,
  CreationTime: '2024-06-01T00:00:00Z',
  Events: [
    {
      Type: 'Normal',
      Reason: 'Pulling',
      Message: 'Pulling image "centos:latest"',
      Count: 1,
      FirstTimestamp: '2024-06-01T00:00:01Z',
      LastTimestamp: '2024-06-01T00:00:01Z',
      Name: 'imagecache-sample',
    },
  ],
};

describe('imageCacheStatus', () => {
  it('shows ECI’s status, progress, ID, times and events', () => {
    expect(imageCacheStatus({ ...CACHE, ExpireDateTime: '2024-06-08T00:00:00Z' }, undefined, T0)).toEqual({
      phase: 'Creating',
      progress: '0%',
      imageCacheId: 'imc-1',
      startTime: '2024-06-01T00:00:00Z',
      expireDateTime: '2024-06-08T00:00:00Z',
      lastUpdatedTime: T0.toISOString(),
      events: [
        {
          type: 'Normal',
          reason: 'Pulling',
          message: 'Pulling image "centos:latest"',
          count: 1,
          firstTimestamp: '2024-06-01T00:00:01Z',
          lastTimestamp: '2024-06-01T00:00:01Z',
        },
      ],
    });
  });

  it('keeps lastUpdatedTime while nothing changes, so an unchanged poll writes nothing', () => {
    const first = imageCacheStatus(CACHE, undefined, T0);
    const again = imageCacheStatus(CACHE, first, T1);
    expect(again.lastUpdatedTime).toBe(T0.toISOString());
    expect(sameStatus(first, again)).toBe(true);
    const ready = imageCacheStatus({ ...CACHE, Status: 'Ready', Progress: '100%' }, first, T1);
    expect(ready.lastUpdatedTime).toBe(T1.toISOString());
    expect(sameStatus(first, ready)).toBe(false);
  });
});

describe('the other statuses', () => {
  it('a cache ECI no longer has keeps its ID and says what to do', () => {
    const before = imageCacheStatus({ ...CACHE, Status: 'Ready' }, undefined, T0);
    const gone = goneStatus(before, T1);
    expect(gone).toMatchObject({
      phase: 'NotFound',
      imageCacheId: 'imc-1',
      lastUpdatedTime: T1.toISOString(),
    });
    expect(gone.message).toMatch(/delete this ImageCache and create it again/);
  });

  it('a refused spec is Failed, a missing Secret Pending, and neither keeps old fields', () => {
    expect(refusedStatus(true, 'bad', { phase: 'Pending', message: 'x' }, T0)).toEqual({
      phase: 'Failed',
      message: 'bad',
      lastUpdatedTime: T0.toISOString(),
    });
    expect(refusedStatus(false, 'wait', undefined, T0).phase).toBe('Pending');
  });

  it.each([
    ['Ready', true],
    ['Failed', true],
    ['UpdateFailed', true],
    ['Preparing', false],
    ['Creating', false],
    ['Updating', false],
    [undefined, false],
  ])('%s settled: %s', (phase, settled) => {
    expect(isSettled(phase)).toBe(settled);
  });
});

describe('specDrift', () => {
  const ready: ImageCache = { ...CACHE, Status: 'Ready' };
  it('nothing when the spec is what ECI holds (in any order)', () => {
    expect(specDrift({ images: ['busybox:latest', 'centos:latest'], imageCacheSize: 25 }, ready)).toEqual([]);
  });
  it('names the images and the size when they changed', () => {
    expect(specDrift({ images: ['centos:latest'], imageCacheSize: 30 }, ready)).toEqual([
      'spec.images',
      'spec.imageCacheSize',
    ]);
  });
  it('a size left out is ECI’s default of 20', () => {
    expect(specDrift({ images: ready.Images }, { ...ready, ImageCacheSize: 20 })).toEqual([]);
  });
  it('images are not compared before the cache is Ready', () => {
    expect(specDrift({ images: ['other'], imageCacheSize: 25 }, CACHE)).toEqual([]);
  });
});
