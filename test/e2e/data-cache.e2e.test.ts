/**
 * ECI data caches, as ECI's "Use a DataCache to create a pod" describes them: a cache made with
 * CreateDataCache (here through the simulator's OpenAPI, as a user's own tool makes it), then a pod
 * with `k8s.aliyun.com/eci-data-cache-bucket` and a hostPath volume of the cache's path. The local
 * cluster's controller reaches the simulator through the official SDK, so the data-cache fields
 * travel ECI's wire.
 */
import {
  core,
  createNamespace,
  deleteNamespace,
  events,
  kubectl,
  virtualNodePod,
  waitFor,
  waitForPhase,
} from './lib/cluster.js';
import { clusterEci, eciCall } from './lib/eci-api.js';

const ns = 'e2e-data-cache';
const eci = clusterEci;
const BUCKET = 'e2e-models';

beforeAll(() => createNamespace(ns));
afterAll(() => deleteNamespace(ns));

/** CreateDataCache of `path` in the test bucket, then DescribeDataCaches until it is Available. */
async function makeCache(path: string): Promise<string> {
  const created = await eciCall(eci, 'CreateDataCache', {
    RegionId: eci.regionId,
    Bucket: BUCKET,
    Path: path,
    Name: path.split('/').pop() ?? 'cache',
    Size: '20',
    'DataSource.Type': 'URL',
    'DataSource.Options.url': 'https://modelscope.example.com/qwen/Qwen-7B',
  });
  const id = String(created.DataCacheId);
  await waitFor(`data cache ${id} Available`, async () => {
    const found = await eciCall(eci, 'DescribeDataCaches', { RegionId: eci.regionId, 'DataCacheId.1': id });
    const [cache] = found.DataCaches as { Status: string }[];
    return cache?.Status === 'Available' ? true : undefined;
  });
  return id;
}

/** A pod of the guide's shape: the bucket annotation and the cache's path mounted at /models. */
function modelPod(name: string, path: string) {
  const pod = virtualNodePod(name, ns, {
    containers: [
      {
        name: 'app',
        image: 'registry.example.com/modelscope:ubuntu20.04',
        command: ['sh', '-c', 'sleep 3600'],
        volumeMounts: [{ name: 'model', mountPath: '/models' }],
      },
    ],
    volumes: [{ name: 'model', hostPath: { path } }],
  });
  pod.metadata = { ...pod.metadata, annotations: { 'k8s.aliyun.com/eci-data-cache-bucket': BUCKET } };
  return pod;
}

it('a pod mounts a data cache made with CreateDataCache: Running, the directory there', async () => {
  await makeCache('/models/qwen-7b');
  await core.createNamespacedPod({ namespace: ns, body: modelPod('reader', '/models/qwen-7b') });
  await waitForPhase(ns, 'reader', 'Running');
  const out = await kubectl('exec', '-n', ns, 'reader', '--', 'sh', '-c', 'test -d /models && echo mounted');
  expect(out).toBe('mounted\n');
});

it('a pod whose cache does not exist yet says so, and starts once the cache is Available', async () => {
  await core.createNamespacedPod({ namespace: ns, body: modelPod('early', '/models/llama-8b') });
  const warning = await waitFor('a ProviderCreateFailed event naming the missing cache', async () =>
    (await events(ns, 'early')).find((e) => e.reason === 'ProviderCreateFailed'),
  );
  expect(warning.message).toContain('DataCache.NotFound');
  expect(warning.message).toContain('/models/llama-8b');
  expect((await core.readNamespacedPod({ name: 'early', namespace: ns })).status?.phase).toBe('Pending');

  await makeCache('/models/llama-8b');
  await waitForPhase(ns, 'early', 'Running', 120_000);
});
