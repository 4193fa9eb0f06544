import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EciSimulator, ManualClock } from '../../../providers/simulator/index.js';

const DAY_MS = 24 * 3600_000;
/** Longer than either kind takes to be Ready / Available (or Failed): 8 s and 10 s. */
const SETTLE_MS = 20_000;

/** What the tests do with one kind of cache, through its own API. */
interface Kind {
  name: string;
  expiredJob: string;
  savedAs: 'imageCaches' | 'dataCaches';
  create(sim: EciSimulator, retentionDays?: number, unreadable?: boolean): Promise<string>;
  retain(sim: EciSimulator, id: string, days: number): Promise<void>;
  status(sim: EciSimulator, id: string): Promise<string | undefined>;
}

const KINDS: Kind[] = [
  {
    name: 'image cache',
    expiredJob: 'cacheExpired',
    savedAs: 'imageCaches',
    create: async (sim, RetentionDays, unreadable) =>
      (
        await sim.imageCaches.create({
          ImageCacheName: 'web-images',
          Image: [unreadable ? 'example.com/nonexistent:1' : 'nginx:1.27'],
          SecurityGroupId: 'sg-test',
          VSwitchId: 'vsw-hangzhou-b',
          RetentionDays,
        })
      ).ImageCacheId,
    retain: (sim, ImageCacheId, RetentionDays) => sim.imageCaches.update({ ImageCacheId, RetentionDays }),
    status: async (sim, id) => (await sim.imageCaches.describe({ ImageCacheIds: [id] }))[0]?.status,
  },
  {
    name: 'data cache',
    expiredJob: 'dataCacheExpired',
    savedAs: 'dataCaches',
    create: async (sim, RetentionDays, unreadable) =>
      (
        await sim.dataCaches.create({
          Path: '/model/qwen',
          Name: 'qwen',
          DataSource: {
            Type: 'URL',
            Options: { url: `https://${unreadable ? 'nonexistent' : 'example'}.com/qwen.bin` },
          },
          RetentionDays,
        })
      ).DataCacheId,
    retain: (sim, DataCacheId, RetentionDays) => sim.dataCaches.update({ DataCacheId, RetentionDays }),
    status: async (sim, id) => (await sim.dataCaches.describe({ DataCacheIds: [id] }))[0]?.status,
  },
];

describe.each(KINDS)('$name retention', (kind) => {
  let dir: string;
  let stateFile: string;
  let clock: ManualClock;
  const start = () => new EciSimulator({ clock, speed: 1, jitter: 0, stateFile });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eci-sim-'));
    stateFile = join(dir, 'eci.json');
    clock = new ManualClock();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('RetentionDays set again replaces the earlier end: the cache stays until the new one', async () => {
    const sim = start();
    const id = await kind.create(sim, 1);
    clock.advance(SETTLE_MS);
    await kind.retain(sim, id, 3);
    clock.advance(DAY_MS);
    expect(await kind.status(sim, id)).toBeDefined();
    clock.advance(2 * DAY_MS - SETTLE_MS - 1);
    expect(await kind.status(sim, id)).toBeDefined();
    clock.advance(1);
    expect(await kind.status(sim, id)).toBeUndefined();
    await sim.close();
  });

  it('keeps RetentionDays across a restart: saved as before, deleted on time', async () => {
    const first = start();
    const id = await kind.create(first, 2);
    clock.advance(SETTLE_MS);
    await first.close();
    // The state file's shape is what earlier versions wrote, so their files still load.
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    const caches = saved[kind.savedAs] as Record<string, unknown>[];
    expect(caches).toEqual([
      expect.objectContaining({ id, retentionDays: 2, expiresAt: clock.now() - SETTLE_MS + 2 * DAY_MS }),
    ]);
    expect(saved.jobs).toContainEqual(expect.objectContaining({ type: kind.expiredJob, groupId: id }));

    const second = start();
    clock.advance(2 * DAY_MS - SETTLE_MS - 1);
    expect(await kind.status(second, id)).toBeDefined();
    clock.advance(1);
    expect(await kind.status(second, id)).toBeUndefined();
    await second.close();
  });

  it('a cache that failed is still deleted a day after failing, across a restart', async () => {
    const first = start();
    const id = await kind.create(first, undefined, true);
    clock.advance(SETTLE_MS);
    expect(await kind.status(first, id)).toBe('Failed');
    await first.close();

    const second = start();
    clock.advance(DAY_MS - SETTLE_MS);
    expect(await kind.status(second, id)).toBe('Failed');
    clock.advance(SETTLE_MS);
    expect(await kind.status(second, id)).toBeUndefined();
    await second.close();
  });
});
