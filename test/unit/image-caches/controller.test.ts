import { ManualClock } from '../../../providers/clock.js';
import { EciSimulator } from '../../../providers/simulator/index.js';
import { ImageCacheController, IMAGE_CACHE_REASONS as R } from '../../../src/image-caches/controller.js';
import { IMAGE_CACHE_FINALIZER, type ImageCacheObject } from '../../../src/image-caches/types.js';
import { FakeImageCachesApi } from './fake-api.js';

/** The ImageCache controller against the simulator on a manual clock and an in-memory API server. */
class World {
  readonly clock = new ManualClock();
  readonly sim = new EciSimulator({ clock: this.clock, seed: 3 });
  readonly api = new FakeImageCachesApi();
  controller = this.newController();
  private uids = 0;

  newController(): ImageCacheController {
    const controller = new ImageCacheController({
      api: this.api,
      backend: this.sim,
      clock: this.clock,
      defaults: () => ({ vSwitchIds: ['vsw-a'], securityGroupId: 'sg-a' }),
      pollMs: 1_000,
      resyncMs: 60_000,
      secretRetryMs: 2_000,
    });
    this.api.controller = controller;
    controller.start();
    return controller;
  }

  /** kubectl create: a new UID each time. */
  create(
    name: string,
    spec: ImageCacheObject['spec'],
    annotations?: Record<string, string>,
  ): ImageCacheObject {
    return this.api.put({
      metadata: { name, uid: `uid-${name}-${++this.uids}`, generation: 1, annotations },
      spec,
    });
  }

  get(name: string): ImageCacheObject | undefined {
    return this.api.objects.get(name);
  }

  /** Lets `ms` pass in steps, letting each sync finish. */
  async run(ms: number): Promise<void> {
    for (let t = 0; t < ms; t += 250) {
      await this.controller.idle();
      await this.clock.advanceAsync(250);
    }
    await this.controller.idle();
  }

  async eciCaches(): Promise<string[]> {
    return (await this.sim.imageCaches.describe()).map((c) => c.id);
  }
}

let w: World;
beforeEach(() => (w = new World()));
afterEach(async () => {
  await w.controller.stop();
  await w.sim.close();
});

it('makes the ECI cache, keeps the status current until Ready, with the finalizer on', async () => {
  w.create('sample', { images: ['centos:latest', 'busybox:latest'], imageCacheSize: 25, retentionDays: 7 });
  await w.run(500);
  const early = w.get('sample');
  expect(early?.metadata?.finalizers).toEqual([IMAGE_CACHE_FINALIZER]);
  expect(early?.status?.phase).toMatch(/^(Preparing|Creating)$/);
  const id = early?.status?.imageCacheId ?? '';
  expect(id).toMatch(/^imc-/);
  await w.run(15_000);
  const ready = w.get('sample')?.status;
  expect(ready).toMatchObject({ phase: 'Ready', progress: '100%', imageCacheId: id });
  expect(ready?.startTime).toBeDefined();
  expect(ready?.expireDateTime).toBeDefined();
  expect(ready?.events?.map((e) => e.reason)).toContain('Pulled');
  expect(w.api.reasons('sample')).toEqual([R.created, R.ready]);
  const [cache] = await w.sim.imageCaches.describe({ ImageCacheIds: [id] });
  expect(cache).toMatchObject({ images: ['centos:latest', 'busybox:latest'], size: 25, retentionDays: 7 });
  // Settled: polled only at the resync interval, and an unchanged poll writes nothing.
  const writes = w.api.statusWrites.length;
  await w.run(30_000);
  expect(w.api.statusWrites.length).toBe(writes);
});

it('a restart between the create and the status write finds the same cache (ClientToken = UID)', async () => {
  const obj = w.create('sample', { images: ['nginx:1.27'] });
  const made = await w.sim.createImageCache({
    ImageCacheName: 'sample',
    Image: ['nginx:1.27'],
    SecurityGroupId: 'sg-a',
    VSwitchId: 'vsw-a',
    ClientToken: obj.metadata?.uid ?? '',
  });
  await w.run(10_000);
  expect(w.get('sample')?.status?.imageCacheId).toBe(made.ImageCacheId);
  expect(await w.eciCaches()).toEqual([made.ImageCacheId]);
});

it('deleting the ImageCache deletes the ECI cache, then releases the object', async () => {
  w.create('sample', { images: ['nginx:1.27'] });
  await w.run(10_000);
  expect(await w.eciCaches()).toHaveLength(1);
  w.api.delete('sample', new Date(w.clock.now()));
  await w.run(500);
  expect(await w.eciCaches()).toEqual([]);
  expect(w.get('sample')).toBeUndefined();
  expect(w.api.reasons('sample')).toContain(R.deleted);
});

