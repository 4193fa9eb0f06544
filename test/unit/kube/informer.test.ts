import type * as k8s from '@kubernetes/client-node';
import { Informer, keyOf } from '../../../src/kube/informer.js';
import { FakeApiServer } from '../../support/fake-apiserver.js';
import { until } from '../../support/until.js';

const PODS = '/api/v1/namespaces/default/pods';

describe('Informer.applyOwnWrite', () => {
  let fake: FakeApiServer;
  let informer: Informer<k8s.V1Pod>;

  beforeEach(async () => {
    fake = new FakeApiServer();
    fake.put(PODS, { metadata: { name: 'web', namespace: 'default' }, status: { phase: 'Pending' } });
    informer = new Informer<k8s.V1Pod>(
      await fake.start(),
      { path: PODS, query: {}, kind: 'V1Pod' },
      { onUpsert: () => undefined, onDelete: () => undefined },
    );
    await informer.start();
  });

  afterEach(async () => {
    informer.stop();
    await fake.stop();
  });

  it('caches the response of a write based on the cached version', () => {
    const cached = informer.store.get('default/web') as k8s.V1Pod;
    const written: k8s.V1Pod = { ...cached, status: { phase: 'Running' } };
    informer.applyOwnWrite(cached, written);
    expect(informer.store.get(keyOf(cached))?.status?.phase).toBe('Running');
  });

  it('keeps a newer version the watch delivered while the write was in flight', async () => {
    const cached = informer.store.get('default/web') as k8s.V1Pod;
    await until('watching', () => fake.watcherCount(PODS) > 0);
    const deleting = fake.put(PODS, {
      metadata: { name: 'web', namespace: 'default', deletionTimestamp: '2026-01-02T03:04:05Z' },
      status: { phase: 'Pending' },
    });
    await until('the cache updated', () => informer.store.get('default/web') !== cached);
    informer.applyOwnWrite(cached, { ...cached, status: { phase: 'Running' } });
    const now = informer.store.get('default/web');
    expect(now?.metadata?.resourceVersion).toBe(deleting.metadata?.resourceVersion);
    expect(now?.metadata?.deletionTimestamp).toEqual(new Date('2026-01-02T03:04:05Z'));
  });
});
