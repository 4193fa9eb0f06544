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

describe('Informer: the watch event of its own write', () => {
  let fake: FakeApiServer;
  let informer: Informer<k8s.V1Pod>;
  let upserts: k8s.V1Pod[];

  beforeEach(async () => {
    fake = new FakeApiServer();
    fake.put(PODS, { metadata: { name: 'web', namespace: 'default' }, status: { phase: 'Pending' } });
    upserts = [];
    informer = new Informer<k8s.V1Pod>(
      await fake.start(),
      { path: PODS, query: {}, kind: 'V1Pod' },
      { onUpsert: (pod) => upserts.push(pod), onDelete: () => undefined },
    );
    await informer.start();
    upserts = [];
    await until('watching', () => fake.watcherCount(PODS) > 0);
  });

  afterEach(async () => {
    informer.stop();
    await fake.stop();
  });

  /** Our write as the status writer applies it: the version the API server will give it (the fake counts up). */
  function writeRunning(cached: k8s.V1Pod, ahead: number): string {
    const rv = String(Number(cached.metadata?.resourceVersion) + ahead);
    informer.applyOwnWrite(cached, {
      ...cached,
      metadata: { ...cached.metadata, resourceVersion: rv },
      status: { phase: 'Running' },
    });
    return rv;
  }

  const serverWrite = (phase: string, labels?: Record<string, string>): k8s.V1Pod =>
    fake.put(PODS, {
      metadata: { name: 'web', namespace: 'default', labels },
      status: { phase },
    }) as k8s.V1Pod;

  it('is dropped: the cache holds that version already, and the pod is not synced again for it', async () => {
    const cached = informer.store.get('default/web') as k8s.V1Pod;
    const rv = writeRunning(cached, 1);
    const own = informer.store.get('default/web');
    expect(serverWrite('Running').metadata?.resourceVersion).toBe(rv);
    // Another client's write after ours: once it is cached, our echo has been through the watch.
    const later = serverWrite('Running', { team: 'a' });
    await until('the later write cached', () => informer.store.get('default/web') !== own);
    expect(upserts.map((p) => p.metadata?.resourceVersion)).toEqual([later.metadata?.resourceVersion]);
    expect(informer.store.get('default/web')?.metadata?.labels).toEqual({ team: 'a' });
  });

  it('is parsed when another write came in between, which replaced the cached version', async () => {
    const cached = informer.store.get('default/web') as k8s.V1Pod;
    const rv = writeRunning(cached, 2);
    const between = serverWrite('Pending', { team: 'b' });
    expect(serverWrite('Running', { team: 'b' }).metadata?.resourceVersion).toBe(rv);
    await until('our write cached from the watch', () => upserts.length === 2);
    expect(upserts.map((p) => p.metadata?.resourceVersion)).toEqual([between.metadata?.resourceVersion, rv]);
    expect(informer.store.get('default/web')?.status?.phase).toBe('Running');
  });
});
