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
    MATCH_NAME,
    '--ignore-not-found',
    '--wait=false',
  ).catch(() => undefined);
  await deleteNamespace(ns);
});

/** The ImageCache's CACHEID once `kubectl get imagecache` shows it Ready. */
async function readyCacheId(name: string): Promise<string> {
  return waitFor(
    `kubectl get imagecache ${name} to show PHASE Ready`,
    async () => {
      const [id, phase] = (
        await kubectl('get', 'imagecache', name, '-o', 'jsonpath={.status.imageCacheId} {.status.phase}')
      ).split(' ');
      return phase === 'Ready' ? id : undefined;
    },
    120_000,
  );
}

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

const MATCH_NAME = 'e2e-imc-match';
const APP = 'busybox:1.36';
const SIDECAR = 'registry.example.com/e2e/imc-match-sidecar:1';

/** A pod of two containers (APP and the given image), with these annotations. */
function twoImagePod(name: string, second: string, annotations: Record<string, string>) {
  const pod = virtualNodePod(name, ns, {
    containers: [
      { name: 'app', image: APP, command: ['sh', '-c', 'sleep 3600'] },
      { name: 'side', image: second, command: ['sh', '-c', 'sleep 3600'] },
    ],
  });
  pod.metadata = { ...pod.metadata, annotations };
  return pod;
}

async function reasons(pod: string): Promise<string[]> {
  return (await events(ns, pod)).map((e) => e.reason ?? '');
}

it('imc-perfect-match pins the Ready cache holding every image; imc-match-count-request refuses a partial one', async () => {
  await kubectlStdin(
    `apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata:
  name: ${MATCH_NAME}
spec:
  images: [${APP}, ${SIDECAR}]
`,
    'create',
    '-f',
    '-',
  );
  const cacheId = await readyCacheId(MATCH_NAME);

  await core.createNamespacedPod({
    namespace: ns,
    body: twoImagePod('perfect', SIDECAR, { 'k8s.aliyun.com/imc-perfect-match': 'true' }),
  });
  await waitForPhase(ns, 'perfect', 'Running');
  const matched = await waitFor('the ImageCacheMatched and SuccessfulHitImageCache events', async () => {
    const all = await events(ns, 'perfect');
    const hit = all.find((e) => e.reason === 'SuccessfulHitImageCache');
    return hit ? all.find((e) => e.reason === 'ImageCacheMatched') : undefined;
  });
  expect(matched.message).toBe(
    `Image cache ${cacheId} holds all 2 images of the pod (k8s.aliyun.com/imc-perfect-match): sent as ImageSnapshotId`,
  );

  // The cache holds APP but not this sidecar: 1 of 2 images, fewer than asked.
  await core.createNamespacedPod({
    namespace: ns,
    body: twoImagePod('partial', 'registry.example.com/e2e/imc-match-other:1', {
      'k8s.aliyun.com/imc-match-count-request': '2',
    }),
  });
  await waitForPhase(ns, 'partial', 'Running');
  const missed = await waitFor('the ImageCacheNotMatched event', async () =>
    (await events(ns, 'partial')).find((e) => e.reason === 'ImageCacheNotMatched'),
  );
  expect(missed.message).toMatch(
    /^No Ready image cache holds all 2 images of the pod \(k8s.aliyun.com\/imc-match-count-request\)/,
  );
  const partialReasons = await reasons('partial');
  expect(partialReasons).not.toContain('SuccessfulHitImageCache');
  expect(partialReasons).not.toContain('ImageCacheAutoCreated');

  // More images asked than the pod has: refused for good, naming the annotation and the fix.
  await core.createNamespacedPod({
    namespace: ns,
    body: twoImagePod('too-many', SIDECAR, { 'k8s.aliyun.com/imc-match-count-request': '3' }),
  });
  const refused = await waitFor('the ProviderFailed event', async () =>
    (await events(ns, 'too-many')).find((e) => e.reason === 'ProviderFailed'),
  );
  expect(refused.message).toContain(
    'metadata.annotations[k8s.aliyun.com/imc-match-count-request]: "3" asks for 3 matched images, but the pod has 2',
  );
}, 240_000);
