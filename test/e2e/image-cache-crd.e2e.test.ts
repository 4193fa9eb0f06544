/**
 * The ImageCache CRD as ECI's "Manage ImageCaches" page uses it: `kubectl create -f` of an
 * ImageCache, `kubectl get imagecache` until PHASE Ready with a CACHEID, a pod pinned to it with
 * `k8s.aliyun.com/eci-imc-id`, and `kubectl delete` removing the ECI cache (checked on the
 * simulator's OpenAPI, as any ECI client sees it). The CRD is the chart's (crds/), applied by the
 * local stack.
 */
import {
  core,
  createNamespace,
  deleteNamespace,
  events,
  kubectl,
  kubectlStdin,
  virtualNodePod,
  waitFor,
  waitForPhase,
} from './lib/cluster.js';
import { clusterEci, eciCall } from './lib/eci-api.js';

const ns = 'e2e-image-cache-crd';
const eci = clusterEci;
const NAME = 'e2e-imagecache-sample';

const SAMPLE = `apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata:
  name: ${NAME}
spec:
  images:
  - centos:latest
  - busybox:latest
  imageCacheSize: 25
  retentionDays: 7
`;

beforeAll(() => createNamespace(ns));
afterAll(async () => {
  await kubectl(
    'delete',
    'imagecache',
    NAME,
    'bad-size-imagecache',
    '--ignore-not-found',
    '--wait=false',
  ).catch(() => undefined);
  await deleteNamespace(ns);
});

/** The ECI caches with this ID, by DescribeImageCaches. */
async function eciCaches(id: string): Promise<{ ImageCacheId: string; Status: string }[]> {
  const found = await eciCall(eci, 'DescribeImageCaches', { RegionId: eci.regionId, ImageCacheId: id });
  return (found.ImageCaches ?? []) as { ImageCacheId: string; Status: string }[];
}

it('the CRD is served as the page shows it', async () => {
  const out = await kubectl('get', 'crd/imagecaches.eci.alibabacloud.com');
  expect(out).toMatch(/^NAME\s+CREATED AT\nimagecaches\.eci\.alibabacloud\.com\s+\S+/);
});

it('an ImageCache gets Ready with a CACHEID, a pod uses it, and deleting it deletes the ECI cache', async () => {
  await kubectlStdin(SAMPLE, 'create', '-f', '-');
  const row = await waitFor(
    'kubectl get imagecache to show PHASE Ready',
    async () => {
      const out = await kubectl('get', 'imagecache', NAME);
      const [header, line] = out.trim().split('\n');
      expect(header?.split(/\s+/)).toEqual(['NAME', 'AGE', 'CACHEID', 'PHASE', 'PROGRESS']);
      const cols = (line ?? '').split(/\s+/);
      return cols[3] === 'Ready' ? cols : undefined;
    },
    120_000,
  );
  const cacheId = row[2] ?? '';
  expect(cacheId).toMatch(/^imc-/);
  expect(row[4]).toBe('100%');
  expect((await eciCaches(cacheId)).map((c) => c.Status)).toEqual(['Ready']);
  expect(await kubectl('get', 'ic', NAME, '-o', 'jsonpath={.metadata.finalizers}')).toContain(
    'eci.alibabacloud.com/image-cache',
  );

  const pod = virtualNodePod('cached', ns, {
    containers: [{ name: 'app', image: 'busybox:latest', command: ['sh', '-c', 'sleep 3600'] }],
  });
  pod.metadata = { ...pod.metadata, annotations: { 'k8s.aliyun.com/eci-imc-id': cacheId } };
  await core.createNamespacedPod({ namespace: ns, body: pod });
  await waitForPhase(ns, 'cached', 'Running');
  await waitFor('the SuccessfulHitImageCache event on the pod', async () =>
    (await events(ns, 'cached')).find((e) => e.reason === 'SuccessfulHitImageCache'),
  );

  await kubectl('delete', 'imagecache', NAME, '--timeout=60s');
  await waitFor('the ECI cache to be gone', async () =>
    (await eciCaches(cacheId)).length === 0 ? true : undefined,
  );
  await expect(kubectl('get', 'imagecache', NAME)).rejects.toThrow(/NotFound/);
}, 240_000);

it('the CRD schema refuses an ImageCache out of the documented ranges, naming the field', async () => {
  const bad = `apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata:
  name: bad-size-imagecache
spec:
  images: [nginx:1.27]
  imageCacheSize: 10
`;
  await expect(kubectlStdin(bad, 'create', '-f', '-')).rejects.toThrow(/spec\.imageCacheSize/);
  const noImages = bad
    .replace('  images: [nginx:1.27]\n', '')
    .replace('imageCacheSize: 10', 'imageCacheSize: 20');
  await expect(kubectlStdin(noImages, 'create', '-f', '-')).rejects.toThrow(/spec\.images/);
});
