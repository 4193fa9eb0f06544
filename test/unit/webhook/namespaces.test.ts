import { NamespaceLabelCache } from '../../../src/webhook/namespaces.js';
import { FakeApiServer } from '../../support/fake-apiserver.js';
import { waitFor } from '../profile/wait.js';

const NAMESPACES = '/api/v1/namespaces';

describe('NamespaceLabelCache', () => {
  let fake: FakeApiServer;
  let cache: NamespaceLabelCache;

  beforeEach(async () => {
    fake = new FakeApiServer();
    fake.put(NAMESPACES, { metadata: { name: 'vk-ns', labels: { 'alibabacloud.com/eci': 'true' } } });
    cache = new NamespaceLabelCache(await fake.start());
  });

  afterEach(async () => {
    await cache.stop();
    await fake.stop();
  });

  const gets = (name: string): number =>
    fake.requests.filter((r) => r.method === 'GET' && r.path === `${NAMESPACES}/${name}`).length;

  it('falls back to a GET before the cache has listed, and answers {} for a missing namespace', async () => {
    expect(await cache.labels('vk-ns')).toEqual({ 'alibabacloud.com/eci': 'true' });
    expect(gets('vk-ns')).toBe(1);
    expect(await cache.labels('nope')).toEqual({});
  });

  it('answers from the watched cache once listed, and sees label changes', async () => {
    cache.start();
    await waitFor('the namespace watch', () => fake.watcherCount(NAMESPACES) > 0);
    expect(await cache.labels('vk-ns')).toEqual({ 'alibabacloud.com/eci': 'true' });
    expect(gets('vk-ns')).toBe(0);

    fake.put(NAMESPACES, {
      metadata: { name: 'vk-ns', labels: { 'virtual-node-affinity-injection': 'enabled' } },
    });
    await waitFor(
      'the new labels',
      async () => (await cache.labels('vk-ns'))['virtual-node-affinity-injection'] === 'enabled',
    );
    expect(gets('vk-ns')).toBe(0);
  });

  it('propagates API errors other than NotFound (the webhook then admits the pod unchanged)', async () => {
    fake.failures.push({ method: 'GET', pathPrefix: `${NAMESPACES}/vk-ns`, status: 503, times: 1 });
    await expect(cache.labels('vk-ns')).rejects.toThrow();
  });
});