it('a cache already gone from ECI does not hold the deletion', async () => {
  w.create('sample', { images: ['nginx:1.27'] });
  await w.run(10_000);
  const id = w.get('sample')?.status?.imageCacheId ?? '';
  await w.sim.deleteImageCache(id);
  w.api.delete('sample', new Date(w.clock.now()));
  await w.run(500);
  expect(w.get('sample')).toBeUndefined();
});

it('a cache made but never recorded is still deleted with its ImageCache', async () => {
  const obj = w.create('sample', { images: ['nginx:1.27'] });
  // The finalizer is on and the cache made, but the status write was lost (the process died).
  w.controller.forget(obj);
  const withFinalizer = w.api.put({
    ...obj,
    metadata: { ...obj.metadata, finalizers: [IMAGE_CACHE_FINALIZER] },
  });
  w.controller.forget(withFinalizer);
  await w.sim.createImageCache({
    ImageCacheName: 'sample',
    Image: ['nginx:1.27'],
    SecurityGroupId: 'sg-a',
    VSwitchId: 'vsw-a',
    ClientToken: obj.metadata?.uid ?? '',
  });
  w.api.delete('sample', new Date(w.clock.now()));
  await w.run(500);
  expect(await w.eciCaches()).toEqual([]);
  expect(w.get('sample')).toBeUndefined();
});

it('a spec ECI cannot take is Failed with a Warning naming the field, and the others go on', async () => {
  w.create('too-small', { images: ['nginx:1.27'], imageCacheSize: 10 });
  w.create('good', { images: ['nginx:1.27'] });
  await w.run(10_000);
  expect(w.get('too-small')?.status).toMatchObject({ phase: 'Failed' });
  expect(w.get('too-small')?.status?.message).toMatch(
    /^spec\.imageCacheSize: 10 is not a whole number from 20 to 32768/,
  );
  expect(w.api.events.filter((e) => e.object === 'too-small')).toEqual([
    expect.objectContaining({ type: 'Warning', reason: R.invalid }),
  ]);
  expect(w.get('good')?.status?.phase).toBe('Ready');
  expect(await w.eciCaches()).toHaveLength(1);
  // Nothing was made for it, so deleting it is immediate.
  w.api.delete('too-small', new Date(w.clock.now()));
  await w.run(250);
  expect(w.get('too-small')).toBeUndefined();
});

it('waits for a pull Secret (Pending), and makes the cache once it exists', async () => {
  w.create('private', { images: ['registry.example.com/app:1'], imagePullSecrets: ['default:login'] });
  await w.run(3_000);
  expect(w.get('private')?.status?.phase).toBe('Pending');
  expect(w.api.reasons('private')).toEqual([R.waiting]);
  expect(await w.eciCaches()).toEqual([]);
  const config = JSON.stringify({ auths: { 'registry.example.com': { username: 'u', password: 'p' } } });
  w.api.secrets.set('default/login', {
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from(config).toString('base64') },
  });
  await w.run(12_000);
  expect(w.get('private')?.status?.phase).toBe('Ready');
  expect(JSON.stringify(w.api.events)).not.toContain('"p"');
});

it('an image ECI cannot pull makes the cache Failed, with a Warning saying why', async () => {
  w.create('broken', { images: ['nonexistent/app:1'] });
  await w.run(10_000);
  expect(w.get('broken')?.status?.phase).toBe('Failed');
  const failed = w.api.events.find((e) => e.reason === R.failed);
  expect(failed?.message).toMatch(/nonexistent\/app:1/);
});

it('a changed spec is not applied: one Warning per generation says to re-create', async () => {
  const obj = w.create('sample', { images: ['nginx:1.27'] });
  await w.run(10_000);
  const stored = w.get('sample') ?? obj;
  w.api.put({ ...stored, metadata: { ...stored.metadata, generation: 2 }, spec: { images: ['nginx:1.28'] } });
  await w.run(70_000);
  expect(w.api.reasons('sample').filter((r) => r === R.notApplied)).toHaveLength(1);
});

it('warns about the recognised annotations it cannot act on', async () => {
  w.create('arm', { images: ['nginx:1.27'] }, { 'k8s.aliyun.com/imc-cpu-arch': 'arm64' });
  await w.run(500);
  expect(w.api.reasons('arm')).toContain(R.unsupported);
});
